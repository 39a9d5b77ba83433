/* diag_wire.h: a compact, length-prefixed encoding of numbers, strings
 * and diagnostics, for what rbc hands itself: the rule shards' findings
 * through their pipes (lint/rules_run.c) and the lint cache's results
 * (lint/lint_cache.c). A number is decimal digits ended by ';' ('-' first
 * when negative); a string is "LEN:bytes" and a NUL, or '-' for NULL (so
 * a string can be used where it lies in the text). Readers take
 * a cursor and the end of the text, and fail (false) on anything cut
 * short or malformed: the text may come from a damaged file. */
#ifndef RB_DIAG_WIRE_H
#define RB_DIAG_WIRE_H
#include "base/arena.h"
#include "base/buf.h"
#include "model/diag.h"
#include <stdbool.h>

/* Append n. */
void rb_wire_put_num(struct rb_buf *out, long n);
/* Append s (NULL allowed). */
void rb_wire_put_str(struct rb_buf *out, const char *s);
/* Read a number at *p (before end) into *n, moving *p past it. */
bool rb_wire_get_num(const char **p, const char *end, long *n);
/* Read a string at *p (before end) into *s (NULL for '-'): a copy in a,
 * or with a NULL, a pointer into the text itself, which must then
 * outlive *s. A string holding a NUL is malformed. */
bool rb_wire_get_str(struct rb_arena *a, const char **p, const char *end, const char **s);

/* Append d's code, level, id, file, line, column, message and detail. */
void rb_diag_wire_put(struct rb_buf *out, const struct rb_diag *d);
/* Read what rb_diag_wire_put wrote into *d (strings as rb_wire_get_str
 * gives them, a may be NULL); false when it
 * is malformed, names no file, or a code or level rbc does not have. */
bool rb_diag_wire_get(struct rb_arena *a, const char **p, const char *end, struct rb_diag *d);

#endif
