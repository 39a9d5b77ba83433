/* check.h: built-in structural checks that need the whole book: links and
 * mentions, titles, scenarios. Lua rules (rules.c) run after these. */
#ifndef RB_CHECK_H
#define RB_CHECK_H
#include "model/build.h"

/* Resolve every link and contact mention, and check each runbook's shape.
 * Records diagnostics; returns nothing. */
void rb_check_book(struct rb_build *b);
/* Check procedures and their calls (check_proc.c): broken calls with a
 * did-you-mean, procedures without steps or callers, call cycles. */
void rb_check_procedures(struct rb_build *b);
/* What a book-relative path names, for links and the site's attachments. */
enum rb_book_file {
	RB_FILE_REGULAR,     /* a regular file inside the book */
	RB_FILE_DIR,         /* a folder inside the book */
	RB_FILE_MISSING,     /* nothing there (or unreadable) */
	RB_FILE_OUTSIDE,     /* there, but through a symbolic link out of the book */
	RB_FILE_SPECIAL,     /* a FIFO, device or socket: never read */
	RB_FILE_EXCLUDED     /* left out by rbc.yaml's exclude: */
};
/* Classify book-relative path rel of b's book (one realpath per call). */
enum rb_book_file rb_check_book_file(struct rb_build *b, const char *rel);

#endif
