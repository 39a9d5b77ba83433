/* build_engine.c: `rbc build`'s engine (build_engine.h). Reads and checks
 * the book keeping only each runbook's summary (summary.h), then writes
 * every output into a temporary folder that replaces OUT only when all of
 * it was written. The whole book's pages come from the summaries; each
 * runbook's own outputs (its model.json entry, step scripts, page and
 * handbook chapter) from a fresh full read of its file, one runbook at a
 * time, freed before the next: memory holds the summaries and one runbook.
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
#include "render/render_html.h"
#include "render/render_print.h"
#include "render/render_script.h"
#include "base/util.h"
#include <stdlib.h>


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

/* Read summary sum's file again in full into scratch (a child build whose
 * diagnostics are discarded with it: the first read reported them). NULL, with an
 * error on b, when the file is gone or its bytes changed since then. */
static struct rb_runbook *read_full(struct rb_build *b, struct rb_build *scratch, const struct rb_runbook *sum)
{
	rb_build_fork(b, scratch);
	char *path = rb_arena_printf(&scratch->arena, "%s/%s", b->book.root, sum->path);
	struct rb_runbook *rb = rb_parse_file(scratch, path, sum->path, sum->file);
	if (rb && rb->source_hash == sum->source_hash) {
		rb->id = sum->id;     /* the book may have made it unique by path (load.c) */
		return rb;
	}
	if (rb)
		rb_parse_free_doc(rb);
	rb_diag(b, RB_D_CHANGED, (struct rb_loc){sum->file, 0, 0}, NULL);
	return NULL;
}

/* Runbook i's own outputs, from a full read of its file put in the book
 * in place of its summary for the time it takes. */
static bool render_runbook(struct rb_build *b, struct rb_output *o, struct writers *w, size_t i)
{
	struct rb_runbook *sum = b->book.runbooks[i];
	struct rb_build scratch;
	struct rb_runbook *rb = read_full(b, &scratch, sum);
	bool ok = rb != NULL;
	if (rb) {
		b->book.runbooks[i] = rb;
		rb_dump_runbook(w->dump, rb);
		ok = rb_render_runbook_scripts(b, o, rb, w->commit, "scripts/");
		rb_site_runbook(w->site, i);
		rb_print_runbook(w->print, rb);
		b->book.runbooks[i] = sum;
		rb_parse_free_doc(rb);
	}
	rb_build_discard(&scratch);
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

/* Runbook i's outputs as the last build made them, when its unit key is
 * the one recorded: its parts of the joined files copied from the old
 * OUT, its page and scripts kept. False when it must be rendered. */
static bool unit_reuse(struct rb_build *b, struct rb_build_cache *c, struct writers *w, size_t i)
{
	char *part[RB_BUILD_CACHE_NJOINED];
	size_t len[RB_BUILD_CACHE_NJOINED];
	if (!rb_build_cache_unit_parts(b, c, i, part, len))
		return false;
	const struct rb_runbook *rb = b->book.runbooks[i];
	struct unit_at at;
	unit_mark(w, &at, false);
	rb_dump_replay(w->dump, part[0], len[0]);
	for (size_t s = 0; s < rb->nscenarios; s++)
		(void)rb_output_keep(w->o, rb_scenario_script_path(&b->arena, &rb->scenarios[s], "scripts/"));
	(void)rb_site_runbook_kept(w->site, i, part[1], len[1]);
	rb_print_replay(w->print, part[2], len[2]);
	unit_mark(w, &at, true);
	rb_build_cache_unit_record(b, c, i, at.at, at.end);
	for (int j = 0; j < RB_BUILD_CACHE_NJOINED; j++)
		free(part[j]);
	return true;   /* kept or written: rb_output_keep reports its own errors */
}

/* Every output of the build into o; false when any of them failed. */
static bool write_outputs(struct rb_build *b, struct rb_output *o, struct rb_build_cache *c)
{
	struct writers w = {0};
	bool ok = open_writers(b, o, &w);
	if (ok)
		rb_build_cache_context(b, c);
	for (size_t i = 0; ok && i < b->book.nrunbooks; i++) {
		struct unit_at at;
		if (unit_reuse(b, c, &w, i))
			continue;
		unit_mark(&w, &at, false);
		size_t ndiags = b->diags.n;
		ok = render_runbook(b, o, &w, i);
		unit_mark(&w, &at, true);
		if (ok && b->diags.n == ndiags)
			rb_build_cache_unit_record(b, c, i, at.at, at.end);   /* a unit that said something is made again */
	}
	return close_writers(&w, ok) && ok;
}

/* The build itself, after the cache had nothing to give. */
static int build(struct rb_build *b, struct rb_build_cache *c)
{
	/* keep only summaries: runbooks are read again one at a time */
	struct rb_parse_file_keep keep;
	rb_parse_file_keep_init(&keep);
	struct rb_reader summary = {rb_parse_file_summary, rb_parse_file_lean, &keep};
	bool loaded = rb_load_book(b, &summary);
	rb_parse_file_keep_end(&keep, b);
	if (!loaded)
		return RB_EXIT_USAGE;
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
	if (!write_outputs(b, o, c)) {
		rb_output_abort(o);
		return RB_EXIT_USAGE;
	}
	return rb_output_commit(o) ? RB_EXIT_OK : RB_EXIT_USAGE;
}

int rb_build_engine_run(struct rb_build *b, const char *out, void (*changed)(void *ctx, const char *rel),
			void *ctx)
{
	if (!rb_front_as_of(b))
		return RB_EXIT_USAGE;
	struct rb_build_cache c;
	rb_build_cache_open(b, &c, out, changed, ctx);
	int code = c.dir ? rb_build_cache_replay(b, &c) : -1;
	if (code < 0) {
		code = build(b, &c);
		rb_build_cache_finish(b, &c, code);
	}
	rb_build_cache_free(&c);
	return code;
}
