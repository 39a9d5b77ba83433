/* cmd_serve.c: `rbc serve [BOOK]`: the serve loop (serve/serve.h) with
 * the engine of `rbc build` (build_engine.h) as its build, which also says
 * which files each rebuild changed. */
#include "cli/build_engine.h"
#include "cli/cli.h"
#include "serve/serve.h"

int rb_cmd_serve(struct rb_build *b)
{
	return rb_serve_run(&b->opt, rb_build_engine_run);
}
