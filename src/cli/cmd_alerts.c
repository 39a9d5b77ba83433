/* cmd_alerts.c: `rbc alerts [BOOK]`, the coverage report of alerts and
 * scenarios (alerts_report.h); with --urls, the alert<TAB>url list. Exits
 * 1 when the book (its alert files included) has errors, 2 when it cannot
 * be read or its rbc.yaml has no alerts: settings (nothing to report). */
#include "cli/front.h"
#include "lint/check.h"
#include "cli/cli.h"
#include "render/alerts_report.h"
#include <stdio.h>

int rb_cmd_alerts(struct rb_build *b)
{
	enum rb_alerts_format fmt = RB_ALERTS_TEXT;
	if (b->opt.format && !rb_alerts_parse_format(b->opt.format, &fmt)) {
		fprintf(stderr, "rbc: 'rbc alerts --format' takes text, json, csv or md, not '%s'\n", b->opt.format);
		return RB_EXIT_USAGE;
	}
	if (!rb_front_load_lean(b))
		return RB_EXIT_USAGE;
	if (!b->book.config.alerts.set) {
		/* a report of nothing would pass for "every alert lands" */
		const struct rb_value *root = b->book.config.root;
		struct rb_loc at = {root ? root->loc.file : rb_arena_printf(&b->arena, "%s/rbc.yaml", b->opt.book), 0, 0};
		rb_diag(b, RB_D_ALERTS_UNSET, at, "add 'alerts: {rules: [alerts/*.yaml]}' with your rule files' "
			"globs (see doc/alerts.md)");
		rb_diag_print_all(b, stderr);
		return RB_EXIT_USAGE;
	}
	rb_diag_print_all(b, stderr);
	struct rb_buf out;
	rb_buf_init(&out);
	if (b->opt.urls)
		rb_alerts_render_urls(b, &out);
	else
		rb_alerts_render(b, fmt, &out);
	bool ok = rb_front_write_report(&out);
	rb_buf_free(&out);
	if (!ok)
		return RB_EXIT_USAGE;
	return rb_diag_exit(b);
}
