/* render_html.h: the static site (index, runbook pages, contacts, RTO/RPO
 * matrix, review status, tags, search index, assets) written into an
 * output folder. Every page is parsed back by html_check.c; a page that
 * fails the check fails the build. */
#ifndef RB_RENDER_HTML_H
#define RB_RENDER_HTML_H
#include <stdbool.h>
#include "model/build.h"
#include "render/output.h"
#include "base/buf.h"
/* The site of b's book, written into o in three steps (see
 * rb_print_begin): begin writes the assets, search index and index.html
 * (NULL with a diagnostic on a page clash), runbook writes runbook number
 * i's page (its parse tree must be there), end writes the other pages,
 * runs the HTML check's link resolution and frees s. False (with
 * diagnostics) on a template error, a write error or a failed HTML check.
 * complete false: the build stopped part way (some runbook pages are
 * missing); end then writes no more pages, reports only what the check
 * found in the pages written, and frees s. */
struct rb_site;
struct rb_site *rb_site_begin(struct rb_build *b, struct rb_output *o);
void rb_site_runbook(struct rb_site *s, size_t i);
bool rb_site_end(struct rb_site *s, bool complete);
/* How many bytes of the search index are written (what is buffered goes
 * out first): where the next runbook's entries begin. */
size_t rb_site_search_offset(struct rb_site *s);
/* Runbook number i's page and search entries as an earlier build made
 * them, for the build cache: search is the range of the old search index
 * that holds the entries rb_site_runbook put there (copied in), and the page is kept from the old OUT (rb_output_keep)
 * and checked like a page written, or, given check (the HTML check's
 * record of the same bytes, html_check.h), its record replayed. False
 * when OUT has no such page. */
bool rb_site_runbook_kept(struct rb_site *s, size_t i, const struct rb_output_range *search, const char *check,
			  size_t check_len);
/* The site's HTML checker (html_check.h), for the build cache. */
struct rb_html_check *rb_site_checker(struct rb_site *s);
/* A copy of the site's state as it is now, for rb_site_runbook_text on
 * other threads while s goes on writing (make it on s's thread after
 * rb_site_begin; it only reads what s no longer changes). */
struct rb_site *rb_site_snapshot(const struct rb_site *s);
void rb_site_snapshot_free(struct rb_site *snap);
/* Runbook number i's search entries and page, made from rb (its full
 * read) as rb_site_runbook would make them, appended to search and page,
 * with wb (a child build, rb_build_fork) taking its allocations and
 * diagnostics: on any thread, snap (rb_site_snapshot) only read, nothing
 * written to OUT. False on a template error (a diagnostic on wb). */
bool rb_site_runbook_text(const struct rb_site *snap, struct rb_build *wb, size_t i, const struct rb_runbook *rb,
			  struct rb_buf *search, struct rb_buf *page);
/* Put what rb_site_runbook_text made for runbook i in its place: the
 * search entries into the index, the page into OUT and the check (page
 * is taken). made: what rb_site_runbook_text returned (false: no page,
 * and the site fails). False when the page was not written. */
bool rb_site_runbook_put(struct rb_site *s, size_t i, const char *search, size_t len, struct rb_buf *page, bool made);
#endif
