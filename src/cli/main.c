/* main.c: argv → options → one subcommand; the exit status is the worst
 * diagnostic level (0 clean, 1 errors, 2 usage or I/O failure). */
#include "cli/cli.h"
#include "parse/parse.h"
#include <stdio.h>

int main(int argc, char **argv)
{
	struct rb_build b;
	int code;
	rb_parse_init();
	rb_build_init(&b);
	const struct rb_subcommand *cmd = rb_cli_parse(&b, argc, argv, &code);
	if (cmd)
		code = cmd->run(&b);
	rb_build_free(&b);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("rbc: writing standard output");
		return RB_EXIT_USAGE;
	}
	return code;
}
