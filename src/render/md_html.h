/* md_html.h: a runbook's Markdown body as safe HTML. Every value goes
 * through rb_html_escape (html_escape.h); raw HTML in the Markdown is
 * shown as text and URLs with a scheme outside http(s), mailto and tel
 * are dropped. */
#ifndef RB_MD_HTML_H
#define RB_MD_HTML_H
#include "model/build.h"
#include "base/buf.h"

/* The site page of a runbook: its book path with .md/.yaml/.yml → .html;
 * at the root, the stems of the site's own pages (index, contacts, rto,
 * review, tags, handbook) get "-runbook" added ("index-runbook.html"). */
char *rb_html_page_of(struct rb_build *b, const char *book_path);
/* "../" once per folder of page (a site-relative path), to reach the root. */
char *rb_html_root_of(struct rb_build *b, const char *page);

/* Append rb's body as HTML. root is the way from the page to the site's
 * root ("" or "../"...); on_scenario (may be NULL) is called after each
 * scenario heading to add the summary card. */
void rb_md_html_runbook(struct rb_build *b, const struct rb_runbook *rb, const char *root,
			void (*on_scenario)(void *ctx, const struct rb_scenario *sc, struct rb_buf *out),
			void *ctx, struct rb_buf *out);
/* The same for the print handbook (one file): every id is prefixed with
 * "<runbook-id>/", links to runbooks become "#<runbook-id>[/<anchor>]",
 * @mentions "#contact:<id>", code blocks get no copy button and absolute
 * images become links (the handbook loads nothing). */
void rb_md_html_runbook_print(struct rb_build *b, const struct rb_runbook *rb,
			      void (*on_scenario)(void *ctx, const struct rb_scenario *sc, struct rb_buf *out),
			      void *ctx, struct rb_buf *out);
/* The book's introduction (README.md at its root, read as a runbook
 * without scenarios) for the site's index page: ids are prefixed with
 * "intro-" so they cannot meet the page's own. */
void rb_md_html_intro(struct rb_build *b, const struct rb_runbook *rb, struct rb_buf *out);
#endif
