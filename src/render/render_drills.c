/* render_drills.c: the drill report as text, Markdown, CSV, JSON and
 * HTML. Markdown and HTML are one exercise report written through a small
 * writer (headings, paragraphs, tables) with each format's one escaper:
 * rb_report_md_put and rb_html_escape; text uses rb_visible_put, CSV
 * rb_report_csv_put, JSON the JSON writer. Every string from a record or
 * the book goes through them; rbc's own words and numbers do not. */
#include "render/render_drills.h"
#include "base/json_write.h"
#include "base/util.h"
#include "base/visible.h"
#include "render/html_escape.h"
#include <stdio.h>
#include <string.h>

const char *rb_drills_hms(long secs, char *out, size_t n)
{
	if (secs < 0)
		snprintf(out, n, "-");
	else
		snprintf(out, n, "%ldh%02ldm%02lds", secs / 3600, secs % 3600 / 60, secs % 60);
	return out;
}

/* "2026-11-02 10:00Z" for a time in seconds, "-" for none. */
static const char *when(long t, char *out, size_t n)
{
	if (t < 0) {
		snprintf(out, n, "-");
		return out;
	}
	char d[16];
	rb_format_date(t / 86400, d, sizeof d);
	snprintf(out, n, "%s %02ld:%02ldZ", d, t % 86400 / 3600, t % 3600 / 60);
	return out;
}

/* A day, or "-". */
static const char *day(long days, char *out, size_t n)
{
	if (days < 0)
		snprintf(out, n, "-");
	else
		rb_format_date(days, out, n);
	return out;
}

/* "3 min" as declared, then the seconds: the RTO's text. */
static const char *rto_text(const struct rb_drill_scenario *d)
{
	return d->rto && d->rto->text ? d->rto->text : NULL;
}

/* The flags of a run or scenario as words: "failed, skipped, retried". */
static const char *flags(bool failed, bool skipped, bool retried, char *out, size_t n)
{
	snprintf(out, n, "%s%s%s%s%s", failed ? "failed" : "", failed && (skipped || retried) ? ", " : "",
		 skipped ? "skipped" : "", skipped && retried ? ", " : "", retried ? "retried" : "");
	if (!*out)
		snprintf(out, n, "-");
	return out;
}

/* The run's result in a word. */
static const char *result(const struct rb_drill_run *run)
{
	return run->passed ? "passed" : run->measured < 0 ? "incomplete" : "not passed";
}

/* ---- text ------------------------------------------------------------ */

static void text_scenario(const struct rb_drill_scenario *d, struct rb_buf *o)
{
	char a[32], b[32], c[32], f[64];
	const struct rb_scenario *sc = d->sc;
	rb_buf_putc(o, '\n');
	rb_visible_put(o, sc->runbook->id.s, 0);
	rb_buf_putc(o, '/');
	rb_visible_put(o, sc->id, 0);
	rb_buf_puts(o, "  ");
	rb_visible_put(o, sc->title, 0);
	rb_buf_printf(o, "\n  status: %s (", rb_drill_status_name(d->status));
	rb_visible_put(o, d->why, 0);
	rb_buf_puts(o, ")\n  RTO: ");
	rb_visible_put(o, rto_text(d) ? rto_text(d) : "none", 0);
	rb_buf_printf(o, "; steps estimated %s", d->steps_any ? rb_drills_hms(d->steps_hi, a, sizeof a) : "-");
	if (d->every) {
		rb_buf_puts(o, "; drilled every ");
		rb_visible_put(o, d->every->text, 0);
		rb_buf_printf(o, ", next due %s", day(d->due, a, sizeof a));
	}
	rb_buf_putc(o, '\n');
	if (!d->nruns)
		return;
	rb_buf_printf(o, "  runs: %zu (%zu drill, %zu real); measured last %s, median %s, worst %s; %s\n", d->nruns,
		      d->ndrills, d->nreal, rb_drills_hms(d->last, a, sizeof a), rb_drills_hms(d->median, b, sizeof b),
		      rb_drills_hms(d->worst, c, sizeof c), flags(d->failed, d->skipped, d->retried, f, sizeof f));
	rb_buf_puts(o, "  phases:");
	for (int p = 0; p < 4; p++) {
		if (d->phases[p].took < 0 && !d->phases[p].est_set)
			continue;
		rb_buf_printf(o, " %s %s (estimate %s)", d->phases[p].name, rb_drills_hms(d->phases[p].took, a, sizeof a),
			      d->phases[p].est_set ? rb_drills_hms(d->phases[p].est_hi, b, sizeof b) : "-");
	}
	rb_buf_putc(o, '\n');
	for (size_t i = 0; i < d->nruns; i++) {
		const struct rb_drill_run *run = d->runs[i];
		rb_buf_printf(o, "  %s  %-5s  %-8s  status %d  %-10s  %-24s  ", when(run->start, a, sizeof a),
			      run->drill ? "drill" : "real", rb_drills_hms(run->measured, b, sizeof b), run->status,
			      result(run), flags(run->failed, run->skipped, run->retried, f, sizeof f));
		rb_visible_put(o, run->operator_name, 0);
		rb_buf_putc(o, '@');
		rb_visible_put(o, run->host, 0);
		rb_buf_puts(o, "  ");
		rb_visible_put(o, run->shown, 0);
		rb_buf_putc(o, '\n');
	}
}

static void render_text(const struct rb_drill_report *r, struct rb_buf *o)
{
	char a[16], b[16], c[16];
	rb_buf_printf(o, "Drill report: %s to %s, as of %s; %zu runs from %zu records in ", day(r->first, a, 16),
		      day(r->last, b, 16), day(r->as_of, c, 16), r->nruns, r->nrecords);
	rb_visible_put(o, r->runs_shown, 0);
	rb_buf_printf(o, "\nRecords sha256: %s\nScenarios:", r->records_sha256);
	for (int s = 0; s < 5; s++)
		rb_buf_printf(o, "%s %zu %s", s ? "," : "", r->counts[s], rb_drill_status_name((enum rb_drill_status)s));
	rb_buf_putc(o, '\n');
	for (size_t i = 0; i < r->nscenarios; i++)
		text_scenario(&r->scenarios[i], o);
}

/* ---- the exercise report: Markdown and HTML through one writer ---------- */

struct doc {
	struct rb_buf *o;
	bool html;
	int base;                 /* heading level of the title */
};

/* Text from a record or the book, escaped for the document. */
static void put(struct doc *w, const char *s)
{
	if (w->html)
		rb_html_escape(w->o, s ? s : "");
	else
		rb_report_md_put(w->o, s ? s : "");
}

/* A heading at level base + depth, with rbc's own text. */
static void heading(struct doc *w, int depth, const char *text)
{
	int lv = w->base + depth;
	if (w->html)
		rb_buf_printf(w->o, "<h%d>%s</h%d>\n", lv, text, lv);
	else
		rb_buf_printf(w->o, "%.*s %s\n\n", lv, "######", text);
}

static void para_begin(struct doc *w)
{
	rb_buf_puts(w->o, w->html ? "<p>" : "");
}

static void para_end(struct doc *w)
{
	rb_buf_puts(w->o, w->html ? "</p>\n" : "\n\n");
}

/* A table's header row; cols holds rbc's own words, '|'-separated; a
 * leading '>' right-aligns a column. */
static void table_begin(struct doc *w, const char *cols)
{
	rb_buf_puts(w->o, w->html ? "<table>\n<thead><tr>" : "|");
	struct rb_buf rule;
	rb_buf_init(&rule);
	for (const char *p = cols; *p;) {
		size_t n = strcspn(p, "|");
		bool right = *p == '>';
		rb_buf_printf(w->o, w->html ? "<th>%.*s</th>" : " %.*s |", (int)(n - right), p + right);
		rb_buf_puts(&rule, right ? "---:|" : "---|");
		p += n + (p[n] == '|');
	}
	rb_buf_printf(w->o, w->html ? "</tr></thead>\n<tbody>\n" : "\n|%s\n", rb_buf_cstr(&rule));
	rb_buf_free(&rule);
}

static void row_begin(struct doc *w)
{
	rb_buf_puts(w->o, w->html ? "<tr>" : "|");
}

/* A cell: rbc's own text own (may be NULL), then book text (may be NULL). */
static void cell(struct doc *w, const char *own, const char *book)
{
	rb_buf_puts(w->o, w->html ? "<td>" : " ");
	if (own)
		rb_buf_puts(w->o, own);
	if (book)
		put(w, book);
	rb_buf_puts(w->o, w->html ? "</td>" : " |");
}

static void row_end(struct doc *w)
{
	rb_buf_puts(w->o, w->html ? "</tr>\n" : "\n");
}

static void table_end(struct doc *w)
{
	rb_buf_puts(w->o, w->html ? "</tbody>\n</table>\n" : "\n");
}

/* The status as a badge (HTML) or in bold (Markdown). */
static void badge(struct doc *w, enum rb_drill_status s, struct rb_buf *o)
{
	if (w->html)
		rb_buf_printf(o, "<span class=\"badge badge-drill-%s\">%s</span>", rb_drill_status_slug(s),
			      rb_drill_status_name(s));
	else
		rb_buf_printf(o, "**%s**", rb_drill_status_name(s));
}

/* The scenario's name: runbook/scenario, then its title. */
static void scenario_cell(struct doc *w, const struct rb_scenario *sc)
{
	rb_buf_puts(w->o, w->html ? "<td><code>" : " `");
	/* ids are plain ([A-Za-z0-9._-]) in a canonical book; escaped all the same */
	put(w, sc->runbook->id.s);
	rb_buf_putc(w->o, '/');
	put(w, sc->id);
	rb_buf_puts(w->o, w->html ? "</code> " : "` ");
	put(w, sc->title);
	rb_buf_puts(w->o, w->html ? "</td>" : " |");
}

static void objective_table(struct doc *w, const struct rb_drill_report *r)
{
	char a[32], b[32], c[32], e[32];
	table_begin(w, "Scenario|RTO|>Estimated|>Runs|>Last|>Median|>Worst|Status");
	for (size_t i = 0; i < r->nscenarios; i++) {
		const struct rb_drill_scenario *d = &r->scenarios[i];
		struct rb_buf st;
		rb_buf_init(&st);
		badge(w, d->status, &st);
		row_begin(w);
		scenario_cell(w, d->sc);
		cell(w, rto_text(d) ? NULL : "-", rto_text(d));
		cell(w, d->steps_any ? rb_drills_hms(d->steps_hi, e, sizeof e) : "-", NULL);
		char n[24];
		snprintf(n, sizeof n, "%zu", d->nruns);
		cell(w, n, NULL);
		cell(w, rb_drills_hms(d->last, a, sizeof a), NULL);
		cell(w, rb_drills_hms(d->median, b, sizeof b), NULL);
		cell(w, rb_drills_hms(d->worst, c, sizeof c), NULL);
		cell(w, rb_buf_cstr(&st), NULL);
		row_end(w);
		rb_buf_free(&st);
	}
	table_end(w);
}

/* One exercised scenario: why its status, its phases, its runs. */
static void exercised(struct doc *w, const struct rb_drill_scenario *d)
{
	char a[32], b[32], f[64];
	rb_buf_printf(w->o, w->html ? "<h%d>" : "%.*s ", w->base + 2, "######");
	put(w, d->sc->title);
	rb_buf_puts(w->o, w->html ? " <small><code>" : " (`");
	put(w, d->sc->runbook->id.s);
	rb_buf_putc(w->o, '/');
	put(w, d->sc->id);
	rb_buf_printf(w->o, w->html ? "</code></small></h%d>\n" : "`)\n\n", w->base + 2);
	para_begin(w);
	badge(w, d->status, w->o);
	rb_buf_puts(w->o, ": ");
	put(w, d->why);
	rb_buf_puts(w->o, ".");
	para_end(w);
	table_begin(w, "Phase (last measured run)|>Took|>Estimated");
	for (int p = 0; p < 4; p++) {
		if (d->phases[p].took < 0 && !d->phases[p].est_set)
			continue;
		row_begin(w);
		cell(w, d->phases[p].name, NULL);
		cell(w, rb_drills_hms(d->phases[p].took, a, sizeof a), NULL);
		cell(w, d->phases[p].est_set ? rb_drills_hms(d->phases[p].est_hi, b, sizeof b) : "-", NULL);
		row_end(w);
	}
	table_end(w);
	table_begin(w, "Started|Mode|Operator|Host|>Measured|>Exit|Result|Flags|Record");
	for (size_t i = 0; i < d->nruns; i++) {
		const struct rb_drill_run *run = d->runs[i];
		char st[16];
		snprintf(st, sizeof st, "%d", run->status);
		row_begin(w);
		cell(w, when(run->start, a, sizeof a), NULL);
		cell(w, run->drill ? "drill" : "real", NULL);
		cell(w, NULL, run->operator_name);
		cell(w, NULL, run->host);
		cell(w, rb_drills_hms(run->measured, b, sizeof b), NULL);
		cell(w, st, NULL);
		cell(w, result(run), NULL);
		cell(w, flags(run->failed, run->skipped, run->retried, f, sizeof f), NULL);
		cell(w, NULL, run->shown);
		row_end(w);
	}
	table_end(w);
}

/* Every step that failed, was skipped or was retried, run by run. */
static void failures(struct doc *w, const struct rb_drill_report *r)
{
	bool any = false;
	char a[32];
	for (size_t i = 0; i < r->nruns; i++) {
		const struct rb_drill_run *run = &r->runs[i];
		for (size_t k = 0; k < run->nsteps; k++) {
			const struct rb_drill_step *st = &run->steps[k];
			if (!st->failed && !st->skipped && !st->retried)
				continue;
			if (!any)
				table_begin(w, "Run started|Scenario|Step|What happened|Record");
			any = true;
			row_begin(w);
			cell(w, when(run->start, a, sizeof a), NULL);
			scenario_cell(w, run->sc);
			cell(w, NULL, st->id);
			cell(w, st->failed && st->done ? "failed, then done after a retry"
				: st->failed ? "failed" : st->skipped ? "skipped" : "retried", NULL);
			cell(w, NULL, run->shown);
			row_end(w);
		}
	}
	if (any)
		table_end(w);
	else {
		para_begin(w);
		rb_buf_puts(w->o, "No step failed, was skipped or was retried.");
		para_end(w);
	}
}

static void never(struct doc *w, const struct rb_drill_report *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->nscenarios; i++) {
		const struct rb_drill_scenario *d = &r->scenarios[i];
		if (d->nruns)
			continue;
		if (!n++)
			rb_buf_puts(w->o, w->html ? "<ul>\n" : "");
		rb_buf_puts(w->o, w->html ? "<li><code>" : "- `");
		put(w, d->sc->runbook->id.s);
		rb_buf_putc(w->o, '/');
		put(w, d->sc->id);
		rb_buf_puts(w->o, w->html ? "</code> " : "` ");
		put(w, d->sc->title);
		rb_buf_puts(w->o, w->html ? "</li>\n" : "\n");
	}
	if (n)
		rb_buf_puts(w->o, w->html ? "</ul>\n" : "\n");
	else {
		para_begin(w);
		rb_buf_puts(w->o, "Every scenario was exercised in the period.");
		para_end(w);
	}
}

/* The exercise report, title at w->base. */
static void exercise_report(struct doc *w, const struct rb_drill_report *r)
{
	char a[16], b[16], c[16];
	if (w->html)
		rb_buf_printf(w->o, "<h%d>Recovery exercise report</h%d>\n", w->base, w->base);
	else
		rb_buf_printf(w->o, "%.*s Recovery exercise report\n\n", w->base, "######");
	para_begin(w);
	rb_buf_printf(w->o, "Period covered: %s to %s. As of %s. %zu runs of %zu scenarios, read from %zu records in ",
		      day(r->first, a, 16), day(r->last, b, 16), day(r->as_of, c, 16), r->nruns, r->nscenarios,
		      r->nrecords);
	rb_buf_puts(w->o, w->html ? "<code>" : "`");
	put(w, r->runs_shown);
	rb_buf_printf(w->o, "%s, whose hash chains all verified.", w->html ? "</code>" : "`");
	para_end(w);
	table_begin(w, "Status|>Scenarios");
	for (int s = 0; s < 5; s++) {
		struct rb_buf st;
		rb_buf_init(&st);
		badge(w, (enum rb_drill_status)s, &st);
		char n[24];
		snprintf(n, sizeof n, "%zu", r->counts[s]);
		row_begin(w);
		cell(w, rb_buf_cstr(&st), NULL);
		cell(w, n, NULL);
		row_end(w);
		rb_buf_free(&st);
	}
	table_end(w);
	heading(w, 1, "Measured against objective");
	para_begin(w);
	rb_buf_puts(w->o, "Measured: from the start of a run to the end of its last recovery or verification step.");
	para_end(w);
	objective_table(w, r);
	heading(w, 1, "Scenarios exercised");
	for (size_t i = 0; i < r->nscenarios; i++)
		if (r->scenarios[i].nruns)
			exercised(w, &r->scenarios[i]);
	heading(w, 1, "Failures and skipped steps");
	failures(w, r);
	heading(w, 1, "Scenarios never exercised");
	never(w, r);
	heading(w, 1, "Evidence");
	para_begin(w);
	const char *q = w->html ? "<code>" : "`", *uq = w->html ? "</code>" : "`";
	rb_buf_printf(w->o, "SHA-256 of the records: %s%s%s, over the lines %ssha256sum%s prints for each record, "
		      "sorted by path (doc/drills.md shows how to recompute it).", q, r->records_sha256, uq, q, uq);
	para_end(w);
}

void rb_drills_html_section(const struct rb_drill_report *r, int level, struct rb_buf *out)
{
	struct doc w = {out, true, level};
	rb_buf_puts(out, "<section class=\"rbc-drills\">\n");
	exercise_report(&w, r);
	rb_buf_puts(out, "</section>\n");
}

static void render_html(const struct rb_drill_report *r, struct rb_buf *o)
{
	rb_buf_puts(o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		       "<title>Recovery exercise report</title>\n<style>\n"
		       ".rbc-drills{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem}\n"
		       ".rbc-drills table{border-collapse:collapse;margin:.5rem 0 1.5rem}\n"
		       ".rbc-drills th,.rbc-drills td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;"
		       "vertical-align:top}\n"
		       ".rbc-drills .badge{display:inline-block;padding:0 .4rem;border-radius:.3rem;font-size:.85em;"
		       "background:#ddd;color:#000}\n"
		       ".rbc-drills .badge-drill-over-rto,.rbc-drills .badge-drill-not-verified{background:#b00020;"
		       "color:#fff}\n.rbc-drills .badge-drill-due,.rbc-drills .badge-drill-never{background:#f2c94c}\n"
		       ".rbc-drills .badge-drill-ok{background:#1e7b34;color:#fff}\n"
		       "</style>\n</head>\n<body>\n");
	rb_drills_html_section(r, 1, o);
	rb_buf_puts(o, "</body>\n</html>\n");
}

/* ---- CSV: one row per run, and one per scenario never run ---------------- */

static void render_csv(const struct rb_drill_report *r, struct rb_buf *o)
{
	char a[32];
	rb_buf_puts(o, "runbook,scenario,title,status,rto_seconds,runs,last_seconds,median_seconds,worst_seconds,"
		       "run_start,mode,operator,host,exit_status,measured_seconds,passed,failed,skipped,retried,record,"
		       "record_sha256\r\n");
	for (size_t i = 0; i < r->nscenarios; i++) {
		const struct rb_drill_scenario *d = &r->scenarios[i];
		for (size_t k = 0; k < (d->nruns ? d->nruns : 1); k++) {
			const struct rb_drill_run *run = d->nruns ? d->runs[k] : NULL;
			rb_report_csv_put(o, d->sc->runbook->id.s);
			rb_buf_putc(o, ',');
			rb_report_csv_put(o, d->sc->id);
			rb_buf_putc(o, ',');
			rb_report_csv_put(o, d->sc->title);
			rb_buf_printf(o, ",%s,", rb_drill_status_name(d->status));
			if (d->rto)
				rb_buf_printf(o, "%ld", d->rto->hi);
			rb_buf_printf(o, ",%zu,", d->nruns);
			long m[3] = {d->last, d->median, d->worst};
			for (int j = 0; j < 3; j++) {
				if (m[j] >= 0)
					rb_buf_printf(o, "%ld", m[j]);
				rb_buf_putc(o, ',');
			}
			if (!run) {
				rb_buf_puts(o, ",,,,,,,,,,,\r\n");
				continue;
			}
			char d0[16];
			rb_format_date(run->start / 86400, d0, sizeof d0);
			snprintf(a, sizeof a, "%sT%02ld:%02ld:%02ldZ", d0, run->start % 86400 / 3600, run->start % 3600 / 60,
				 run->start % 60);
			rb_buf_printf(o, "%s,%s,", a, run->drill ? "drill" : "real");
			rb_report_csv_put(o, run->operator_name);
			rb_buf_putc(o, ',');
			rb_report_csv_put(o, run->host);
			rb_buf_printf(o, ",%d,", run->status);
			if (run->measured >= 0)
				rb_buf_printf(o, "%ld", run->measured);
			rb_buf_printf(o, ",%d,%d,%d,%d,", run->passed, run->failed, run->skipped, run->retried);
			rb_report_csv_put(o, run->shown);
			rb_buf_printf(o, ",%s\r\n", run->sha256);
		}
	}
}

/* ---- JSON ------------------------------------------------------------- */

/* "key": seconds, or null when negative. */
static void json_secs(struct rb_jw *w, const char *key, long s)
{
	rb_jw_key(w, key);
	if (s >= 0)
		rb_jw_int(w, s);
	else
		rb_jw_null(w);
}

/* "key": a UTC time, or null. */
static void json_time(struct rb_jw *w, const char *key, long t)
{
	char d[16], s[32];
	if (t < 0) {
		rb_jw_kstr(w, key, NULL);
		return;
	}
	rb_format_date(t / 86400, d, sizeof d);
	snprintf(s, sizeof s, "%sT%02ld:%02ld:%02ldZ", d, t % 86400 / 3600, t % 3600 / 60, t % 60);
	rb_jw_kstr(w, key, s);
}

static void json_run(struct rb_jw *w, const struct rb_drill_run *run)
{
	rb_jw_object(w);
	rb_jw_kstr(w, "record", run->shown);
	rb_jw_kstr(w, "record_sha256", run->sha256);
	json_time(w, "start", run->start);
	json_time(w, "end", run->end);
	rb_jw_kstr(w, "mode", run->drill ? "drill" : "real");
	rb_jw_kstr(w, "operator", run->operator_name);
	rb_jw_kstr(w, "host", run->host);
	rb_jw_kint(w, "exit_status", run->status);
	json_secs(w, "measured", run->measured);
	rb_jw_kbool(w, "passed", run->passed);
	rb_jw_kbool(w, "failed", run->failed);
	rb_jw_kbool(w, "skipped", run->skipped);
	rb_jw_kbool(w, "retried", run->retried);
	rb_jw_kbool(w, "rolled_back", run->rolled_back);
	rb_jw_kstr(w, "book_commit", run->book_commit);
	rb_jw_kstr(w, "scenario_sha256", run->scenario_sha256);
	rb_jw_kbool(w, "scenario_current", run->sc && !strcmp(run->scenario_sha256, run->sc->digest));
	rb_jw_kstr(w, "rto_at_run", run->rto_text);
	rb_jw_key(w, "steps");
	rb_jw_array(w);
	for (size_t i = 0; i < run->nsteps; i++) {
		const struct rb_drill_step *st = &run->steps[i];
		rb_jw_object(w);
		rb_jw_kstr(w, "id", st->id);
		rb_jw_kstr(w, "phase", st->phase);
		json_secs(w, "estimate_hi", st->est_set ? st->est_hi : -1);
		json_secs(w, "took", st->started >= 0 && st->ended >= st->started ? st->ended - st->started : -1);
		rb_jw_kstr(w, "outcome", st->done ? "done" : st->skipped ? "skipped" : st->status > 0 ? "failed"
				  : st->selected ? "not reached" : "not selected");
		rb_jw_kbool(w, "retried", st->retried);
		rb_jw_end(w, '}');
	}
	rb_jw_end(w, ']');
	rb_jw_end(w, '}');
}

static void json_scenario(struct rb_jw *w, const struct rb_drill_scenario *d)
{
	rb_jw_object(w);
	rb_jw_kstr(w, "runbook", d->sc->runbook->id.s);
	rb_jw_kstr(w, "scenario", d->sc->id);
	rb_jw_kstr(w, "title", d->sc->title);
	rb_jw_kstr(w, "file", d->sc->runbook->path);
	rb_jw_kint(w, "line", d->sc->loc.line);
	rb_jw_kstr(w, "status", rb_drill_status_slug(d->status));
	rb_jw_kstr(w, "why", d->why);
	rb_jw_kstr(w, "rto", rto_text(d));
	json_secs(w, "rto_seconds", d->rto ? d->rto->hi : -1);
	json_secs(w, "estimated_seconds", d->steps_any ? d->steps_hi : -1);
	rb_jw_kstr(w, "drill_every", d->every ? d->every->text : NULL);
	char due[16];
	rb_jw_kstr(w, "due", d->due >= 0 ? day(d->due, due, sizeof due) : NULL);
	rb_jw_kint(w, "runs", (long long)d->nruns);
	rb_jw_kint(w, "drills", (long long)d->ndrills);
	rb_jw_kint(w, "real", (long long)d->nreal);
	json_secs(w, "last", d->last);
	json_secs(w, "median", d->median);
	json_secs(w, "worst", d->worst);
	rb_jw_kbool(w, "failed", d->failed);
	rb_jw_kbool(w, "skipped", d->skipped);
	rb_jw_kbool(w, "retried", d->retried);
	rb_jw_key(w, "phases");
	rb_jw_array(w);
	for (int p = 0; p < 4; p++) {
		rb_jw_object(w);
		rb_jw_kstr(w, "phase", d->phases[p].name);
		json_secs(w, "took", d->phases[p].took);
		json_secs(w, "estimate_lo", d->phases[p].est_set ? d->phases[p].est_lo : -1);
		json_secs(w, "estimate_hi", d->phases[p].est_set ? d->phases[p].est_hi : -1);
		rb_jw_end(w, '}');
	}
	rb_jw_end(w, ']');
	rb_jw_key(w, "run_list");
	rb_jw_array(w);
	for (size_t i = 0; i < d->nruns; i++)
		json_run(w, d->runs[i]);
	rb_jw_end(w, ']');
	rb_jw_end(w, '}');
}

static void render_json(const struct rb_drill_report *r, struct rb_buf *o)
{
	struct rb_jw w;
	char d[16];
	rb_jw_init(&w, 2, rb_jw_put_buf, o);
	rb_jw_object(&w);
	rb_jw_kstr(&w, "schema", "rbc-drills");
	rb_jw_kint(&w, "version", RB_DRILL_SCHEMA_VERSION);
	rb_jw_kstr(&w, "as_of", day(r->as_of, d, sizeof d));
	rb_jw_kstr(&w, "since", r->since >= 0 ? day(r->since, d, sizeof d) : NULL);
	rb_jw_kstr(&w, "from", r->first >= 0 ? day(r->first, d, sizeof d) : NULL);
	rb_jw_kstr(&w, "to", r->last >= 0 ? day(r->last, d, sizeof d) : NULL);
	rb_jw_kstr(&w, "runs_dir", r->runs_shown);
	rb_jw_kint(&w, "records", (long long)r->nrecords);
	rb_jw_kstr(&w, "records_sha256", r->records_sha256);
	rb_jw_key(&w, "counts");
	rb_jw_object(&w);
	for (int s = 0; s < 5; s++)
		rb_jw_kint(&w, rb_drill_status_slug((enum rb_drill_status)s), (long long)r->counts[s]);
	rb_jw_end(&w, '}');
	rb_jw_key(&w, "scenarios");
	rb_jw_array(&w);
	for (size_t i = 0; i < r->nscenarios; i++)
		json_scenario(&w, &r->scenarios[i]);
	rb_jw_end(&w, ']');
	rb_jw_end(&w, '}');
	rb_jw_finish(&w);
	rb_buf_putc(o, '\n');
}

void rb_drills_render(const struct rb_drill_report *r, enum rb_report_format f, struct rb_buf *out)
{
	struct doc md = {out, false, 1};
	switch (f) {
	case RB_REPORT_TEXT: render_text(r, out); break;
	case RB_REPORT_MD: exercise_report(&md, r); break;
	case RB_REPORT_CSV: render_csv(r, out); break;
	case RB_REPORT_JSON: render_json(r, out); break;
	case RB_REPORT_HTML: render_html(r, out); break;
	}
}
