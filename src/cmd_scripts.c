/* cmd_scripts.c: `rbc scripts`. Not built yet: see the issue tracker. */
#include "cli.h"
#include <stdio.h>

int rb_cmd_scripts(struct rb_build *b)
{
	(void)b;
	fputs("rbc: 'scripts' is not implemented yet\n", stderr);
	return RB_EXIT_USAGE;
}
