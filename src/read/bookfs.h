/* bookfs.h: the book's own files. rbc.yaml, contacts.yaml, templates/ and
 * lua/ are read only when they are plain files inside the book: a symlink
 * out of the book is an error, and a FIFO, socket or device is refused
 * without being opened for reading (so it cannot hang rbc). Also the
 * `exclude:` globs of rbc.yaml. */
#ifndef RB_BOOKFS_H
#define RB_BOOKFS_H
#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>
#include "model/build.h"

/* How many bytes of the book folder root begin the paths diagnostics
 * show ("root/rel"): root without trailing '/', or 0 for "." (then the
 * path is just rel). */
size_t rb_bookfs_root_len(const char *root);
/* What a file of this mode is, for messages: "a FIFO", "a socket", "a
 * device", "a folder", or "not a regular file". */
const char *rb_bookfs_kind(mode_t mode);
/* Open path (shown as display) for reading when it is a regular file
 * whose real path lies inside the book. -1 when absent (errno ENOENT, no
 * diagnostic) or refused (with a diagnostic at display). */
int rb_bookfs_open(struct rb_build *b, const char *path, const char *display);
/* rb_bookfs_open as a stdio stream ("rb"); NULL when absent or refused. */
FILE *rb_bookfs_fopen(struct rb_build *b, const char *path, const char *display);
/* Check every entry of the book's folder name (e.g. "templates") at any
 * depth as rb_bookfs_open would, without reading any: one diagnostic per
 * refused entry. An absent folder is fine. */
void rb_bookfs_check_dir(struct rb_build *b, const char *name);
/* True when the book-relative path rel (a folder when dir) is excluded by
 * rbc.yaml's `exclude:` globs (doc/format.md), or lies in a folder that is. */
bool rb_bookfs_excluded(const struct rb_build *b, const char *rel, bool dir);

/* True when glob pat (the exclude: syntax: '*', '?', '**', classes; a
 * pattern without '/' matches a name at any depth) matches file rel. */
bool rb_bookfs_glob(const char *pat, const char *rel);

#endif
