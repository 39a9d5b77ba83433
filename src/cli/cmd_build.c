/* cmd_build.c: `rbc build BOOK -o OUT`, the publishing job. Reads and
 * checks the book keeping only each runbook's summary (summary.h), then
 * writes every output into a temporary folder that replaces OUT only when
 * all of it was written. The whole book's pages come from the summaries;
 * each runbook's own outputs (its model.json entry, step scripts, page and
 * handbook chapter) from a fresh full read of its file, one runbook at a
 * time, freed before the next: memory holds the summaries and one runbook. */
#include "lint/check.h"
#include "cli/cli.h"
#include "render/dump.h"
#include "read/load.h"
#include "render/output.h"
#include "render/render_html.h"
#include "parse/parse.h"
#include "render/render_print.h"
#include "render/render_script.h"
#include <stdio.h>

/* Every writer of the build, open across the runbooks. */
struct writers {
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
	scratch->shed = scratch->drop_docs = false;
	char *path = rb_arena_printf(&scratch->arena, "%s/%s", b->book.root, sum->path);
	struct rb_runbook *rb = rb_load_runbook(scratch, path, sum->path, sum->file);
	if (rb && rb->source_hash == sum->source_hash)
		return rb;
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

/* Every output of the build into o; false when any of them failed. */
static bool write_outputs(struct rb_build *b, struct rb_output *o)
{
	struct writers w = {0};
	bool ok = open_writers(b, o, &w);
	for (size_t i = 0; ok && i < b->book.nrunbooks; i++)
		ok = render_runbook(b, o, &w, i);
	return close_writers(&w, ok) && ok;
}

int rb_build_site(struct rb_build *b, const char *out)
{
	b->drop_docs = b->shed = true;   /* runbooks are read again one at a time */
	if (!rb_check_load(b))
		return RB_EXIT_USAGE;
	int code = rb_check_exit(b);
	if (code != RB_EXIT_OK)
		return code;
	struct rb_output *o = rb_output_open(b, out);
	if (!o)
		return RB_EXIT_USAGE;
	if (!write_outputs(b, o)) {
		rb_output_abort(o);
		return RB_EXIT_USAGE;
	}
	return rb_output_commit(o) ? RB_EXIT_OK : RB_EXIT_USAGE;
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
