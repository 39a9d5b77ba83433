/* cmd_drills.c: `rbc drills [BOOK] --runs DIR` reads the drill records
 * (read/drill_read.c), judges them against the book (lint/drills.c) and
 * prints the report (render/render_drills.c); `rbc drills verify DIR`
 * checks every record's hash chain. A broken record, or a run of a
 * scenario the book does not have, is an error at its file:line:col,
 * and then no report is printed (exit 1). */
#include "cli/cli.h"
#include "cli/front.h"
#include "lint/check.h"
#include "lint/drills.h"
#include "parse/parse_file.h"
#include "read/drill_read.h"
#include "render/render_drills.h"
#include "base/util.h"
#include <stdio.h>
#include <string.h>

/* Write text to stdout; false after a message when it cannot. */
static bool emit(struct rb_buf *out)
{
	size_t len = out->len;
	bool ok = fwrite(rb_buf_cstr(out), 1, len, stdout) == len && fflush(stdout) == 0;
	if (!ok)
		perror("rbc: writing the report");
	return ok;
}

/* rbc drills verify DIR: every record's chain, or exit 1 naming the line. */
static int verify(struct rb_build *b)
{
	struct rb_drill_report r = {0};
	const char *dir = b->opt.files[0];
	if (!rb_drill_read_dir(b, dir, &r))
		return RB_EXIT_USAGE;
	if (!r.nrecords)
		rb_diag(b, RB_D_DRILL_NONE, (struct rb_loc){dir, 0, 0}, NULL);
	rb_diag_print_all(b, stderr);
	if (rb_diag_count(b, RB_ERROR))
		return RB_EXIT_FINDINGS;
	printf("rbc: %zu record%s verified: every hash chain is intact; records sha256 %s\n", r.nrecords,
	       r.nrecords == 1 ? "" : "s", r.records_sha256);
	return RB_EXIT_OK;
}

int rb_cmd_drills(struct rb_build *b)
{
	if (b->opt.drills_verify)
		return verify(b);
	enum rb_report_format fmt = RB_REPORT_TEXT;
	if (b->opt.format && !rb_report_parse_format(b->opt.format, &fmt)) {
		fprintf(stderr, "rbc: 'rbc drills --format' takes text, md, csv, json or html, not '%s'\n",
			b->opt.format);
		return RB_EXIT_USAGE;
	}
	long since = -1;
	if (b->opt.since && !rb_parse_date(b->opt.since, &since)) {
		fprintf(stderr, "rbc: --since takes an ISO date such as 2026-01-31, not '%s'\nTry 'rbc help drills'.\n",
			b->opt.since);
		return RB_EXIT_USAGE;
	}
	struct rb_reader lean = {rb_parse_file_lean, rb_parse_file_lean, NULL};   /* the model, not the trees */
	if (!rb_front_load(b, &lean)) {
		rb_diag_print_all(b, stderr);
		return RB_EXIT_USAGE;
	}
	if (!b->opt.runs && !b->book.config.drill_runs.s) {
		rb_diag_print_all(b, stderr);
		fprintf(stderr, "rbc: 'rbc drills' needs --runs DIR, or drills: {runs: DIR} in the book's rbc.yaml\n"
			"Try 'rbc help drills'.\n");
		return RB_EXIT_USAGE;
	}
	struct rb_drill_report *rep = rb_drills_of_book(b, b->opt.runs, since);
	if (!rep) {
		rb_diag_print_all(b, stderr);
		return RB_EXIT_USAGE;
	}
	if (!b->opt.quiet || rb_diag_count(b, RB_ERROR))
		rb_diag_print_all(b, stderr);
	if (rb_diag_count(b, RB_ERROR))
		return RB_EXIT_FINDINGS;   /* no report from records or a book that are wrong */
	struct rb_buf out;
	rb_buf_init(&out);
	rb_drills_render(rep, fmt, &out);
	bool ok = emit(&out);
	rb_buf_free(&out);
	return ok ? RB_EXIT_OK : RB_EXIT_USAGE;
}
