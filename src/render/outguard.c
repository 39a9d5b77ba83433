/* outguard.c: the output folder's place, its manifest and the files the
 * user keeps in it (see outguard.h). */
#include "render/outguard.h"
#include "read/bookfs.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MANIFEST_HEAD "# rbc-manifest 1: the files rbc wrote here; a rebuild removes only these\n"
#define MANIFEST_MAX (64L << 20)

/* A malloc'd string made from fmt. */
static char *pathf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0) {
		fputs("rbc: out of memory\n", stderr);
		abort();
	}
	return s;
}

/* The real path of path, which need not exist yet: its deepest existing
 * folder resolved, the rest appended ("." dropped, ".." taking off the
 * part before). malloc'd; NULL when it cannot be resolved. */
static char *real_of(const char *path)
{
	char *r = realpath(path, NULL);
	if (r || (errno != ENOENT && errno != ENOTDIR))
		return r;
	char *copy = rb_xstrdup(path);
	size_t n = strlen(copy);
	while (n > 1 && copy[n - 1] == '/')
		copy[--n] = '\0';
	char *slash = strrchr(copy, '/');
	const char *base = slash ? slash + 1 : copy;
	char *parent = slash ? (slash == copy ? rb_xstrdup("/") : strndup(copy, (size_t)(slash - copy)))
			     : rb_xstrdup(".");
	char *rp = strcmp(parent, path) ? real_of(parent) : NULL;
	char *out = NULL;
	if (rp && !strcmp(base, "..")) {
		char *cut = strrchr(rp, '/');
		if (cut)
			cut[cut == rp ? 1 : 0] = '\0';
		out = rb_xstrdup(rp);
	} else if (rp && (!strcmp(base, ".") || !base[0])) {
		out = rb_xstrdup(rp);
	} else if (rp) {
		out = pathf("%s/%s", strcmp(rp, "/") ? rp : "", base);
	}
	free(rp);
	free(parent);
	free(copy);
	return out;
}

/* When real lies strictly under root: the part after "root/", else NULL. */
static const char *below(const char *real, const char *root)
{
	size_t n = strlen(root);
	if (n == 1)
		return real[1] ? real + 1 : NULL;     /* root is "/" */
	return !strncmp(real, root, n) && real[n] == '/' ? real + n + 1 : NULL;
}

bool rb_outguard_place(struct rb_build *b, const char *out)
{
	char *book = realpath(b->opt.book, NULL), *real = real_of(out);
	struct rb_loc loc = {out, 0, 0};
	bool ok = false;
	const char *rel;
	if (!book || !real)
		rb_diag(b, RB_D_IO_WRITE, loc, "cannot resolve the output folder or the book '%s': %s", b->opt.book,
			strerror(errno));
	else if (!strcmp(book, real))
		rb_diag(b, RB_D_OUT_PLACE, loc, "-o %s is the book folder %s itself; name a folder outside the book",
			out, b->opt.book);
	else if (below(book, real))
		rb_diag(b, RB_D_OUT_PLACE, loc, "-o %s (%s) contains the book folder %s (%s); name a folder outside "
			"the book", out, real, b->opt.book, book);
	else if ((rel = below(real, book)) && !rb_bookfs_excluded(b, rel, true))
		rb_diag(b, RB_D_OUT_PLACE, loc, "-o %s is inside the book folder %s; name a folder outside the book, "
			"or leave it out of the book in rbc.yaml: 'exclude: [\"%s/\"]'", out, b->opt.book, rel);
	else
		ok = true;
	free(book);
	free(real);
	return ok;
}

/* True when folder path has no entries (or cannot be listed: then the
 * swap will report it). */
static bool is_empty(const char *path)
{
	DIR *d = opendir(path);
	if (!d)
		return true;
	struct dirent *e;
	bool empty = true;
	while (empty && (e = readdir(d)))
		empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
	closedir(d);
	return empty;
}

/* True when rel is a plain relative path that stays inside its folder:
 * no leading '/', no empty, "." or ".." part. */
static bool safe_rel(const char *rel)
{
	if (!rel[0] || rel[0] == '/')
		return false;
	for (const char *p = rel; *p;) {
		size_t len = strcspn(p, "/");
		if (len == 0 || (len == 1 && p[0] == '.') || (len == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		p += len;
		if (*p == '/' && !*++p)
			return false;     /* a trailing '/' */
	}
	return true;
}

/* qsort/bsearch order of two strings: byte order. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Undo the manifest's escapes (\\ and \n) of line in place; false on a
 * bad escape. */
static bool unescape(char *line)
{
	char *d = line;
	for (const char *s = line; *s; s++) {
		if (*s != '\\') {
			*d++ = *s;
			continue;
		}
		if (s[1] != '\\' && s[1] != 'n')
			return false;
		*d++ = *++s == 'n' ? '\n' : '\\';
	}
	*d = '\0';
	return true;
}

/* Parse the manifest's text into g; false (with a diagnostic at its line)
 * when a line is not a safe relative path. */
static bool parse_manifest(struct rb_build *b, const char *file, char *text, struct rb_outguard *g)
{
	if (strncmp(text, MANIFEST_HEAD, strlen(MANIFEST_HEAD))) {
		rb_diag(b, RB_D_OUT_NOT_RBC, (struct rb_loc){file, 1, 1}, "this is not a manifest rbc wrote; check the "
			"folder, then rebuild with --force-clean to replace what it holds");
		return false;
	}
	unsigned line = 2;
	size_t cap = 0;
	for (char *p = text + strlen(MANIFEST_HEAD), *nl; *p; p = nl + 1, line++) {
		nl = strchr(p, '\n');
		if (!nl) {
			rb_diag(b, RB_D_OUT_NOT_RBC, (struct rb_loc){file, line, 1}, "the manifest is cut short; "
				"rebuild with --force-clean");
			return false;
		}
		*nl = '\0';
		if (!unescape(p) || !safe_rel(p)) {
			rb_diag(b, RB_D_OUT_NOT_RBC, (struct rb_loc){file, line, 1}, "'%s' is not a path inside the "
				"output folder, so the manifest was not written by rbc; check the folder, then rebuild "
				"with --force-clean", p);
			return false;
		}
		if (g->n == cap)
			g->owned = rb_xrealloc(g->owned, (cap = cap ? 2 * cap : 64) * sizeof *g->owned);
		g->owned[g->n++] = rb_xstrdup(p);
	}
	if (g->n)
		qsort(g->owned, g->n, sizeof *g->owned, cmp_str);
	return true;
}

bool rb_outguard_read(struct rb_build *b, const char *out, struct rb_outguard *g)
{
	memset(g, 0, sizeof *g);
	g->all = b->opt.force_clean;
	struct stat st;
	if (g->all || stat(out, &st) < 0 || !S_ISDIR(st.st_mode))
		return true;
	char *file = pathf("%s/%s", out, RB_MANIFEST);
	/* never through a symlink, never waiting on a FIFO */
	int fd = open(file, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK);
	bool ok = false;
	if (fd < 0 && errno == ENOENT) {
		ok = is_empty(out);
		if (!ok)
			rb_diag(b, RB_D_OUT_NOT_RBC, (struct rb_loc){out, 0, 0}, "%s is not empty and has no %s, so rbc "
				"did not write it; name a new or empty folder, or add --force-clean to replace what it "
				"holds", out, RB_MANIFEST);
	} else if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > MANIFEST_MAX) {
		rb_diag(b, RB_D_OUT_NOT_RBC, (struct rb_loc){file, 0, 0}, "the manifest is %s; rbc writes a regular "
			"file; check the folder, then rebuild with --force-clean",
			fd < 0 ? (errno == ELOOP ? "a symlink" : strerror(errno)) :
			S_ISREG(st.st_mode) ? "too large" : rb_bookfs_kind(st.st_mode));
	} else {
		char *text = rb_xmalloc((size_t)st.st_size + 1);
		ssize_t n = read(fd, text, (size_t)st.st_size);
		text[n > 0 ? n : 0] = '\0';
		ok = n == st.st_size && parse_manifest(b, file, text, g);
		if (n != st.st_size)
			rb_diag(b, RB_D_IO, (struct rb_loc){file, 0, 0}, "%s", n < 0 ? strerror(errno) : "short read");
		free(text);
	}
	if (fd >= 0)
		close(fd);
	free(file);
	return ok;
}

bool rb_outguard_owns(const struct rb_outguard *g, const char *rel)
{
	return g->all || (g->n && bsearch(&rel, g->owned, g->n, sizeof *g->owned, cmp_str));
}

/* mkdir -p of path's folders from offset from on: each must be a real
 * folder (never a symlink); false with a diagnostic otherwise. */
static bool make_dirs(struct rb_build *b, char *path, size_t from, bool last_too)
{
	for (char *s = path + from;; s++) {
		s = strchr(s, '/');
		if (!s && !last_too)
			return true;
		if (s)
			*s = '\0';
		struct stat st;
		bool ok = mkdir(path, 0755) == 0 || (errno == EEXIST && lstat(path, &st) == 0 && S_ISDIR(st.st_mode));
		if (!ok)
			rb_diag(b, RB_D_OUT_KEEP, (struct rb_loc){path, 0, 0}, "cannot make its folder in the new "
				"output: %s", errno == EEXIST ? "the build writes a file there" : strerror(errno));
		if (s)
			*s = '/';
		if (!ok || !s)
			return ok;
	}
}

/* Keep one entry rel of the old OUT (a folder, walked, or a file not
 * owned, linked). */
static bool keep_entry(struct rb_build *b, const struct rb_outguard *g, const char *out, const char *tmp,
		       const char *rel);

/* Walk the old folder rel ("" for OUT itself). An empty folder is the
 * user's (rbc makes folders only for files), so it is made again. */
static bool keep_dir(struct rb_build *b, const struct rb_outguard *g, const char *out, const char *tmp,
		     const char *rel)
{
	char *dir = rel[0] ? pathf("%s/%s", out, rel) : rb_xstrdup(out);
	DIR *d = opendir(dir);
	bool ok = d != NULL, any = false;
	if (!d)
		rb_diag(b, RB_D_OUT_KEEP, (struct rb_loc){dir, 0, 0}, "%s", strerror(errno));
	for (struct dirent *e; ok && (e = readdir(d));) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || (!rel[0] && !strcmp(e->d_name, RB_MANIFEST)))
			continue;
		any = true;
		char *sub = rel[0] ? pathf("%s/%s", rel, e->d_name) : rb_xstrdup(e->d_name);
		ok = keep_entry(b, g, out, tmp, sub);
		free(sub);
	}
	if (d)
		closedir(d);
	if (ok && !any && rel[0]) {
		char *fresh = pathf("%s/%s", tmp, rel);
		ok = make_dirs(b, fresh, strlen(tmp) + 1, true);
		free(fresh);
	}
	free(dir);
	return ok;
}

static bool keep_entry(struct rb_build *b, const struct rb_outguard *g, const char *out, const char *tmp,
		       const char *rel)
{
	char *old = pathf("%s/%s", out, rel), *fresh = pathf("%s/%s", tmp, rel);
	struct stat so, sn;
	bool ok = true;
	if (lstat(old, &so) < 0) {
		ok = errno == ENOENT;     /* gone meanwhile: nothing to keep */
		if (!ok)
			rb_diag(b, RB_D_OUT_KEEP, (struct rb_loc){old, 0, 0}, "%s", strerror(errno));
	} else if (S_ISDIR(so.st_mode)) {
		ok = keep_dir(b, g, out, tmp, rel);
	} else if (rb_outguard_owns(g, rel)) {
		/* rbc's own file: it goes with the old tree */
	} else if (lstat(fresh, &sn) == 0) {
		ok = sn.st_dev == so.st_dev && sn.st_ino == so.st_ino;   /* the same bytes, linked in already */
		if (!ok)
			rb_diag(b, RB_D_OUT_KEEP, (struct rb_loc){old, 0, 0}, "the build writes a file at this path too, "
				"and the old one is not in %s; move it away, or rebuild with --force-clean to replace it",
				RB_MANIFEST);
	} else if (!make_dirs(b, fresh, strlen(tmp) + 1, false)) {
		ok = false;
	} else if (link(old, fresh) < 0) {     /* a symlink is linked, never followed */
		rb_diag(b, RB_D_OUT_KEEP, (struct rb_loc){old, 0, 0}, "cannot link it into the new output: %s; "
			"move it out of the output folder, or rebuild with --force-clean", strerror(errno));
		ok = false;
	}
	free(old);
	free(fresh);
	return ok;
}

bool rb_outguard_keep(struct rb_build *b, const struct rb_outguard *g, const char *out, const char *tmp)
{
	struct stat st;
	if (g->all || stat(out, &st) < 0 || !S_ISDIR(st.st_mode))
		return true;
	return keep_dir(b, g, out, tmp, "");
}

void rb_outguard_format(struct rb_buf *out, const char **rels, size_t n)
{
	if (n)
		qsort(rels, n, sizeof *rels, cmp_str);
	rb_buf_puts(out, MANIFEST_HEAD);
	for (size_t i = 0; i < n; i++) {
		if (i && !strcmp(rels[i], rels[i - 1]))
			continue;
		for (const char *p = rels[i]; *p; p++) {
			if (*p == '\\' || *p == '\n')
				rb_buf_putc(out, '\\');
			rb_buf_putc(out, *p == '\n' ? 'n' : *p);
		}
		rb_buf_putc(out, '\n');
	}
}

void rb_outguard_free(struct rb_outguard *g)
{
	for (size_t i = 0; i < g->n; i++)
		free(g->owned[i]);
	free(g->owned);
	memset(g, 0, sizeof *g);
}
