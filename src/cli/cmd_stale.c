/* cmd_stale.c: `rbc stale [BOOK]`, the quarterly review report. Loads the
 * book, collects the findings (stale.c), renders them (render_report.c)
 * to stdout, and exits 1 only when --fail-on asks and something matches. */
#include "cli/front.h"
#include "lint/check.h"
#include "cli/cli.h"
#include "render/render_report.h"
#include "model/review.h"
#include "lint/stale.h"
#include <stdio.h>

int rb_cmd_stale(struct rb_build *b)
{
	enum rb_report_format fmt = RB_REPORT_TEXT;
	if (b->opt.format && !rb_report_parse_format(b->opt.format, &fmt)) {
		fprintf(stderr, "rbc: 'rbc stale --format' takes text, md, csv, json or html, not '%s'\n",
			b->opt.format);
		return RB_EXIT_USAGE;
	}
	if (!rb_front_as_of(b))
		return RB_EXIT_USAGE;
	long window;
	if (!rb_review_window(b, b->opt.within, &window)) {
		fprintf(stderr, "rbc: --within takes a duration such as 30d or 2 weeks, not '%s'\n", b->opt.within);
		return RB_EXIT_USAGE;
	}
	if (!rb_front_load_lean(b))
		return RB_EXIT_USAGE;
	if (!b->opt.quiet)
		rb_diag_print_all(b, stderr);
	struct rb_stale_report r;
	rb_stale_collect(b, &r, window, b->opt.owner);
	struct rb_buf out;
	rb_buf_init(&out);
	rb_report_render(&r, fmt, &out);
	bool ok = rb_front_write_report(&out);
	rb_buf_free(&out);
	if (!ok)
		return RB_EXIT_USAGE;
	return rb_stale_fails(&r, b->opt.fail_on) ? RB_EXIT_FINDINGS : RB_EXIT_OK;
}
