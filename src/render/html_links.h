/* html_links.h: the files, page ids and internal links of a site, for
 * html_check.c, kept small enough for sites of tens of thousands of pages.
 * Pages come one at a time (begin, its ids and links, end); a link is
 * resolved as soon as what it names is known, and only links that may be
 * broken are kept for the end. Plain C: no libxml2 here. */
#ifndef RB_HTML_LINKS_H
#define RB_HTML_LINKS_H
#include <stdbool.h>

struct rb_html_links;

struct rb_html_links *rb_html_links_new(void);
void rb_html_links_free(struct rb_html_links *l);
/* A file of the site that is not a page. A path given twice keeps what it
 * was given as first (the site writes each file once). */
void rb_html_links_asset(struct rb_html_links *l, const char *rel);
/* Start the next page (its ids and links follow); returns its name, kept
 * until rb_html_links_free. */
const char *rb_html_links_begin(struct rb_html_links *l, const char *rel);
/* An id of the current page; false when the page already has it. */
bool rb_html_links_id(struct rb_html_links *l, const char *id);
/* A link of the current page (href, src or action as written, at line),
 * other than a javascript:, vbscript: or data: URL. */
void rb_html_links_link(struct rb_html_links *l, const char *url, unsigned line);
/* The current page has no more ids or links. */
void rb_html_links_end(struct rb_html_links *l);
/* Once every file and page is in: call broken(ctx, page, line, fmt, url)
 * for each link that names no file or id of the site, in the order the
 * links came; fmt is a printf format with one %s, for url. With complete
 * false (not every file came), a link to a path never given is skipped. */
void rb_html_links_broken(struct rb_html_links *l, bool complete, void *ctx,
			  void (*broken)(void *ctx, const char *page, unsigned line, const char *fmt, const char *url));
#endif
