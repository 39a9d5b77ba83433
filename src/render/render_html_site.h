/* render_html_site.h: what the site's files share, private to them:
 * render_html.c (the driver, shared helpers, runbook pages, assets),
 * render_html_pages.c (the book-wide pages: index, contacts, RTO/RPO
 * matrix, review status, tags, 404), render_html_search.c (the search
 * index) and render_html_extra.c (attachments, the introduction, git's
 * last changes, edit links). */
#ifndef RB_RENDER_HTML_SITE_H
#define RB_RENDER_HTML_SITE_H
#include "base/arena.h"
#include "model/build.h"
#include "render/html_check.h"
#include "base/json_write.h"
#include "render/output.h"
#include "model/review.h"
#include "model/rto_row.h"
#include "base/strmap.h"
#include "render/template.h"

/* A link from one runbook to another, for "Referenced by". */
struct backlink {
	const struct rb_runbook *from;
	const char *scenario_id;
	unsigned next;            /* index+1 of the next backlink to the same runbook, 0 ends */
};

struct rb_site_ownership;

/* A runbook's last change in git: the newest commit that touched it. */
struct site_change {
	char commit[16];          /* 12 hex digits; "" when git knows none */
	long day;                 /* its committer date, days since the epoch */
};

/* A tag and the runbooks that carry it, for sorting. */
struct tag_use {
	const char *name;
	const struct rb_runbook *rb;
};

struct rb_site {
	struct rb_build *b;
	struct rb_output *o;
	struct rb_html_check *check;
	struct rb_arena page;     /* values of the page being rendered */
	struct rb_arena *arena;   /* where values are made: &page, or while a
				     lazy list makes a row, that row's arena */
	const char *root;         /* the current page's way to the site's root */
	struct backlink *links;   /* links[0] unused */
	size_t nlinks;
	unsigned *first_link;     /* per runbook index: index of its first backlink, 0 none */
	struct tag_use *uses;     /* every (tag, runbook), sorted by tag then path */
	size_t nuses;
	struct rb_strmap tag_anchor;   /* tag name -> index into anchors */
	const char **anchors;     /* per distinct tag: its id on tags.html */
	long window;              /* review "due" window in days: to the end of
				     the quarter, as in `rbc stale` */
	const char **alert_ids;   /* per alert of the book: its id on alerts.html
				     (render_html_alerts.c, made on first use) */
	struct rb_strmap alert_refs_at;   /* "path#scenario-id" -> index+1 of the
				     scenario's first name in book.alert_refs */
	const struct rb_site_ownership *ownership;   /* while contacts.html is
				     made: what each contact owns */
	struct site_change *changes;   /* per runbook index (rb_site_git_changes) */
	struct rb_output_file *search_file;   /* assets/search-index.js, open
				     from begin to end; written a runbook at a time */
	struct rb_jw search;
	struct rb_buf *capture;   /* a worker's copy (rb_site_runbook_text):
				     its page goes here, not to OUT */
	bool ok;
};

/* --- values (strings and values made in s->arena unless said) --- */

/* The book's title. */
const char *rb_site_title(const struct rb_build *b);
/* A runbook's title, falling back to its id. */
const char *rb_site_runbook_title(const struct rb_runbook *rb);
/* A duration as written, or NULL when absent. */
const char *rb_site_duration_text(const struct rb_duration *d);
const char *rb_site_steps_text(struct rb_site *s, const struct rb_rto_row *r);
/* A site-relative URL from the current page: root + percent-encoded path
 * + fragment (taken as it is; ids are escaped by the template). */
const char *rb_site_url_to(struct rb_site *s, const char *path, const char *fragment);
/* The URL of a runbook's page, optionally at an anchor. */
const char *rb_site_runbook_url(struct rb_site *s, const struct rb_runbook *rb, const char *fragment);
/* A contact reference: {id, name, url}; url only for a known contact;
 * NULL for no id. */
struct rb_tvalue *rb_site_contact(struct rb_site *s, const char *id);
/* A review badge: {state, label, due}. */
struct rb_tvalue *rb_site_review(struct rb_site *s, struct rb_review r);
/* "p0".."p4" for P0..P4 (any case), else "other" (a static string). */
const char *rb_site_severity_class(const char *sev);
/* prefix + the GitHub slug of text, made unique among `used` with "-2",
 * "-3"... (an arena string in the build's arena; `used` borrows it). */
const char *rb_site_unique_anchor(struct rb_build *b, struct rb_strmap *used, const char *prefix, const char *text);
/* The id of tag `name` on tags.html. */
const char *rb_site_tag_anchor(const struct rb_site *s, const char *name);

/* --- pages --- */

/* The context every page starts from: titles, root, the current nav item. */
struct rb_tvalue *rb_site_page_context(struct rb_site *s, const char *rel, const char *title, const char *nav);
/* Render template `name` with ctx into the layout and write it as rel;
 * the page is checked and the page arena emptied. False on any error. */
bool rb_site_write_page(struct rb_site *s, const char *rel, const char *name, struct rb_tvalue *ctx);
/* A lazy list of the n rows row(s, &items[i]) of an array of items of
 * size bytes each, each made while the page renders and freed after it;
 * the list lives in the page arena, items must outlive the page. */
struct rb_tvalue *rb_site_lazy_rows(struct rb_site *s, const void *items, size_t size, size_t n,
				    struct rb_tvalue *(*row)(struct rb_site *, const void *));

/* alerts.html and the scenario cards' alert links (render_html_alerts.c;
 * only when rbc.yaml has alerts:). */
void rb_site_alerts_page(struct rb_site *s);
/* The alerts scenario sc's Alerts: names, as [{name, url, last}] (url
 * only for an alert a rule file defines), or NULL when alerts are not
 * configured or it names none. */
struct rb_tvalue *rb_site_scenario_alerts(struct rb_site *s, const struct rb_scenario *sc);
/* Make every alert's id on alerts.html and the index of each scenario's
 * alerts, once, before any page (the pages may be made on several
 * threads, which then only read them). */
void rb_site_alerts_prepare(struct rb_site *s);

/* The book's files and facts beyond its runbooks (render_html_extra.c). */
/* Copy every regular file of the book that a runbook or the introduction
 * links to into the site at its book path, and tell the checker. */
void rb_site_attachments(struct rb_site *s);
/* The introduction (README.md at the root) as HTML, or NULL. */
const char *rb_site_intro_html(struct rb_site *s);
/* The "Edit this page" URL of a book file, or NULL without edit_url. */
const char *rb_site_edit_url(struct rb_site *s, const char *book_path);
/* Fill s->changes from one `git log` over the book (none outside git). */
void rb_site_git_changes(struct rb_site *s);
/* Runbook i's last change {date, commit}, or NULL when git knows none. */
struct rb_tvalue *rb_site_change(struct rb_site *s, size_t i);

/* The search index (render_html_search.c): assets/search-index.js,
 * opened by begin, one runbook's entries (from its full read) at a time,
 * the contacts and the close by end. */
void rb_site_search_begin(struct rb_site *s);
void rb_site_search_runbook(struct rb_site *s, const struct rb_runbook *rb);
void rb_site_search_end(struct rb_site *s);

/* The book-wide pages (render_html_pages.c). */
void rb_site_index_page(struct rb_site *s);
void rb_site_contacts_page(struct rb_site *s);
void rb_site_rto_page(struct rb_site *s);
/* drills.html, when the book has a runs folder (render_html_drills.c). */
void rb_site_drills_page(struct rb_site *s);
/* A copy of each of its records under drill-records/, before the pages link them. */
void rb_site_drill_records(struct rb_site *s);
/* v.drill = the scenario's drill status, last run and record link, when
 * the book has a runs folder: for rto.html and the scenario card. */
void rb_site_drill_facts(struct rb_site *s, const struct rb_scenario *sc, struct rb_tvalue *v);
void rb_site_review_page(struct rb_site *s);
void rb_site_tags_page(struct rb_site *s);
void rb_site_404_page(struct rb_site *s);
#endif
