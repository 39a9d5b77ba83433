/* cmd_dump.c: `rbc dump [BOOK]`: the book's model as indented JSON on
 * stdout (the writer is render/dump.c), its diagnostics on stderr. Exit 0
 * clean, 1 on errors, 2 when the book cannot be read. */
#include "cli/cli.h"
#include "cli/front.h"
#include "render/dump.h"
#include <stdio.h>

/* put for rbc dump: standard output. */
static void put_stdout(void *ctx, const char *text, size_t len)
{
	fwrite(text, 1, len, ctx);
}

int rb_cmd_dump(struct rb_build *b)
{
	if (!rb_front_load_lean(b))
		return RB_EXIT_USAGE;
	rb_dump_model(b, 2, NULL, put_stdout, stdout);
	fputc('\n', stdout);
	rb_diag_print_all(b, stderr);
	return rb_diag_exit(b);
}
