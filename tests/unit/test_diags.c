/* test_diags.c: struct rb_diags, a build's own list of diagnostics
 * (diag.h), works without a build: push numbers and tracks the worst
 * level, append moves a child's list in order, and the exit status is
 * the worst level's. */
#include "harness.h"
#include "model/diag.h"

/* A diagnostic at line with level. */
static struct rb_diag at(unsigned line, enum rb_level level)
{
	return (struct rb_diag){.code = RB_D_IO, .level = level, .id = "io", .loc = {"f.md", line, 1},
				.message = "m"};
}

UNIT_SUITE(test_diags)
static void test_diags(void)
{
	struct rb_diags l, child;
	rb_diags_init(&l);
	rb_diags_init(&child);
	OK("diags/empty-exit-ok", !l.any && l.worst == RB_NOTE && rb_diags_exit(&l) == RB_EXIT_OK);
	rb_diags_push(&l, at(9, RB_WARNING));
	OK("diags/warning-exit-ok", l.any && l.worst == RB_WARNING && rb_diags_exit(&l) == RB_EXIT_OK);
	rb_diags_push(&child, at(3, RB_ERROR));
	rb_diags_push(&child, at(1, RB_NOTE));
	rb_diags_append(&l, &child);
	OK("diags/append-empties-child", child.n == 0 && !child.v && !child.any);
	OK("diags/append-in-order", l.n == 3 && l.v[1].loc.line == 3 && l.v[2].loc.line == 1 &&
	   l.v[0].seq == 0 && l.v[1].seq == 1 && l.v[2].seq == 2);
	OK("diags/worst-is-error", l.worst == RB_ERROR && rb_diags_exit(&l) == RB_EXIT_FINDINGS);
	OK("diags/count", rb_diags_count(&l, RB_ERROR) == 1 && rb_diags_count(&l, RB_NOTE) == 1);
	rb_diags_sort(&l);
	OK("diags/sort-by-line", l.v[0].loc.line == 1 && l.v[1].loc.line == 3 && l.v[2].loc.line == 9);
	rb_diags_free(&l);
	OK("diags/free-empties", l.n == 0 && !l.v && l.worst == RB_NOTE);
}
