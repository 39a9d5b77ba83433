/* parse_refs.c: the parser's second pass over a runbook's parse tree:
 * headings' anchors (GitHub's slugs, or {#custom-id}), links and images
 * into the book, and @contact mentions. */
#include "parse/parse.h"
#include "parse/parse_int.h"
#include "base/strmap.h"
#include "base/buf.h"
#include "base/util.h"
#include "parse/md_doc.h"
#include <stdio.h>
#include <string.h>

struct collect {
	struct rb_build *b;
	struct rb_runbook *rb;
	size_t cap_anchor, cap_link;
	struct rb_strmap ids;        /* anchor id → 1 (taken); slug base → last n tried */
	struct rb_strmap next;
};

/* GitHub's anchor for a heading: its slug, with -1, -2... on repeats. The
 * first free id is found through hash maps, and each base remembers the
 * last suffix it tried, so many equal headings stay linear. */
static void add_heading_anchor(struct collect *k, cmark_node *h)
{
	struct rb_runbook *rb = k->rb;
	struct rb_build *b = k->b;
	const char *custom;
	char *text = rb_doc_split_custom_id(b, rb_doc_node_text(b, h, false), &custom);
	const char *base = custom ? custom : rb_slug(&b->arena, text);
	const char *id = base;
	unsigned n = 0, dummy;
	if (!custom) {
		rb_strmap_get(&k->next, base, &n);
		if (n)
			id = rb_arena_printf(&b->arena, "%s-%u", base, n);
		while (rb_strmap_get(&k->ids, id, &dummy))
			id = rb_arena_printf(&b->arena, "%s-%u", base, ++n);
		rb_strmap_put(&k->next, base, n);
	}
	rb_strmap_put(&k->ids, id, 1);
	struct rb_anchor *a = PUSH(&b->arena, rb->anchors, rb->nanchors, k->cap_anchor);
	a->id = id;
	a->loc = rb_doc_loc(rb, h);
}

/* The scenario whose line range holds line, or NULL. */
static const char *scenario_at(const struct rb_runbook *rb, unsigned line)
{
	for (size_t i = 0; i < rb->nscenarios; i++)
		if (line >= rb->scenarios[i].first_line && line <= rb->scenarios[i].last_line)
			return rb->scenarios[i].id;
	return NULL;
}

/* Resolve "a/../b.md" against the runbook's folder into a book path. */
char *rb_parse_join_path(struct rb_build *b, const char *from, const char *target, size_t n)
{
	const char *slash = strrchr(from, '/');
	char *joined = slash ? rb_arena_printf(&b->arena, "%.*s/%.*s", (int)(slash - from), from, (int)n, target)
			     : rb_arena_strndup(&b->arena, target, n);
	/* normalise . and .. segments in place */
	char *out = rb_arena_alloc(&b->arena, strlen(joined) + 1), *seg, *save = NULL;
	size_t len = 0;
	for (seg = strtok_r(joined, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
		if (!strcmp(seg, "."))
			continue;
		if (!strcmp(seg, "..")) {
			if (!len)
				return NULL;     /* leaves the book */
			while (len && out[len - 1] != '/')
				len--;
			if (len)
				len--;
			out[len] = '\0';
			continue;
		}
		len += (size_t)sprintf(out + len, "%s%s", len ? "/" : "", seg);
	}
	return out;
}

/* The first n bytes of a URL path with its %XX escapes decoded (cmark
 * writes a space as %20), in the arena; a path holding %00 is cut there. */
const char *rb_parse_percent_decode(struct rb_build *b, const char *s, size_t n)
{
	struct rb_buf d;
	rb_buf_init(&d);
	rb_url_decode(&d, s, n);
	char *r = rb_arena_strdup(&b->arena, rb_buf_cstr(&d));
	rb_buf_free(&d);
	return r;
}

/* Record a link or image if it points into the book (a relative path or a #fragment). */
static void add_link(struct collect *k, cmark_node *link)
{
	const char *url = cmark_node_get_url(link);
	struct rb_build *b = k->b;
	if (!url || !*url || rb_url_has_scheme(url) || url[0] == '/' || rb_starts_with(url, "//"))
		return;
	const char *hash = strchr(url, '#');
	size_t plen = hash ? (size_t)(hash - url) : strlen(url);
	struct rb_link *l = PUSH(&b->arena, k->rb->links, k->rb->nlinks, k->cap_link);
	l->kind = RB_LINK_DOC;
	l->loc = rb_doc_loc(k->rb, link);
	l->target = rb_arena_strdup(&b->arena, url);
	const char *file = plen ? rb_parse_percent_decode(b, url, plen) : NULL;
	l->path = plen ? rb_parse_join_path(b, k->rb->path, file, strlen(file)) : k->rb->path;
	l->fragment = hash && hash[1] ? rb_arena_strdup(&b->arena, hash + 1) : NULL;
	l->scenario_id = scenario_at(k->rb, l->loc.line);
	l->call = cmark_node_get_user_data(link) != NULL;
}

/* Find "@contact-id" mentions in a text node (the scanner is shared with
 * the HTML renderer through rb_mention_next). */
static void add_mentions(struct collect *k, cmark_node *text)
{
	const char *s = cmark_node_get_literal(text);
	struct rb_loc base = rb_doc_loc(k->rb, text);
	size_t n;
	for (const char *p = s; (p = rb_mention_next(s, p, &n)); p += 1 + n) {
		char *id = rb_arena_strndup(&k->b->arena, p + 1, n);
		struct rb_link *l = PUSH(&k->b->arena, k->rb->links, k->rb->nlinks, k->cap_link);
		l->kind = RB_LINK_CONTACT;
		l->loc = base;
		l->loc.col += (unsigned)(p - s);
		l->target = rb_arena_printf(&k->b->arena, "@%s", id);
		l->fragment = id;
		l->scenario_id = scenario_at(k->rb, l->loc.line);
	}
}

/* The second pass over root: every heading's anchor, every in-book link
 * and image, every @contact mention into rb, and ignore comments. */
void rb_parse_collect_refs(struct rb_build *b, struct rb_runbook *rb, cmark_node *root)
{
	struct collect k = {.b = b, .rb = rb};
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	bool in_link = false;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (t == CMARK_NODE_LINK)
			in_link = ev == CMARK_EVENT_ENTER;
		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (t == CMARK_NODE_HEADING)
			add_heading_anchor(&k, n);
		else if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE)
			add_link(&k, n);   /* an image's file is checked and copied like a link's */
		else if (t == CMARK_NODE_TEXT && !in_link)
			add_mentions(&k, n);
		else if (t == CMARK_NODE_HTML_BLOCK)
			rb_parse_ignore_block(b, rb, n);
	}
	cmark_iter_free(it);
	rb_strmap_free(&k.ids);
	rb_strmap_free(&k.next);
}
