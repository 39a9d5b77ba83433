/* limits.h: cheap guards run on a runbook's Markdown before cmark-gfm sees
 * it. Debian's cmark-gfm 0.29 is quadratic on some inputs (thousands of
 * unclosed image brackets, "www._" autolinks, very wide tables, emphasis in
 * deep quotes); these are refused up front with a limit error at file:line
 * rather than parsed for seconds. The limits sit far above any real runbook. */
#ifndef RB_LIMITS_H
#define RB_LIMITS_H
#include "build.h"

#define RB_MAX_BRACKETS_PER_BLOCK  5000   /* '[' in one paragraph */
#define RB_MAX_WWW_PER_BLOCK       2000   /* "www." in one paragraph */
#define RB_MAX_TABLE_CELLS        20000   /* '|' in one block */

/* Scan rb->body; false (with a diagnostic) when it is beyond a limit. */
bool rb_limits_check_markdown(struct rb_build *b, const struct rb_runbook *rb);

#endif
