/* bookfs.c: the book's own files and the exclude: globs (see bookfs.h). */
#include "read/bookfs.h"
#include <stdbool.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

size_t rb_bookfs_root_len(const char *root)
{
	if (!strcmp(root, ".") || !strcmp(root, "./"))
		return 0;
	size_t n = strlen(root);
	while (n > 1 && root[n - 1] == '/')
		n--;
	return n;
}

const char *rb_bookfs_kind(mode_t mode)
{
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return "a device";
	if (S_ISDIR(mode))
		return "a folder";
	return "not a regular file";
}

/* True when real (a resolved path) is root or lies under it. */
static bool under(const char *real, const char *root)
{
	size_t n = strlen(root);
	if (n == 1)
		return true;     /* the book is "/" */
	return !strncmp(real, root, n) && (real[n] == '/' || real[n] == '\0');
}

/* Check that path resolves inside the book and, unless dir_ok, that it is
 * a regular file; never opens it. False, with a diagnostic at display,
 * when refused; false without one when absent (errno ENOENT). */
static bool check_plain(struct rb_build *b, const char *path, const char *display, bool dir_ok)
{
	struct stat st;
	struct rb_loc loc = {display, 0, 0};
	if (lstat(path, &st) < 0) {
		int e = errno;
		if (e == ENAMETOOLONG)
			rb_diag(b, RB_D_PATH_TOO_LONG, loc, "%zu bytes", strlen(path));
		else if (e != ENOENT)
			rb_diag(b, RB_D_IO, loc, "%s", strerror(e));
		errno = e;
		return false;
	}
	char *root = realpath(b->book.root ? b->book.root : b->opt.book, NULL);
	char *real = realpath(path, NULL);
	int e = errno;
	bool ok = false;
	if (!real && e == ELOOP)
		rb_diag(b, RB_D_SYMLINK_LOOP, loc, "%s", strerror(e));
	else if (!real)
		rb_diag(b, RB_D_IO, loc, "broken symlink: %s", strerror(e));
	else if (!root || !under(real, root))
		rb_diag(b, RB_D_SYMLINK_OUTSIDE, loc, "it resolves to %s", real);
	else if (stat(path, &st) < 0)
		rb_diag(b, RB_D_IO, loc, "%s", strerror(errno));
	else if (!S_ISREG(st.st_mode) && !(dir_ok && S_ISDIR(st.st_mode)))
		rb_diag(b, RB_D_NOT_REGULAR, loc, "it is %s", rb_bookfs_kind(st.st_mode));
	else
		ok = true;
	free(root);
	free(real);
	errno = ok ? 0 : EINVAL;
	return ok;
}

int rb_bookfs_open(struct rb_build *b, const char *path, const char *display)
{
	if (!check_plain(b, path, display, false))
		return -1;
	/* O_NONBLOCK: a file swapped for a FIFO after the check cannot hang
	 * the open; fstat then refuses it */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	struct stat st = {0};
	if (fd < 0) {
		rb_diag(b, RB_D_IO, (struct rb_loc){display, 0, 0}, "%s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		rb_diag(b, RB_D_NOT_REGULAR, (struct rb_loc){display, 0, 0}, "it is %s", rb_bookfs_kind(st.st_mode));
		close(fd);
		errno = EINVAL;
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

FILE *rb_bookfs_fopen(struct rb_build *b, const char *path, const char *display)
{
	int fd = rb_bookfs_open(b, path, display);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "rb");
	if (fd >= 0 && !f)
		close(fd);
	return f;
}

/* Check the entries of the folder path (shown as display) and below,
 * depth levels at most. */
static void check_tree(struct rb_build *b, const char *path, const char *display, int depth)
{
	DIR *d = opendir(path);
	if (!d) {
		rb_diag(b, errno == ENAMETOOLONG ? RB_D_PATH_TOO_LONG : RB_D_IO, (struct rb_loc){display, 0, 0}, "%s",
			strerror(errno));
		return;
	}
	for (struct dirent *e; (e = readdir(d));) {
		if (e->d_name[0] == '.')
			continue;
		char *p = rb_arena_printf(&b->arena, "%s/%s", path, e->d_name);
		char *shown = rb_arena_printf(&b->arena, "%s/%s", display, e->d_name);
		struct stat st;
		if (!check_plain(b, p, shown, true) || stat(p, &st) < 0 || !S_ISDIR(st.st_mode))
			continue;
		if (depth < 16)
			check_tree(b, p, shown, depth + 1);
		else
			rb_diag(b, RB_D_TOO_DEEP, (struct rb_loc){shown, 0, 0}, "folders nested deeper than 16");
	}
	closedir(d);
}

void rb_bookfs_check_dir(struct rb_build *b, const char *name)
{
	const char *root = b->book.root ? b->book.root : b->opt.book;
	size_t n = rb_bookfs_root_len(root);
	char *path = rb_arena_printf(&b->arena, "%s/%s", root, name);
	char *display = n ? rb_arena_printf(&b->arena, "%.*s/%s", (int)n, root, name) : rb_arena_strdup(&b->arena, name);
	struct stat st;
	if (!check_plain(b, path, display, true) || stat(path, &st) < 0)
		return;
	if (S_ISDIR(st.st_mode))
		check_tree(b, path, display, 1);
	else
		rb_diag(b, RB_D_NOT_REGULAR, (struct rb_loc){display, 0, 0}, "it should be a folder");
}

/* Does the bracket class at p (just past '[') hold c? *end is set past ']';
 * false with *end NULL when the class is not closed. */
static bool class_holds(const char *p, char c, const char **end)
{
	bool neg = *p == '!' || *p == '^', hit = false;
	if (neg)
		p++;
	for (bool first = true; *p && (first || *p != ']'); first = false) {
		char lo = *p++, hi = lo;
		if (p[0] == '-' && p[1] && p[1] != ']')
			hi = p[1], p += 2;
		if (c >= lo && c <= hi)
			hit = true;
	}
	*end = *p == ']' ? p + 1 : NULL;
	return hit != neg;
}

/* Glob match of the whole of s: '*' and '?' stop at '/', "**" crosses it,
 * "[a-z]" and "[!x]" are classes. */
static bool glob(const char *p, const char *s)
{
	for (; *p; p++, s++) {
		if (p[0] == '*' && p[1] == '*') {
			p += 2;
			if (*p == '/' && (s[0] == '\0' || glob(p + 1, s)))
				return true;     /* "a/" then any folders then "/b" matches "a/b" too */
			for (;; s++) {
				if (glob(p, s))
					return true;
				if (!*s)
					return false;
			}
		}
		if (*p == '*') {
			for (;; s++) {
				if (glob(p + 1, s))
					return true;
				if (!*s || *s == '/')
					return false;
			}
		}
		if (!*s)
			return false;
		if (*p == '?') {
			if (*s == '/')
				return false;
		} else if (*p == '[') {
			const char *end;
			bool hit = class_holds(p + 1, *s, &end);
			if (end) {
				if (!hit || *s == '/')
					return false;
				p = end - 1;
				continue;
			}
			if (*s != '[')
				return false;
		} else if (*p != *s) {
			return false;
		}
	}
	return *s == '\0';
}

/* Does one exclude pattern match rel itself (a folder when dir)? */
static bool pattern_matches(const char *pat, const char *rel, bool dir)
{
	size_t n = strlen(pat);
	char buf[4096];
	if (!n || n >= sizeof buf)
		return false;
	bool dir_only = pat[n - 1] == '/';
	if (dir_only && !dir)
		return false;
	memcpy(buf, pat, n + 1);
	if (dir_only)
		buf[--n] = '\0';
	const char *p = buf[0] == '/' ? buf + 1 : buf;
	if (!strchr(p, '/') && buf[0] != '/') {
		const char *base = strrchr(rel, '/');
		return glob(p, base ? base + 1 : rel);   /* a name, at any depth */
	}
	return glob(p, rel);
}

bool rb_bookfs_glob(const char *pat, const char *rel)
{
	return pattern_matches(pat, rel, false);
}

bool rb_bookfs_excluded(const struct rb_build *b, const char *rel, bool dir)
{
	const struct rb_config *cfg = &b->book.config;
	if (!cfg->nexclude || !rel[0])
		return false;
	char part[4096];
	size_t n = strlen(rel);
	if (n >= sizeof part)
		return false;
	/* rel and each folder above it */
	for (size_t i = 0; i <= n; i++) {
		if (rel[i] != '/' && rel[i] != '\0')
			continue;
		memcpy(part, rel, i);
		part[i] = '\0';
		bool as_dir = i < n || dir;
		for (size_t k = 0; k < cfg->nexclude; k++)
			if (pattern_matches(cfg->exclude[k], part, as_dir))
				return true;
	}
	return false;
}
