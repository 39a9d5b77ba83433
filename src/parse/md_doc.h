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
struct rb_lenient *rb_parse_lenient(struct rb_build *b, struct rb_runbook *rb, cmark_node *root);
struct rb_buf;
/* Append the plain text of a subtree to out: text and code literals,
 * breaks and blocks as newlines; code blocks only if with_code. */
void rb_doc_plain_text(cmark_node *node, struct rb_buf *out, bool with_code);
/* Plain text of a node as an arena string, trimmed: breaks and blocks as
 * newlines; code blocks only if with_code. */
char *rb_doc_node_text(struct rb_build *b, cmark_node *node, bool with_code);
/* Split "Title {#custom-id}" into title and id; id is NULL when absent. */
char *rb_doc_split_custom_id(struct rb_build *b, char *text, const char **id);
/* Text of a node on one line (breaks as spaces), trimmed, in b's arena. */
char *rb_doc_text(struct rb_build *b, cmark_node *node);
#endif
