/* lint_filter.h: which findings `rbc lint` reports: FILE operands and
 * the --baseline file. */
#ifndef RB_LINT_FILTER_H
#define RB_LINT_FILTER_H
#include "model/build.h"
#include "lint/rules.h"

/* Keep only diagnostics on b->opt.files (all when none are given), as
 * rb_lint_file_selected decides. */
void rb_lint_filter_files(struct rb_build *b);
/* --baseline FILE: absent, write today's findings there and drop them all
 * (exit 0); present, drop the findings it lists. Returns an exit status:
 * RB_EXIT_OK to go on, RB_EXIT_USAGE when the file cannot be read or written. */
int rb_lint_baseline(struct rb_build *b);
/* Rewrite the FILE operands relative to the book folder (a folder FILE
 * ends in '/'), so that "x.md", "BOOK/x.md", "./BOOK/x.md" and an absolute
 * path all name the same file. False, with a message, when a FILE does
 * not exist or is not inside the book folder: either could only ever
 * select nothing, and lint would pass having checked nothing. */
bool rb_lint_resolve_files(struct rb_build *b);
/* Does a file (as shown in diagnostics) name one of the FILE operands? */
bool rb_lint_file_selected(const struct rb_build *b, const char *file);
/* Drop the findings that rbc-ignore comments silence, and warn about
 * comments naming a rule that is neither a Lua rule nor a built-in check. */
void rb_lint_apply_ignores(struct rb_build *b, const struct rb_rule_info *rules, size_t nrules);
/* The finding's whole message: message, ": detail" when there is one. */
const char *rb_lint_message(struct rb_build *b, const struct rb_diag *d);

#endif
