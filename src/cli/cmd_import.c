/* cmd_import.c: `rbc import FILE [-o OUT] [--fix-encoding]`: read a
 * freehand runbook leniently, write its canonical form (to OUT, or to
 * standard output) and print the gap report. OUT is written through a
 * temporary file and a rename; an existing OUT is replaced only when it is
 * FILE itself (converting in place loses nothing, since every block is
 * kept). */
#include "cli/cli.h"
#include "render/import.h"
#include "read/load.h"
#include "read/meta.h"
#include "read/mojibake.h"
#include "parse/lenient.h"
#include "parse/parse.h"
#include "parse/parse_file.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Repair mojibake in f's text (--fix-encoding); reports how much. */
static void fix_encoding(struct rb_build *b, struct rb_file *f)
{
	struct rb_buf fixed;
	rb_buf_init(&fixed);
	size_t n = rb_mojibake_fix(f->data, f->len, &fixed);
	f->data = rb_arena_strndup(&b->arena, rb_buf_cstr(&fixed), fixed.len);
	f->len = fixed.len;
	rb_buf_free(&fixed);
	if (!b->opt.quiet)
		fprintf(stderr, "rbc: %s: repaired %zu mojibake sequence%s\n", f->file, n, n == 1 ? "" : "s");
}

/* True when OUT may be written: it does not exist, or it is FILE itself. */
static bool may_write(struct rb_build *b, const char *in, const char *out)
{
	struct stat so, si;
	if (stat(out, &so) != 0)
		return errno == ENOENT;
	if (stat(in, &si) == 0 && so.st_dev == si.st_dev && so.st_ino == si.st_ino)
		return true;
	rb_diag(b, RB_D_IMPORT_EXISTS, (struct rb_loc){out, 0, 0},
		"remove it first, or choose another -o, or convert in place with -o %s", in);
	return false;
}

/* Write data to path through a temporary file in the same folder. */
static bool write_atomic(struct rb_build *b, const char *path, const char *data, size_t len)
{
	char *tmp = rb_arena_printf(&b->arena, "%s.rbc-tmp-XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		rb_diag(b, RB_D_IO_WRITE, (struct rb_loc){path, 0, 0}, "%s", strerror(errno));
		return false;
	}
	bool ok = true;
	for (size_t off = 0; ok && off < len;) {
		ssize_t n = write(fd, data + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		ok = n > 0;
		off += ok ? (size_t)n : 0;
	}
	ok = ok && fchmod(fd, 0644) == 0 && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	if (ok && rename(tmp, path) != 0)
		ok = false;
	if (!ok) {
		rb_diag(b, RB_D_IO_WRITE, (struct rb_loc){path, 0, 0}, "%s", strerror(errno));
		unlink(tmp);
	}
	return ok;
}

int rb_cmd_import(struct rb_build *b)
{
	const char *in = b->opt.files[0], *out = b->opt.out;
	struct rb_file f;
	rb_meta_config_defaults(&b->book.config);
	if (!rb_load_file(b, in, in, RB_MAX_FILE_BYTES, &f)) {
		rb_diag_print_all(b, stderr);
		return RB_EXIT_USAGE;
	}
	if (b->opt.fix_encoding)
		fix_encoding(b, &f);
	const char *base = strrchr(in, '/'), *rel = base ? base + 1 : in;
	/* a step document in a helpers/ folder reads as a procedure (doc/legacy.md) */
	if (base && base - in >= 7 && !strncmp(base - 7, "helpers", 7) && (base - in == 7 || base[-8] == '/'))
		rel = rb_arena_printf(&b->arena, "helpers/%s", base + 1);
	struct rb_runbook *rb = rb_parse_file_text(b, rel, &f);
	if (rb)    /* steps that link to a procedure in another document call it */
		rb_lenient_import_calls(b, rb, base ? rb_arena_strndup(&b->arena, in, (size_t)(base - in)) : NULL);
	int code = RB_EXIT_OK;
	if (!rb || rb_diag_exit(b) != RB_EXIT_OK) {
		code = RB_EXIT_FINDINGS;     /* errors in the document: write nothing */
	} else {
		struct rb_buf text;
		rb_buf_init(&text);
		rb_import_compose(rb, f.data, f.len, &text);
		if (!out)
			fwrite(text.data, 1, text.len, stdout);
		else if (!may_write(b, in, out) || !write_atomic(b, out, text.data, text.len))
			code = RB_EXIT_USAGE;
		rb_buf_free(&text);
	}
	rb_diag_print_all(b, stderr);
	if (rb && code != RB_EXIT_USAGE)
		rb_import_gaps(rb, out ? stdout : stderr);
	if (rb)
		rb_parse_free_doc(rb);
	return code;
}
