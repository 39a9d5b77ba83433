/* fuzz.h: shared set-up for the libFuzzer targets (make fuzz). Each target
 * runs the real reading path on one input held in a memfd, so rbc's own
 * file checks (size, NUL, UTF-8, BOM, CRLF) run as they do on disk. */
#ifndef RB_FUZZ_H
#define RB_FUZZ_H
#include "model/build.h"
#include "lint/check.h"
#include "read/load.h"
#include "read/meta.h"
#include "parse/parse.h"
#include "parse/parse_file.h"
#include "read/yaml.h"
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

/* Put data in an anonymous file; writes its /proc path into path. */
static int fuzz_memfd(const uint8_t *data, size_t size, char *path, size_t n)
{
	int fd = memfd_create("rbc-fuzz", MFD_CLOEXEC);
	if (fd < 0)
		return -1;
	size_t off = 0;
	while (off < size) {
		ssize_t w = write(fd, data + off, size - off);
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	snprintf(path, n, "/proc/self/fd/%d", fd);
	return fd;
}

/* A fresh build with the default settings, quiet. */
static void fuzz_build_init(struct rb_build *b)
{
	rb_parse_init();   /* as rbc's main does: the GFM extensions */
	rb_build_init(b);
	b->opt.book = ".";
	b->opt.quiet = true;
	rb_meta_config_defaults(&b->book.config);
}

/* Load one runbook (rel picks the form: .md or .yaml) and run the book
 * checks over it, as rbc dump and lint do. */
static void fuzz_runbook(const uint8_t *data, size_t size, const char *rel)
{
	char path[64];
	int fd = fuzz_memfd(data, size, path, sizeof path);
	if (fd < 0)
		return;
	struct rb_build b;
	fuzz_build_init(&b);
	struct rb_runbook *rb = rb_parse_file(&b, path, rel, rel);
	if (rb) {
		b.book.runbooks = &rb;
		b.book.nrunbooks = 1;
		rb_check_book(&b);
		rb_parse_free_doc(rb);
	}
	rb_build_free(&b);
	close(fd);
}

/* Read a root YAML file (contacts.yaml or rbc.yaml) and type it. */
static void fuzz_root_yaml(const uint8_t *data, size_t size, const char *name, bool contacts)
{
	char path[64];
	int fd = fuzz_memfd(data, size, path, sizeof path);
	if (fd < 0)
		return;
	struct rb_build b;
	fuzz_build_init(&b);
	struct rb_file f;
	if (rb_load_file(&b, path, name, RB_MAX_YAML_BYTES, &f)) {
		const struct rb_value *v = rb_yaml_parse(&b, name, f.data, f.len, 0);
		if (v && contacts)
			rb_meta_contacts(&b, v, &b.book);
		else if (v)
			rb_meta_config(&b, v, &b.book.config);
	}
	rb_build_free(&b);
	close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
#endif
