/* build_engine.c: `rbc build`'s engine (build_engine.h). Reads and checks
 * the book keeping only each runbook's summary (summary.h), then writes
 * every output into a temporary folder that replaces OUT only when all of
 * it was written. The whole book's pages come from the summaries; each
 * runbook's own outputs (its model.json entry, step scripts, page, search
 * entries and handbook chapter) from a fresh full read of its file, made
 * into buffers on the thread pool (-j workers, each in its own child
 * build) and joined in book order on this thread, so the output is the
 * same for any -j. At most 2 x -j runbooks are in flight: memory holds
 * the summaries and those runbooks.
 *
 * The build cache (build_cache.h) answers a rebuild with nothing changed
 * from the last build's state, and gives back the outputs of each
 * runbook whose unit key did not change (early cutoff): its page and
 * step scripts are kept from the old OUT (hard links), and its parts of
 * model.json, the search index and the handbook are copied in. */
#include "cli/build_engine.h"
#include "cli/build_cache.h"
#include "lint/drills.h"
#include "cli/cli.h"
#include "cli/front.h"
#include "lint/check.h"
#include "parse/parse.h"
#include "parse/parse_file.h"
#include "read/load.h"
#include "render/dump.h"
#include "render/output.h"
#include "render/html_check.h"
#include "render/render_html.h"
#include "render/render_print.h"
#include "render/render_script.h"
#include "render/template.h"
#include "base/pool.h"
#include "base/util.h"
#include <stdlib.h>
#include <string.h>


/* Every writer of the build, open across the runbooks. */
struct writers {
	struct rb_output *o;
	struct rb_output_file *model;
	struct rb_dump *dump;
	const char *commit;          /* the book's git commit, for the scripts */
	struct rb_site *site;
	struct rb_print *print;
};

/* Append text to the model file (ctx). */
static void put_model(void *ctx, const char *text, size_t len)
{
	rb_output_append(ctx, text, len);
}

/* Open every writer: model.json is compact JSON with book-relative file
 * names (the output names no folder of the machine that built it). False
 * when the site or handbook cannot start (their diagnostics say why). */
static bool open_writers(struct rb_build *b, struct rb_output *o, struct writers *w)
{
	w->o = o;
	w->model = rb_output_open_file(o, "model.json", 0644);
	w->dump = rb_dump_begin(b, 0, b->book.root, put_model, w->model);
	w->commit = rb_script_commit(b);
	w->site = rb_site_begin(b, o);
	w->print = w->site ? rb_print_begin(b, o, w->commit) : NULL;
	return w->site && w->print;
}

/* Close every writer; true when all of them wrote their files. complete:
 * every runbook was rendered; if not, the site stops where it is (its
 * book-wide pages would link to the pages missing). */
static bool close_writers(struct writers *w, bool complete)
{
	rb_dump_end(w->dump);
	bool ok = rb_output_close_file(w->model);
	ok = (!w->site || rb_site_end(w->site, complete)) && ok;
	ok = (!w->print || rb_print_end(w->print)) && ok;
	return ok;
}

/* --- early cutoff: a runbook's outputs kept from the last build --- */

/* Where a runbook's parts begin (or end) in the joined files. */
struct unit_at {
	size_t at[RB_BUILD_CACHE_NJOINED], end[RB_BUILD_CACHE_NJOINED];
};

/* Where the joined files are now: where a runbook's parts begin, or end. */
static void unit_mark(struct writers *w, struct unit_at *at, bool end)
{
	size_t *v = end ? at->end : at->at;
	rb_dump_flush(w->dump);
	v[0] = rb_output_file_size(w->model);
	v[1] = rb_site_search_offset(w->site);
	v[2] = rb_print_offset(w->print);
}

/* Runbook i's outputs as the last build made them (part[]: where its
 * parts of the joined files are in the old OUT): the parts copied in
 * file to file, its page and scripts kept. */
static void unit_reuse(struct rb_build *b, struct rb_build_cache *c, struct writers *w, size_t i,
		       const struct rb_output_range part[RB_BUILD_CACHE_NJOINED])
{
	const struct rb_runbook *rb = b->book.runbooks[i];
	struct unit_at at;
	unit_mark(w, &at, false);
	struct rb_output_copy model = {w->model, &part[0]};
	rb_dump_replay_by(w->dump, part[0].len, rb_output_put_range, &model);
	for (size_t s = 0; s < rb->nscenarios; s++)
		(void)rb_output_keep(w->o, rb_scenario_script_path(&b->arena, &rb->scenarios[s], "scripts/"));
	size_t check_len = 0;
	const char *check = rb_build_cache_check(c, i, &check_len);   /* NULL: the page is parsed */
	(void)rb_site_runbook_kept(w->site, i, &part[1], check, check_len);
	rb_print_replay_range(w->print, &part[2]);
	unit_mark(w, &at, true);
	rb_build_cache_unit_record(b, c, i, at.at, at.end);   /* kept or written: rb_output_keep reports its own errors */
}

/* --- the runbooks' own outputs, made on the thread pool --- */

/* One runbook's own outputs, made on a worker and joined in book order:
 * its parts kept from the old OUT, or a full read of its file rendered
 * into buffers. */
struct unit {
	bool reused;              /* part[] says where its parts are in the old OUT */
	struct rb_output_range part[RB_BUILD_CACHE_NJOINED];
	bool forked, changed;     /* wb was forked; the file changed since the first read */
	struct rb_parse_file_kept kept;   /* the first read, when it was kept */
	bool scripts_ok, site_ok; /* every script made; the page made */
	struct rb_build wb;       /* the full read, the values, the diagnostics */
	size_t nread;             /* wb's diagnostics of the read: the first read gave them */
	struct rb_buf model, search, page, print;
	struct rb_buf *scripts;   /* per scenario */
	const char **script_rel;  /* per scenario, in wb's arena */
	size_t nscripts;
};

/* The pipeline of one build's runbooks (rb_pool_run_ordered's ctx). */
struct pipeline {
	struct rb_build *b;
	struct rb_build base;     /* what units fork from: b as it was when they
				     began (b itself goes on changing) */
	struct rb_site *site;     /* the site as it was then (rb_site_snapshot) */
	struct rb_build_cache *c;
	struct writers *w;
	struct rb_parse_file_keep *keep;   /* the full reads the load kept */
	struct unit *units;       /* runbook i is in units[i % window] */
	size_t window;
	struct rb_runbook ***views;   /* per worker: the book's runbooks, its
				     own full read in the slot of the one it renders */
	bool ok;
};

/* Runbook i's outputs from a full read of its file into u (worker
 * number worker): the read goes in the worker's view of the book in
 * place of the summary for the time it takes, as the renderers look
 * runbooks up in the book. */
static void render_unit(struct pipeline *p, struct unit *u, size_t i, int worker)
{
	const struct rb_build *b = &p->base;   /* read only: b goes on changing */
	struct rb_runbook *sum = b->book.runbooks[i];
	rb_build_fork(b, &u->wb);
	u->forked = true;
	struct rb_runbook *rb;
	if (rb_parse_file_keep_take(p->keep, sum->path, &u->kept)) {
		rb = u->kept.rb;   /* read once: the load kept it */
	} else {
		char *path = rb_arena_printf(&u->wb.arena, "%s/%s", b->book.root, sum->path);
		rb = rb_parse_file(&u->wb, path, sum->path, sum->file);
	}
	if (!rb || rb->source_hash != sum->source_hash) {
		if (rb)
			rb_parse_free_doc(rb);
		u->changed = true;
		return;
	}
	rb->id = sum->id;     /* the book may have made it unique by path (load.c) */
	u->nread = u->wb.diags.n;
	if (!p->views[worker]) {
		p->views[worker] = rb_xmalloc((b->book.nrunbooks + 1) * sizeof *p->views[worker]);
		memcpy(p->views[worker], b->book.runbooks, b->book.nrunbooks * sizeof *p->views[worker]);
	}
	struct rb_runbook **view = p->views[worker];
	view[i] = rb;
	u->wb.book.runbooks = view;
	rb_dump_runbook_text(&u->wb, 0, b->book.root, rb, i == 0, &u->model);
	u->nscripts = rb->nscenarios;
	u->scripts = rb_xcalloc(u->nscripts + 1, sizeof *u->scripts);
	u->script_rel = rb_arena_alloc(&u->wb.arena, (u->nscripts + 1) * sizeof *u->script_rel);
	u->scripts_ok = true;
	for (size_t s = 0; s < rb->nscenarios; s++) {
		rb_buf_init(&u->scripts[s]);
		u->script_rel[s] = rb_scenario_script_path(&u->wb.arena, &rb->scenarios[s], "scripts/");
		if (!rb_render_script(&u->wb, &rb->scenarios[s], p->w->commit, &u->scripts[s]))
			u->scripts_ok = false, u->script_rel[s] = NULL;
	}
	u->site_ok = rb_site_runbook_text(p->site, &u->wb, i, rb, &u->search, &u->page);
	rb_print_runbook_text(&u->wb, rb, &u->print);
	view[i] = sum;
	rb_parse_free_doc(rb);
	u->kept.rb = NULL;
}

/* rb_pool_run_ordered's task: runbook i's outputs into its unit, kept
 * from the last build when its unit key allows, else rendered. */
static void unit_task(void *ctx, size_t i, int worker)
{
	struct pipeline *p = ctx;
	struct unit *u = &p->units[i % p->window];
	*u = (struct unit){0};
	rb_buf_init(&u->model), rb_buf_init(&u->search), rb_buf_init(&u->page), rb_buf_init(&u->print);
	u->reused = rb_build_cache_unit_parts(p->b, p->c, i, u->part);
	if (!u->reused)
		render_unit(p, u, i, worker);
}

/* Free what unit u holds. */
static void unit_free(struct unit *u)
{
	for (size_t s = 0; s < u->nscripts; s++)
		rb_buf_free(&u->scripts[s]);
	free(u->scripts);
	rb_buf_free(&u->model), rb_buf_free(&u->search), rb_buf_free(&u->page), rb_buf_free(&u->print);
	if (u->forked)
		rb_build_discard(&u->wb);
	if (u->kept.rb)
		rb_parse_free_doc(u->kept.rb);
	rb_arena_free(&u->kept.arena);
}

/* Put rendered unit u of runbook i in its place in OUT and the joined
 * files, and its diagnostics into the build; false on an error. */
static bool unit_put(struct pipeline *p, struct unit *u, size_t i)
{
	struct rb_build *b = p->b;
	struct writers *w = p->w;
	struct unit_at at;
	size_t ndiags = b->diags.n;
	unit_mark(w, &at, false);
	rb_dump_replay(w->dump, u->model.data, u->model.len);
	bool ok = u->scripts_ok;
	for (size_t s = 0; s < u->nscripts; s++)
		if (u->script_rel[s])
			ok = rb_output_write(w->o, u->script_rel[s], u->scripts[s].data, u->scripts[s].len, 0755) && ok;
	rb_site_runbook_put(w->site, i, u->search.data, u->search.len, &u->page, u->site_ok);
	rb_print_replay(w->print, u->print.data, u->print.len);
	unit_mark(w, &at, true);
	for (size_t d = u->nread; d < u->wb.diags.n; d++)
		rb_diag_add(b, &u->wb.diags.v[d]);
	if (ok && b->diags.n == ndiags)
		rb_build_cache_unit_record(b, p->c, i, at.at, at.end);   /* a unit that said something is made again */
	return ok;
}

/* rb_pool_run_ordered's join: runbook i's unit into the outputs, in book
 * order. False once the build has failed (the units still to come are
 * freed unused). */
static bool unit_join(void *ctx, size_t i)
{
	struct pipeline *p = ctx;
	struct unit *u = &p->units[i % p->window];
	if (p->ok && u->reused) {
		unit_reuse(p->b, p->c, p->w, i, u->part);
	} else if (p->ok && u->changed) {
		rb_diag(p->b, RB_D_CHANGED, (struct rb_loc){p->b->book.runbooks[i]->file, 0, 0}, NULL);
		p->ok = false;
	} else if (p->ok) {
		p->ok = unit_put(p, u, i);
	}
	unit_free(u);
	return p->ok;
}

/* Every output of the build into o; false when any of them failed. Each
 * runbook's own outputs are made on up to -j threads, at most 2 x -j
 * runbooks at a time, and joined in book order: the output is the same
 * for any -j. */
static bool write_outputs(struct rb_build *b, struct rb_output *o, struct rb_build_cache *c,
			  struct rb_parse_file_keep *keep)
{
	struct writers w = {0};
	bool ok = open_writers(b, o, &w);
	if (ok) {
		rb_build_cache_context(b, c);
		if (c->checks_open)   /* kept pages replay it; without a cache no page's record is held */
			rb_html_check_keep(rb_site_checker(w.site), rb_build_cache_check_keep, c);
		/* what the renderers only read from here on: made before any fork */
		rb_template_preload(b, "layout.html");
		rb_template_preload(b, "runbook.html");
		rb_template_preload(b, "partials/scenario-card.html");
		int jobs = b->opt.jobs ? b->opt.jobs : rb_pool_default_jobs();
		struct pipeline p = {.b = b, .c = c, .w = &w, .keep = keep, .window = 2 * (size_t)(jobs > 1 ? jobs : 1), .ok = true};
		p.units = rb_xcalloc(p.window, sizeof *p.units);
		p.views = rb_xcalloc((size_t)(jobs > 1 ? jobs : 1), sizeof *p.views);
		rb_build_fork(b, &p.base);
		p.site = rb_site_snapshot(w.site);
		rb_pool_run_ordered(jobs, b->book.nrunbooks, p.window, unit_task, unit_join, &p);
		rb_site_snapshot_free(p.site);
		rb_build_discard(&p.base);
		for (int t = 0; t < (jobs > 1 ? jobs : 1); t++)
			free(p.views[t]);
		free(p.views);
		free(p.units);
		ok = p.ok;
	}
	return close_writers(&w, ok) && ok;
}

/* Memory for full reads kept from the load to the render, so that those
 * runbooks are read once (doc/cache.md): the default, and the variable
 * that sets it in MB (0: every runbook is read twice). The default keeps
 * the 10,000-runbook build under 256 MB; the rest are read again. */
#define KEEP_READS_MB 48
#define KEEP_READS_ENV "RBC_KEEP_READS_MB"

/* The budget for kept full reads, in bytes: the variable's, else def MB. */
static size_t keep_reads_bytes(unsigned long def)
{
	const char *v = getenv(KEEP_READS_ENV);
	char *end;
	unsigned long mb = v && *v ? strtoul(v, &end, 10) : def;
	if (v && *v && (*end || mb > (1UL << 20)))
		mb = def;   /* not a number of MB: the default */
	return (size_t)mb << 20;
}

/* What a warm engine keeps between its builds. */
struct rb_build_engine {
	unsigned keep_reads_mb;
	struct rb_build_cache_warm warm;
};

/* The build once the book is read (keep holds the full reads kept). */
static int build_read(struct rb_build *b, struct rb_build_cache *c, struct rb_parse_file_keep *keep)
{
	rb_check_book(b);
	b->drills = rb_drills_of_book(b, NULL, -1);   /* rbc.yaml drills: {runs:}: measured RTOs on the site */
	if (b->book.config.drill_runs.s && !b->drills)
		return RB_EXIT_USAGE;
	int code = rb_diag_exit(b);
	if (code != RB_EXIT_OK)
		return code;
	struct rb_output *o = rb_output_open(b, c->out);
	if (!o)
		return RB_EXIT_USAGE;
	rb_build_cache_output(c, o);
	if (!write_outputs(b, o, c, keep)) {
		rb_output_abort(o);
		return RB_EXIT_USAGE;
	}
	if (!rb_output_commit(o))
		return RB_EXIT_USAGE;
	rb_build_cache_published(c);
	return RB_EXIT_OK;
}

/* The build itself, after the cache had nothing to give (e: the warm
 * engine, or NULL). */
static int build(struct rb_build_engine *e, struct rb_build *b, struct rb_build_cache *c)
{
	/* keep the summaries, and the full reads while the budget lasts:
	 * the other runbooks are read again when they are rendered */
	struct rb_parse_file_keep keep;
	rb_parse_file_keep_init(&keep);
	rb_parse_file_keep_full(&keep, keep_reads_bytes(e ? e->keep_reads_mb : KEEP_READS_MB));
	struct rb_reader summary = rb_build_cache_reader(c, &keep);   /* summaries kept from the last build */
	bool loaded = rb_load_book(b, &summary);
	rb_parse_file_keep_end(&keep, b);
	int code = loaded ? build_read(b, c, &keep) : RB_EXIT_USAGE;
	rb_parse_file_keep_free(&keep);
	return code;
}

int rb_build_engine_build(struct rb_build_engine *e, struct rb_build *b, const char *out,
			  void (*changed)(void *ctx, const char *rel), void *ctx)
{
	if (!rb_front_as_of(b))
		return RB_EXIT_USAGE;
	struct rb_build_cache c;
	rb_build_cache_open(b, &c, out, changed, ctx);
	c.warm = e ? &e->warm : NULL;
	int code = c.dir ? rb_build_cache_replay(b, &c) : -1;
	if (code < 0) {
		code = build(e, b, &c);
		rb_build_cache_finish(b, &c, code);
	}
	rb_build_cache_free(&c);
	return code;
}

int rb_build_engine_run(struct rb_build *b, const char *out, void (*changed)(void *ctx, const char *rel),
			void *ctx)
{
	return rb_build_engine_build(NULL, b, out, changed, ctx);
}

struct rb_build_engine *rb_build_engine_new(unsigned keep_reads_mb)
{
	struct rb_build_engine *e = rb_xcalloc(1, sizeof *e);
	e->keep_reads_mb = keep_reads_mb;
	return e;
}

void rb_build_engine_free(struct rb_build_engine *e)
{
	if (!e)
		return;
	rb_build_cache_warm_free(&e->warm);
	free(e);
}
