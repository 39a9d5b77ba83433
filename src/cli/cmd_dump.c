/* cmd_dump.c: `rbc dump [BOOK]`: the book's model as indented JSON on
 * stdout (the writer is render/dump.c), its diagnostics on stderr. Exit 0
 * clean, 1 on errors, 2 when the book cannot be read. */
#include "cli/cli.h"
#include "cli/front.h"
#include "parse/parse_file.h"
#include "render/dump.h"
#include <stdio.h>

/* put for rbc dump: standard output. */
static void put_stdout(void *ctx, const char *text, size_t len)
{
	fwrite(text, 1, len, ctx);
}

int rb_cmd_dump(struct rb_build *b)
{
	/* the JSON needs no parse trees: bounded memory */
	struct rb_reader lean = {rb_parse_file_lean, rb_parse_file_lean, NULL};
	if (!rb_front_load(b, &lean)) {
		rb_diag_print_all(b, stderr);
		return RB_EXIT_USAGE;
	}
	rb_dump_model(b, 2, NULL, put_stdout, stdout);
	fputc('\n', stdout);
	rb_diag_print_all(b, stderr);
	return rb_diag_exit(b);
}
