/* cmd_build.c: `rbc build BOOK -o OUT`, the publishing job: the engine
 * (build_engine.h) builds, this prints what it found. */
#include "cli/build_engine.h"
#include "cli/cli.h"
#include <stdio.h>

int rb_build_site(struct rb_build *b, const char *out)
{
	return rb_build_engine_run(b, out, NULL, NULL);
}

int rb_cmd_build(struct rb_build *b)
{
	if (!b->opt.out) {
		fputs("rbc: 'rbc build' needs an output folder: -o OUT\nTry 'rbc help build'.\n", stderr);
		return RB_EXIT_USAGE;
	}
	int code = rb_build_site(b, b->opt.out);
	rb_diag_print_all(b, stderr);
	return code;
}
