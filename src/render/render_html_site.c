/* render_html_site.c: what every file of the site stands on (see
 * render_html_site.h): small values (titles, URLs, contacts, review
 * badges, anchors), the context a page starts from, writing a page through
 * the layout and the checker, and lazy lists of rows. The driver
 * (render_html.c), the book-wide pages, the search index and the extras
 * call these; these call none of them. */
#include "render/render_html_site.h"
#include "render/md_html.h"
#include "base/util.h"
#include <stdlib.h>
#include <string.h>

/* --- small value helpers --- */

/* The book's title. */
const char *rb_site_title(const struct rb_build *b)
{
	const char *t = b->book.config.title.s;
	return t && *t ? t : "Runbooks";
}

/* A runbook's title, falling back to its id. */
const char *rb_site_runbook_title(const struct rb_runbook *rb)
{
	return rb->title.s && *rb->title.s ? rb->title.s : rb->id.s;
}

/* A duration as written, or NULL when absent. */
const char *rb_site_duration_text(const struct rb_duration *d)
{
	return d && d->set ? d->text : NULL;
}

/* The summed step estimates "5 min" or "5 min–20 min" for the site's
 * pages, in the arena; NULL when no step carries an estimate. */
const char *rb_site_steps_text(struct rb_site *s, const struct rb_rto_row *r)
{
	if (!r->steps_any)
		return NULL;
	char lo[32], hi[32];
	rb_format_duration(r->steps_lo, lo, sizeof lo);
	rb_format_duration(r->steps_hi, hi, sizeof hi);
	return r->steps_lo == r->steps_hi ? rb_arena_strdup(s->arena, hi)
					  : rb_arena_printf(s->arena, "%s–%s", lo, hi);
}

/* A site-relative URL from the current page: root + percent-encoded path
 * + fragment (taken as it is; ids are escaped by the template). */
const char *rb_site_url_to(struct rb_site *s, const char *path, const char *fragment)
{
	struct rb_buf u;
	rb_buf_init(&u);
	rb_buf_puts(&u, s->root);
	rb_buf_url_path(&u, path);
	if (fragment) {
		rb_buf_putc(&u, '#');
		rb_buf_puts(&u, fragment);
	}
	char *r = rb_arena_strdup(s->arena, rb_buf_cstr(&u));
	rb_buf_free(&u);
	return r;
}

/* The URL of a runbook's page, optionally at an anchor. */
const char *rb_site_runbook_url(struct rb_site *s, const struct rb_runbook *rb, const char *fragment)
{
	return rb_site_url_to(s, rb_html_page_of(s->b, rb->path), fragment);
}

/* A contact reference: {id, name, url}; url only for a known contact. */
struct rb_tvalue *rb_site_contact(struct rb_site *s, const char *id)
{
	if (!id || !*id)
		return NULL;
	if (*id == '@')
		id++;
	const struct rb_contact *c = rb_book_contact(&s->b->book, id);
	struct rb_tvalue *v = rb_tv_map(s->arena);
	rb_tv_set_text(v, "id", id);
	rb_tv_set_text(v, "name", c && c->name.s && *c->name.s ? c->name.s : id);
	if (c)
		rb_tv_set_text(v, "url", rb_site_url_to(s, "contacts.html", rb_arena_printf(s->arena, "contact-%s", c->id)));
	return v;
}

/* A review badge: {state, label, due}. */
struct rb_tvalue *rb_site_review(struct rb_site *s, struct rb_review r)
{
	static const char *const labels[] = {"Fresh", "Due soon", "Overdue", "Never reviewed"};
	struct rb_tvalue *v = rb_tv_map(s->arena);
	rb_tv_set_text(v, "state", rb_review_state_name(r.state));
	rb_tv_set_text(v, "label", labels[r.state]);
	if (r.state != RB_REVIEW_NEVER) {
		char date[16];
		rb_format_date(r.due, date, sizeof date);
		rb_tv_set_text(v, "due", rb_arena_strdup(s->arena, date));
	}
	return v;
}

/* "p0".."p4" for P0..P4 (any case), else "other". */
const char *rb_site_severity_class(const char *sev)
{
	if (sev && (sev[0] == 'P' || sev[0] == 'p') && sev[1] >= '0' && sev[1] <= '4' && !sev[2]) {
		static const char *const names[] = {"p0", "p1", "p2", "p3", "p4"};
		return names[sev[1] - '0'];
	}
	return "other";
}

/* prefix + the GitHub slug of text, made unique among `used` with "-2",
 * "-3"... (an arena string in the build's arena; `used` borrows it). */
const char *rb_site_unique_anchor(struct rb_build *b, struct rb_strmap *used, const char *prefix, const char *text)
{
	const char *slug = rb_slug(&b->arena, text);
	const char *id = rb_arena_printf(&b->arena, "%s%s", prefix, *slug ? slug : "x");
	unsigned dummy;
	for (unsigned n = 2; rb_strmap_get(used, id, &dummy); n++)
		id = rb_arena_printf(&b->arena, "%s%s-%u", prefix, *slug ? slug : "x", n);
	rb_strmap_put(used, id, 0);
	return id;
}

/* --- tags --- */

/* The id of tag `name` on tags.html. */
const char *rb_site_tag_anchor(const struct rb_site *s, const char *name)
{
	unsigned i = 0;
	return rb_strmap_get(&s->tag_anchor, name, &i) ? s->anchors[i] : "";
}

/* --- writing pages --- */

/* The context every page starts from: titles, root, the current nav item. */
struct rb_tvalue *rb_site_page_context(struct rb_site *s, const char *rel, const char *title, const char *nav)
{
	s->root = rb_html_root_of(s->b, rel);
	struct rb_tvalue *ctx = rb_tv_map(s->arena);
	rb_tv_set_text(ctx, "site_title", rb_site_title(s->b));
	rb_tv_set_text(ctx, "page_title", title);
	rb_tv_set_text(ctx, "root", s->root);
	if (nav)
		rb_tv_set_bool(ctx, nav, true);
	rb_tv_set_bool(ctx, "has_alerts", s->b->book.config.alerts.set);
	rb_tv_set_bool(ctx, "has_drills", s->b->drills != NULL);
	char date[16];
	rb_format_date(s->b->as_of, date, sizeof date);
	rb_tv_set_text(ctx, "as_of", rb_arena_strdup(s->arena, date));
	return ctx;
}

/* A page being written in pieces: its file, opened at the first flush. */
struct page_file {
	struct rb_site *s;
	const char *rel;
	struct rb_output_file *f;
};

/* rb_template_flush for a page: out's text goes to the page's file. */
static void flush_page(void *ctx, struct rb_buf *out)
{
	struct page_file *p = ctx;
	if (!p->f)
		p->f = rb_output_open_file(p->s->o, p->rel, 0644);
	rb_output_append(p->f, out->data, out->len);
	out->len = 0;
}

/* Finish a page flushed to its file: the rest of it, then the check,
 * which reads the page back from the file. False on a write error. */
static bool close_page(struct page_file *p, struct rb_buf *rest, bool ok)
{
	rb_output_append(p->f, rest->data, rest->len);
	ok = rb_output_close_file(p->f) && ok;
	if (ok) {
		const char *dir = rb_output_dir(p->s->o);
		char *path = rb_xmalloc(strlen(dir) + strlen(p->rel) + 2);
		sprintf(path, "%s/%s", dir, p->rel);
		rb_html_check_file(p->s->check, p->rel, path);   /* the checker frees path */
	}
	return ok;
}

/* Render template `name` with ctx into the layout and write it as rel;
 * the page is checked and the page arena emptied. A big page goes to its
 * file in pieces of RB_TEMPLATE_FLUSH_AT bytes as its rows are made,
 * never whole in memory. False on any error. */
bool rb_site_write_page(struct rb_site *s, const char *rel, const char *name, struct rb_tvalue *ctx)
{
	struct rb_buf page;
	rb_buf_init(&page);
	rb_tv_set(ctx, "content", rb_tv_template(s->arena, name));   /* rendered in place */
	if (s->capture) {   /* a worker's copy of the site: the page is its caller's */
		bool done = rb_template_render(s->b, "layout.html", ctx, s->capture);
		rb_arena_free(&s->page);
		rb_arena_init(&s->page);
		s->ok = s->ok && done;
		return done;
	}
	struct page_file file = {s, rel, NULL};
	bool ok = rb_template_render_flushing(s->b, "layout.html", ctx, &page, flush_page, &file);
	if (file.f) {
		ok = close_page(&file, &page, ok);
	} else if (ok) {
		ok = rb_output_write(s->o, rel, page.data ? page.data : "", page.len, 0644);
		size_t len = page.len;
		rb_html_check_page(s->check, rel, rb_buf_detach(&page), len);   /* the checker frees it */
	}
	rb_buf_free(&page);
	rb_arena_free(&s->page);
	rb_arena_init(&s->page);
	s->ok = s->ok && ok;
	return ok;
}

/* A big page's rows, made one at a time while the page is rendered
 * (rb_tv_lazy_list): the items they show and how one row is made. */
struct rows {
	struct rb_site *s;
	const void *items;        /* an array of n items of size bytes each */
	size_t size;
	struct rb_tvalue *(*row)(struct rb_site *s, const void *item);   /* item: &items[i] */
};

/* rb_tv_maker for struct rows: row i, its values made in arena a. */
static struct rb_tvalue *make_row(void *ctx, size_t i, struct rb_arena *a)
{
	struct rows *r = ctx;
	struct rb_arena *page = r->s->arena;
	r->s->arena = a;
	struct rb_tvalue *v = r->row(r->s, (const char *)r->items + i * r->size);
	r->s->arena = page;
	return v;
}

/* A lazy list of the n rows row(s, &items[i]) of an array of items of
 * size bytes each; the list lives in the page arena, items must outlive
 * the page. */
struct rb_tvalue *rb_site_lazy_rows(struct rb_site *s, const void *items, size_t size, size_t n,
				   struct rb_tvalue *(*row)(struct rb_site *, const void *))
{
	struct rows *r = rb_arena_alloc(s->arena, sizeof *r);
	*r = (struct rows){s, items, size, row};
	return rb_tv_lazy_list(s->arena, n, make_row, r);
}
