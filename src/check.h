/* check.h: built-in structural checks that need the whole book: links and
 * mentions, titles, scenarios. Lua rules (rules.c) run after these. */
#ifndef RB_CHECK_H
#define RB_CHECK_H
#include "build.h"

/* Resolve every link and contact mention, and check each runbook's shape.
 * Records diagnostics; returns nothing. */
void rb_check_book(struct rb_build *b);
/* Resolve the as-of date from --as-of or today; false on a bad date. */
bool rb_check_as_of(struct rb_build *b);
/* Load the book and run the built-in checks: the common front of every
 * command. Returns false when the book could not be read at all. */
bool rb_check_load(struct rb_build *b);
/* Exit status for the diagnostics so far: 0, or 1 when any error. */
int rb_check_exit(const struct rb_build *b);

#endif
