/* render_print.c: OUT/handbook.html, the book as one printable file.
 * The front (cover, contents, contacts, RTO/RPO matrix) needs only the
 * model; then each runbook is rendered through md_html's print mode,
 * appended to the file and its parse tree freed, so memory stays bounded
 * by the largest runbook. See render_print.h for the id scheme. */
#include "render/render_print.h"
#include "render/render_script.h"
#include "render/md_html.h"
#include "render/html_escape.h"
#include "model/review.h"
#include "model/rto_row.h"
#include "render/template.h"
#include "base/util.h"
#include <stdlib.h>
#include <string.h>


/* The style sheet: BOOK/templates/handbook.css when the book has one,
 * else the built-in one (both through rb_template_text). NULL, with a
 * diagnostic, when the book's file cannot be read, is not UTF-8, or could
 * end the <style> element. */
static const char *style_sheet(struct rb_build *b)
{
	size_t len = 0;
	const char *css = rb_template_text(b, "handbook.css", &len);
	if (!css)
		return NULL;
	const char *why = rb_utf8_invalid(css, len) != (size_t)-1 ? "it is not UTF-8"
			  : strcasestr(css, "</style") ? "it holds '</style', which would end the style element"
			  : NULL;
	if (!why)
		return css;
	const char *root = b->book.root ? b->book.root : ".";
	char *path = rb_arena_printf(&b->arena, "%s/templates/handbook.css", root);
	rb_diag(b, RB_D_TEMPLATE, (struct rb_loc){path, 0, 0}, "%s; fix it or remove it to use the built-in one", why);
	return NULL;
}

/* The book's title for the cover and the running header. */
static const char *book_title(const struct rb_build *b)
{
	const char *t = b->book.config.title.s;
	return t && *t ? t : "Runbooks";
}

/* A runbook's title, falling back to its id. */
static const char *runbook_title(const struct rb_runbook *rb)
{
	return rb->title.s && *rb->title.s ? rb->title.s : rb->id.s;
}

/* A duration as written ("15 min"), or an en dash when absent. */
static void put_duration(struct rb_buf *out, const struct rb_duration *d)
{
	if (d && d->set && d->text)
		rb_html_escape(out, d->text);
	else
		rb_buf_puts(out, "&#8211;");
}

/* Seconds as a duration ("1h 30m"). */
static void put_seconds(struct rb_buf *out, long secs)
{
	char s[64];
	rb_format_duration(secs, s, sizeof s);
	rb_html_escape(out, s);
}

/* A contact by id: its name linked to its row, or the id as text when the
 * book does not know it. */
static void put_contact(const struct rb_build *b, struct rb_buf *out, const char *id)
{
	const struct rb_contact *c = id ? rb_book_contact(&b->book, id) : NULL;
	if (!c) {
		rb_html_escape(out, id ? id : "");
		return;
	}
	rb_buf_puts(out, "<a href=\"#contact:");
	rb_html_escape(out, c->id);
	rb_buf_puts(out, "\">");
	rb_html_escape(out, c->name.s ? c->name.s : c->id);
	rb_buf_puts(out, "</a>");
}

/* <!DOCTYPE>, <head> with the style sheet and the paper size. */
static void head(const struct rb_build *b, const char *css, struct rb_buf *out)
{
	rb_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	rb_html_escape(out, book_title(b));
	rb_buf_puts(out, " &#8211; print handbook</title>\n<meta name=\"generator\" content=\"rbc\">\n<style>\n");
	rb_buf_puts(out, css);
	rb_buf_puts(out, "</style>\n");
	if (b->opt.paper)
		rb_buf_printf(out, "<style>@page { size: %s; }</style>\n",
			      rb_str_ieq(b->opt.paper, "letter") ? "letter" : "A4");
	rb_buf_puts(out, "</head>\n<body>\n");
}

/* Number of scenarios in the book. */
static size_t count_scenarios(const struct rb_build *b)
{
	size_t n = 0;
	for (size_t i = 0; i < b->book.nrunbooks; i++)
		n += b->book.runbooks[i]->nscenarios;
	return n;
}

/* The DR kit's public key (rbc.yaml bundle: {pubkey: FILE}) on the cover,
 * so the binder on the shelf says which key a kit must verify with. */
static void signing_key(const struct rb_build *b, struct rb_buf *out)
{
	const struct rb_config *cfg = &b->book.config;
	if (!cfg->bundle_key_id)
		return;
	rb_buf_puts(out, "<p class=\"signing-key\">DR kits are signed with minisign key <code class=\"key-id\">");
	rb_html_escape(out, cfg->bundle_key_id);
	rb_buf_puts(out, "</code>. Verify a kit with<br><code class=\"pubkey\">minisign -Vm KIT.tar.gz -P ");
	rb_html_escape(out, cfg->bundle_key_b64);
	rb_buf_puts(out, "</code><br>and trust no key that came with the kit.</p>\n");
}

/* The cover page: title, counts, the book's commit (when in git) and the
 * build date (--as-of, else SOURCE_DATE_EPOCH, else today). */
static void cover(const struct rb_build *b, const char *commit, struct rb_buf *out)
{
	char date[16];
	rb_format_date(b->as_of, date, sizeof date);
	rb_buf_puts(out, "<header class=\"cover\" data-book=\"");
	rb_html_escape(out, book_title(b));
	rb_buf_puts(out, "\">\n<h1>");
	rb_html_escape(out, book_title(b));
	rb_buf_printf(out, "</h1>\n<p>Print handbook: %zu runbooks, %zu scenarios", b->book.nrunbooks,
		      count_scenarios(b));
	rb_buf_puts(out, ".</p>\n<p class=\"build\">");
	if (commit) {
		rb_buf_puts(out, "Commit <code class=\"commit\" title=\"");
		rb_html_escape(out, commit);
		rb_buf_puts(out, "\">");
		rb_html_escape_n(out, commit, strlen(commit) < 12 ? strlen(commit) : 12);
		rb_buf_puts(out, "</code>, built ");
	} else {
		rb_buf_puts(out, "Built ");
	}
	rb_buf_printf(out, "<time datetime=\"%s\">%s</time>.</p>\n", date, date);
	signing_key(b, out);
	rb_buf_puts(out, "</header>\n");
}

/* Escaped text, or an en dash when absent. */
static void put_text_or_dash(struct rb_buf *out, const char *s)
{
	if (s && *s)
		rb_html_escape(out, s);
	else
		rb_buf_puts(out, "&#8211;");
}

/* One table-of-contents entry linking to #<id>, where id = a + b. */
static void toc_entry(struct rb_buf *out, const char *id_a, const char *id_b, const char *label)
{
	rb_buf_puts(out, "<a href=\"#");
	rb_html_escape(out, id_a);
	rb_html_escape(out, id_b);
	rb_buf_puts(out, "\">");
	rb_html_escape(out, label);
	rb_buf_puts(out, "</a>");
}

/* Append buf to f and empty it. */
static void flush(struct rb_output_file *f, struct rb_buf *buf)
{
	rb_output_append(f, rb_buf_cstr(buf), buf->len);
	rb_buf_reset(buf);
}

/* Append buf to f once it holds 64 KB or more, so that the front parts of
 * a book of thousands of runbooks never sit whole in memory. */
static void flush_some(struct rb_output_file *f, struct rb_buf *buf)
{
	if (buf->len >= 64 * 1024)
		flush(f, buf);
}

/* The contents: the front parts, then every runbook with its scenarios.
 * The style sheet adds each target's page number. */
static void toc(struct rb_build *b, struct rb_output_file *f, struct rb_buf *out)
{
	rb_buf_puts(out, "<nav class=\"toc part\" id=\"book:toc\" data-title=\"Contents\" aria-label=\"Contents\">\n"
			 "<h2>Contents</h2>\n<ol>\n<li>");
	toc_entry(out, "book:contacts", "", "Contacts and escalation");
	rb_buf_puts(out, "</li>\n<li>");
	toc_entry(out, "book:rto", "", "RTO and RPO by scenario");
	rb_buf_puts(out, "</li>\n");
	for (size_t i = 0; i < b->book.nrunbooks; i++) {
		const struct rb_runbook *rb = b->book.runbooks[i];
		rb_buf_puts(out, "<li class=\"toc-runbook\">");
		toc_entry(out, rb->id.s, "", runbook_title(rb));
		if (rb->nscenarios)
			rb_buf_puts(out, "\n<ol>\n");
		struct rb_buf prefix;
		rb_buf_init(&prefix);
		rb_buf_printf(&prefix, "%s/", rb->id.s);
		for (size_t j = 0; j < rb->nscenarios; j++) {
			rb_buf_puts(out, "<li>");
			toc_entry(out, rb_buf_cstr(&prefix), rb->scenarios[j].id, rb->scenarios[j].title);
			rb_buf_puts(out, "</li>\n");
		}
		rb_buf_free(&prefix);
		if (rb->nscenarios)
			rb_buf_puts(out, "</ol>\n");
		rb_buf_puts(out, "</li>\n");
		flush_some(f, out);
	}
	rb_buf_puts(out, "</ol>\n</nav>\n");
}

/* A table cell holding escaped text (or a dash when absent). */
static void cell(struct rb_buf *out, const char *s)
{
	rb_buf_puts(out, "<td>");
	put_text_or_dash(out, s);
	rb_buf_puts(out, "</td>");
}

/* The same in a cell that does not wrap (phone numbers, durations). */
static void cell_nowrap(struct rb_buf *out, const char *s)
{
	rb_buf_puts(out, "<td class=\"nowrap\">");
	put_text_or_dash(out, s);
	rb_buf_puts(out, "</td>");
}


/* The escalation path, in order, each step after its delay. */
static void escalation(const struct rb_build *b, struct rb_buf *out)
{
	rb_buf_puts(out, "<h3>Escalation path</h3>\n");
	if (!b->book.nescalation) {
		rb_buf_puts(out, "<p>The book sets no escalation path (contacts.yaml, <code>escalation:</code>).</p>\n");
		return;
	}
	rb_buf_puts(out, "<ol class=\"escalation\">\n");
	for (size_t i = 0; i < b->book.nescalation; i++) {
		const struct rb_escalation *e = &b->book.escalation[i];
		const struct rb_contact *c = rb_book_contact(&b->book, e->contact.s ? e->contact.s : "");
		rb_buf_puts(out, "<li>");
		put_contact(b, out, e->contact.s);
		if (c && c->role.s) {
			rb_buf_puts(out, " (");
			rb_html_escape(out, c->role.s);
			rb_buf_putc(out, ')');
		}
		if (c && (c->phone.s || c->pager.s)) {
			rb_buf_puts(out, ": ");
			rb_html_escape(out, c->phone.s ? c->phone.s : c->pager.s);
		}
		if (e->after.set && e->after.hi > 0) {
			rb_buf_puts(out, ", after ");
			put_duration(out, &e->after);
		} else if (e->after.set) {
			rb_buf_puts(out, ", at once");
		}
		rb_buf_puts(out, "</li>\n");
	}
	rb_buf_puts(out, "</ol>\n");
}

/* Contacts and the escalation path: the first part after the contents. */
static void contacts(const struct rb_build *b, struct rb_buf *out)
{
	rb_buf_puts(out, "<section class=\"part front\" id=\"book:contacts\" data-title=\"Contacts and escalation\">\n"
			 "<h2>Contacts and escalation</h2>\n");
	escalation(b, out);
	rb_buf_puts(out, "<h3>Directory</h3>\n");
	if (!b->book.ncontacts) {
		rb_buf_puts(out, "<p>The book has no contacts.yaml.</p>\n</section>\n");
		return;
	}
	rb_buf_puts(out, "<table class=\"contacts\">\n<thead><tr><th>Contact</th><th>Role</th><th>Phone</th>"
			 "<th>Pager</th><th>Email</th><th>Verified</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < b->book.ncontacts; i++) {
		const struct rb_contact *c = &b->book.contacts[i];
		rb_buf_puts(out, "<tr id=\"contact:");
		rb_html_escape(out, c->id);
		rb_buf_puts(out, "\"><td>");
		rb_html_escape(out, c->name.s ? c->name.s : c->id);
		rb_buf_puts(out, "<br><span class=\"contact-id\">@");
		rb_html_escape(out, c->id);
		rb_buf_puts(out, "</span></td>");
		cell(out, c->role.s);
		cell_nowrap(out, c->phone.s);
		cell_nowrap(out, c->pager.s);
		cell(out, c->email.s);
		cell(out, c->verified.set ? c->verified.text : NULL);
		rb_buf_puts(out, "</tr>\n");
	}
	rb_buf_puts(out, "</tbody>\n</table>\n</section>\n");
}

/* One matrix cell: a declared value against the policy, marked when over. */
static void matrix_cell(struct rb_buf *out, const struct rb_duration *d, bool breach)
{
	rb_buf_puts(out, breach ? "<td class=\"nowrap breach\">" : "<td class=\"nowrap\">");
	put_duration(out, d);
	if (breach)
		rb_buf_puts(out, " <span class=\"breach-mark\">(over)</span>");
	rb_buf_puts(out, "</td>");
}

/* The steps' estimated total: "25m", "20m-35m", or a dash. */
static void put_steps_sum(struct rb_buf *out, const struct rb_rto_row *r)
{
	if (!r->steps_any) {
		rb_buf_puts(out, "&#8211;");
		return;
	}
	if (r->steps_lo != r->steps_hi) {
		put_seconds(out, r->steps_lo);
		rb_buf_puts(out, "&#8211;");
	}
	put_seconds(out, r->steps_hi);
}

/* One matrix row per scenario. */
static void matrix_row(struct rb_build *b, const struct rb_scenario *sc, struct rb_buf *out)
{
	struct rb_rto_row r;
	rb_rto_row_fill(b, sc, &r);
	const struct rb_runbook *rb = sc->runbook;
	rb_buf_puts(out, rb_rto_row_breached(&r) ? "<tr class=\"breached\"><td>" : "<tr><td>");
	toc_entry(out, rb->id.s, "", runbook_title(rb));
	rb_buf_puts(out, "</td><td>");
	toc_entry(out, rb_arena_printf(&b->arena, "%s/", rb->id.s), sc->id, sc->title);
	rb_buf_puts(out, "</td>");
	cell(out, sc->severity.s);
	if (rb->tier)
		rb_buf_printf(out, "<td>%d</td>", rb->tier);
	else
		cell(out, NULL);
	matrix_cell(out, r.rto, r.rto_breach);
	matrix_cell(out, r.tier_rto, false);
	rb_buf_puts(out, r.steps_breach ? "<td class=\"nowrap breach\">" : "<td class=\"nowrap\">");
	put_steps_sum(out, &r);
	if (r.steps_breach)
		rb_buf_puts(out, " <span class=\"breach-mark\">(over RTO)</span>");
	rb_buf_puts(out, "</td>");
	matrix_cell(out, r.rpo, r.rpo_breach);
	matrix_cell(out, r.tier_rpo, false);
	rb_buf_puts(out, "</tr>\n");
}

/* The RTO/RPO matrix: declared values, tier policy, step sums, breaches. */
static void matrix(struct rb_build *b, struct rb_output_file *f, struct rb_buf *out)
{
	rb_buf_puts(out, "<section class=\"part front\" id=\"book:rto\" data-title=\"RTO and RPO by scenario\">\n"
			 "<h2>RTO and RPO by scenario</h2>\n<p>The declared RTO and RPO of each scenario (else its "
			 "runbook's), the policy of its tier from rbc.yaml, and the sum of its steps' time estimates "
			 "(Rollback left out). Values over the policy, and step sums over the RTO, are marked "
			 "<span class=\"breach-mark\">(over)</span>.</p>\n");
	rb_buf_puts(out, "<table class=\"rto\">\n<thead><tr><th>Runbook</th><th>Scenario</th><th>Severity</th>"
			 "<th>Tier</th><th>RTO</th><th>Tier RTO</th><th>Steps</th><th>RPO</th><th>Tier RPO</th>"
			 "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < b->book.nrunbooks; i++) {
		for (size_t j = 0; j < b->book.runbooks[i]->nscenarios; j++)
			matrix_row(b, &b->book.runbooks[i]->scenarios[j], out);
		flush_some(f, out);
	}
	rb_buf_puts(out, "</tbody>\n</table>\n</section>\n");
}

/* A labelled value in a summary line; skipped when s is absent. */
static void fact(struct rb_buf *out, const char *label, const char *s)
{
	if (!s || !*s)
		return;
	rb_buf_printf(out, "<span><strong>%s:</strong> ", label);
	rb_html_escape(out, s);
	rb_buf_puts(out, "</span>");
}

/* What a scenario's metadata paragraph does not say, under its heading:
 * an RTO or RPO inherited from the runbook, the owner's phone and the
 * steps' estimated total. Nothing when there is nothing to add. */
static void scenario_card(void *ctx, const struct rb_scenario *sc, struct rb_buf *out)
{
	struct rb_build *b = ctx;
	struct rb_rto_row r;
	rb_rto_row_fill(b, sc, &r);
	const struct rb_contact *c = sc->owner_effective ? rb_book_contact(&b->book, sc->owner_effective) : NULL;
	bool rto_inherited = r.rto && !sc->rto.set, rpo_inherited = r.rpo && !sc->rpo.set;
	if (!rto_inherited && !rpo_inherited && !c && !r.steps_any)
		return;
	rb_buf_puts(out, "<p class=\"scenario-card\">");
	if (rto_inherited) {
		rb_buf_puts(out, "<span><strong>RTO:</strong> ");
		put_duration(out, r.rto);
		rb_buf_puts(out, " (runbook)</span>");
	}
	if (rpo_inherited) {
		rb_buf_puts(out, "<span><strong>RPO:</strong> ");
		put_duration(out, r.rpo);
		rb_buf_puts(out, " (runbook)</span>");
	}
	if (c) {
		rb_buf_puts(out, "<span><strong>Owner:</strong> ");
		put_contact(b, out, c->id);
		if (c->phone.s || c->pager.s) {
			rb_buf_puts(out, ", ");
			rb_html_escape(out, c->phone.s ? c->phone.s : c->pager.s);
		}
		rb_buf_puts(out, "</span>");
	}
	if (r.steps_any) {
		rb_buf_puts(out, r.steps_breach ? "<span class=\"breach\">" : "<span>");
		rb_buf_puts(out, "<strong>Steps:</strong> ");
		put_steps_sum(out, &r);
		rb_buf_puts(out, r.steps_breach ? " (over the RTO)</span>" : "</span>");
	}
	rb_buf_puts(out, "</p>\n");
}

/* The runbook's facts: service, tier, owner, review and due dates, file.
 * The due date does not depend on the build's date (no fresh/overdue
 * state), so the handbook's bytes do not either. */
static void runbook_meta(const struct rb_build *b, const struct rb_runbook *rb, struct rb_buf *out)
{
	rb_buf_puts(out, "<p class=\"runbook-meta\">");
	fact(out, "Service", rb->service.s);
	if (rb->tier)
		rb_buf_printf(out, "<span><strong>Tier:</strong> %d</span>", rb->tier);
	if (rb->owner.s) {
		rb_buf_puts(out, "<span><strong>Owner:</strong> ");
		put_contact(b, out, rb->owner.s);
		rb_buf_puts(out, "</span>");
	}
	struct rb_review rv = rb_review_runbook(b, rb, RB_REVIEW_WINDOW_DAYS);
	char date[16];
	fact(out, "Reviewed", rb->reviewed.set ? rb->reviewed.text : "never");
	if (rv.state != RB_REVIEW_NEVER) {
		rb_format_date(rv.due, date, sizeof date);
		rb_buf_printf(out, "<span><strong>Review due:</strong> %s</span>", date);
	}
	fact(out, "Source", rb->path);
	rb_buf_puts(out, "</p>\n");
}

/* One runbook as a part: its own title heading (from the body's first H1
 * when it opens the body, else added), the facts, then the body. */
static void runbook(struct rb_build *b, const struct rb_runbook *rb, struct rb_buf *out)
{
	rb_buf_puts(out, "<section class=\"part runbook\" id=\"");
	rb_html_escape(out, rb->id.s);
	rb_buf_puts(out, "\" data-title=\"");
	rb_html_escape(out, runbook_title(rb));
	rb_buf_puts(out, "\">\n");
	struct rb_buf body;
	rb_buf_init(&body);
	rb_md_html_runbook_print(b, rb, scenario_card, b, &body);
	const char *html = rb_buf_cstr(&body);
	const char *h1_end = strncmp(html, "<h1", 3) ? NULL : strstr(html, "</h1>\n");
	if (h1_end) {
		h1_end += strlen("</h1>\n");
		rb_buf_add(out, html, (size_t)(h1_end - html));
	} else {
		rb_buf_puts(out, "<h1>");
		rb_html_escape(out, runbook_title(rb));
		rb_buf_puts(out, "</h1>\n");
		h1_end = html;
	}
	runbook_meta(b, rb, out);
	if (!rb->doc)
		rb_buf_puts(out, "<p class=\"unreadable\">This runbook's body could not be read; see rbc lint.</p>\n");
	rb_buf_puts(out, h1_end);
	rb_buf_puts(out, "</section>\n");
	rb_buf_free(&body);
}

/* A handbook being written: the file and its buffer. */
struct rb_print {
	struct rb_build *b;
	struct rb_output_file *f;
	struct rb_buf buf;
};

struct rb_print *rb_print_begin(struct rb_build *b, struct rb_output *o, const char *commit)
{
	const char *css = style_sheet(b);
	if (!css)
		return NULL;
	struct rb_print *p = rb_xcalloc(1, sizeof *p);
	p->b = b;
	p->f = rb_output_open_file(o, "handbook.html", 0644);
	rb_buf_init(&p->buf);
	head(b, css, &p->buf);
	cover(b, commit, &p->buf);
	toc(b, p->f, &p->buf);
	contacts(b, &p->buf);
	matrix(b, p->f, &p->buf);
	flush(p->f, &p->buf);
	return p;
}

void rb_print_runbook(struct rb_print *p, const struct rb_runbook *rb)
{
	runbook(p->b, rb, &p->buf);
	flush(p->f, &p->buf);
}

void rb_print_runbook_text(struct rb_build *b, const struct rb_runbook *rb, struct rb_buf *out)
{
	runbook(b, rb, out);
}

size_t rb_print_offset(struct rb_print *p)
{
	flush(p->f, &p->buf);
	return rb_output_file_size(p->f);
}

void rb_print_replay(struct rb_print *p, const char *text, size_t len)
{
	flush(p->f, &p->buf);
	rb_output_append(p->f, text, len);
}

void rb_print_replay_range(struct rb_print *p, const struct rb_output_range *r)
{
	flush(p->f, &p->buf);
	rb_output_append_range(p->f, r);
}

bool rb_print_end(struct rb_print *p)
{
	rb_buf_puts(&p->buf, "</body>\n</html>\n");
	flush(p->f, &p->buf);
	rb_buf_free(&p->buf);
	bool ok = rb_output_close_file(p->f);
	free(p);
	return ok;
}

bool rb_render_print(struct rb_build *b, struct rb_output *o)
{
	struct rb_print *p = rb_print_begin(b, o, rb_script_commit(b));
	if (!p)
		return false;
	for (size_t i = 0; i < b->book.nrunbooks; i++)
		rb_print_runbook(p, b->book.runbooks[i]);
	return rb_print_end(p);
}
