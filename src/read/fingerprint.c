/* fingerprint.c: hashing what a build reads, with a stat-stamp memo of
 * content hashes (see fingerprint.h). The memo, cache_dir/stamps, holds
 * one line per file: "<32 hex> <size> <mtime> <ctime> <inode> <device>
 * <path>". */
#include "read/fingerprint.h"
#include "read/cache_dir.h"
#include "read/stamp.h"
#include "base/buf.h"
#include "base/strmap.h"
#include "base/util.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MUL_A 0x100000001b3ULL
#define MUL_C 0xff51afd7ed558ccdULL
#define STAMPS_MAX (64L << 20)

void rb_fingerprint_init(struct rb_fingerprint *f)
{
	f->a = 0x9e3779b97f4a7c15ULL;
	f->c = 0xc2b2ae3d27d4eb4fULL;
}

void rb_fingerprint_add(struct rb_fingerprint *f, const void *data, size_t len)
{
	unsigned long long n = len;
	f->a = rb_hash64_mix(f->a, MUL_A, data, len);
	f->c = rb_hash64_mix(f->c, MUL_C, data, len);
	f->a = rb_hash64_mix(f->a, MUL_A, &n, sizeof n);
	f->c = rb_hash64_mix(f->c, MUL_C, &n, sizeof n);
}

void rb_fingerprint_str(struct rb_fingerprint *f, const char *s)
{
	if (s)
		rb_fingerprint_add(f, s, strlen(s));
	else
		rb_fingerprint_add(f, "\xff(null)", 7);
}

void rb_fingerprint_hex(const struct rb_fingerprint *f, char out[33])
{
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)rb_hash64_finish(f->a),
		 (unsigned long long)rb_hash64_finish(f->c ^ f->a));
}

/* The memo: remembered hashes by path (old), and what this run saw (fresh). */
struct memo {
	const char *dir;          /* the cache folder, NULL: no memo */
	char *text;               /* the old memo file, cut into lines */
	struct rb_strmap old;     /* path -> index into lines */
	char **lines;             /* "<hex> <stamp>" of each old entry */
	size_t nlines;
	struct rb_buf fresh;      /* the new memo file */
	bool changed;
	time_t now;
};

/* Load dir/stamps into m. */
static void memo_open(struct memo *m, const char *dir)
{
	memset(m, 0, sizeof *m);
	m->dir = dir;
	m->now = time(NULL);
	rb_buf_init(&m->fresh);
	if (!dir || !(m->text = rb_cache_dir_read(dir, "stamps", STAMPS_MAX, NULL)))
		return;
	size_t cap = 0;
	for (char *line = m->text, *nl; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			break;
		*nl = '\0';
		/* the path follows the sixth space */
		char *p = line;
		for (int k = 0; k < 6 && p; k++)
			p = strchr(p + (k ? 1 : 0), ' ');
		if (!p)
			continue;
		*p = '\0';
		if (m->nlines == cap)
			m->lines = rb_xrealloc(m->lines, (cap = cap ? cap * 2 : 256) * sizeof *m->lines);
		m->lines[m->nlines] = line;
		rb_strmap_put(&m->old, p + 1, (unsigned)m->nlines++);
	}
}

/* Write the memo back when it changed, and free it. */
static void memo_close(struct memo *m)
{
	if (m->dir && m->changed)
		rb_cache_dir_write(m->dir, "stamps", m->fresh.data ? m->fresh.data : "", m->fresh.len);
	rb_buf_free(&m->fresh);
	rb_strmap_free(&m->old);
	free(m->lines);
	free(m->text);
}

/* Hash the bytes of the file at path into out[33]; false when unreadable. */
static bool hash_file(const char *path, char out[33])
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0)
		return false;
	struct rb_fingerprint h;
	rb_fingerprint_init(&h);
	static const size_t chunk = 1 << 16;
	char *buf = rb_xmalloc(chunk);
	bool ok = true;
	for (;;) {
		ssize_t n = read(fd, buf, chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			ok = false;
		if (n <= 0)
			break;
		/* each chunk is a field: the same bytes always give the same chunks */
		rb_fingerprint_add(&h, buf, (size_t)n);
	}
	free(buf);
	close(fd);
	rb_fingerprint_hex(&h, out);
	return ok;
}

/* The content hash of the regular file path (stat st, key its memo key)
 * into out[33], from the memo when its stamp matches. */
static bool content_hash(struct memo *m, const char *key, const char *path, const struct stat *st, char out[33])
{
	char stamp[RB_STAMP_MAX];
	rb_stamp_text(st, stamp, sizeof stamp);
	unsigned i;
	if (rb_strmap_get(&m->old, key, &i) && !strcmp(m->lines[i] + 33, stamp) && m->lines[i][32] == ' ') {
		memcpy(out, m->lines[i], 32);
		out[32] = '\0';
	} else {
		if (!hash_file(path, out))
			return false;
		m->changed = true;
	}
	/* a stamp of the last two seconds may hide a write in the same tick */
	bool settled = st->st_ctim.tv_sec + 2 < m->now && st->st_mtim.tv_sec + 2 < m->now;
	if (settled)
		rb_buf_printf(&m->fresh, "%s %s %s\n", out, stamp, key);
	else
		m->changed = true;
	return true;
}

struct tree {
	struct rb_build *b;
	struct rb_fingerprint *f;
	struct memo memo;
	const struct rb_fingerprint_skip *skip;
	size_t nskip;
	void (*entry)(void *ctx, const char *rel, const char *what);
	void *ctx;
};

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* True when the folder st is one to leave out. */
static bool skipped(const struct tree *t, const struct stat *st)
{
	for (size_t i = 0; i < t->nskip; i++)
		if (t->skip[i].dev == (unsigned long long)st->st_dev && t->skip[i].ino == (unsigned long long)st->st_ino)
			return true;
	return false;
}

/* Add the folder dir (book-relative rel, "" at the root) in byte order of
 * names; depth guards against a tree too deep to be a book. */
static void add_dir(struct tree *t, const char *dir, const char *rel, int depth)
{
	DIR *d = opendir(dir);
	if (!d) {
		rb_fingerprint_str(t->f, "unreadable");
		return;
	}
	int dfd = dirfd(d);
	char **names = NULL;
	size_t n = 0, cap = 0;
	for (struct dirent *e; (e = readdir(d));) {
		const char *nm = e->d_name;
		if (!strcmp(nm, ".") || !strcmp(nm, "..") || (!rel[0] && !strcmp(nm, ".git")) ||
		    strstr(nm, ".rbc-tmp-") || strstr(nm, ".rbc-lock"))
			continue;     /* git's own files; a build's scratch beside its OUT */
		if (n == cap)
			names = rb_xrealloc(names, (cap = cap ? cap * 2 : 32) * sizeof *names);
		names[n++] = rb_xstrdup(nm);
	}
	if (n)
		qsort(names, n, sizeof *names, cmp_name);
	for (size_t i = 0; i < n; i++) {
		char *path = rb_xmalloc(strlen(dir) + strlen(names[i]) + 2);
		char *r = rb_xmalloc(strlen(rel) + strlen(names[i]) + 2);
		sprintf(path, "%s/%s", dir, names[i]);
		sprintf(r, "%s%s%s", rel, rel[0] ? "/" : "", names[i]);
		struct stat st;
		char what[4200];
		bool into = false;
		if (fstatat(dfd, names[i], &st, AT_SYMLINK_NOFOLLOW) != 0) {
			snprintf(what, sizeof what, "gone");
		} else if (S_ISREG(st.st_mode)) {
			char hex[33];
			snprintf(what, sizeof what, "f%o %s", (unsigned)(st.st_mode & 07777),
				 content_hash(&t->memo, r, path, &st, hex) ? hex : "unreadable");
		} else if (S_ISLNK(st.st_mode)) {
			char target[4096];
			ssize_t k = readlinkat(dfd, names[i], target, sizeof target - 1);
			target[k > 0 ? k : 0] = '\0';
			snprintf(what, sizeof what, "l %s", target);
		} else if (S_ISDIR(st.st_mode)) {
			into = !skipped(t, &st) && depth < 64;
			snprintf(what, sizeof what, "%s", skipped(t, &st) ? "skipped" : "d");
		} else {
			snprintf(what, sizeof what, "o%o", (unsigned)(st.st_mode & S_IFMT));
		}
		rb_fingerprint_str(t->f, r);
		rb_fingerprint_str(t->f, what);
		if (t->entry)
			t->entry(t->ctx, r, what);
		if (into)
			add_dir(t, path, r, depth + 1);
		rb_fingerprint_str(t->f, "/");    /* the end of this entry */
		free(path), free(r), free(names[i]);
	}
	free(names);
	closedir(d);
}

bool rb_fingerprint_tree(struct rb_build *b, struct rb_fingerprint *f, const char *root, const char *cache_dir,
			 const struct rb_fingerprint_skip *skip, size_t nskip,
			 void (*entry)(void *ctx, const char *rel, const char *what), void *ctx)
{
	struct stat st;
	if (stat(root, &st) != 0 || !S_ISDIR(st.st_mode))
		return false;
	struct tree t = {.b = b, .f = f, .skip = skip, .nskip = nskip, .entry = entry, .ctx = ctx};
	memo_open(&t.memo, cache_dir);
	add_dir(&t, root, "", 0);
	memo_close(&t.memo);
	return true;
}

bool rb_fingerprint_file(struct rb_build *b, struct rb_fingerprint *f, const char *path, const char *cache_dir)
{
	(void)b;
	struct stat st;
	char hex[33];
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	struct memo m;
	memo_open(&m, NULL);
	/* one file: a memo of its own beside the tree's, keyed by its path */
	if (cache_dir) {
		m.dir = cache_dir;
		char *text = rb_cache_dir_read(cache_dir, "stamps-file", 4096, NULL);
		if (text && strlen(text) > 34) {
			char *nl = strchr(text, '\n');
			if (nl)
				*nl = '\0';
			char *sp = strrchr(text, ' ');
			/* "<hex> <stamp> <path>": one entry */
			if (sp && !strcmp(sp + 1, path)) {
				*sp = '\0';
				m.lines = rb_xmalloc(sizeof *m.lines);
				m.lines[0] = text;
				m.nlines = 1;
				rb_strmap_put(&m.old, path, 0);
				m.text = text;
				text = NULL;
			}
		}
		free(text);
	}
	bool ok = content_hash(&m, path, path, &st, hex);
	if (ok)
		rb_fingerprint_str(f, hex);
	if (m.dir && m.changed)
		rb_cache_dir_write(m.dir, "stamps-file", m.fresh.data ? m.fresh.data : "", m.fresh.len);
	m.dir = NULL;
	memo_close(&m);
	return ok;
}
