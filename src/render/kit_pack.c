/* kit_pack.c: list a staged kit, write its SHA256SUMS and pack it into a
 * reproducible .tar.gz (kit.h): sorted names, owner 0/0 without names,
 * fixed modes, one mtime, a gzip header without name or time. */
#include "render/kit.h"
#include "render/archive_lib.h"
#include "base/arena.h"
#include "base/util.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Format a message into err. */
static bool fail(char *err, size_t errn, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static bool fail(char *err, size_t errn, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errn, fmt, ap);
	va_end(ap);
	return false;
}

/* Add one entry to l. */
static void add(struct rb_kit_list *l, const char *rel, bool dir, bool exec)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->rel = realloc(l->rel, l->cap * sizeof *l->rel);
		l->dir = realloc(l->dir, l->cap * sizeof *l->dir);
		l->exec = realloc(l->exec, l->cap * sizeof *l->exec);
		if (!l->rel || !l->dir || !l->exec) {
			fputs("rbc: out of memory\n", stderr);
			abort();
		}
	}
	l->rel[l->n] = rb_xstrdup(rel);
	l->dir[l->n] = dir;
	l->exec[l->n++] = exec;
}

/* True when name is one of skip's. */
static bool skipped(const char *name, const char *const *skip)
{
	for (; skip && *skip; skip++)
		if (!strcmp(name, *skip))
			return true;
	return false;
}

/* Walk dir/rel (rel "" at the top) into l. */
static bool walk(const char *dir, const char *rel, const char *const *skip, struct rb_kit_list *l, char *err,
		 size_t errn)
{
	char *path = rel[0] ? rb_xasprintf("%s/%s", dir, rel) : rb_xstrdup(dir);
	DIR *d = opendir(path);
	bool ok = d != NULL;
	if (!d)
		fail(err, errn, "cannot list %s: %s", path, strerror(errno));
	for (struct dirent *e; ok && (e = readdir(d));) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || (!rel[0] && skipped(e->d_name, skip)))
			continue;
		char *sub = rel[0] ? rb_xasprintf("%s/%s", rel, e->d_name) : rb_xstrdup(e->d_name);
		char *full = rb_xasprintf("%s/%s", dir, sub);
		struct stat st;
		if (lstat(full, &st) != 0)
			ok = fail(err, errn, "cannot read %s: %s", full, strerror(errno));
		else if (strpbrk(sub, "\\\n\r"))
			ok = fail(err, errn, "%s: a kit file name may not hold a backslash or a line break", sub);
		else if (S_ISDIR(st.st_mode)) {
			add(l, sub, true, true);
			ok = walk(dir, sub, skip, l, err, errn);
		} else if (S_ISREG(st.st_mode))
			add(l, sub, false, (st.st_mode & 0111) != 0);
		else
			ok = fail(err, errn, "%s: only plain files and folders go into a kit (a link or device)", sub);
		free(sub);
		free(full);
	}
	if (d)
		closedir(d);
	free(path);
	return ok;
}

/* Sort order of list entries: byte order of their names. */
static int cmp_idx(const void *a, const void *b, void *ctx)
{
	char **rel = ctx;
	return strcmp(rel[*(const size_t *)a], rel[*(const size_t *)b]);
}

/* Put l in byte order of its names. */
static void sort_list(struct rb_kit_list *l)
{
	size_t *idx = rb_xcalloc(l->n ? l->n : 1, sizeof *idx);
	for (size_t i = 0; i < l->n; i++)
		idx[i] = i;
	qsort_r(idx, l->n, sizeof *idx, cmp_idx, l->rel);
	char **rel = rb_xcalloc(l->n ? l->n : 1, sizeof *rel);
	bool *dir = rb_xcalloc(l->n ? l->n : 1, sizeof *dir), *exec = rb_xcalloc(l->n ? l->n : 1, sizeof *exec);
	for (size_t i = 0; i < l->n; i++) {
		rel[i] = l->rel[idx[i]];
		dir[i] = l->dir[idx[i]];
		exec[i] = l->exec[idx[i]];
	}
	free(l->rel);
	free(l->dir);
	free(l->exec);
	free(idx);
	l->rel = rel, l->dir = dir, l->exec = exec, l->cap = l->n;
}

bool rb_kit_list(const char *dir, const char *const *skip, struct rb_kit_list *l, char *err, size_t errn)
{
	memset(l, 0, sizeof *l);
	if (!walk(dir, "", skip, l, err, errn))
		return false;
	sort_list(l);
	return true;
}

void rb_kit_list_free(struct rb_kit_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->rel[i]);
	free(l->rel);
	free(l->dir);
	free(l->exec);
	memset(l, 0, sizeof *l);
}

/* SHA-256 of the file at path as 64 hex digits into hex (65 bytes). */
static bool sha256_file(const char *path, char *hex)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	crypto_hash_sha256_state st;
	unsigned char buf[65536], h[crypto_hash_sha256_BYTES];
	ssize_t n;
	crypto_hash_sha256_init(&st);
	while ((n = read(fd, buf, sizeof buf)) > 0)
		crypto_hash_sha256_update(&st, buf, (unsigned long long)n);
	int e = errno;
	close(fd);
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(hex, 65, h, sizeof h);
	errno = e;
	return n == 0;
}

bool rb_kit_sums(const char *dir, const struct rb_kit_list *l, struct rb_buf *out, char *err, size_t errn)
{
	if (sodium_init() < 0)
		return fail(err, errn, "libsodium cannot start");
	for (size_t i = 0; i < l->n; i++) {
		if (l->dir[i])
			continue;
		char *full = rb_xasprintf("%s/%s", dir, l->rel[i]), hex[65];
		bool ok = sha256_file(full, hex);
		if (!ok)
			fail(err, errn, "cannot read %s: %s", full, strerror(errno));
		free(full);
		if (!ok)
			return false;
		rb_buf_printf(out, "%s  %s\n", hex, l->rel[i]);
	}
	return true;
}

/* Write one entry (header, then the file's bytes) to a. */
static bool pack_one(const struct rb_archive_lib *L, struct archive *a, struct archive_entry *e, const char *dir,
		     const char *rel, bool is_dir, bool exec, long long epoch, char *err, size_t errn)
{
	char *name = rb_xasprintf(RB_KIT_ROOT "/%s%s", rel, is_dir && rel[0] ? "/" : "");
	char *full = rb_xasprintf("%s/%s", dir, rel);
	struct stat st;
	int fd = -1;
	bool ok = true;
	L->entry_clear(e);
	L->entry_set_pathname(e, name);
	L->entry_set_filetype(e, is_dir ? AE_IFDIR : AE_IFREG);
	L->entry_set_perm(e, is_dir || exec ? 0755 : 0644);
	L->entry_set_uid(e, 0);
	L->entry_set_gid(e, 0);
	L->entry_set_mtime(e, (time_t)epoch, 0);
	if (!is_dir) {
		fd = open(full, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || fstat(fd, &st) != 0)
			ok = fail(err, errn, "cannot read %s: %s", full, strerror(errno));
		else
			L->entry_set_size(e, st.st_size);
	}
	if (ok && L->write_header(a, e) != ARCHIVE_OK)
		ok = fail(err, errn, "%s: %s", name, L->error_string(a));
	char buf[65536];
	ssize_t n = 0;
	while (ok && fd >= 0 && (n = read(fd, buf, sizeof buf)) > 0)
		if (L->write_data(a, buf, (size_t)n) != n)
			ok = fail(err, errn, "%s: %s", name, L->error_string(a));
	if (ok && n < 0)
		ok = fail(err, errn, "cannot read %s: %s", full, strerror(errno));
	if (fd >= 0)
		close(fd);
	free(name);
	free(full);
	return ok;
}

bool rb_kit_pack(const char *dir, const struct rb_kit_list *l, long long epoch, const char *path, char *err,
		 size_t errn)
{
	struct rb_archive_lib lib, *L = &lib;
	char why[300];
	if (!rb_archive_lib_open(L, "bundle", why, sizeof why))
		return fail(err, errn, "%s", why);
	struct archive *a = L->write_new();
	struct archive_entry *e = L->entry_new();
	bool ok = a && e;
	if (!ok)
		fail(err, errn, "libarchive cannot start");
	if (ok && (L->write_set_format_ustar(a) != ARCHIVE_OK || L->write_add_filter_gzip(a) != ARCHIVE_OK ||
		   L->write_set_filter_option(a, "gzip", "timestamp", NULL) != ARCHIVE_OK ||
		   L->write_set_filter_option(a, "gzip", "compression-level", "9") != ARCHIVE_OK ||
		   L->write_open_filename(a, path) != ARCHIVE_OK))
		ok = fail(err, errn, "%s: %s", path, L->error_string(a));
	if (ok)
		ok = pack_one(L, a, e, dir, "", true, true, epoch, err, errn);    /* RB_KIT_ROOT/ itself */
	for (size_t i = 0; ok && i < l->n; i++)
		ok = pack_one(L, a, e, dir, l->rel[i], l->dir[i], l->exec[i], epoch, err, errn);
	if (a && L->write_close(a) != ARCHIVE_OK && ok)
		ok = fail(err, errn, "%s: %s", path, L->error_string(a));
	if (e)
		L->entry_free(e);
	if (a)
		L->write_free(a);
	rb_archive_lib_close(L);
	return ok;
}
