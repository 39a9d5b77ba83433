/* load.h: find a book's files and read them safely. */
#ifndef RB_LOAD_H
#define RB_LOAD_H
#include "model/build.h"

/* A file read into memory: UTF-8 checked, BOM removed, CRLF → LF. */
struct rb_file {
	const char *file;     /* display path, for diagnostics */
	char *data;           /* NUL-terminated, in the arena */
	size_t len;
};

/* Read and check one file. limit is the largest size accepted. Returns
 * false after recording a diagnostic. */
bool rb_load_file(struct rb_build *b, const char *path, const char *display,
		  long limit, struct rb_file *out);
/* rb_load_file for an open descriptor (closed here). */
bool rb_load_fd(struct rb_build *b, int fd, const char *display, long limit, struct rb_file *out);
/* How many bytes of the book folder root begin the paths diagnostics
 * show ("root/rel"): root without trailing '/', or 0 for "." (then the
 * path is just rel). */
size_t rb_display_root_len(const char *root);
/* Load the whole book at b->opt.book: rbc.yaml, contacts.yaml and every
 * runbook, parsed into b->book. Returns false when the book cannot be read
 * at all (not a directory); per-file problems are diagnostics. */
bool rb_load_book(struct rb_build *b);
/* The name when book-relative path rel is the book's introduction
 * (README.md, readme.md or index.md at its root), else NULL. */
const char *rb_load_intro_name(const char *rel);
/* The introduction file present at the root of b's book (a regular
 * file, not a symlink), README.md first; NULL when there is none. */
const char *rb_load_find_intro(struct rb_build *b);
/* Read one runbook file (Markdown or YAML) into a new runbook. */
struct rb_runbook *rb_load_runbook(struct rb_build *b, const char *path, const char *rel,
				   const char *display);
/* The same for text already read (and checked) by rb_load_file; warns
 * about mojibake. rel is the book-relative path. */
struct rb_runbook *rb_load_runbook_text(struct rb_build *b, const char *rel, struct rb_file *f);

#endif
