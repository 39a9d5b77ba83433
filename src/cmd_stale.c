/* cmd_stale.c: `rbc stale`. Not built yet: see the issue tracker. */
#include "cli.h"
#include <stdio.h>

int rb_cmd_stale(struct rb_build *b)
{
	(void)b;
	fputs("rbc: 'stale' is not implemented yet\n", stderr);
	return RB_EXIT_USAGE;
}
