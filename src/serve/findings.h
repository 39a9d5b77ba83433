/* findings.h: what the overlay of `rbc serve` and its terminal show: the
 * diagnostics of the last build and the findings of the last lint of the
 * book (`rbc lint --format json`, whose Lua rules the build does not
 * run), as one list without repeats. A list owns its strings. */
#ifndef RB_FINDINGS_H
#define RB_FINDINGS_H
#include "base/arena.h"
#include "model/diag.h"

struct rb_findings {
	struct rb_arena arena;     /* every string of list */
	struct rb_diags list;      /* message holds "message: detail"; detail NULL */
};

/* An empty list. */
void rb_findings_init(struct rb_findings *f);
/* Empty f and free what it holds. */
void rb_findings_free(struct rb_findings *f);
/* Replace f with a copy of the warnings and errors of b's diagnostics. */
void rb_findings_from_build(struct rb_findings *f, const struct rb_build *b);
/* Replace f with the warnings and errors of `rbc lint --format json`
 * output (text, n bytes); false, f empty, when it is not such output. */
bool rb_findings_from_lint(struct rb_findings *f, const char *text, size_t n);
/* Does f hold a finding equal to d (file, line, col, level, rule, message)? */
bool rb_findings_has(const struct rb_findings *f, const struct rb_diag *d);
/* Drop from f the findings that of holds. */
void rb_findings_drop(struct rb_findings *f, const struct rb_findings *of);
/* Print to out, in the order of f, each finding of f that seen does not
 * hold (seen may be NULL); colour as rb_diag_print. */
void rb_findings_print(const struct rb_findings *f, const struct rb_findings *seen, FILE *out, bool color);
/* The overlay's state as one line of JSON, malloc'd:
 * {"ok":OK,"errors":N,"warnings":N,"items":[{file,line,col,level,message,rule},...]}
 * with the items of a and then those of b that a does not hold. */
char *rb_findings_json(bool ok, const struct rb_findings *a, const struct rb_findings *b);

#endif
