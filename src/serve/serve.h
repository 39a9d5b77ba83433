/* serve.h: `rbc serve`, the build kept warm in one process. It builds the
 * book into a private folder, serves that folder over HTTP (http.h),
 * watches the book (watch.h) and rebuilds about 50 ms after the last
 * change whose bytes differ; pages that a rebuild changed are told to
 * reload, and a failed build leaves the last good site served with its
 * diagnostics in an overlay (events.h). After each build the book is
 * linted in a child process (lint_child.h), so the overlay also shows the
 * findings of its Lua rules. The build and the lint command come from the
 * command (cli/), so serve stands on them and never the reverse. */
#ifndef RB_SERVE_H
#define RB_SERVE_H
#include "model/build.h"

struct rb_build_engine;

/* One build of the book into folder out, on a fresh b whose options are
 * set, by the engine warm (what it keeps between builds); leaves its
 * diagnostics on b and returns the exit status. After a good build it
 * calls changed(ctx, rel) for every path of out whose bytes changed,
 * appeared or went (the engine's contract, cli/build_engine.h). */
typedef int (*rb_serve_build_fn)(struct rb_build_engine *warm, struct rb_build *b, const char *out,
				 void (*changed)(void *ctx, const char *rel), void *ctx);

/* What serve runs: the build, and the lint after it. */
struct rb_serve_engine {
	rb_serve_build_fn build;
	struct rb_build_engine *warm;   /* the build's own state, kept between builds */
	/* argv of a command that prints the book's findings as `rbc lint
	 * --format json` does (exit 0 or 1); NULL: no lint */
	char *const *lint_argv;
};

/* Serve until SIGINT or SIGTERM, then remove the private folder (what rbc
 * wrote in it) and return 0; 2 when serving could not start (a bad --bind
 * or a busy port is found before anything is built). opt holds the
 * command's options (book, serve_bind, serve_port, serve_poll_ms,
 * serve_open, quiet and every option of the build). */
int rb_serve_run(const struct rb_options *opt, const struct rb_serve_engine *engine);

#endif
