/* cmd_serve.c: `rbc serve [BOOK]`: the serve loop (serve/serve.h) with
 * the build of `rbc build` (rb_build_site) as its build. */
#include "cli/cli.h"
#include "serve/serve.h"

int rb_cmd_serve(struct rb_build *b)
{
	return rb_serve_run(&b->opt, rb_build_site);
}
