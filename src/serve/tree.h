/* tree.h: a folder tree's files and a hash of each one's bytes, for
 * `rbc serve`: the book's digest says whether a save changed anything (the
 * build engine says which pages a rebuild changed). A scan reuses
 * the hash of every file whose device, inode, size and mtime are those of
 * the previous scan, so only changed files are read again. */
#ifndef RB_TREE_H
#define RB_TREE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct rb_tree_entry {
	char *rel;            /* '/'-separated path below the root (malloc'd) */
	dev_t dev;
	ino_t ino;
	off_t size;
	long long mtime_ns;
	uint64_t hash;        /* of the bytes (through a link to a file) */
};

struct rb_tree {
	struct rb_tree_entry *e;   /* sorted by rel */
	size_t n, cap;
};

/* Decides whether a scan leaves out name (rel is its path below the root;
 * dir: it is a folder, whose whole subtree then goes). */
typedef bool (*rb_tree_skip_fn)(const char *rel, const char *name, bool dir, void *ctx);

/* Scan the tree under root into t (emptied first), reusing prev's hashes
 * (prev may be NULL). A symbolic link to a file counts as that file's
 * bytes (and the link's text); links to folders are not followed.
 * Unreadable entries are left out. */
void rb_tree_scan(struct rb_tree *t, const char *root, const struct rb_tree *prev, rb_tree_skip_fn skip,
		  void *ctx);
/* One hash over every path and content hash of t. */
uint64_t rb_tree_digest(const struct rb_tree *t);
void rb_tree_free(struct rb_tree *t);

#endif
