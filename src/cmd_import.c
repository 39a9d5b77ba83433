/* cmd_import.c: `rbc import`. Not built yet: see the issue tracker. */
#include "cli.h"
#include <stdio.h>

int rb_cmd_import(struct rb_build *b)
{
	(void)b;
	fputs("rbc: 'import' is not implemented yet\n", stderr);
	return RB_EXIT_USAGE;
}
