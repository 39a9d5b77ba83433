/* render_report.c: the staleness report as text, Markdown, CSV, JSON and
 * HTML. The report is already sorted and grouped by owner (stale.c); each
 * renderer walks it once. One escaper per format: text_put (visible.h),
 * rb_report_md_put, rb_report_csv_put, rb_html_escape (html_escape.h); JSON goes through the one
 * JSON writer (json_write.h). */
#include "render/render_report.h"
#include "base/json_write.h"
#include "render/html_escape.h"
#include "base/util.h"
#include "base/visible.h"
#include <string.h>

bool rb_report_parse_format(const char *name, enum rb_report_format *f)
{
	static const char *const names[] = {"text", "md", "csv", "json", "html"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (!strcmp(name, names[i])) {
			*f = (enum rb_report_format)i;
			return true;
		}
	return false;
}

/* A date or "" into d (n >= 16). */
static const char *day(long days, char *d, size_t n)
{
	if (days < 0)
		*d = 0;
	else
		rb_format_date(days, d, n);
	return d;
}

/* Number of findings from i on that share the owner of finding i. */
static size_t group_len(const struct rb_stale_report *r, size_t i)
{
	size_t j = i;
	while (j < r->nfindings && !strcmp(r->findings[j].owner, r->findings[i].owner))
		j++;
	return j - i;
}

/* ---- text ------------------------------------------------------------ */

/* The text escaper: control, bidi and ill-formed characters from the
 * book are shown escaped (\x1b, <U+202E>), never sent to the terminal. */
static void text_put(struct rb_buf *o, const char *s)
{
	rb_visible_put(o, s, 0);
}

/* The header lines every format shares in spirit: quarter, as-of, window. */
static void header_line(const struct rb_stale_report *r, char *out, size_t n)
{
	char a[16], w[16];
	snprintf(out, n, "Review report %s, as of %s (due window: until %s)", r->quarter, day(r->as_of, a, 16),
		 day(r->window_end, w, 16));
}

static void render_text(const struct rb_stale_report *r, struct rb_buf *o)
{
	char h[128];
	header_line(r, h, sizeof h);
	rb_buf_printf(o, "%s\n", h);
	if (r->owner_filter) {
		rb_buf_puts(o, "Owner: ");
		text_put(o, r->owner_filter);
		rb_buf_putc(o, '\n');
	}
	rb_buf_printf(o, "Runbooks: %zu fresh, %zu due, %zu overdue, %zu never reviewed\n", r->runbooks.fresh,
		      r->runbooks.due, r->runbooks.overdue, r->runbooks.never);
	rb_buf_printf(o, "Contacts: %zu fresh, %zu due, %zu overdue, %zu never verified\n", r->contacts.fresh,
		      r->contacts.due, r->contacts.overdue, r->contacts.never);
	rb_buf_puts(o, "Git: ");
	text_put(o, r->git_note);
	rb_buf_putc(o, '\n');
	if (!r->nfindings)
		rb_buf_puts(o, "\nNothing to do.\n");
	for (size_t i = 0; i < r->nfindings;) {
		size_t n = group_len(r, i);
		rb_buf_putc(o, '\n');
		text_put(o, r->findings[i].owner);
		rb_buf_printf(o, " (%zu)\n", n);
		for (size_t end = i + n; i < end; i++) {
			const struct rb_stale_finding *f = &r->findings[i];
			char tier[8] = "-";
			if (f->tier)
				snprintf(tier, sizeof tier, "%d", f->tier);
			rb_buf_printf(o, "  tier %-2s %-16s %-8s ", tier, rb_stale_kind_name(f->kind), f->subject_type);
			text_put(o, f->subject);
			rb_buf_puts(o, ": ");
			text_put(o, f->detail);
			rb_buf_putc(o, '\n');
		}
	}
}

/* ---- Markdown --------------------------------------------------------- */

/* The Markdown escaper: the text made visible (text_put's escapes, tabs
 * and line breaks kept), then a backslash before every character that
 * could start markup or HTML mid-line (a pipe would split a table cell,
 * '<' open a tag, '&' an entity); line breaks become spaces. */
void rb_report_md_put(struct rb_buf *o, const char *s)
{
	struct rb_buf v;
	rb_buf_init(&v);
	rb_visible_put(&v, s, RB_VISIBLE_TAB | RB_VISIBLE_NL);
	for (const char *p = rb_buf_cstr(&v); *p; p++) {
		if (*p == '\n')
			rb_buf_putc(o, ' ');
		else {
			if (strchr("\\`*_{}[]<>#|~&!$", *p))
				rb_buf_putc(o, '\\');
			rb_buf_putc(o, *p);
		}
	}
	rb_buf_free(&v);
}

static void render_md(const struct rb_stale_report *r, struct rb_buf *o)
{
	char a[16], w[16];
	rb_buf_printf(o, "# Review report %s\n\nAs of %s; due window until %s.", r->quarter, day(r->as_of, a, 16),
		      day(r->window_end, w, 16));
	if (r->owner_filter) {
		rb_buf_puts(o, " Owner: ");
		rb_report_md_put(o, r->owner_filter);
		rb_buf_putc(o, '.');
	}
	rb_buf_printf(o, "\n\n| | fresh | due | overdue | never |\n|---|---:|---:|---:|---:|\n"
		      "| Runbooks | %zu | %zu | %zu | %zu |\n| Contacts | %zu | %zu | %zu | %zu |\n\n",
		      r->runbooks.fresh, r->runbooks.due, r->runbooks.overdue, r->runbooks.never, r->contacts.fresh,
		      r->contacts.due, r->contacts.overdue, r->contacts.never);
	rb_buf_puts(o, "Git: ");
	rb_report_md_put(o, r->git_note);
	rb_buf_puts(o, ".\n");
	if (!r->nfindings)
		rb_buf_puts(o, "\nNothing to do.\n");
	for (size_t i = 0; i < r->nfindings;) {
		size_t n = group_len(r, i);
		rb_buf_puts(o, "\n## ");
		rb_report_md_put(o, r->findings[i].owner);
		rb_buf_printf(o, "\n\n%zu item%s to do.\n\n", n, n == 1 ? "" : "s");
		for (size_t end = i + n; i < end; i++) {
			const struct rb_stale_finding *f = &r->findings[i];
			rb_buf_printf(o, "- [ ] **%s**", rb_stale_kind_name(f->kind));
			if (f->tier)
				rb_buf_printf(o, " · tier %d", f->tier);
			rb_buf_printf(o, " · %s ", f->subject_type);
			rb_report_md_put(o, f->subject);
			if (f->title) {
				rb_buf_puts(o, " (");
				rb_report_md_put(o, f->title);
				rb_buf_putc(o, ')');
			}
			rb_buf_puts(o, ": ");
			rb_report_md_put(o, f->detail);
			rb_buf_putc(o, '\n');
		}
	}
}

/* ---- CSV (RFC 4180) ---------------------------------------------------- */

/* The CSV escaper: a field is quoted when it holds a comma, a quote, CR or
 * LF, with quotes doubled. Text from the book is made visible (tabs and
 * line breaks kept), and a field that a spreadsheet would run as a
 * formula (=, +, -, @, tab or CR first) gets a leading apostrophe. */
void rb_report_csv_put(struct rb_buf *o, const char *str)
{
	if (!str)
		return;
	struct rb_buf v;
	rb_buf_init(&v);
	rb_visible_put(&v, str, RB_VISIBLE_TAB | RB_VISIBLE_NL);
	const char *s = rb_buf_cstr(&v);
	bool guard = *s && strchr("=+-@\t\r", *s);
	bool quote = guard || strpbrk(s, ",\"\r\n");
	if (quote)
		rb_buf_putc(o, '"');
	if (guard)
		rb_buf_putc(o, '\'');
	for (; *s; s++) {
		if (*s == '"')
			rb_buf_putc(o, '"');
		rb_buf_putc(o, *s);
	}
	if (quote)
		rb_buf_putc(o, '"');
	rb_buf_free(&v);
}

static void render_csv(const struct rb_stale_report *r, struct rb_buf *o)
{
	rb_buf_puts(o, "quarter,as_of,owner,kind,subject_type,subject,title,tier,last,due,days_overdue,commit,"
		       "commit_date,file,line,detail\r\n");
	char a[16], d[16];
	day(r->as_of, a, sizeof a);
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct rb_stale_finding *f = &r->findings[i];
		rb_buf_printf(o, "%s,%s,", r->quarter, a);
		rb_report_csv_put(o, f->owner);
		rb_buf_printf(o, ",%s,%s,", rb_stale_kind_name(f->kind), f->subject_type);
		rb_report_csv_put(o, f->subject);
		rb_buf_putc(o, ',');
		rb_report_csv_put(o, f->title);
		rb_buf_putc(o, ',');
		if (f->tier)
			rb_buf_printf(o, "%d", f->tier);
		rb_buf_printf(o, ",%s,", day(f->last, d, sizeof d));
		rb_buf_printf(o, "%s,", day(f->due, d, sizeof d));
		if (f->due >= 0)
			rb_buf_printf(o, "%ld", f->days_overdue);
		rb_buf_printf(o, ",%s,%s,", f->commit ? f->commit : "", day(f->commit_day, d, sizeof d));
		rb_report_csv_put(o, f->loc.file);
		rb_buf_putc(o, ',');
		if (f->loc.line)
			rb_buf_printf(o, "%u", f->loc.line);
		rb_buf_putc(o, ',');
		rb_report_csv_put(o, f->detail);
		rb_buf_puts(o, "\r\n");
	}
}

/* ---- JSON ------------------------------------------------------------- */

/* "key": a date, or null when there is none. */
static void json_date(struct rb_jw *w, const char *key, long days)
{
	char d[16];
	rb_jw_kstr(w, key, days < 0 ? NULL : day(days, d, sizeof d));
}

/* "key": {fresh, due, overdue, never}. */
static void json_counts(struct rb_jw *w, const char *key, const struct rb_stale_counts *c)
{
	rb_jw_key(w, key);
	rb_jw_object(w);
	rb_jw_kint(w, "fresh", (long long)c->fresh);
	rb_jw_kint(w, "due", (long long)c->due);
	rb_jw_kint(w, "overdue", (long long)c->overdue);
	rb_jw_kint(w, "never", (long long)c->never);
	rb_jw_end(w, '}');
}

/* One finding as a JSON object (schema in doc/stale.md). */
static void json_finding(struct rb_jw *w, const struct rb_stale_finding *f)
{
	rb_jw_object(w);
	rb_jw_kstr(w, "kind", rb_stale_kind_name(f->kind));
	rb_jw_kstr(w, "subject_type", f->subject_type);
	rb_jw_kstr(w, "subject", f->subject);
	rb_jw_kstr(w, "title", f->title);
	if (f->tier)
		rb_jw_kint(w, "tier", f->tier);
	else
		rb_jw_kstr(w, "tier", NULL);
	json_date(w, "last", f->last);
	json_date(w, "due", f->due);
	if (f->due >= 0)
		rb_jw_kint(w, "days_overdue", f->days_overdue);
	else
		rb_jw_kstr(w, "days_overdue", NULL);
	rb_jw_kstr(w, "commit", f->commit);
	json_date(w, "commit_date", f->commit_day);
	rb_jw_kstr(w, "file", f->loc.file);
	rb_jw_kint(w, "line", f->loc.line);
	rb_jw_kint(w, "col", f->loc.col);
	rb_jw_kstr(w, "detail", f->detail);
	rb_jw_end(w, '}');
}

static void render_json(const struct rb_stale_report *r, struct rb_buf *o)
{
	struct rb_jw w;
	rb_jw_init(&w, 2, rb_jw_put_buf, o);
	rb_jw_object(&w);
	rb_jw_kstr(&w, "schema", "rbc-stale");
	rb_jw_kint(&w, "version", RB_STALE_SCHEMA_VERSION);
	rb_jw_kstr(&w, "quarter", r->quarter);
	json_date(&w, "as_of", r->as_of);
	json_date(&w, "window_end", r->window_end);
	rb_jw_kint(&w, "window_days", r->window_days);
	rb_jw_kstr(&w, "owner", r->owner_filter);
	rb_jw_key(&w, "counts");
	rb_jw_object(&w);
	json_counts(&w, "runbooks", &r->runbooks);
	json_counts(&w, "contacts", &r->contacts);
	rb_jw_end(&w, '}');
	rb_jw_key(&w, "git");
	rb_jw_object(&w);
	rb_jw_kbool(&w, "checked", r->git_checked);
	rb_jw_kstr(&w, "note", r->git_note);
	rb_jw_end(&w, '}');
	rb_jw_key(&w, "owners");
	rb_jw_array(&w);
	for (size_t i = 0; i < r->nfindings;) {
		size_t n = group_len(r, i);
		rb_jw_object(&w);
		rb_jw_kstr(&w, "owner", r->findings[i].owner);
		rb_jw_key(&w, "findings");
		rb_jw_array(&w);
		for (size_t end = i + n; i < end; i++)
			json_finding(&w, &r->findings[i]);
		rb_jw_end(&w, ']');
		rb_jw_end(&w, '}');
	}
	rb_jw_end(&w, ']');
	rb_jw_end(&w, '}');
	rb_jw_finish(&w);
	rb_buf_putc(o, '\n');
}

/* ---- HTML ------------------------------------------------------------- */

static void html_counts_row(struct rb_buf *o, const char *what, const struct rb_stale_counts *c)
{
	rb_buf_printf(o, "<tr><th scope=\"row\">%s</th><td>%zu</td><td>%zu</td><td>%zu</td><td>%zu</td></tr>\n",
		      what, c->fresh, c->due, c->overdue, c->never);
}

/* One owner's table. */
static void html_group(const struct rb_stale_report *r, size_t i, size_t n, int level, struct rb_buf *o)
{
	rb_buf_printf(o, "<section class=\"rbc-owner\">\n<h%d>", level);
	rb_html_escape(o, r->findings[i].owner);
	rb_buf_printf(o, " <small>(%zu)</small></h%d>\n<table>\n<thead><tr><th>Status</th><th>Tier</th><th>What</th>"
		      "<th>To do</th></tr></thead>\n<tbody>\n", n, level);
	for (size_t end = i + n; i < end; i++) {
		const struct rb_stale_finding *f = &r->findings[i];
		const char *kind = rb_stale_kind_name(f->kind);
		rb_buf_printf(o, "<tr><td><span class=\"badge badge-%s\">%s</span></td><td>", kind, kind);
		if (f->tier)
			rb_buf_printf(o, "%d", f->tier);
		rb_buf_printf(o, "</td><td>%s <code>", f->subject_type);
		rb_html_escape(o, f->subject);
		rb_buf_puts(o, "</code>");
		if (f->title) {
			rb_buf_puts(o, "<br>");
			rb_html_escape(o, f->title);
		}
		rb_buf_puts(o, "</td><td>");
		rb_html_escape(o, f->detail);
		rb_buf_puts(o, "</td></tr>\n");
	}
	rb_buf_puts(o, "</tbody>\n</table>\n</section>\n");
}

void rb_report_html_section(const struct rb_stale_report *r, int level, struct rb_buf *o)
{
	char a[16], w[16];
	rb_buf_printf(o, "<section class=\"rbc-review\">\n<h%d>Review report %s</h%d>\n<p>As of <time>%s</time>; due "
		      "window until <time>%s</time>.", level, r->quarter, level, day(r->as_of, a, 16),
		      day(r->window_end, w, 16));
	if (r->owner_filter) {
		rb_buf_puts(o, " Owner: ");
		rb_html_escape(o, r->owner_filter);
		rb_buf_putc(o, '.');
	}
	rb_buf_puts(o, "</p>\n<table class=\"rbc-counts\">\n<thead><tr><th></th><th>fresh</th><th>due</th>"
		       "<th>overdue</th><th>never</th></tr></thead>\n<tbody>\n");
	html_counts_row(o, "Runbooks", &r->runbooks);
	html_counts_row(o, "Contacts", &r->contacts);
	rb_buf_puts(o, "</tbody>\n</table>\n<p class=\"rbc-git\">Git: ");
	rb_html_escape(o, r->git_note);
	rb_buf_puts(o, ".</p>\n");
	if (!r->nfindings)
		rb_buf_puts(o, "<p>Nothing to do.</p>\n");
	for (size_t i = 0; i < r->nfindings;) {
		size_t n = group_len(r, i);
		html_group(r, i, n, level + 1, o);
		i += n;
	}
	rb_buf_puts(o, "</section>\n");
}

void rb_report_html_body(const struct rb_stale_report *r, struct rb_buf *o)
{
	rb_report_html_section(r, 1, o);
}

static void render_html(const struct rb_stale_report *r, struct rb_buf *o)
{
	rb_buf_printf(o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		      "<title>Review report %s</title>\n<style>\n"
		      ".rbc-review{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}\n"
		      ".rbc-review table{border-collapse:collapse;width:100%%;margin:.5rem 0 1.5rem}\n"
		      ".rbc-review th,.rbc-review td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;"
		      "vertical-align:top}\n"
		      ".rbc-review .rbc-counts{width:auto}\n"
		      ".rbc-review .badge{display:inline-block;padding:0 .4rem;border-radius:.3rem;"
		      "font-size:.85em;background:#ddd;color:#000}\n"
		      ".rbc-review .badge-overdue,.rbc-review .badge-never,.rbc-review .badge-contact-overdue,"
		      ".rbc-review .badge-contact-never,.rbc-review .badge-changed{background:#b00020;color:#fff}\n"
		      ".rbc-review .badge-due,.rbc-review .badge-contact-due,.rbc-review .badge-bumped{background:#f2c94c}\n"
		      "</style>\n</head>\n<body>\n", r->quarter);
	rb_report_html_body(r, o);
	rb_buf_puts(o, "</body>\n</html>\n");
}

void rb_report_render(const struct rb_stale_report *r, enum rb_report_format f, struct rb_buf *out)
{
	switch (f) {
	case RB_REPORT_TEXT: render_text(r, out); break;
	case RB_REPORT_MD: render_md(r, out); break;
	case RB_REPORT_CSV: render_csv(r, out); break;
	case RB_REPORT_JSON: render_json(r, out); break;
	case RB_REPORT_HTML: render_html(r, out); break;
	}
}
