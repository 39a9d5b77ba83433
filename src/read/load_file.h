/* load_file.h: read one of the book's text files into memory safely. */
#ifndef RB_LOAD_FILE_H
#define RB_LOAD_FILE_H
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

#endif
