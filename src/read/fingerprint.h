/* fingerprint.h: what a build was made from, as one 128-bit hash (two
 * independent 64-bit lanes of rb_hash64_mix). The incremental build
 * (cli/build_cache.c) compares it with the last build's to know that
 * nothing it reads changed.
 *
 * rb_fingerprint_tree adds every entry under the book folder: its path,
 * its kind, and a file's mode and bytes or a symlink's target (never
 * followed). Reading and hashing every file each time would cost as much
 * as a build, so a file's hash is remembered in the cache folder beside
 * its stat stamp (size, mtime, ctime, inode, device): an equal stamp is
 * taken for equal bytes, as git's index does. Any write changes a file's
 * ctime, which no user can set back; a stamp younger than two seconds is
 * never remembered (a write in the same clock tick could hide behind it),
 * so such a file is hashed again next time. */
#ifndef RB_FINGERPRINT_H
#define RB_FINGERPRINT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "model/build.h"

struct rb_fingerprint {
	uint64_t a, c;
};

/* Start an empty fingerprint. */
void rb_fingerprint_init(struct rb_fingerprint *f);
/* Add len bytes of data, then their length (so that fields cannot run
 * into each other). */
void rb_fingerprint_add(struct rb_fingerprint *f, const void *data, size_t len);
/* Add a NUL-terminated string (NULL adds a marker of its own). */
void rb_fingerprint_str(struct rb_fingerprint *f, const char *s);
/* The 32 lowercase hex digits of f into out[33]. */
void rb_fingerprint_hex(const struct rb_fingerprint *f, char out[33]);

/* A directory whose contents rb_fingerprint_tree leaves out (the output
 * folder, the cache) by device and inode. */
struct rb_fingerprint_skip {
	unsigned long long dev, ino;
};

/* Add the tree under root (a book folder) to f, skipping root/.git (the
 * caller adds the commit) and the nskip folders of skip. Content hashes
 * are remembered in cache_dir/stamps (NULL: no memo). entry (may be NULL)
 * is told each entry in the order added: its book-relative path and what
 * was added for it ("f644 <32 hex digits>" for a file, "l <target>", "d"
 * ...). False when root cannot be read as a folder. */
bool rb_fingerprint_tree(struct rb_build *b, struct rb_fingerprint *f, const char *root, const char *cache_dir,
			 const struct rb_fingerprint_skip *skip, size_t nskip,
			 void (*entry)(void *ctx, const char *rel, const char *what), void *ctx);
/* Add the bytes of the one file at path (e.g. the rbc binary) to f, with
 * the same memo; false when it cannot be read. */
bool rb_fingerprint_file(struct rb_build *b, struct rb_fingerprint *f, const char *path, const char *cache_dir);

#endif
