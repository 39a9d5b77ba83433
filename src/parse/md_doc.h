/* md_doc.h: the parsed Markdown of one runbook, private to the files that
 * see cmark-gfm (parse*.c, remote_links.c, md_html.c). */
#ifndef RB_MD_DOC_H
#define RB_MD_DOC_H
#include <cmark-gfm.h>
#include "model/model.h"

struct rb_doc {
	cmark_node *root;
};

/* The model location of a node (through the YAML line map if any). */
struct rb_loc rb_doc_loc(const struct rb_runbook *rb, cmark_node *node);



struct rb_build;
/* Parse rb's body with the GFM extensions into a tree the caller owns, or
 * NULL (with a diagnostic) when it nests deeper than RB_MAX_MD_DEPTH. */
cmark_node *rb_doc_parse(struct rb_build *b, struct rb_runbook *rb);
/* Read a scenario's metadata paragraph ("**RTO:** 15 min · ..."); returns
 * false (recording nothing) when para is not a metadata paragraph. */
bool rb_parse_meta(struct rb_build *b, struct rb_runbook *rb, struct rb_scenario *sc, cmark_node *para);
/* Record the `<!-- rbc-ignore RULE: reason -->` an HTML block holds. */
void rb_parse_ignore_block(struct rb_build *b, struct rb_runbook *rb, cmark_node *html);
/* Lenient reading (parse_lenient.c): the role of every top-level block of
 * a document without canonical scenario headings, or NULL when the
 * document is canonical, YAML, or --strict is given. */
struct rb_lenient *rb_lenient_plan(struct rb_build *b, struct rb_runbook *rb, cmark_node *root);
#endif
