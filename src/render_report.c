/* render_report.c: the staleness report as text, Markdown, CSV, JSON and
 * HTML. The report is already sorted and grouped by owner (stale.c); each
 * renderer walks it once. One escaper per format: text_put, md_put,
 * csv_put, html_put; JSON strings go through jansson. */
#include "render_report.h"
#include "util.h"
#include <jansson.h>
#include <stdlib.h>
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

/* The text escaper: control characters (terminal escapes) become '?'. */
static void text_put(struct rb_buf *o, const char *s)
{
	for (; s && *s; s++)
		rb_buf_putc(o, (unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s);
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
	rb_buf_printf(o, "Git: %s\n", r->git_note);
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

/* The Markdown escaper: backslash before every character that could start
 * markup mid-line; line breaks become spaces. */
static void md_put(struct rb_buf *o, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '\n' || *s == '\r')
			rb_buf_putc(o, ' ');
		else {
			if (strchr("\\`*_{}[]<>#|~&!$", *s))
				rb_buf_putc(o, '\\');
			rb_buf_putc(o, *s);
		}
	}
}

static void render_md(const struct rb_stale_report *r, struct rb_buf *o)
{
	char a[16], w[16];
	rb_buf_printf(o, "# Review report %s\n\nAs of %s; due window until %s.", r->quarter, day(r->as_of, a, 16),
		      day(r->window_end, w, 16));
	if (r->owner_filter) {
		rb_buf_puts(o, " Owner: ");
		md_put(o, r->owner_filter);
		rb_buf_putc(o, '.');
	}
	rb_buf_printf(o, "\n\n| | fresh | due | overdue | never |\n|---|---:|---:|---:|---:|\n"
		      "| Runbooks | %zu | %zu | %zu | %zu |\n| Contacts | %zu | %zu | %zu | %zu |\n\n",
		      r->runbooks.fresh, r->runbooks.due, r->runbooks.overdue, r->runbooks.never, r->contacts.fresh,
		      r->contacts.due, r->contacts.overdue, r->contacts.never);
	rb_buf_puts(o, "Git: ");
	md_put(o, r->git_note);
	rb_buf_puts(o, ".\n");
	if (!r->nfindings)
		rb_buf_puts(o, "\nNothing to do.\n");
	for (size_t i = 0; i < r->nfindings;) {
		size_t n = group_len(r, i);
		rb_buf_puts(o, "\n## ");
		md_put(o, r->findings[i].owner);
		rb_buf_printf(o, "\n\n%zu item%s to do.\n\n", n, n == 1 ? "" : "s");
		for (size_t end = i + n; i < end; i++) {
			const struct rb_stale_finding *f = &r->findings[i];
			rb_buf_printf(o, "- [ ] **%s**", rb_stale_kind_name(f->kind));
			if (f->tier)
				rb_buf_printf(o, " · tier %d", f->tier);
			rb_buf_printf(o, " · %s ", f->subject_type);
			md_put(o, f->subject);
			if (f->title) {
				rb_buf_puts(o, " (");
				md_put(o, f->title);
				rb_buf_putc(o, ')');
			}
			rb_buf_puts(o, ": ");
			md_put(o, f->detail);
			rb_buf_putc(o, '\n');
		}
	}
}

/* ---- CSV (RFC 4180) ---------------------------------------------------- */

/* The CSV escaper: a field is quoted when it holds a comma, a quote, CR or
 * LF, with quotes doubled. Text from the book that a spreadsheet would
 * run as a formula (= + - @ first) gets a leading apostrophe. */
static void csv_put(struct rb_buf *o, const char *s, bool text)
{
	if (!s)
		return;
	bool guard = text && strchr("=+-@", *s) && *s;
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
		csv_put(o, f->owner, true);
		rb_buf_printf(o, ",%s,%s,", rb_stale_kind_name(f->kind), f->subject_type);
		csv_put(o, f->subject, true);
		rb_buf_putc(o, ',');
		csv_put(o, f->title, true);
		rb_buf_putc(o, ',');
		if (f->tier)
			rb_buf_printf(o, "%d", f->tier);
		rb_buf_printf(o, ",%s,", day(f->last, d, sizeof d));
		rb_buf_printf(o, "%s,", day(f->due, d, sizeof d));
		if (f->due >= 0)
			rb_buf_printf(o, "%ld", f->days_overdue);
		rb_buf_printf(o, ",%s,%s,", f->commit ? f->commit : "", day(f->commit_day, d, sizeof d));
		csv_put(o, f->loc.file, true);
		rb_buf_putc(o, ',');
		if (f->loc.line)
			rb_buf_printf(o, "%u", f->loc.line);
		rb_buf_putc(o, ',');
		csv_put(o, f->detail, true);
		rb_buf_puts(o, "\r\n");
	}
}

/* ---- JSON ------------------------------------------------------------- */

static json_t *json_date(long days)
{
	char d[16];
	return days < 0 ? json_null() : json_string(day(days, d, sizeof d));
}

static json_t *json_str(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *json_counts(const struct rb_stale_counts *c)
{
	return json_pack("{s:I, s:I, s:I, s:I}", "fresh", (json_int_t)c->fresh, "due", (json_int_t)c->due,
			 "overdue", (json_int_t)c->overdue, "never", (json_int_t)c->never);
}

/* One finding as a JSON object (schema in doc/stale.md). */
static json_t *json_finding(const struct rb_stale_finding *f)
{
	json_t *j = json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:I, s:I, s:s}",
			      "kind", rb_stale_kind_name(f->kind), "subject_type", f->subject_type,
			      "subject", json_str(f->subject), "title", json_str(f->title),
			      "tier", f->tier ? json_integer(f->tier) : json_null(), "last", json_date(f->last),
			      "due", json_date(f->due),
			      "days_overdue", f->due >= 0 ? json_integer(f->days_overdue) : json_null(),
			      "commit", json_str(f->commit), "commit_date", json_date(f->commit_day),
			      "file", json_str(f->loc.file), "line", (json_int_t)f->loc.line,
			      "col", (json_int_t)f->loc.col, "detail", f->detail);
	return j;
}

static void render_json(const struct rb_stale_report *r, struct rb_buf *o)
{
	json_t *owners = json_array();
	for (size_t i = 0; i < r->nfindings;) {
		size_t n = group_len(r, i);
		json_t *list = json_array();
		const char *owner = r->findings[i].owner;
		for (size_t end = i + n; i < end; i++)
			json_array_append_new(list, json_finding(&r->findings[i]));
		json_array_append_new(owners, json_pack("{s:s, s:o}", "owner", owner, "findings", list));
	}
	json_t *root = json_pack("{s:s, s:i, s:s, s:o, s:o, s:I, s:o, s:{s:o, s:o}, s:{s:b, s:s}, s:o}",
				 "schema", "rbc-stale", "version", RB_STALE_SCHEMA_VERSION, "quarter", r->quarter,
				 "as_of", json_date(r->as_of), "window_end", json_date(r->window_end),
				 "window_days", (json_int_t)r->window_days, "owner", json_str(r->owner_filter),
				 "counts", "runbooks", json_counts(&r->runbooks), "contacts", json_counts(&r->contacts),
				 "git", "checked", r->git_checked, "note", r->git_note, "owners", owners);
	char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (text) {
		rb_buf_puts(o, text);
		rb_buf_putc(o, '\n');
	}
	free(text);
}

/* ---- HTML ------------------------------------------------------------- */

/* The HTML escaper, for text and attribute values alike. */
static void html_put(struct rb_buf *o, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': rb_buf_puts(o, "&amp;"); break;
		case '<': rb_buf_puts(o, "&lt;"); break;
		case '>': rb_buf_puts(o, "&gt;"); break;
		case '"': rb_buf_puts(o, "&quot;"); break;
		case '\'': rb_buf_puts(o, "&#39;"); break;
		default: rb_buf_putc(o, *s);
		}
	}
}

static void html_counts_row(struct rb_buf *o, const char *what, const struct rb_stale_counts *c)
{
	rb_buf_printf(o, "<tr><th scope=\"row\">%s</th><td>%zu</td><td>%zu</td><td>%zu</td><td>%zu</td></tr>\n",
		      what, c->fresh, c->due, c->overdue, c->never);
}

/* One owner's table. */
static void html_group(const struct rb_stale_report *r, size_t i, size_t n, int level, struct rb_buf *o)
{
	rb_buf_printf(o, "<section class=\"rbc-owner\">\n<h%d>", level);
	html_put(o, r->findings[i].owner);
	rb_buf_printf(o, " <small>(%zu)</small></h%d>\n<table>\n<thead><tr><th>Status</th><th>Tier</th><th>What</th>"
		      "<th>To do</th></tr></thead>\n<tbody>\n", n, level);
	for (size_t end = i + n; i < end; i++) {
		const struct rb_stale_finding *f = &r->findings[i];
		const char *kind = rb_stale_kind_name(f->kind);
		rb_buf_printf(o, "<tr><td><span class=\"badge badge-%s\">%s</span></td><td>", kind, kind);
		if (f->tier)
			rb_buf_printf(o, "%d", f->tier);
		rb_buf_printf(o, "</td><td>%s <code>", f->subject_type);
		html_put(o, f->subject);
		rb_buf_puts(o, "</code>");
		if (f->title) {
			rb_buf_puts(o, "<br>");
			html_put(o, f->title);
		}
		rb_buf_puts(o, "</td><td>");
		html_put(o, f->detail);
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
		html_put(o, r->owner_filter);
		rb_buf_putc(o, '.');
	}
	rb_buf_puts(o, "</p>\n<table class=\"rbc-counts\">\n<thead><tr><th></th><th>fresh</th><th>due</th>"
		       "<th>overdue</th><th>never</th></tr></thead>\n<tbody>\n");
	html_counts_row(o, "Runbooks", &r->runbooks);
	html_counts_row(o, "Contacts", &r->contacts);
	rb_buf_puts(o, "</tbody>\n</table>\n<p class=\"rbc-git\">Git: ");
	html_put(o, r->git_note);
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
