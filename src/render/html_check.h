/* html_check.h: every page the site build writes is parsed back with
 * libxml2's HTML parser. A page passes when the parse gives no error
 * (HTML5 element names, unknown to libxml2's HTML 4 parser, are fine), no
 * id is used twice, no attribute is an event handler, no URL has a
 * javascript:, vbscript: or data: scheme, no script is inline, and every
 * internal href, src and form action names a file of the site and, with
 * a fragment, an id on that page. Between pages only a hash of each id
 * and the links that may be broken are kept (html_links.h), never the
 * parsed trees or every link, so memory stays small for big sites. A path
 * given twice, as a page or an asset, links resolve to what it was given
 * as first (the site writes each file once). */
#ifndef RB_HTML_CHECK_H
#define RB_HTML_CHECK_H
#include <stdbool.h>
#include <stddef.h>
#include "model/build.h"
struct rb_html_check;
/* A checker for one site; its diagnostics (html-check) go to b when it
 * finishes. threaded: pages are parsed on a thread of the checker's own,
 * beside the rendering, and the calls below return at once (up to a small
 * queue of pages). */
struct rb_html_check *rb_html_check_new(struct rb_build *b, bool threaded);
/* Parse one page (rel: its '/'-separated path in the site) and record its
 * ids and links and its errors at rel:line:col. Takes html (malloc'd, len
 * bytes): the checker frees it, so the page is never copied. */
void rb_html_check_page(struct rb_html_check *chk, const char *rel, char *html, size_t len);
/* The same for a page too big to keep in memory, already written to the
 * file path (malloc'd; the checker frees it): the checker reads it from
 * there a few KB at a time, and gives the same findings as for the same
 * bytes in memory. The file must stay until rb_html_check_finish. */
void rb_html_check_file(struct rb_html_check *chk, const char *rel, char *path);
/* Have the checker keep a record of each page it parses (its ids, links
 * and findings, a few bytes each): each is given to keep(ctx, rel,
 * record, len) once its page is parsed (on the checker's thread), in the
 * order the pages came, and not held after. For a cache that knows a
 * page's bytes did not change (the build cache). */
void rb_html_check_keep(struct rb_html_check *chk, void (*keep)(void *ctx, const char *rel, const char *record,
								  size_t len), void *ctx);
/* A page whose bytes are those of a page checked before: its record
 * (from keep) is given in place of parsing it, with the same findings
 * and the same links and ids for the links of other pages. */
void rb_html_check_replay(struct rb_html_check *chk, const char *rel, const char *record, size_t len);
/* A file of the site that is not a page (style sheet, script, .sh). */
void rb_html_check_asset(struct rb_html_check *chk, const char *rel);
/* Resolve every recorded link and report what was found. complete: every
 * page and file of the site was given; when false (a build that stopped
 * part way), a link to a file not given is not reported, since the site
 * is not all there. True when this checker reported no error at all.
 * Frees chk. */
bool rb_html_check_finish(struct rb_html_check *chk, bool complete);
#endif
