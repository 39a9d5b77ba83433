/* render_html.c: the site. Every page is a template (templates/) filled
 * from a value tree built here, wrapped in templates/layout.html, written
 * through output.c and parsed back by html_check.c. Values for one page
 * live in a page arena that is emptied after the page, so memory for the
 * pages stays bounded by the largest one. This file drives the site and
 * holds the runbook pages (md_html.c renders the body) and the assets;
 * render_html_site.c the helpers every page uses (values, page contexts,
 * writing a page), which all the site's files stand on;
 * render_html_pages.c holds the book-wide pages
 * (index, contacts, RTO/RPO matrix, review, tags, 404),
 * render_html_search.c the search index, render_html_extra.c the book's
 * attachments, its README introduction, git's last changes and edit links. */
#include "render/render_html.h"
#include "render/render_html_site.h"
#include "render/html_check.h"
#include "render/md_html.h"
#include "render/html_escape.h"
#include "base/pool.h"
#include "model/rto_row.h"
#include "base/util.h"
#include <stdlib.h>
#include <string.h>

/* The built-in assets copied to OUT/assets/ (a book may override each). */
static const char *const asset_names[] = {"assets/site.css", "assets/site.js", NULL};

/* True when a and b are both NULL or equal strings. */
static bool same_or_both_null(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* --- tags --- */

/* Tags in byte order, then runbook path. */
static int by_tag(const void *pa, const void *pb)
{
	const struct tag_use *a = pa, *b = pb;
	int d = strcmp(a->name, b->name);
	return d ? d : strcmp(a->rb->path, b->rb->path);
}

/* Gather every (tag, runbook) once and give each distinct tag an id on
 * tags.html that no other tag shares ("Tier 1" and "tier-1" differ). */
static void collect_tags(struct rb_site *s)
{
	size_t cap = 0, ndistinct = 0;
	for (size_t i = 0; i < s->b->book.nrunbooks; i++) {
		const struct rb_runbook *rb = s->b->book.runbooks[i];
		for (size_t j = 0; j < rb->ntags; j++) {
			if (!rb->tags[j].s || !*rb->tags[j].s)
				continue;
			if (s->nuses == cap) {
				cap = cap ? cap * 2 : 64;
				s->uses = rb_xrealloc(s->uses, cap * sizeof *s->uses);
			}
			s->uses[s->nuses++] = (struct tag_use){rb->tags[j].s, rb};
		}
	}
	if (s->nuses)
		qsort(s->uses, s->nuses, sizeof *s->uses, by_tag);
	s->anchors = rb_xcalloc(s->nuses + 1, sizeof *s->anchors);
	struct rb_strmap used = {0};
	for (size_t i = 0; i < s->nuses; i++) {
		if (i && !strcmp(s->uses[i].name, s->uses[i - 1].name))
			continue;
		s->anchors[ndistinct] = rb_site_unique_anchor(s->b, &used, "tag-", s->uses[i].name);
		rb_strmap_put(&s->tag_anchor, s->uses[i].name, (unsigned)ndistinct++);
	}
	rb_strmap_free(&used);
}

/* --- runbook pages --- */

/* The scenario card: md_html calls this after each scenario heading. */
static void scenario_card(void *arg, const struct rb_scenario *sc, struct rb_buf *out)
{
	struct rb_site *s = arg;
	struct rb_rto_row r;
	rb_rto_row_fill(s->b, sc, &r);
	struct rb_tvalue *v = rb_tv_map(s->arena);
	rb_tv_set_text(v, "severity", sc->severity.s);
	rb_tv_set_text(v, "sev_class", sc->severity.s ? rb_site_severity_class(sc->severity.s) : "none");
	rb_tv_set_text(v, "rto", rb_site_duration_text(r.rto));
	rb_tv_set_text(v, "rpo", rb_site_duration_text(r.rpo));
	rb_tv_set_bool(v, "breach", r.rto_breach);
	rb_tv_set(v, "owner", rb_site_contact(s, sc->owner_effective));
	rb_tv_set_text(v, "alerts", sc->alerts.s);
	rb_tv_set(v, "alert_links", rb_site_scenario_alerts(s, sc));
	rb_tv_set_text(v, "estimate", rb_site_steps_text(s, &r));
	const char *script = rb_scenario_script_path(s->arena, sc, "scripts/");
	rb_tv_set_text(v, "script_url", rb_site_url_to(s, script, NULL));
	rb_tv_set_text(v, "script_name", strrchr(script, '/') + 1);
	rb_site_drill_facts(s, sc, v);
	if (!rb_template_render(s->b, "partials/scenario-card.html", v, out))
		s->ok = false;   /* the page's build fails with the template's diagnostic */
}

/* The list of pages that link to runbook number i. */
static struct rb_tvalue *backlinks_of(struct rb_site *s, size_t i)
{
	struct rb_tvalue *list = rb_tv_list(s->arena);
	for (unsigned k = s->first_link[i]; k; k = s->links[k].next) {
		const struct backlink *l = &s->links[k];
		const struct rb_scenario *sc = NULL;
		for (size_t j = 0; l->scenario_id && j < l->from->nscenarios; j++)
			if (!strcmp(l->from->scenarios[j].id, l->scenario_id))
				sc = &l->from->scenarios[j];
		struct rb_tvalue *v = rb_tv_map(s->arena);
		rb_tv_set_text(v, "title", rb_site_runbook_title(l->from));
		rb_tv_set_text(v, "url", rb_site_runbook_url(s, l->from, sc ? sc->id : NULL));
		if (sc)
			rb_tv_set_text(v, "scenario", sc->title);
		rb_tv_push(list, v);
	}
	return list;
}

/* The facts at the head of a runbook page. */
static void runbook_facts(struct rb_site *s, const struct rb_runbook *rb, struct rb_tvalue *ctx)
{
	rb_tv_set_text(ctx, "title", rb_site_runbook_title(rb));
	rb_tv_set_text(ctx, "id", rb->id.s);
	rb_tv_set_text(ctx, "path", rb->path);
	rb_tv_set_text(ctx, "service", rb->service.s);
	if (rb->tier)
		rb_tv_set_int(ctx, "tier", rb->tier);
	rb_tv_set(ctx, "owner", rb_site_contact(s, rb->owner.s));
	rb_tv_set_text(ctx, "rto", rb_site_duration_text(&rb->rto));
	rb_tv_set_text(ctx, "rpo", rb_site_duration_text(&rb->rpo));
	rb_tv_set_text(ctx, "reviewed", rb->reviewed.set ? rb->reviewed.text : NULL);
	rb_tv_set(ctx, "review", rb_site_review(s, rb_review_runbook(s->b, rb, s->window)));
	struct rb_tvalue *tags = rb_tv_list(s->arena);
	for (size_t i = 0; i < rb->ntags; i++) {
		struct rb_tvalue *t = rb_tv_map(s->arena);
		rb_tv_set_text(t, "name", rb->tags[i].s);
		rb_tv_set_text(t, "url", rb_site_url_to(s, "tags.html", rb_site_tag_anchor(s, rb->tags[i].s)));
		rb_tv_push(tags, t);
	}
	rb_tv_set(ctx, "tags", tags);
	rb_tv_set_bool(ctx, "has_tags", rb->ntags > 0);
	struct rb_tvalue *list = rb_tv_list(s->arena);
	for (size_t i = 0; i < rb->nscenarios; i++) {
		const struct rb_scenario *sc = &rb->scenarios[i];
		struct rb_tvalue *v = rb_tv_map(s->arena);
		rb_tv_set_text(v, "title", sc->title);
		rb_tv_set_text(v, "url", rb_arena_printf(s->arena, "#%s", sc->id));
		rb_tv_set_text(v, "severity", sc->severity.s);
		rb_tv_set_text(v, "sev_class", rb_site_severity_class(sc->severity.s));
		rb_tv_push(list, v);
	}
	rb_tv_set(ctx, "scenarios", list);
	rb_tv_set_bool(ctx, "has_scenarios", rb->nscenarios > 0);
}

/* Split the body's HTML after its first H1 when the body opens with one:
 * the heading goes above the facts. Without one, a heading is made. */
static void split_heading(struct rb_site *s, const struct rb_runbook *rb, const char *html, struct rb_tvalue *ctx)
{
	const char *end = strncmp(html, "<h1", 3) ? NULL : strstr(html, "</h1>\n");
	if (end) {
		end += strlen("</h1>\n");
		rb_tv_set_html(ctx, "heading", rb_arena_strndup(s->arena, html, (size_t)(end - html)));
		rb_tv_set_html(ctx, "body", end);
		return;
	}
	struct rb_buf h;
	rb_buf_init(&h);
	rb_buf_puts(&h, "<h1>");
	rb_html_escape(&h, rb_site_runbook_title(rb));
	rb_buf_puts(&h, "</h1>\n");
	rb_tv_set_html(ctx, "heading", rb_arena_strdup(s->arena, rb_buf_cstr(&h)));
	rb_tv_set_html(ctx, "body", html);
	rb_buf_free(&h);
}

/* Runbook number i's page, from rb (its full read). */
static void runbook_page(struct rb_site *s, size_t i, const struct rb_runbook *rb)
{
	const char *rel = rb_html_page_of(s->b, rb->path);
	struct rb_tvalue *ctx = rb_site_page_context(s, rel, rb_site_runbook_title(rb), NULL);
	runbook_facts(s, rb, ctx);
	struct rb_buf body;
	rb_buf_init(&body);
	if (rb->doc)
		rb_md_html_runbook(s->b, rb, s->root, scenario_card, s, &body);
	else
		rb_buf_puts(&body, "<p class=\"missing\">This runbook's body could not be read; run rbc lint.</p>\n");
	const char *html = rb_arena_strdup(s->arena, rb_buf_cstr(&body));
	rb_buf_free(&body);
	split_heading(s, rb, html, ctx);
	struct rb_tvalue *back = backlinks_of(s, i);
	rb_tv_set(ctx, "referenced_by", back);
	rb_tv_set(ctx, "changed", rb_site_change(s, i));
	rb_tv_set_text(ctx, "edit_url", rb_site_edit_url(s, rb->path));
	rb_tv_set_bool(ctx, "has_backlinks", s->first_link[i] != 0);
	rb_site_write_page(s, rel, "runbook.html", ctx);
}

/* Index every document link between runbooks (once, before the pages). */
static void collect_backlinks(struct rb_site *s)
{
	struct rb_book *book = &s->b->book;
	s->first_link = rb_xcalloc(book->nrunbooks + 1, sizeof *s->first_link);
	size_t cap = 16;
	s->links = rb_xcalloc(cap, sizeof *s->links);
	s->nlinks = 1;
	/* walk backwards so each list, built by prepending, ends up in book order */
	for (size_t i = book->nrunbooks; i-- > 0;) {
		const struct rb_runbook *from = book->runbooks[i];
		for (size_t j = from->nlinks; j-- > 0;) {
			const struct rb_link *l = &from->links[j];
			size_t to;
			if (l->kind != RB_LINK_DOC || !rb_book_runbook_at(book, l->path, &to) || to == i)
				continue;
			bool seen = false;   /* one entry per (from, scenario) */
			for (unsigned k = s->first_link[to]; k && !seen; k = s->links[k].next)
				seen = s->links[k].from == from && same_or_both_null(s->links[k].scenario_id, l->scenario_id);
			if (seen)
				continue;
			if (s->nlinks == cap) {
				cap *= 2;
				s->links = rb_xrealloc(s->links, cap * sizeof *s->links);
			}
			s->links[s->nlinks] = (struct backlink){from, l->scenario_id, s->first_link[to]};
			s->first_link[to] = (unsigned)s->nlinks++;
		}
	}
}

/* --- assets --- */

/* assets/site.css and assets/site.js, from templates/ (or the book's). */
static void assets(struct rb_site *s)
{
	for (size_t i = 0; asset_names[i]; i++) {
		size_t len = 0;
		const char *text = rb_template_text(s->b, asset_names[i], &len);
		if (!text) {
			rb_diag(s->b, RB_D_TEMPLATE, (struct rb_loc){asset_names[i], 0, 0}, "missing built-in asset");
			s->ok = false;
			continue;
		}
		s->ok = rb_output_write(s->o, asset_names[i], text, len, 0644) && s->ok;
		rb_html_check_asset(s->check, asset_names[i]);
	}
}

/* Tell the checker about every file other stages write (scripts, the
 * handbook, model.json), so links to them resolve. */
static void other_outputs(struct rb_site *s)
{
	rb_html_check_asset(s->check, "handbook.html");
	rb_html_check_asset(s->check, "model.json");
	for (size_t i = 0; i < s->b->book.nrunbooks; i++) {
		const struct rb_runbook *rb = s->b->book.runbooks[i];
		for (size_t j = 0; j < rb->nscenarios; j++)
			rb_html_check_asset(s->check, rb_scenario_script_path(s->arena, &rb->scenarios[j], "scripts/"));
	}
}

/* Two runbooks whose pages would have the same name (a.md and a.yaml). */
static bool pages_distinct(struct rb_site *s)
{
	struct rb_strmap pages = {0};
	bool ok = true;
	for (size_t i = 0; i < s->b->book.nrunbooks; i++) {
		const struct rb_runbook *rb = s->b->book.runbooks[i];
		const char *page = rb_html_page_of(s->b, rb->path);
		unsigned other;
		if (rb_strmap_get(&pages, page, &other)) {
			rb_diag(s->b, RB_D_PAGE_CLASH, (struct rb_loc){rb->file, 1, 1}, "%s and %s would both be %s; "
				"rename one of them", s->b->book.runbooks[other]->path, rb->path, page);
			ok = false;
		} else {
			rb_strmap_put(&pages, page, (unsigned)i);
		}
	}
	rb_strmap_free(&pages);
	return ok;
}

struct rb_site *rb_site_begin(struct rb_build *b, struct rb_output *o)
{
	struct rb_site *s = rb_xcalloc(1, sizeof *s);
	*s = (struct rb_site){.b = b, .o = o, .ok = true};
	if (!pages_distinct(s) || !rb_review_window(b, NULL, &s->window)) {
		free(s);
		return NULL;
	}
	rb_arena_init(&s->page);
	s->arena = &s->page;
	int jobs = b->opt.jobs ? b->opt.jobs : rb_pool_default_jobs();
	s->check = rb_html_check_new(b, jobs > 1);   /* pages are checked beside the rendering */
	collect_backlinks(s);
	collect_tags(s);
	rb_site_alerts_prepare(s);
	assets(s);
	other_outputs(s);
	rb_site_attachments(s);
	rb_site_drill_records(s);
	rb_site_git_changes(s);
	rb_site_search_begin(s);
	rb_site_index_page(s);
	return s;
}

void rb_site_runbook(struct rb_site *s, size_t i)
{
	rb_site_search_runbook(s, s->b->book.runbooks[i]);
	runbook_page(s, i, s->b->book.runbooks[i]);
}

struct rb_site *rb_site_snapshot(const struct rb_site *s)
{
	struct rb_site *w = rb_xmalloc(sizeof *w);
	*w = *s;
	w->o = NULL;
	w->check = NULL;
	w->search_file = NULL;
	w->search = (struct rb_jw){0};
	w->page = (struct rb_arena){0};
	w->arena = NULL;
	return w;
}

void rb_site_snapshot_free(struct rb_site *w)
{
	free(w);
}

bool rb_site_runbook_text(const struct rb_site *snap, struct rb_build *wb, size_t i, const struct rb_runbook *rb,
			  struct rb_buf *search, struct rb_buf *page)
{
	/* a copy of the snapshot that makes values in its own arena, allocates
	 * in wb and writes to the two buffers: what it shares is only read */
	struct rb_site w = *snap;
	w.b = wb;
	rb_arena_init(&w.page);
	w.arena = &w.page;
	w.capture = page;
	w.ok = true;
	rb_jw_init_inside(&w.search, 0, rb_jw_put_buf, search, 2, i > 0);   /* {"docs": [ */
	w.search.ascii = true;
	rb_site_search_runbook(&w, rb);
	rb_jw_finish(&w.search);
	runbook_page(&w, i, rb);
	rb_arena_free(&w.page);
	return w.ok;
}

bool rb_site_runbook_put(struct rb_site *s, size_t i, const char *search, size_t len, struct rb_buf *page, bool made)
{
	const char *rel = rb_html_page_of(s->b, s->b->book.runbooks[i]->path);
	if (s->search_file)
		rb_jw_replay(&s->search, search, len);
	bool ok = made && rb_output_write(s->o, rel, page->data ? page->data : "", page->len, 0644);
	if (ok) {
		size_t plen = page->len;
		rb_html_check_page(s->check, rel, rb_buf_detach(page), plen);   /* the checker frees it */
	}
	s->ok = s->ok && ok;
	return ok;
}

size_t rb_site_search_offset(struct rb_site *s)
{
	if (!s->search_file)
		return 0;
	rb_jw_flush(&s->search);
	return rb_output_file_size(s->search_file);
}

bool rb_site_runbook_kept(struct rb_site *s, size_t i, const struct rb_output_range *search, const char *check,
			  size_t check_len)
{
	const char *rel = rb_html_page_of(s->b, s->b->book.runbooks[i]->path);
	struct rb_output_copy copy = {s->search_file, search};
	if (s->search_file)
		rb_jw_replay_by(&s->search, search->len, rb_output_put_range, &copy);
	if (!rb_output_keep(s->o, rel))
		return false;
	if (check)
		rb_html_check_replay(s->check, rel, check, check_len);
	else
		rb_html_check_file(s->check, rel, rb_output_path(s->o, rel));   /* the checker frees the path */
	return true;
}

struct rb_html_check *rb_site_checker(struct rb_site *s)
{
	return s->check;
}

bool rb_site_end(struct rb_site *s, bool complete)
{
	rb_site_search_end(s);
	if (complete) {
		rb_site_contacts_page(s);
		rb_site_rto_page(s);
		rb_site_alerts_page(s);
		rb_site_drills_page(s);
		rb_site_review_page(s);
		rb_site_tags_page(s);
		rb_site_404_page(s);
	}
	bool checked = rb_html_check_finish(s->check, complete);
	bool ok = s->ok && checked;
	rb_arena_free(&s->page);
	free(s->links);
	free(s->first_link);
	free(s->uses);
	free(s->anchors);
	free(s->changes);
	rb_strmap_free(&s->tag_anchor);
	rb_strmap_free(&s->alert_refs_at);
	free(s);
	return ok;
}
