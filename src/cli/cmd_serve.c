/* cmd_serve.c: `rbc serve [BOOK]`: the serve loop (serve/serve.h) with
 * the engine of `rbc build` (build_engine.h) as its build, which also says
 * which files each rebuild changed, and `rbc lint BOOK --format json` (this
 * very program, with the same options) as the lint after each build, so
 * the overlay shows what `rbc lint` would: the same rules, rbc.yaml
 * settings and lint cache. */
#include "cli/build_engine.h"
#include "cli/cli.h"
#include "base/buf.h"
#include "read/meta.h"
#include "serve/serve.h"
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

/* Serve's budget for full reads kept from the load to the render of a
 * build (build_engine.h): the process lives on, and its peak memory is
 * what an author's machine gives up while writing; the first build reads
 * the runbooks past it twice, and the next ones read only what changed. */
#define SERVE_KEEP_READS_MB 8

/* The lint command serve runs: argv of `rbc lint --format json` with the
 * options of opt that lint shares (strings in a, which the caller frees).
 * NULL when rbc cannot find its own program file. */
static char **lint_argv(const struct rb_options *opt, struct rb_arena *a)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	char **v = rb_arena_alloc(a, 16 * sizeof *v);
	size_t i = 0;
	v[i++] = rb_arena_strdup(a, exe);
	v[i++] = "lint";
	v[i++] = "--format=json";
	v[i++] = "-q";
	if (opt->as_of)
		v[i++] = rb_arena_printf(a, "--as-of=%s", opt->as_of);
	if (opt->strict)
		v[i++] = "--strict";
	if (opt->jobs)
		v[i++] = rb_arena_printf(a, "-j%d", opt->jobs);
	struct rb_buf lim;
	rb_buf_init(&lim);
	for (int k = 0; k < RB_LUA_NLIMITS; k++)
		if (opt->lua_max[k])
			rb_buf_printf(&lim, "%s%s=%ld", lim.len ? "," : "", rb_meta_lua_name(k), opt->lua_max[k]);
	if (lim.len)
		v[i++] = rb_arena_printf(a, "--lua-limits=%s", rb_buf_cstr(&lim));
	rb_buf_free(&lim);
	v[i++] = "--";
	v[i++] = (char *)opt->book;
	v[i] = NULL;
	return v;
}

int rb_cmd_serve(struct rb_build *b)
{
	struct rb_serve_engine engine = {rb_build_engine_build, rb_build_engine_new(SERVE_KEEP_READS_MB),
					 lint_argv(&b->opt, &b->arena)};
	if (!engine.lint_argv)
		fputs("rbc: cannot find rbc's own program file; the pages show the build's diagnostics only\n", stderr);
	int code = rb_serve_run(&b->opt, &engine);
	rb_build_engine_free(engine.warm);
	return code;
}
