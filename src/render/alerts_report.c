/* alerts_report.c: the alerts coverage report (alerts_report.h). Every
 * value from the book goes through its format's one escaper: the terminal
 * one (visible.h) for text, render_report.c's for CSV and Markdown, the
 * JSON writer for JSON. */
#include "render/alerts_report.h"
#include "render/md_html.h"
#include "render/render_report.h"
#include "model/alert.h"
#include "base/json_write.h"
#include "base/visible.h"
#include <string.h>

bool rb_alerts_parse_format(const char *name, enum rb_alerts_format *f)
{
	static const char *const names[] = {"text", "json", "csv", "md"};
	for (int i = 0; i < 4; i++)
		if (!strcmp(name, names[i])) {
			*f = (enum rb_alerts_format)i;
			return true;
		}
	return false;
}

const char *rb_alerts_scenario_href(struct rb_build *b, const struct rb_scenario *sc)
{
	return rb_arena_printf(&b->arena, "%s#%s", rb_html_page_of(b, sc->runbook->path), sc->id);
}

/* Where an alert's link lands, in words: "queue.md#scenario-x", or why not. */
static const char *landing(struct rb_build *b, const struct rb_alert *a)
{
	switch (rb_alert_status(a)) {
	case RB_AST_MISSING: return "no runbook link";
	case RB_AST_NONE: return "no runbook link (none required)";
	case RB_AST_IGNORED: return rb_arena_printf(&b->arena, "ignored until %s: %s", a->ignore->until.text,
						    a->ignore->why.s ? a->ignore->why.s : "");
	case RB_AST_EXTERNAL: return rb_arena_printf(&b->arena, "outside the book: %s", a->link);
	case RB_AST_BROKEN:
		return a->runbook ? rb_arena_printf(&b->arena, "%s has no anchor #%s", a->runbook->path, a->fragment)
				  : rb_arena_printf(&b->arena, "no page '%s'", a->page);
	case RB_AST_PAGE:
		return a->fragment ? rb_arena_printf(&b->arena, "%s#%s", a->runbook->path, a->fragment) : a->runbook->path;
	case RB_AST_MISMATCH:
		return rb_arena_printf(&b->arena, "%s#%s, which does not name it", a->runbook->path, a->scenario->id);
	case RB_AST_LANDS: return rb_arena_printf(&b->arena, "%s#%s", a->runbook->path, a->scenario->id);
	}
	return "";
}

/* Counts by status, for the summary line. */
static void count(const struct rb_book *book, size_t n[8])
{
	memset(n, 0, 8 * sizeof *n);
	for (size_t i = 0; i < book->nalerts; i++)
		n[rb_alert_status(&book->alerts[i])]++;
}

static void render_text(struct rb_build *b, struct rb_buf *o)
{
	const struct rb_book *book = &b->book;
	size_t n[8];
	count(book, n);
	rb_buf_printf(o, "%zu alerts in %zu files: %zu land on their scenario, %zu on a page, %zu missing, "
		      "%zu broken, %zu mismatched, %zu external, %zu ignored, %zu need none.\n\n", book->nalerts,
		      book->nalert_files, n[RB_AST_LANDS], n[RB_AST_PAGE], n[RB_AST_MISSING], n[RB_AST_BROKEN],
		      n[RB_AST_MISMATCH], n[RB_AST_EXTERNAL], n[RB_AST_IGNORED], n[RB_AST_NONE]);
	for (size_t i = 0; i < book->nalerts; i++) {
		const struct rb_alert *a = &book->alerts[i];
		rb_buf_printf(o, "%-9s ", rb_alert_status_name(rb_alert_status(a)));
		rb_visible_put(o, a->name, 0);
		rb_buf_puts(o, " [");
		rb_visible_put(o, a->severity ? a->severity : "no severity", 0);
		rb_buf_puts(o, "] ");
		rb_visible_put(o, a->path, 0);
		rb_buf_printf(o, ":%u -> ", a->loc.line);
		rb_visible_put(o, landing(b, a), 0);
		rb_buf_putc(o, '\n');
	}
	bool head = false;
	for (size_t i = 0; i < book->nrunbooks; i++)
		for (size_t j = 0; j < book->runbooks[i]->nscenarios; j++) {
			const struct rb_scenario *sc = &book->runbooks[i]->scenarios[j];
			if (sc->alert_covered)
				continue;
			rb_buf_puts(o, head ? "" : "\nScenarios no alert leads to:\n");
			head = true;
			rb_buf_puts(o, "  ");
			rb_visible_put(o, rb_arena_printf(&b->arena, "%s#%s  %s%s%s", sc->runbook->path, sc->id, sc->title,
							 sc->alerts.s ? "  (Alerts: " : "", sc->alerts.s ? sc->alerts.s : ""), 0);
			rb_buf_puts(o, sc->alerts.s ? ")\n" : "\n");
		}
	head = false;
	for (size_t i = 0; i < book->nalert_refs; i++) {
		const struct rb_alert_ref *r = &book->alert_refs[i];
		if (r->alert)
			continue;
		rb_buf_puts(o, head ? "" : "\nAlerts that scenarios name but no rule file defines:\n");
		head = true;
		rb_buf_puts(o, "  ");
		rb_visible_put(o, rb_arena_printf(&b->arena, "%s  (%s#%s)%s%s%s", r->name, r->scenario->runbook->path,
						 r->scenario->id, r->nearest ? "  did you mean " : "",
						 r->nearest ? r->nearest : "", r->nearest ? "?" : ""), 0);
		rb_buf_putc(o, '\n');
	}
}

static void render_json(struct rb_build *b, struct rb_buf *o)
{
	const struct rb_book *book = &b->book;
	struct rb_jw w;
	rb_jw_init(&w, 2, rb_jw_put_buf, o);
	rb_jw_object(&w);
	rb_jw_key(&w, "alerts");
	rb_jw_array(&w);
	for (size_t i = 0; i < book->nalerts; i++) {
		const struct rb_alert *a = &book->alerts[i];
		rb_jw_object(&w);
		rb_jw_kstr(&w, "name", a->name);
		rb_jw_kstr(&w, "severity", a->severity);
		rb_jw_kstr(&w, "file", a->path);
		rb_jw_kint(&w, "line", a->loc.line);
		rb_jw_kstr(&w, "shape", rb_alert_shape_name(a->shape));
		rb_jw_kstr(&w, "status", rb_alert_status_name(rb_alert_status(a)));
		rb_jw_kstr(&w, "link", a->link);
		rb_jw_kstr(&w, "runbook", a->runbook ? a->runbook->path : NULL);
		rb_jw_kstr(&w, "scenario", a->scenario ? a->scenario->id : NULL);
		rb_jw_kstr(&w, "nearest", a->nearest);
		rb_jw_end(&w, '}');
	}
	rb_jw_end(&w, ']');
	rb_jw_key(&w, "uncovered_scenarios");
	rb_jw_array(&w);
	for (size_t i = 0; i < book->nrunbooks; i++)
		for (size_t j = 0; j < book->runbooks[i]->nscenarios; j++) {
			const struct rb_scenario *sc = &book->runbooks[i]->scenarios[j];
			if (sc->alert_covered)
				continue;
			rb_jw_object(&w);
			rb_jw_kstr(&w, "runbook", sc->runbook->path);
			rb_jw_kstr(&w, "scenario", sc->id);
			rb_jw_kstr(&w, "title", sc->title);
			rb_jw_kstr(&w, "alerts", sc->alerts.s);
			rb_jw_end(&w, '}');
		}
	rb_jw_end(&w, ']');
	rb_jw_key(&w, "unknown_alerts");
	rb_jw_array(&w);
	for (size_t i = 0; i < book->nalert_refs; i++) {
		const struct rb_alert_ref *r = &book->alert_refs[i];
		if (r->alert)
			continue;
		rb_jw_object(&w);
		rb_jw_kstr(&w, "name", r->name);
		rb_jw_kstr(&w, "runbook", r->scenario->runbook->path);
		rb_jw_kstr(&w, "scenario", r->scenario->id);
		rb_jw_kstr(&w, "nearest", r->nearest);
		rb_jw_end(&w, '}');
	}
	rb_jw_end(&w, ']');
	rb_jw_end(&w, '}');
	rb_jw_finish(&w);
	rb_buf_putc(o, '\n');
}

/* One CSV or Markdown row of alert a: name, severity, file, line, status, where. */
static void table_row(struct rb_build *b, const struct rb_alert *a, bool md, struct rb_buf *o)
{
	void (*put)(struct rb_buf *, const char *) = md ? rb_report_md_put : rb_report_csv_put;
	const char *sep = md ? " | " : ",";
	rb_buf_puts(o, md ? "| " : "");
	put(o, a->name);
	rb_buf_puts(o, sep);
	put(o, a->severity ? a->severity : "");
	rb_buf_puts(o, sep);
	put(o, rb_arena_printf(&b->arena, "%s:%u", a->path, a->loc.line));
	rb_buf_puts(o, sep);
	put(o, rb_alert_status_name(rb_alert_status(a)));
	rb_buf_puts(o, sep);
	put(o, landing(b, a));
	rb_buf_puts(o, md ? " |\n" : "\n");
}

void rb_alerts_render(struct rb_build *b, enum rb_alerts_format f, struct rb_buf *out)
{
	const struct rb_book *book = &b->book;
	switch (f) {
	case RB_ALERTS_TEXT: render_text(b, out); return;
	case RB_ALERTS_JSON: render_json(b, out); return;
	case RB_ALERTS_CSV:
		rb_buf_puts(out, "alert,severity,rule,status,lands\n");
		break;
	case RB_ALERTS_MD:
		rb_buf_puts(out, "# Alerts\n\n| Alert | Severity | Rule | Status | Lands on |\n|---|---|---|---|---|\n");
		break;
	}
	for (size_t i = 0; i < book->nalerts; i++)
		table_row(b, &book->alerts[i], f == RB_ALERTS_MD, out);
}

void rb_alerts_render_urls(struct rb_build *b, struct rb_buf *out)
{
	const struct rb_book *book = &b->book;
	const char *base = book->config.alerts.base_url.s;
	for (size_t i = 0; i < book->nalert_refs; i++) {
		const struct rb_alert_ref *r = &book->alert_refs[i];
		rb_visible_put(out, r->name, 0);
		rb_buf_putc(out, '\t');
		rb_visible_put(out, rb_arena_printf(&b->arena, "%s%s", base ? base : "",
						   rb_alerts_scenario_href(b, r->scenario)), 0);
		rb_buf_putc(out, '\n');
	}
}
