/* remote_links.c: links and images in a runbook that reach off the book:
 * a protocol-relative link ("//host/x", which an offline site opens as
 * file://host/x) is an error at the link, and a remote image (http://,
 * https:// or //, in ![]() or a raw <img src>) a warning at the image, since
 * the offline site would fetch it; the site shows it as a link unless
 * rbc.yaml says site: {remote_images: allow}. */
#include "parse/remote_links.h"
#include "parse/md_doc.h"
#include <string.h>
#include <strings.h>

/* Does url leave the machine: http://, https:// or //? */
bool rb_remote_url(const char *url)
{
	return url && (!strncasecmp(url, "http://", 7) || !strncasecmp(url, "https://", 8) ||
		       !strncmp(url, "//", 2));
}

/* The position of byte off of a node's literal, from the node's start. */
static struct rb_loc literal_loc(struct rb_loc at, const char *lit, size_t off)
{
	const char *nl = NULL;
	for (const char *p = lit; p < lit + off; p++)
		if (*p == '\n')
			at.line++, nl = p;
	at.col = nl ? (unsigned)(lit + off - nl) : at.col + (unsigned)off;
	return at;
}

/* Warn about each <img ... src="remote"> in a raw HTML literal. */
static void raw_images(struct rb_build *b, const struct rb_runbook *rb, cmark_node *n)
{
	const char *lit = cmark_node_get_literal(n);
	if (!lit)
		return;
	for (const char *p = lit; (p = strcasestr(p, "<img")); p += 4) {
		const char *end = strchr(p, '>'), *src = strcasestr(p, "src=");
		if (!src || (end && src > end))
			continue;
		const char *v = src + 4;
		if (*v == '"' || *v == '\'')
			v++;
		if (rb_remote_url(v)) {
			size_t len = strcspn(v, "\"' >");
			rb_diag(b, RB_D_REMOTE_IMAGE, literal_loc(rb_doc_loc(rb, n), lit, (size_t)(p - lit)),
				"'%.*s'", (int)(len < 200 ? len : 200), v);
		}
	}
}

void rb_remote_links_check(struct rb_build *b, const struct rb_runbook *rb, cmark_node *root)
{
	bool allow = b->book.config.remote_images;
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) {
			const char *url = cmark_node_get_url(n);
			if (url && !strncmp(url, "//", 2))
				rb_diag(b, RB_D_LINK_NO_SCHEME, rb_doc_loc(rb, n), "'%s'", url);
			if (t == CMARK_NODE_IMAGE && !allow && rb_remote_url(url))
				rb_diag(b, RB_D_REMOTE_IMAGE, rb_doc_loc(rb, n), "'%s'", url);
		} else if (!allow && (t == CMARK_NODE_HTML_INLINE || t == CMARK_NODE_HTML_BLOCK)) {
			raw_images(b, rb, n);
		}
	}
	cmark_iter_free(it);
}
