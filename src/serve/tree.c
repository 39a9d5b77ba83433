/* tree.c: scanning a folder tree with a hash per file. See tree.h. */
#include "serve/tree.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/util.h"
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HASH_SEED 0x9e3779b97f4a7c15ULL
#define HASH_MUL  0x100000001b3ULL

/* The hash of the file at fd's bytes, read 64 KB at a time (every chunk
 * but the last is a whole number of 8-byte words, so the lane stays one). */
static uint64_t hash_fd(int fd)
{
	static const size_t chunk = 64 * 1024;
	char *buf = rb_xmalloc(chunk);
	uint64_t h = HASH_SEED;
	for (;;) {
		size_t have = 0;
		ssize_t r = 1;
		while (have < chunk && (r = read(fd, buf + have, chunk - have)) > 0)
			have += (size_t)r;
		h = rb_hash64_mix(h, HASH_MUL, buf, have);
		if (have < chunk || r <= 0)
			break;
	}
	free(buf);
	return rb_hash64_finish(h);
}

/* The hash of the file at path: its bytes, following a symbolic link to
 * a file (mixed with the link's text); a link to anything else is its
 * text alone. */
static bool hash_entry(const char *path, const struct stat *st, uint64_t *h)
{
	uint64_t link = 0;
	if (S_ISLNK(st->st_mode)) {
		char target[4096];
		ssize_t n = readlink(path, target, sizeof target);
		if (n < 0)
			return false;
		link = rb_hash64(target, (size_t)n) | 1;
		struct stat to;
		if (stat(path, &to) < 0 || !S_ISREG(to.st_mode)) {
			*h = link;
			return true;
		}
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return false;
	*h = hash_fd(fd) ^ link;
	close(fd);
	return true;
}

/* prev's entry for rel, or NULL (binary search: prev is sorted). */
static const struct rb_tree_entry *find(const struct rb_tree *prev, const char *rel)
{
	size_t lo = 0, hi = prev ? prev->n : 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(prev->e[mid].rel, rel);
		if (!c)
			return &prev->e[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Record rel (with its stat) in t, hashing it unless prev has it unchanged. */
static void add(struct rb_tree *t, const struct rb_tree *prev, const char *path, const char *rel,
		const struct stat *st)
{
	struct rb_tree_entry e = {0};
	e.dev = st->st_dev;
	e.ino = st->st_ino;
	e.size = st->st_size;
	e.mtime_ns = (long long)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;
	const struct rb_tree_entry *old = find(prev, rel);
	if (old && old->dev == e.dev && old->ino == e.ino && old->size == e.size && old->mtime_ns == e.mtime_ns)
		e.hash = old->hash;
	else if (!hash_entry(path, st, &e.hash))
		return;
	e.rel = rb_xstrdup(rel);
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		t->e = rb_xrealloc(t->e, t->cap * sizeof *t->e);
	}
	t->e[t->n++] = e;
}

/* Add every entry below dir (path on disk, rel below the root; rel "" is the root). */
static void walk(struct rb_tree *t, const struct rb_tree *prev, const char *path, const char *rel,
		 rb_tree_skip_fn skip, void *ctx)
{
	DIR *d = opendir(path);
	if (!d)
		return;
	struct rb_buf sub, subrel;
	rb_buf_init(&sub);
	rb_buf_init(&subrel);
	for (struct dirent *de; (de = readdir(d));) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		rb_buf_reset(&sub);
		rb_buf_printf(&sub, "%s/%s", path, de->d_name);
		rb_buf_reset(&subrel);
		rb_buf_printf(&subrel, "%s%s%s", rel, *rel ? "/" : "", de->d_name);
		struct stat st;
		if (lstat(rb_buf_cstr(&sub), &st) < 0)
			continue;
		struct stat to;
		if (S_ISLNK(st.st_mode) && stat(rb_buf_cstr(&sub), &to) == 0 && S_ISREG(to.st_mode)) {
			st.st_size = to.st_size;     /* a link to a file changes with the file */
			st.st_mtim = to.st_mtim;
			st.st_ino = to.st_ino;
		}
		bool dir = S_ISDIR(st.st_mode);
		if (skip && skip(rb_buf_cstr(&subrel), de->d_name, dir, ctx))
			continue;
		if (dir)
			walk(t, prev, rb_buf_cstr(&sub), rb_buf_cstr(&subrel), skip, ctx);
		else if (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode))
			add(t, prev, rb_buf_cstr(&sub), rb_buf_cstr(&subrel), &st);
	}
	closedir(d);
	rb_buf_free(&sub);
	rb_buf_free(&subrel);
}

/* Order entries by path, for qsort. */
static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct rb_tree_entry *)a)->rel, ((const struct rb_tree_entry *)b)->rel);
}

void rb_tree_scan(struct rb_tree *t, const char *root, const struct rb_tree *prev, rb_tree_skip_fn skip,
		  void *ctx)
{
	rb_tree_free(t);
	walk(t, prev, root, "", skip, ctx);
	if (t->n)
		qsort(t->e, t->n, sizeof *t->e, cmp_entry);
}

uint64_t rb_tree_digest(const struct rb_tree *t)
{
	uint64_t h = HASH_SEED;
	for (size_t i = 0; i < t->n; i++) {
		uint64_t pair[2] = {rb_hash64(t->e[i].rel, strlen(t->e[i].rel)), t->e[i].hash};
		h = rb_hash64_mix(h, HASH_MUL, pair, sizeof pair);
	}
	return rb_hash64_finish(h);
}

void rb_tree_free(struct rb_tree *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->e[i].rel);
	free(t->e);
	t->e = NULL;
	t->n = t->cap = 0;
}
