/* render_html_pages.c: the site's book-wide pages, each one template
 * filled from the whole book (render_html_site.h has the helpers):
 *   index.html          runbooks by service and tier, badges
 *   contacts.html       directory, escalation path, what each owns
 *   rto.html            the RTO/RPO matrix (rto.c)
 *   review.html         due dates and the staleness report (stale.c)
 *   tags.html           the tag index
 *   404.html            for a web server to show when a page is gone
 * Pages with a row per runbook or scenario make their rows lazily, one
 * at a time, so a page's values never hold the whole book. */
#include "render/render_html_site.h"
#include "render/render_report.h"
#include "model/rto_row.h"
#include "lint/stale.h"
#include "base/util.h"
#include <stdlib.h>
#include <string.h>

/* --- index.html --- */

/* Order runbooks by service (none last), tier (none last), title. */
static int by_service(const void *pa, const void *pb)
{
	const struct rb_runbook *a = *(const struct rb_runbook *const *)pa, *b = *(const struct rb_runbook *const *)pb;
	const char *sa = a->service.s && *a->service.s ? a->service.s : NULL;
	const char *sb = b->service.s && *b->service.s ? b->service.s : NULL;
	if (!sa != !sb)
		return sa ? -1 : 1;
	int d = sa ? strcmp(sa, sb) : 0;
	if (d)
		return d;
	int ta = a->tier ? a->tier : 9, tb = b->tier ? b->tier : 9;
	if (ta != tb)
		return ta - tb;
	d = strcmp(rb_site_runbook_title(a), rb_site_runbook_title(b));
	return d ? d : strcmp(a->path, b->path);
}

/* Severity counts of a runbook's scenarios, P0 first, as a list. */
static struct rb_tvalue *severity_counts(struct rb_site *s, const struct rb_runbook *rb)
{
	struct rb_tvalue *list = rb_tv_list(s->arena);
	static const char *const names[] = {"P0", "P1", "P2", "P3", "P4"};
	for (int k = 0; k < 5; k++) {
		long n = 0;
		for (size_t i = 0; i < rb->nscenarios; i++)
			n += !strcmp(rb_site_severity_class(rb->scenarios[i].severity.s), rb_site_severity_class(names[k]));
		if (!n)
			continue;
		struct rb_tvalue *v = rb_tv_map(s->arena);
		rb_tv_set_text(v, "name", names[k]);
		rb_tv_set_text(v, "class", rb_site_severity_class(names[k]));
		rb_tv_set_int(v, "count", n);
		rb_tv_push(list, v);
	}
	return list;
}

/* One row of the index (item: a pointer to a runbook). */
static struct rb_tvalue *index_row(struct rb_site *s, const void *item)
{
	const struct rb_runbook *rb = *(const struct rb_runbook *const *)item;
	struct rb_tvalue *v = rb_tv_map(s->arena);
	rb_tv_set_text(v, "title", rb_site_runbook_title(rb));
	rb_tv_set_text(v, "url", rb_site_runbook_url(s, rb, NULL));
	if (rb->tier)
		rb_tv_set_int(v, "tier", rb->tier);
	rb_tv_set_text(v, "rto", rb_site_duration_text(&rb->rto));
	rb_tv_set_text(v, "rpo", rb_site_duration_text(&rb->rpo));
	const struct rb_duration *policy = rb->tier >= 1 && rb->tier <= 3 ? &s->b->book.config.tiers[rb->tier].rto : NULL;
	rb_tv_set_bool(v, "rto_breach", rb->rto.set && policy && policy->set && rb->rto.hi > policy->hi);
	rb_tv_set_int(v, "nscenarios", (long)rb->nscenarios);
	rb_tv_set(v, "severities", severity_counts(s, rb));
	rb_tv_set(v, "review", rb_site_review(s, rb_review_runbook(s->b, rb, s->window)));
	return v;
}

/* index.html: runbooks grouped by service, by tier within a service. */
void rb_site_index_page(struct rb_site *s)
{
	struct rb_book *book = &s->b->book;
	struct rb_tvalue *ctx = rb_site_page_context(s, "index.html", "Runbooks", "nav_index");
	const struct rb_runbook **sorted = rb_xcalloc(book->nrunbooks + 1, sizeof *sorted);
	memcpy(sorted, book->runbooks, book->nrunbooks * sizeof *sorted);
	qsort(sorted, book->nrunbooks, sizeof *sorted, by_service);
	struct rb_tvalue *services = rb_tv_list(s->arena), *group = NULL;
	struct rb_strmap used = {0};
	const char *current = NULL;
	long overdue = 0, due = 0, nscenarios = 0;
	size_t first = 0;     /* the current group's first runbook in sorted */
	for (size_t i = 0; i <= book->nrunbooks; i++) {
		const struct rb_runbook *rb = i < book->nrunbooks ? sorted[i] : NULL;
		const char *service = !rb ? NULL : rb->service.s && *rb->service.s ? rb->service.s : "Other runbooks";
		if (group && (!rb || strcmp(current, service))) {
			rb_tv_set(group, "runbooks", rb_site_lazy_rows(s, sorted + first, sizeof *sorted, i - first, index_row));
			group = NULL;
		}
		if (!rb)
			break;
		if (!group) {
			group = rb_tv_map(s->arena);
			rb_tv_set_text(group, "name", service);
			rb_tv_set_text(group, "anchor", rb_site_unique_anchor(s->b, &used, "service-", service));
			rb_tv_push(services, group);
			current = service;
			first = i;
		}
		struct rb_review r = rb_review_runbook(s->b, rb, s->window);
		overdue += r.state == RB_REVIEW_OVERDUE || r.state == RB_REVIEW_NEVER;
		due += r.state == RB_REVIEW_DUE;
		nscenarios += (long)rb->nscenarios;
	}
	rb_strmap_free(&used);
	rb_tv_set(ctx, "services", services);
	struct rb_tvalue *counts = rb_tv_map(s->arena);
	rb_tv_set_int(counts, "runbooks", (long)book->nrunbooks);
	rb_tv_set_int(counts, "scenarios", nscenarios);
	if (overdue)
		rb_tv_set_int(counts, "overdue", overdue);
	if (due)
		rb_tv_set_int(counts, "due", due);
	rb_tv_set(ctx, "counts", counts);
	const char *intro = rb_site_intro_html(s);
	const char *h1_end = intro && !strncmp(intro, "<h1", 3) ? strstr(intro, "</h1>\n") : NULL;
	if (h1_end) {   /* the introduction's own H1 heads the page in place of the book's title */
		h1_end += strlen("</h1>\n");
		rb_tv_set_html(ctx, "intro_heading", rb_arena_strndup(s->arena, intro, (size_t)(h1_end - intro)));
		intro = h1_end;
	}
	rb_tv_set_html(ctx, "intro", intro);
	if (book->intro)
		rb_tv_set_text(ctx, "edit_url", rb_site_edit_url(s, book->intro->path));
	rb_site_write_page(s, "index.html", "index.html", ctx);
	free(sorted);
}

/* --- contacts.html --- */

/* Something a contact owns: a runbook (sc NULL) or one of its scenarios
 * whose own owner the contact is. */
struct owned {
	const struct rb_runbook *rb;
	const struct rb_scenario *sc;
};

/* What every contact owns, found in two passes over the book (count,
 * then place): the items of contact id number k are
 * items[first[k] .. first[k + 1]), in book order. */
struct rb_site_ownership {
	struct rb_strmap ids;     /* contact id -> k (the first contact of an id) */
	size_t *first;            /* nids + 1 of them */
	struct owned *items;      /* NULL while counting */
};

/* id without a leading '@' (owners may be written "@dba"). */
static const char *owner_id(const char *id)
{
	return id && *id == '@' ? id + 1 : id;
}

/* Count (o->items NULL) or place one thing owned by contact k; next[k]
 * is its count so far, or where its next item goes. */
static void place(struct rb_site_ownership *o, size_t *next, unsigned k, struct owned item)
{
	if (o->items)
		o->items[next[k]] = item;
	next[k]++;
}

/* One pass over the book: a runbook goes to the contact that owns it,
 * and each scenario whose owner is another contact to that contact. */
static void visit_owned(const struct rb_book *book, struct rb_site_ownership *o, size_t *next)
{
	for (size_t i = 0; i < book->nrunbooks; i++) {
		const struct rb_runbook *rb = book->runbooks[i];
		const char *whole = owner_id(rb->owner.s);
		unsigned k;
		for (size_t j = 0; j < rb->nscenarios; j++) {
			const char *own = owner_id(rb->scenarios[j].owner.s);
			if (own && !(whole && !strcmp(own, whole)) && rb_strmap_get(&o->ids, own, &k))
				place(o, next, k, (struct owned){rb, &rb->scenarios[j]});
		}
		if (whole && rb_strmap_get(&o->ids, whole, &k))
			place(o, next, k, (struct owned){rb, NULL});
	}
}

/* What each contact of book owns; free with free_ownership. */
static void find_ownership(const struct rb_book *book, struct rb_site_ownership *o)
{
	*o = (struct rb_site_ownership){0};
	unsigned nids = 0, dummy;
	for (size_t i = 0; i < book->ncontacts; i++)
		if (!rb_strmap_get(&o->ids, book->contacts[i].id, &dummy))
			rb_strmap_put(&o->ids, book->contacts[i].id, nids++);
	size_t *next = rb_xcalloc(nids + 1, sizeof *next);
	visit_owned(book, o, next);
	o->first = rb_xcalloc(nids + 1, sizeof *o->first);
	for (unsigned k = 0; k < nids; k++)
		o->first[k + 1] = o->first[k] + next[k];
	o->items = rb_xcalloc(o->first[nids] + 1, sizeof *o->items);
	memcpy(next, o->first, nids * sizeof *next);
	visit_owned(book, o, next);
	free(next);
}

static void free_ownership(struct rb_site_ownership *o)
{
	rb_strmap_free(&o->ids);
	free(o->first);
	free(o->items);
}

/* One entry of a contact's "owns" list (item: a struct owned). */
static struct rb_tvalue *owned_row(struct rb_site *s, const void *item)
{
	const struct owned *o = item;
	struct rb_tvalue *v = rb_tv_map(s->arena);
	rb_tv_set_text(v, "title", rb_site_runbook_title(o->rb));
	rb_tv_set_text(v, "url", rb_site_runbook_url(s, o->rb, o->sc ? o->sc->id : NULL));
	if (o->sc)
		rb_tv_set_text(v, "scenario", o->sc->title);
	return v;
}

/* One row of the directory. */
static struct rb_tvalue *contact_row(struct rb_site *s, const struct rb_contact *c)
{
	struct rb_tvalue *v = rb_tv_map(s->arena);
	rb_tv_set_text(v, "id", c->id);
	rb_tv_set_text(v, "anchor", rb_arena_printf(s->arena, "contact-%s", c->id));
	rb_tv_set_text(v, "name", c->name.s && *c->name.s ? c->name.s : c->id);
	rb_tv_set_text(v, "role", c->role.s);
	rb_tv_set_text(v, "email", c->email.s);
	if (c->email.s)
		rb_tv_set_text(v, "email_url", rb_arena_printf(s->arena, "mailto:%s", c->email.s));
	rb_tv_set_text(v, "phone", c->phone.s);
	if (c->phone.s) {
		struct rb_buf tel;   /* tel: keeps '+' and digits only */
		rb_buf_init(&tel);
		rb_buf_puts(&tel, "tel:");
		for (const char *p = c->phone.s; *p; p++)
			if ((*p >= '0' && *p <= '9') || (*p == '+' && tel.len == 4))
				rb_buf_putc(&tel, *p);
		rb_tv_set_text(v, "phone_url", rb_arena_strdup(s->arena, rb_buf_cstr(&tel)));
		rb_buf_free(&tel);
	}
	rb_tv_set_text(v, "pager", c->pager.s);
	rb_tv_set_text(v, "verified", c->verified.set ? c->verified.text : NULL);
	rb_tv_set(v, "review", rb_site_review(s, rb_review_contact(s->b, c, s->window)));
	unsigned k = 0;
	const struct rb_site_ownership *o = s->ownership;
	size_t n = rb_strmap_get(&o->ids, c->id, &k) ? o->first[k + 1] - o->first[k] : 0;
	rb_tv_set(v, "owns", rb_site_lazy_rows(s, o->items + (n ? o->first[k] : 0), sizeof *o->items, n, owned_row));
	rb_tv_set_bool(v, "has_owns", n > 0);
	return v;
}

/* contact_row for rb_site_lazy_rows (item: a struct rb_contact). */
static struct rb_tvalue *contact_item(struct rb_site *s, const void *item)
{
	return contact_row(s, item);
}

/* contacts.html: the escalation path, then the directory. */
void rb_site_contacts_page(struct rb_site *s)
{
	const struct rb_book *book = &s->b->book;
	struct rb_tvalue *ctx = rb_site_page_context(s, "contacts.html", "Contacts", "nav_contacts");
	struct rb_tvalue *path = rb_tv_list(s->arena);
	for (size_t i = 0; i < book->nescalation; i++) {
		struct rb_tvalue *v = rb_tv_map(s->arena);
		rb_tv_set_int(v, "step", (long)i + 1);
		rb_tv_set(v, "contact", rb_site_contact(s, book->escalation[i].contact.s));
		rb_tv_set_text(v, "after", rb_site_duration_text(&book->escalation[i].after));
		rb_tv_push(path, v);
	}
	rb_tv_set(ctx, "escalation", path);
	rb_tv_set_bool(ctx, "has_escalation", book->nescalation > 0);
	struct rb_site_ownership ownership;
	find_ownership(book, &ownership);
	s->ownership = &ownership;
	rb_tv_set(ctx, "contacts", rb_site_lazy_rows(s, book->contacts, sizeof *book->contacts, book->ncontacts,
						     contact_item));
	rb_tv_set_bool(ctx, "has_contacts", book->ncontacts > 0);
	rb_site_write_page(s, "contacts.html", "contacts.html", ctx);
	s->ownership = NULL;
	free_ownership(&ownership);
}

/* --- rto.html --- */

/* Sets key (text as written) and key_s (seconds, for sorting) from d. */
static void set_duration(struct rb_site *s, struct rb_tvalue *v, const char *key, const struct rb_duration *d)
{
	rb_tv_set_text(v, key, rb_site_duration_text(d));
	if (d && d->set)
		rb_tv_set_int(v, rb_arena_printf(s->arena, "%s_s", key), d->hi);
}

/* One row of the matrix (item: a pointer to a scenario). */
static struct rb_tvalue *matrix_row(struct rb_site *s, const void *item)
{
	const struct rb_scenario *sc = *(const struct rb_scenario *const *)item;
	struct rb_rto_row r;
	rb_rto_row_fill(s->b, sc, &r);
	struct rb_tvalue *v = rb_tv_map(s->arena);
	rb_tv_set_text(v, "runbook", rb_site_runbook_title(sc->runbook));
	rb_tv_set_text(v, "runbook_url", rb_site_runbook_url(s, sc->runbook, NULL));
	rb_tv_set_text(v, "scenario", sc->title);
	rb_tv_set_text(v, "url", rb_site_runbook_url(s, sc->runbook, sc->id));
	if (sc->runbook->tier)
		rb_tv_set_int(v, "tier", sc->runbook->tier);
	set_duration(s, v, "rto", r.rto);
	set_duration(s, v, "rpo", r.rpo);
	rb_tv_set_text(v, "tier_rto", rb_site_duration_text(r.tier_rto));
	rb_tv_set_text(v, "tier_rpo", rb_site_duration_text(r.tier_rpo));
	rb_tv_set_text(v, "steps", rb_site_steps_text(s, &r));
	if (r.steps_any)
		rb_tv_set_int(v, "steps_s", r.steps_hi);
	rb_tv_set_bool(v, "rto_breach", r.rto_breach);
	rb_tv_set_bool(v, "rpo_breach", r.rpo_breach);
	rb_tv_set_bool(v, "steps_breach", r.steps_breach);
	rb_tv_set_bool(v, "breach", rb_rto_row_breached(&r));
	rb_site_drill_facts(s, sc, v);
	return v;
}

/* rto.html: one row per scenario, in book order. */
void rb_site_rto_page(struct rb_site *s)
{
	struct rb_tvalue *ctx = rb_site_page_context(s, "rto.html", "RTO/RPO matrix", "nav_rto");
	const struct rb_book *book = &s->b->book;
	size_t n = 0;
	for (size_t i = 0; i < book->nrunbooks; i++)
		n += book->runbooks[i]->nscenarios;
	const struct rb_scenario **scenarios = rb_xcalloc(n + 1, sizeof *scenarios);
	long breaches = 0;
	n = 0;
	for (size_t i = 0; i < book->nrunbooks; i++)
		for (size_t j = 0; j < book->runbooks[i]->nscenarios; j++) {
			struct rb_rto_row r;
			scenarios[n] = &book->runbooks[i]->scenarios[j];
			rb_rto_row_fill(s->b, scenarios[n++], &r);
			breaches += rb_rto_row_breached(&r);
		}
	rb_tv_set(ctx, "rows", rb_site_lazy_rows(s, scenarios, sizeof *scenarios, n, matrix_row));
	if (breaches)
		rb_tv_set_int(ctx, "nbreaches", breaches);
	rb_site_write_page(s, "rto.html", "rto.html", ctx);
	free(scenarios);
}

/* --- review.html --- */

/* Order runbooks by due date (never reviewed first), then path. */
static int by_due(const void *pa, const void *pb, void *arg)
{
	const struct rb_build *b = arg;
	const struct rb_runbook *a = *(const struct rb_runbook *const *)pa, *c = *(const struct rb_runbook *const *)pb;
	struct rb_review ra = rb_review_runbook(b, a, RB_REVIEW_WINDOW_DAYS),
			 rc = rb_review_runbook(b, c, RB_REVIEW_WINDOW_DAYS);
	long da = ra.state == RB_REVIEW_NEVER ? -1 : ra.due, dc = rc.state == RB_REVIEW_NEVER ? -1 : rc.due;
	if (da != dc)
		return da < dc ? -1 : 1;
	return strcmp(a->path, c->path);
}

/* One row of the review table (item: a pointer to a runbook). */
static struct rb_tvalue *review_row(struct rb_site *s, const void *item)
{
	const struct rb_runbook *rb = *(const struct rb_runbook *const *)item;
	struct rb_review r = rb_review_runbook(s->b, rb, s->window);
	struct rb_tvalue *v = rb_tv_map(s->arena);
	rb_tv_set_text(v, "title", rb_site_runbook_title(rb));
	rb_tv_set_text(v, "url", rb_site_runbook_url(s, rb, NULL));
	rb_tv_set(v, "owner", rb_site_contact(s, rb->owner.s));
	rb_tv_set_text(v, "reviewed", rb->reviewed.set ? rb->reviewed.text : NULL);
	rb_tv_set(v, "review", rb_site_review(s, r));
	rb_tv_set_int(v, "due_sort", r.state == RB_REVIEW_NEVER ? 0 : r.due);
	return v;
}

/* review.html: every runbook's due date, then the staleness report. */
void rb_site_review_page(struct rb_site *s)
{
	struct rb_build *b = s->b;
	struct rb_tvalue *ctx = rb_site_page_context(s, "review.html", "Review status", "nav_review");
	const struct rb_runbook **sorted = rb_xcalloc(b->book.nrunbooks + 1, sizeof *sorted);
	memcpy(sorted, b->book.runbooks, b->book.nrunbooks * sizeof *sorted);
	qsort_r(sorted, b->book.nrunbooks, sizeof *sorted, by_due, b);
	rb_tv_set(ctx, "runbooks", rb_site_lazy_rows(s, sorted, sizeof *sorted, b->book.nrunbooks, review_row));
	struct rb_stale_report report;
	struct rb_buf html;
	rb_buf_init(&html);
	rb_stale_collect(b, &report, s->window, NULL);
	rb_report_html_section(&report, 2, &html);
	rb_tv_set_html(ctx, "report", rb_arena_strdup(s->arena, rb_buf_cstr(&html)));
	rb_buf_free(&html);
	rb_site_write_page(s, "review.html", "review.html", ctx);
	free(sorted);
}

/* --- tags.html --- */

/* tags.html: each tag with its runbooks, tags in byte order. */
void rb_site_tags_page(struct rb_site *s)
{
	struct rb_tvalue *ctx = rb_site_page_context(s, "tags.html", "Tags", "nav_tags");
	const struct tag_use *uses = s->uses;
	size_t n = s->nuses;
	struct rb_tvalue *tags = rb_tv_list(s->arena), *runbooks = NULL, *tag = NULL;
	long count = 0;
	for (size_t i = 0; i < n; i++) {
		if (!i || strcmp(uses[i].name, uses[i - 1].name)) {
			if (tag)
				rb_tv_set_int(tag, "count", count);
			tag = rb_tv_map(s->arena);
			rb_tv_set_text(tag, "name", uses[i].name);
			rb_tv_set_text(tag, "anchor", rb_site_tag_anchor(s, uses[i].name));
			runbooks = rb_tv_list(s->arena);
			rb_tv_set(tag, "runbooks", runbooks);
			rb_tv_push(tags, tag);
			count = 0;
		} else if (uses[i].rb == uses[i - 1].rb) {
			continue;   /* a runbook that lists a tag twice */
		}
		struct rb_tvalue *v = rb_tv_map(s->arena);
		rb_tv_set_text(v, "title", rb_site_runbook_title(uses[i].rb));
		rb_tv_set_text(v, "url", rb_site_runbook_url(s, uses[i].rb, NULL));
		rb_tv_push(runbooks, v);
		count++;
	}
	if (tag)
		rb_tv_set_int(tag, "count", count);
	rb_tv_set(ctx, "tags", tags);
	rb_tv_set_bool(ctx, "has_tags", n > 0);
	rb_site_write_page(s, "tags.html", "tags.html", ctx);
}

/* --- 404.html --- */

/* 404.html: a page for a web server's "not found", at the site's root
 * (a server shows it at any depth; from file:// it is never needed). */
void rb_site_404_page(struct rb_site *s)
{
	struct rb_tvalue *ctx = rb_site_page_context(s, "404.html", "Page not found", NULL);
	rb_site_write_page(s, "404.html", "404.html", ctx);
}
