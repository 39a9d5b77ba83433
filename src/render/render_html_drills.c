/* render_html_drills.c: drills on the site, when rbc.yaml names a runs
 * folder (b->drills): drills.html (the exercise report, render_drills.c),
 * a copy of every record under drill-records/, and the drill facts that rto.html
 * and each scenario card show. */
#include "render/render_html_site.h"
#include "render/render_drills.h"
#include "render/html_check.h"
#include "lint/drills.h"
#include "base/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where a record is copied on the site. */
static const char *record_path(struct rb_site *s, const struct rb_drill_run *run)
{
	return rb_arena_printf(s->arena, "drill-records/%s", run->rel);
}

void rb_site_drill_facts(struct rb_site *s, const struct rb_scenario *sc, struct rb_tvalue *v)
{
	const struct rb_drill_scenario *d = rb_drills_find(s->b->drills, sc->runbook->id.s, sc->id);
	if (!d)
		return;
	char t[32];
	struct rb_tvalue *m = rb_tv_map(s->arena);
	rb_tv_set_text(m, "status", rb_drill_status_name(d->status));
	rb_tv_set_text(m, "slug", rb_drill_status_slug(d->status));
	rb_tv_set_text(m, "why", d->why);
	rb_tv_set_text(m, "drills_url", rb_site_url_to(s, "drills.html", NULL));
	if (d->last >= 0) {
		rb_tv_set_text(m, "last", rb_arena_strdup(s->arena, rb_drills_hms(d->last, t, sizeof t)));
		rb_tv_set_int(m, "last_s", d->last);
		rb_tv_set_text(m, "worst", rb_arena_strdup(s->arena, rb_drills_hms(d->worst, t, sizeof t)));
	}
	const struct rb_drill_run *run = d->last_run;
	if (run) {
		char day[16];
		rb_format_date(run->start / 86400, day, sizeof day);
		rb_tv_set_text(m, "date", rb_arena_strdup(s->arena, day));
		rb_tv_set_text(m, "measured", run->measured >= 0 ?
			       rb_arena_strdup(s->arena, rb_drills_hms(run->measured, t, sizeof t)) : NULL);
		rb_tv_set_text(m, "operator", run->operator_name);
		rb_tv_set_text(m, "mode", run->drill ? "drill" : "real run");
		rb_tv_set_text(m, "record_url", rb_site_url_to(s, record_path(s, run), NULL));
		rb_tv_set_text(m, "record_name", strrchr(run->rel, '/') ? strrchr(run->rel, '/') + 1 : run->rel);
	}
	rb_tv_set(v, "drill", m);
}

/* Copy record run's file under drills/ on the site. */
static void copy_record(struct rb_site *s, const struct rb_drill_run *run)
{
	FILE *f = fopen(run->path, "rb");
	struct rb_buf buf;
	rb_buf_init(&buf);
	char chunk[65536];
	size_t n;
	while (f && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		rb_buf_add(&buf, chunk, n);
	if (!f || ferror(f)) {
		rb_diag(s->b, RB_D_IO, (struct rb_loc){run->path, 0, 0}, "the drill record could not be read again");
		s->ok = false;
	} else if (!rb_output_write(s->o, record_path(s, run), buf.data ? buf.data : "", buf.len, 0644)) {
		s->ok = false;
	} else {
		rb_html_check_asset(s->check, record_path(s, run));   /* the pages may link it */
	}
	if (f)
		fclose(f);
	rb_buf_free(&buf);
}

void rb_site_drills_page(struct rb_site *s)
{
	const struct rb_drill_report *r = s->b->drills;
	if (!r)
		return;
	struct rb_tvalue *ctx = rb_site_page_context(s, "drills.html", "Drills", "nav_drills");
	struct rb_buf body;
	rb_buf_init(&body);
	rb_drills_html_section(r, 1, &body);
	rb_tv_set_html(ctx, "report", rb_arena_strdup(s->arena, rb_buf_cstr(&body)));
	rb_buf_free(&body);
	rb_site_write_page(s, "drills.html", "drills.html", ctx);
}

void rb_site_drill_records(struct rb_site *s)
{
	for (size_t i = 0; s->b->drills && i < s->b->drills->nruns; i++)
		copy_record(s, &s->b->drills->runs[i]);
}
