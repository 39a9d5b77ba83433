/* render_html.h: the static site (index, runbook pages, contacts, RTO/RPO
 * matrix, review status, tags, search index, assets) written into an
 * output folder. Every page is parsed back by html_check.c; a page that
 * fails the check fails the build. */
#ifndef RB_RENDER_HTML_H
#define RB_RENDER_HTML_H
#include <stdbool.h>
#include "model/build.h"
#include "render/output.h"
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
#endif
