/* front.h: the common front of the commands that read a book: the as-of
 * date, then the book through the command's reader (read/load.h), then
 * the built-in checks (lint/check.h). Drivers live here, apart from the
 * checks they drive. */
#ifndef RB_FRONT_H
#define RB_FRONT_H
#include "read/load.h"
#include "base/buf.h"

/* Resolve the as-of date from --as-of or today; false, with a message on
 * stderr, on a bad date. */
bool rb_front_as_of(struct rb_build *b);
/* rb_front_as_of, load the book with each runbook read through r, and run
 * the built-in checks. Returns false when the book could not be read at
 * all (or the date is bad); per-file problems are diagnostics. */
bool rb_front_load(struct rb_build *b, const struct rb_reader *r);
/* rb_front_load for the commands whose output needs the model but no
 * parse trees (alerts, stale, dump): each runbook's tree is freed as soon
 * as it is read. When the book cannot be read, prints its diagnostics on
 * stderr and returns false (the caller exits RB_EXIT_USAGE). */
bool rb_front_load_lean(struct rb_build *b);
/* Write a command's report to stdout and flush it; false, after a message
 * on stderr, when it cannot (a full disk, a closed pipe). */
bool rb_front_write_report(const struct rb_buf *out);

#endif
