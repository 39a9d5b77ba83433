/* cmd_build.c: `rbc build BOOK -o OUT`, the publishing job. Loads and
 * checks the book, then writes every output into a temporary folder that
 * replaces OUT only when all of it was written: OUT/model.json, the step
 * scripts (scripts/), the site (render_html.c) and the print handbook
 * (render_print.c, which frees each runbook's parse tree after use). */
#include "check.h"
#include "cli.h"
#include "dump.h"
#include "output.h"
#include "render_html.h"
#include "parse.h"
#include "render_print.h"
#include "render_script.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Append text to the model file (ctx). */
static void put_model(void *ctx, const char *text, size_t len)
{
	rb_output_append(ctx, text, len);
}

/* Write the model as compact JSON into the output, as it is made, with
 * book-relative file names (the output names no folder of the machine
 * that built it). */
static bool write_model(struct rb_build *b, struct rb_output *o)
{
	struct rb_output_file *f = rb_output_open_file(o, "model.json", 0644);
	rb_dump_model(b, 0, b->book.root, put_model, f);
	return rb_output_close_file(f);
}

/* The site's pages and the handbook, runbook by runbook: each runbook's
 * body is parsed again for its turn and its tree freed right after, so
 * memory holds one tree at a time (the load dropped them all). */
static bool render_pages(struct rb_build *b, struct rb_output *o)
{
	struct rb_site *site = rb_site_begin(b, o);
	struct rb_print *print = site ? rb_print_begin(b, o) : NULL;
	for (size_t i = 0; print && i < b->book.nrunbooks; i++) {
		struct rb_runbook *rb = b->book.runbooks[i];
		rb_parse_reload_doc(b, rb);
		rb_site_runbook(site, i);
		rb_print_runbook(print, rb);
		rb_parse_free_doc(rb);
	}
	bool ok = site && print;
	ok = (!site || rb_site_end(site)) && ok;
	ok = (!print || rb_print_end(print)) && ok;
	return ok;
}

int rb_cmd_build(struct rb_build *b)
{
	if (!b->opt.out) {
		fputs("rbc: 'rbc build' needs an output folder: -o OUT\nTry 'rbc help build'.\n", stderr);
		return RB_EXIT_USAGE;
	}
	b->drop_docs = true;     /* trees are parsed again one at a time by render_pages */
	if (!rb_check_load(b)) {
		rb_diag_print_all(b, stderr);
		return RB_EXIT_USAGE;
	}
	int code = rb_check_exit(b);
	if (code == RB_EXIT_OK) {
		struct rb_output *o = rb_output_open(b, b->opt.out);
		if (!o)
			code = RB_EXIT_USAGE;
		else if (!write_model(b, o) || !rb_render_scripts(b, o) || !render_pages(b, o)) {
			rb_output_abort(o);
			code = RB_EXIT_USAGE;
		} else if (!rb_output_commit(o)) {
			code = RB_EXIT_USAGE;
		}
	}
	rb_diag_print_all(b, stderr);
	return code;
}
