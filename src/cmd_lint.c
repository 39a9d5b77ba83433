/* cmd_lint.c: `rbc lint`. Not built yet: see the issue tracker. */
#include "cli.h"
#include <stdio.h>

int rb_cmd_lint(struct rb_build *b)
{
	(void)b;
	fputs("rbc: 'lint' is not implemented yet\n", stderr);
	return RB_EXIT_USAGE;
}
