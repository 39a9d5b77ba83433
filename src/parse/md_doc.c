/* md_doc.c: a runbook's parse tree: cmark-gfm set up, run (with the
 * nesting limit) and freed, and where a node of the tree stands in its
 * file (see md_doc.h). Apart from parse.c so that the readers parse.c
 * calls (metadata, ignores, lenient reading, remote links) and md_html.c
 * stand on it without standing on parse.c. */
#include "parse/md_doc.h"
#include "parse/parse.h"
#include "read/md_limits.h"
#include "base/buf.h"
#include "base/util.h"
#include "model/build.h"
#include <string.h>
#include <cmark-gfm-core-extensions.h>
#include <pthread.h>

/* Register cmark-gfm's extensions (once, before threads start). */
void rb_parse_init(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

/* Where node stands in rb's file (through the YAML line map if any). */
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

/* Refuse documents nested deeper than the limit, before any recursion
 * (ours or a renderer's) can meet them. */
static bool check_depth(struct rb_build *b, struct rb_runbook *rb, cmark_node *root)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	int depth = 0;
	bool ok = true;
	while (ok && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		bool container = cmark_node_first_child(n) != NULL;
		if (ev == CMARK_EVENT_ENTER && container && ++depth > RB_MAX_MD_DEPTH) {
			rb_diag(b, RB_D_TOO_DEEP, rb_doc_loc(rb, n),
				"lists, quotes or emphasis nested deeper than %d levels", RB_MAX_MD_DEPTH);
			ok = false;
		} else if (ev == CMARK_EVENT_EXIT && container) {
			depth--;
		}
	}
	cmark_iter_free(it);
	return ok;
}

/* Parse Markdown with the GFM extensions. cmark-gfm 0.29 switches the
 * extensions' characters on and off in a process-wide table around its
 * inline pass (cmark_manage_extensions_special_characters), so two
 * documents may not finish at once: the block pass runs in parallel, the
 * finish is serialised by the build's cmark_lock. Returns the root. */
static cmark_node *parse_markdown(struct rb_build *b, const char *text, size_t len)
{
	static const char *const exts[] = {"table", "strikethrough", "autolink", "tagfilter", "tasklist"};
	cmark_parser *p = cmark_parser_new(CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES);
	for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(exts[i]);
		if (e)
			cmark_parser_attach_syntax_extension(p, e);
	}
	cmark_parser_feed(p, text, len);
	pthread_mutex_lock(b->cmark_lock);
	cmark_node *root = cmark_parser_finish(p);
	pthread_mutex_unlock(b->cmark_lock);
	cmark_parser_free(p);
	return root;
}

/* Parse rb's body into a tree (the caller frees it), or NULL when the
 * tree nests too deep (recorded as a diagnostic). */
cmark_node *rb_doc_parse(struct rb_build *b, struct rb_runbook *rb)
{
	cmark_node *root = parse_markdown(b, rb->body ? rb->body : "", rb->body_len);
	if (!check_depth(b, rb, root)) {
		cmark_node_free(root);
		return NULL;
	}
	return root;
}

/* Free rb's parse tree once every renderer is done with it. */
void rb_parse_free_doc(struct rb_runbook *rb)
{
	if (rb->doc && rb->doc->root) {
		cmark_node_free(rb->doc->root);
		rb->doc->root = NULL;
	}
}

/* Plain text of a subtree: text and code literals, breaks as newlines, blocks separated by newlines; code blocks only if with_code. */
void rb_doc_plain_text(cmark_node *node, struct rb_buf *out, bool with_code)
{
	cmark_iter *it = cmark_iter_new(node);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (ev == CMARK_EVENT_ENTER) {
			if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE || t == CMARK_NODE_HTML_INLINE)
				rb_buf_puts(out, cmark_node_get_literal(n));
			else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
				rb_buf_putc(out, '\n');   /* keeps a step's first line its title */
			else if (t == CMARK_NODE_CODE_BLOCK && with_code)
				rb_buf_puts(out, cmark_node_get_literal(n));
		} else if (ev == CMARK_EVENT_EXIT && (t & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK &&
			   t != CMARK_NODE_DOCUMENT && out->len && out->data[out->len - 1] != '\n') {
			rb_buf_putc(out, '\n');
		}
	}
	cmark_iter_free(it);
}

/* Plain text of a node as an arena string, trimmed. */
char *rb_doc_node_text(struct rb_build *b, cmark_node *node, bool with_code)
{
	struct rb_buf buf;
	rb_buf_init(&buf);
	rb_doc_plain_text(node, &buf, with_code);
	char *s = rb_arena_strdup(&b->arena, rb_trim((char *)rb_buf_cstr(&buf)));
	rb_buf_free(&buf);
	return s;
}

/* Split "Title {#custom-id}" into title and id; id is NULL when absent. */
char *rb_doc_split_custom_id(struct rb_build *b, char *text, const char **id)
{
	size_t n = strlen(text);
	*id = NULL;
	if (n < 4 || text[n - 1] != '}')
		return text;
	char *open = strstr(text, "{#");
	if (!open)
		return text;
	*id = rb_arena_strndup(&b->arena, open + 2, (size_t)(text + n - 1 - (open + 2)));
	*open = '\0';
	return rb_trim(text);
}

/* Text of a node on one line: text and code literals, breaks as spaces,
 * trimmed, in b's arena. */
char *rb_doc_text(struct rb_build *b, cmark_node *node)
{
	struct rb_buf buf;
	rb_buf_init(&buf);
	cmark_iter *it = cmark_iter_new(node);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE)
			rb_buf_puts(&buf, cmark_node_get_literal(n));
		else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
			rb_buf_putc(&buf, ' ');
	}
	cmark_iter_free(it);
	char *s = rb_arena_strdup(&b->arena, rb_trim((char *)rb_buf_cstr(&buf)));
	rb_buf_free(&buf);
	return s;
}
