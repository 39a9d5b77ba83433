/* alert.c: where each alert's runbook link lands, and which alerts each
 * scenario's **Alerts:** names (alert.h). */
#include "model/alert.h"
#include "base/strmap.h"
#include "base/util.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *rb_alert_shape_name(enum rb_alert_shape s)
{
	return s == RB_ALERT_OPERATOR ? "prometheusrule" : s == RB_ALERT_GRAFANA ? "grafana" : "prometheus";
}

const char *rb_alert_link_name(enum rb_alert_link k)
{
	return k == RB_ALINK_BOOK ? "book" : k == RB_ALINK_EXTERNAL ? "external" : "none";
}

enum rb_alert_status rb_alert_status(const struct rb_alert *a)
{
	bool ignored = a->ignore && !a->ignore->expired;
	if (a->link_kind == RB_ALINK_NONE)
		return ignored ? RB_AST_IGNORED : a->required ? RB_AST_MISSING : RB_AST_NONE;
	if (a->link_kind == RB_ALINK_EXTERNAL)
		return RB_AST_EXTERNAL;
	if (!a->anchor_ok)
		return ignored ? RB_AST_IGNORED : RB_AST_BROKEN;
	if (!a->scenario)
		return RB_AST_PAGE;
	return a->named ? RB_AST_LANDS : ignored ? RB_AST_IGNORED : RB_AST_MISMATCH;
}

const char *rb_alert_status_name(enum rb_alert_status s)
{
	static const char *const names[] = {"missing", "broken", "mismatch", "external", "ignored", "none", "page",
		"lands"};
	return names[s];
}

const struct rb_alert_ignore *rb_alerts_ignored(const struct rb_book *book, const char *name)
{
	const struct rb_alerts_config *c = &book->config.alerts;
	for (size_t i = 0; i < c->nignore; i++)
		if (c->ignore[i].alert.s && !strcmp(c->ignore[i].alert.s, name) && !c->ignore[i].expired)
			return &c->ignore[i];
	return NULL;
}

/* The entry naming alert name, live or expired (the live one first), or NULL. */
static const struct rb_alert_ignore *any_ignore(const struct rb_book *book, const char *name)
{
	const struct rb_alert_ignore *live = rb_alerts_ignored(book, name);
	const struct rb_alerts_config *c = &book->config.alerts;
	for (size_t i = 0; !live && i < c->nignore; i++)
		if (c->ignore[i].alert.s && !strcmp(c->ignore[i].alert.s, name))
			return &c->ignore[i];
	return live;
}

/* Append one name of an Alerts: value (bytes s..s+n, trimmed of spaces,
 * quotes and backticks, without a trailing "(note)") to the refs; "none"
 * and empty names are no alert. */
static void add_ref(struct rb_arena *a, struct rb_book *book, size_t *cap, const struct rb_scenario *sc,
		    const char *s, size_t n)
{
	const char *paren = memchr(s, '(', n);
	if (paren)
		n = (size_t)(paren - s);
	while (n && strchr(" \t`'\"", *s))
		s++, n--;
	while (n && strchr(" \t`'\".", s[n - 1]))
		n--;
	if (!n || (n >= 4 && !strncasecmp(s, "none", 4) && (n == 4 || s[4] == ' ')))
		return;
	if (book->nalert_refs == *cap) {
		*cap = *cap ? 2 * *cap : 32;
		struct rb_alert_ref *grown = rb_arena_alloc(a, *cap * sizeof *grown);
		if (book->nalert_refs)
			memcpy(grown, book->alert_refs, book->nalert_refs * sizeof *grown);
		book->alert_refs = grown;
	}
	book->alert_refs[book->nalert_refs++] = (struct rb_alert_ref){
		.name = rb_arena_strndup(a, s, n), .loc = sc->alerts.loc, .scenario = sc};
}

/* Every name of every scenario's Alerts:, split at ',' and ';'. */
static void collect_refs(struct rb_arena *a, struct rb_book *book)
{
	size_t cap = 0;
	for (size_t i = 0; i < book->nrunbooks; i++) {
		const struct rb_runbook *rb = book->runbooks[i];
		for (size_t j = 0; j < rb->nscenarios; j++) {
			const struct rb_scenario *sc = &rb->scenarios[j];
			const char *s = sc->alerts.s;
			while (s && *s) {
				size_t n = strcspn(s, ",;");
				add_ref(a, book, &cap, sc, s, n);
				s += n + (s[n] != '\0');
			}
		}
	}
}

/* Index the book's runbooks by the stem of their site page (a book path
 * without its extension, as "queue" or "ops/queue"). A root page that the
 * site renames to "<stem>-runbook.html" is found by either name. */
static void index_stems(struct rb_arena *a, const struct rb_book *book, struct rb_strmap *stems)
{
	for (size_t i = 0; i < book->nrunbooks; i++) {
		const char *p = book->runbooks[i]->path;
		const char *dot = strrchr(p, '.'), *slash = strrchr(p, '/');
		size_t m = dot && (!slash || dot > slash) ? (size_t)(dot - p) : strlen(p);
		unsigned at;
		const char *stem = rb_arena_strndup(a, p, m);
		if (!rb_strmap_get(stems, stem, &at))
			rb_strmap_put(stems, stem, (unsigned)i);
		if (!slash)
			rb_strmap_put(stems, rb_arena_printf(a, "%s-runbook", stem), (unsigned)i);
	}
}

/* The nearest of the book's pages to page (stems when site, else paths). */
static const char *nearest_page(struct rb_arena *a, const struct rb_book *book, const char *page, bool site)
{
	const char **names = rb_xcalloc(book->nrunbooks + 1, sizeof *names);
	for (size_t i = 0; i < book->nrunbooks; i++) {
		const char *p = book->runbooks[i]->path, *dot = strrchr(p, '.');
		names[i] = site && dot && !strchr(dot, '/') ? rb_arena_strndup(a, p, (size_t)(dot - p)) : p;
	}
	const char *near = rb_nearest(page, names, book->nrunbooks);
	free(names);
	return near;
}

/* The anchor of rb's page that fragment most likely meant: the same
 * letters in another case first (browsers match fragments
 * case-sensitively), else the nearest by edit distance; NULL when none is
 * close. */
static const char *nearest_anchor(const struct rb_runbook *rb, const char *fragment)
{
	const char **ids = rb_xcalloc(rb->nanchors + rb->nscenarios + rb->nprocedures + 1, sizeof *ids);
	size_t n = rb_runbook_anchor_names(rb, ids);
	const char *near = NULL;
	for (size_t i = 0; i < n && !near; i++)
		if (!strcasecmp(ids[i], fragment))
			near = ids[i];
	if (!near)
		near = rb_nearest(fragment, ids, n);
	free(ids);
	return near;
}

/* Land the alert's link on a runbook and anchor of the book (stems:
 * index_stems). */
static void resolve_link(struct rb_arena *a, const struct rb_book *book, const struct rb_strmap *stems,
			 struct rb_alert *al)
{
	const char *link = al->link, *base = book->config.alerts.base_url.s;
	al->link_kind = RB_ALINK_NONE;
	if (!link || !*link)
		return;
	bool site = base && rb_starts_with(link, base);
	al->link_kind = RB_ALINK_EXTERNAL;
	if (strstr(link, "{{") || (!site && (rb_url_has_scheme(link) || link[0] == '/')))
		return;   /* elsewhere, or templated: never fetched */
	al->link_kind = RB_ALINK_BOOK;
	const char *rest = site ? link + strlen(base) : link;
	size_t n = strcspn(rest, "?#");
	const char *hash = strchr(rest, '#');
	al->fragment = hash && hash[1] ? rb_arena_strdup(a, hash + 1) : NULL;
	while (n >= 2 && !strncmp(rest, "./", 2))
		rest += 2, n -= 2;
	char *page = rb_arena_strndup(a, rest, n);
	if (site && n >= 5 && !strcmp(page + n - 5, ".html"))
		page[n - 5] = '\0';
	al->page = page;
	unsigned at;
	if (!site)
		al->runbook = rb_book_runbook_by_path(book, page);
	else if (rb_strmap_get(stems, page, &at))
		al->runbook = book->runbooks[at];
	if (!al->runbook) {
		al->nearest = *page ? nearest_page(a, book, page, site) : NULL;
		return;
	}
	if (!al->fragment) {
		al->anchor_ok = true;
		return;
	}
	/* any anchor the page has: a freehand scenario's or procedure's id is
	 * no heading's slug */
	al->anchor_ok = rb_runbook_has_anchor(al->runbook, al->fragment);
	if (!al->anchor_ok) {
		al->nearest = nearest_anchor(al->runbook, al->fragment);
		return;
	}
	for (size_t i = 0; i < al->runbook->nscenarios && !al->scenario; i++)
		if (!strcmp(al->runbook->scenarios[i].id, al->fragment))
			al->scenario = &al->runbook->scenarios[i];
}

/* The key of (scenario, alert name) in the map of Alerts: names (arena). */
static const char *pair_key(struct rb_arena *a, const struct rb_scenario *sc, const char *name)
{
	return rb_arena_printf(a, "%p\n%s", (const void *)sc, name);
}

/* True when severity is one of require_severity (case aside). */
static bool required(const struct rb_alerts_config *c, const char *severity)
{
	for (size_t i = 0; severity && i < c->nrequire; i++)
		if (c->require_severity[i].s && !strcasecmp(c->require_severity[i].s, severity))
			return true;
	return false;
}

void rb_alerts_resolve(struct rb_arena *a, struct rb_book *book, long as_of)
{
	struct rb_alerts_config *c = &book->config.alerts;
	for (size_t i = 0; i < c->nignore; i++)
		c->ignore[i].expired = c->ignore[i].until.set && c->ignore[i].until.days < as_of;
	collect_refs(a, book);
	struct rb_strmap by_name = {0};
	const char **names = rb_xcalloc(book->nalerts + 1, sizeof *names);
	size_t nnames = 0;
	for (size_t i = 0; i < book->nalerts; i++) {
		unsigned at;
		if (!rb_strmap_get(&by_name, book->alerts[i].name, &at)) {
			rb_strmap_put(&by_name, book->alerts[i].name, (unsigned)i);
			names[nnames++] = book->alerts[i].name;
		}
	}
	struct rb_strmap named = {0}, stems = {0};   /* (scenario, name) of every Alerts: name; page stems */
	index_stems(a, book, &stems);
	for (size_t i = 0; i < book->nalert_refs; i++) {
		struct rb_alert_ref *r = &book->alert_refs[i];
		unsigned at;
		rb_strmap_put(&named, pair_key(a, r->scenario, r->name), 0);
		if (rb_strmap_get(&by_name, r->name, &at)) {
			r->alert = &book->alerts[at];
			((struct rb_scenario *)r->scenario)->alert_covered = true;
		} else {
			r->nearest = rb_nearest(r->name, names, nnames);
		}
	}
	for (size_t i = 0; i < book->nalerts; i++) {
		struct rb_alert *al = &book->alerts[i];
		unsigned at;
		al->required = required(c, al->severity);
		al->ignore = any_ignore(book, al->name);
		resolve_link(a, book, &stems, al);
		al->named = al->scenario && (al->runbook->stub ||   /* a stub (lint FILE...) has no Alerts: */
					     rb_strmap_get(&named, pair_key(a, al->scenario, al->name), &at));
		if (al->scenario)
			((struct rb_scenario *)al->scenario)->alert_covered = true;
	}
	free(names);
	rb_strmap_free(&by_name);
	rb_strmap_free(&named);
	rb_strmap_free(&stems);
}
