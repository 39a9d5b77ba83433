/* md_doc.c: where a node of a runbook's parse tree stands in its file
 * (see md_doc.h). Apart from parse.c so that the readers parse.c calls
 * (metadata, ignores, lenient reading, remote links) and md_html.c stand
 * on it without standing on parse.c. */
#include "parse/md_doc.h"

struct rb_loc rb_doc_loc(const struct rb_runbook *rb, cmark_node *node)
{
	int line = cmark_node_get_start_line(node), col = cmark_node_get_start_column(node);
	if (line < 1)
		line = 1;
	if (rb->line_map && rb->nline_map) {
		size_t i = (size_t)line - 1;
		return rb->line_map[i < rb->nline_map ? i : rb->nline_map - 1];
	}
	struct rb_loc loc = {rb->file, rb->body_line + (unsigned)line - 1, col > 0 ? (unsigned)col : 1};
	return loc;
}
