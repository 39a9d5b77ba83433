/* kit_keys.h: the signing side of `rbc bundle`: reading a minisign secret
 * key and its password (never from argv), `rbc bundle keygen`, and writing
 * a small file atomically without replacing one rbc did not write. */
#ifndef RB_KIT_KEYS_H
#define RB_KIT_KEYS_H
#include <stdbool.h>
#include <stddef.h>
#include "base/minisign.h"
#include "model/build.h"

/* Read and unlock the secret key at path (a regular file; a warning when
 * others may read it). False after a message on stderr. */
bool rb_kit_keys_load(struct rb_build *b, const char *path, struct rb_minisign_key *key);
/* Write data to path through a temporary file and a rename. An existing
 * path is replaced only when ours(path) says rbc wrote it, or with
 * --force; ours NULL: never. False after a message on stderr. */
bool rb_kit_keys_write(const struct rb_build *b, const char *path, const void *data, size_t len, int mode,
		       bool (*ours)(const char *path));
/* True when path holds a minisign signature (a file rbc may replace). */
bool rb_kit_keys_is_sig(const char *path);
/* `rbc bundle keygen -o NAME`: NAME.pub and NAME.key. An exit status. */
int rb_kit_keygen(struct rb_build *b);

#endif
