/* parse_ignore.c: inline suppressions. An HTML comment block
 * `<!-- rbc-ignore RULE-ID: reason -->` silences RULE-ID's findings on the
 * next block; when that block is a heading, on the heading's whole section
 * (up to the next heading of the same or a higher level). A reason is
 * required. The ranges are stored on the runbook; `rbc lint` applies them. */
#include "parse/md_doc.h"
#include "model/build.h"
#include "base/util.h"
#include <ctype.h>
#include <limits.h>
#include <string.h>

/* A body line as a line of the file (through the YAML line map if any). */
static unsigned file_line(const struct rb_runbook *rb, int line)
{
	if (line < 1)
		line = 1;
	if (rb->line_map && rb->nline_map) {
		size_t i = (size_t)line - 1;
		return rb->line_map[i < rb->nline_map ? i : rb->nline_map - 1].line;
	}
	return rb->body_line + (unsigned)line - 1;
}

/* The last file line that a suppression before block covers. */
static unsigned covered_until(const struct rb_runbook *rb, cmark_node *block)
{
	if (cmark_node_get_type(block) != CMARK_NODE_HEADING)
		return file_line(rb, cmark_node_get_end_line(block));
	int level = cmark_node_get_heading_level(block);
	for (cmark_node *n = cmark_node_next(block); n; n = cmark_node_next(n))
		if (cmark_node_get_type(n) == CMARK_NODE_HEADING && cmark_node_get_heading_level(n) <= level)
			return file_line(rb, cmark_node_get_start_line(n)) - 1;
	return UINT_MAX;
}

/* Split "<!-- rbc-ignore ID: reason -->" into id and reason (arena
 * copies; reason "" when absent). False when html is no such comment. */
static bool split_comment(struct rb_build *b, const char *html, char **id, char **reason)
{
	const char *p = html;
	while (isspace((unsigned char)*p))
		p++;
	if (strncmp(p, "<!--", 4))
		return false;
	p += 4;
	while (isspace((unsigned char)*p))
		p++;
	if (strncmp(p, "rbc-ignore", 10) || !isspace((unsigned char)p[10]))
		return false;
	p += 10;
	const char *end = strstr(p, "-->");
	if (!end)
		return false;
	char *body = rb_arena_printf(&b->arena, "%.*s", (int)(end - p), p);
	char *colon = strchr(body, ':');
	*reason = colon ? rb_trim(colon + 1) : "";
	if (colon)
		*colon = '\0';
	*id = rb_trim(body);
	return true;
}

/* Record the suppression an HTML block holds, if any. */
void rb_parse_ignore_block(struct rb_build *b, struct rb_runbook *rb, cmark_node *html)
{
	char *id, *reason;
	const char *lit = cmark_node_get_literal(html);
	if (!lit || !split_comment(b, lit, &id, &reason))
		return;
	struct rb_loc loc = rb_doc_loc(rb, html);
	cmark_node *next = cmark_node_next(html);
	if (!*id || strpbrk(id, " \t\n")) {
		rb_diag(b, RB_D_IGNORE_SYNTAX, loc, "write '<!-- rbc-ignore RULE-ID: reason -->'");
		return;
	}
	if (!*reason) {
		rb_diag(b, RB_D_IGNORE_SYNTAX, loc, "'%s' has no reason; write '<!-- rbc-ignore %s: why -->'", id, id);
		return;
	}
	if (!next) {
		rb_diag(b, RB_D_IGNORE_SYNTAX, loc, "nothing follows it to ignore");
		return;
	}
	struct rb_ignore *grown = rb_arena_alloc(&b->arena, (rb->nignores + 1) * sizeof *grown);
	if (rb->nignores)
		memcpy(grown, rb->ignores, rb->nignores * sizeof *grown);
	rb->ignores = grown;
	struct rb_ignore *ig = &rb->ignores[rb->nignores++];
	ig->rule = id;
	ig->reason = reason;
	ig->loc = loc;
	ig->first_line = file_line(rb, cmark_node_get_start_line(next));
	ig->last_line = covered_until(rb, next);
}
