/* render_html.h: the static site (index, runbook pages, contacts, RTO/RPO
 * matrix, review status, tags, search index, assets) written into an
 * output folder. Every page is parsed back by html_check.c; a page that
 * fails the check fails the build. */
#ifndef RB_RENDER_HTML_H
#define RB_RENDER_HTML_H
#include <stdbool.h>
#include "build.h"
#include "output.h"
/* Render the whole site of b's book into o. False (with diagnostics) on a
 * template error, a write error or a failed HTML check. */
bool rb_render_site(struct rb_build *b, struct rb_output *o);
#endif
