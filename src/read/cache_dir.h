/* cache_dir.h: rbc's cache folders, outside every book and every output:
 * $XDG_CACHE_HOME/rbc/<kind>-<hash of a key>/ (~/.cache when
 * XDG_CACHE_HOME is unset). Folders are made 0700, must be plain folders
 * of this user and are never followed through a symlink; files in them
 * are written whole (a temporary file, then rename) and never through a
 * symlink either. What a cache holds only ever saves time: every entry
 * is checked against the hashes it was made from before it is used, and
 * the folders may be deleted at will (doc/cache.md). */
#ifndef RB_CACHE_DIR_H
#define RB_CACHE_DIR_H
#include <stddef.h>
#include "model/build.h"

/* Find or make the cache folder <kind>-<16 hex digits of hash(key)> and
 * return its path (in b's arena), or NULL (no caching) when there is no
 * HOME or a folder on the way is not a plain folder of this user. */
const char *rb_cache_dir_open(struct rb_build *b, const char *kind, const char *key);
/* The whole file dir/name as a malloc'd NUL-terminated string (*len its
 * length, may be NULL), or NULL when absent, a symlink, not a regular
 * file or larger than max bytes. */
char *rb_cache_dir_read(const char *dir, const char *name, size_t max, size_t *len);
/* The same file mapped copy-on-write, NUL-terminated: its pages are read
 * as they are touched, never copied, and the text may be written to (a
 * 1 MB build state costs a fifth of reading it into fresh memory). *len
 * is its length. Free it with rb_cache_dir_unmap. rbc replaces its cache
 * files by rename, never in place: a file cut short under a mapping would
 * fault on the pages it lost. */
char *rb_cache_dir_map(const char *dir, const char *name, size_t max, size_t *len);
/* The file open as fd mapped the same way (fd stays open). */
char *rb_cache_dir_map_fd(int fd, size_t max, size_t *len);
/* Unmap what rb_cache_dir_map gave (len: its length; NULL does nothing). */
void rb_cache_dir_unmap(char *text, size_t len);
/* Let the pages of what rb_cache_dir_map gave (len: its length) go from
 * this process's memory, when nothing was written to them: they come
 * back from the file when read again, and pointers into it stay good. */
void rb_cache_dir_drop(const char *text, size_t len);
/* Replace dir/name by data[0..len) atomically; false when it could not. */
bool rb_cache_dir_write(const char *dir, const char *name, const void *data, size_t len);

/* A file of a cache folder written in parts: they go to a temporary file
 * beside it (.NAME.tmp-PID), which only rb_cache_dir_end renames into
 * place, whole. A build killed part way leaves the old file as it was. */
struct rb_cache_file {
	int fd;                   /* -1: it could not be made, or a write failed */
	char *tmp, *path;
};
/* Start writing dir/name anew into f. The temporaries of this name that a
 * killed process left (its PID gone) are removed first. */
void rb_cache_dir_begin(struct rb_cache_file *f, const char *dir, const char *name);
/* Add data[0..len) to f; false (f is then failed) when it could not. */
bool rb_cache_dir_add(struct rb_cache_file *f, const void *data, size_t len);
/* Finish f: rename it into place when keep and every part was written
 * (true), else remove the temporary (false). Frees what f holds. */
bool rb_cache_dir_end(struct rb_cache_file *f, bool keep);
/* rb_cache_dir_end(f, true), returning the file now in place open for
 * reading and writing (the caller closes it), or -1. */
int rb_cache_dir_end_open(struct rb_cache_file *f);
/* Add data[0..len) at the end of the existing file dir/name, in one write
 * (never through a symlink, only to a regular file of this user) and
 * return the file open for reading and writing (the caller closes it);
 * -1 when it could not (the caller then writes the file whole). A reader
 * must take a cut-off last part for no part. */
int rb_cache_dir_append(const char *dir, const char *name, const void *data, size_t len);

#endif
