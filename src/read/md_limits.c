/* md_limits.c: pre-parse guards for hostile Markdown; see md_limits.h. One pass
 * over the body, line by line, skipping fenced code (which cmark-gfm copies
 * verbatim, in linear time). */
#include "read/md_limits.h"
#include <string.h>

/* The position of body line n (1-based), through a YAML runbook's line map. */
static struct rb_loc body_loc(const struct rb_runbook *rb, size_t n, unsigned col)
{
	if (rb->line_map && rb->nline_map)
		return rb->line_map[n - 1 < rb->nline_map ? n - 1 : rb->nline_map - 1];
	return (struct rb_loc){rb->file, rb->body_line + (unsigned)n - 1, col};
}

/* Counts over the current block (text between blank lines). */
struct scan {
	size_t brackets, www, pipes;
	size_t block_line;           /* first line of the block */
	size_t markup;               /* node-making characters so far in the runbook */
};

/* The characters cmark-gfm turns into nodes of their own: the inline pass's
 * (the core's, the extensions' ':', 'w', '~', '|', and '.', '"') and the
 * quote and list markers '>' and '-'. */
static const unsigned char markup_char[256] = {
	['['] = 1, [']'] = 1, ['!'] = 1, ['&'] = 1, ['<'] = 1, ['\\'] = 1, ['_'] = 1, ['*'] = 1,
	['`'] = 1, ['~'] = 1, ['|'] = 1, [':'] = 1, ['w'] = 1, ['.'] = 1, ['"'] = 1, ['>'] = 1,
	['-'] = 1,
};

/* Length of a code fence opener/closer at p ("```" or "~~~", up to 3
 * spaces in), or 0. */
static size_t fence_len(const char *p, const char *end)
{
	int sp = 0;
	while (p < end && *p == ' ' && sp < 4)
		p++, sp++;
	if (sp > 3 || p >= end || (*p != '`' && *p != '~'))
		return 0;
	char ch = *p;
	size_t n = 0;
	while (p + n < end && p[n] == ch)
		n++;
	return n >= 3 ? n : 0;
}

/* Container markers ("> ", "- ", "* ", "+ ", "1. ", "1) ") at the start of a
 * line followed by text open nested blocks. Counted as parse.c's depth check
 * counts them (the document 1, a quote 1, a list and its item 2), the column
 * of the marker that goes past RB_MAX_MD_DEPTH, or 0 when none does. */
static unsigned deep_marker_col(const char *line, const char *end)
{
	const char *p = line;
	int depth = 1;
	unsigned col = 0;
	for (size_t sp = 0; p < end && *p == ' ' && sp < 3; sp++)
		p++;
	while (p < end) {
		const char *q = p;
		int add = 2;
		if (*q == '>') {
			q++, add = 1;
		} else if (*q == '-' || *q == '*' || *q == '+') {
			q++;
		} else {
			while (q < end && q - p < 9 && *q >= '0' && *q <= '9')
				q++;
			if (q == p || q >= end || (*q != '.' && *q != ')'))
				break;
			q++;
		}
		if (add == 2 && (q >= end || *q != ' '))
			break;         /* a list marker needs a space after it */
		depth += add;
		if (depth > RB_MAX_MD_DEPTH && !col)
			col = (unsigned)(p - line) + 1;
		size_t sp = 0;
		while (q < end && *q == ' ')
			q++, sp++;
		p = q;
		if (sp > 4)
			break;         /* indented code inside the item: not a marker */
	}
	/* "- - -" alone is a thematic break, not lists */
	return strspn(line, " -*_") >= (size_t)(end - line) ? 0 : col;
}

/* Count what one line adds to the block's totals. */
static void count_line(struct scan *s, const char *p, const char *end)
{
	size_t brackets = 0, pipes = 0, markup = 0;
	for (const char *q = p; q < end; q++) {     /* branch-free: vectorises */
		brackets += *q == '[';
		pipes += *q == '|';
		markup += markup_char[(unsigned char)*q];
	}
	s->brackets += brackets;
	s->pipes += pipes;
	s->markup += markup;
	for (const char *q = p; (q = memmem(q, (size_t)(end - q), "www.", 4)); q += 4)
		s->www++;
}

/* A byte an e-mail address may hold just before its '@'. */
static bool address_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		c == '.' || c == '+' || c == '-' || c == '_';
}

/* Refuse a line that the autolink extension would take (candidates x line
 * length) to read: more than RB_MAX_AUTOLINKS_PER_LINE e-mail ("x@"),
 * "www." or "://" candidates, or a word holding "www." or "://" with more
 * than RB_MAX_LINK_PARENS ')'; or one that takes the runbook's count
 * *total past RB_MAX_AUTOLINKS_PER_FILE. True when the line is fine. */
static bool check_autolinks(struct rb_build *b, const struct rb_runbook *rb, size_t line,
	const char *p, const char *end, size_t *total)
{
	size_t links = 0;
	for (const char *w = p; w < end;) {
		if (*w == ' ' || *w == '\t' || *w == '\r' || *w == '\f' || *w == '\v') {
			w++;
			continue;
		}
		const char *q = w;
		size_t parens = 0, web = 0;
		for (; q < end && *q != ' ' && *q != '\t' && *q != '\r' && *q != '\f' && *q != '\v'; q++) {
			size_t found = 0;
			if (*q == ')')
				parens++;
			else if (*q == '@' && q > w && address_byte((unsigned char)q[-1]))
				found = 1;
			else if (*q == 'w' && end - q >= 4 && !memcmp(q, "www.", 4))
				found = 1, web++;
			else if (*q == ':' && end - q >= 3 && q[1] == '/' && q[2] == '/')
				found = 1, web++;
			if (!found)
				continue;
			if (++links > RB_MAX_AUTOLINKS_PER_LINE) {
				rb_diag(b, RB_D_TOO_LARGE, body_loc(rb, line, (unsigned)(q - p) + 1),
					"this line has more than %d e-mail or web autolinks ('x@', 'www.', '://'); "
					"split it into several lines or put it in a code block", RB_MAX_AUTOLINKS_PER_LINE);
				return false;
			}
			if (++*total > RB_MAX_AUTOLINKS_PER_FILE) {
				rb_diag(b, RB_D_TOO_LARGE, body_loc(rb, line, (unsigned)(q - p) + 1),
					"this runbook has more than %d e-mail or web autolinks ('x@', 'www.', '://'); "
					"split it into several runbooks or put them in code blocks", RB_MAX_AUTOLINKS_PER_FILE);
				return false;
			}
		}
		if (web && parens > RB_MAX_LINK_PARENS) {
			rb_diag(b, RB_D_TOO_LARGE, body_loc(rb, line, (unsigned)(w - p) + 1),
				"this link has %zu ')'; the limit is %d; put it in a code block", parens,
				RB_MAX_LINK_PARENS);
			return false;
		}
		w = q;
	}
	return true;
}

/* Refuse the block if a count is over its limit; true when it is fine. */
static bool check_block(struct rb_build *b, const struct rb_runbook *rb, const struct scan *s)
{
	const char *what = NULL;
	size_t n = 0, lim = 0;
	if (s->brackets > RB_MAX_BRACKETS_PER_BLOCK)
		what = "'[' brackets", n = s->brackets, lim = RB_MAX_BRACKETS_PER_BLOCK;
	else if (s->www > RB_MAX_WWW_PER_BLOCK)
		what = "'www.' autolinks", n = s->www, lim = RB_MAX_WWW_PER_BLOCK;
	else if (s->pipes > RB_MAX_TABLE_CELLS)
		what = "'|' table cells", n = s->pipes, lim = RB_MAX_TABLE_CELLS;
	if (!what)
		return true;
	rb_diag(b, RB_D_TOO_LARGE, body_loc(rb, s->block_line, 1),
		"this paragraph has %zu %s; the limit is %zu; split it with blank lines or put it in a code block",
		n, what, lim);
	return false;
}

bool rb_md_limits_check(struct rb_build *b, const struct rb_runbook *rb)
{
	const char *p = rb->body ? rb->body : "", *end = p + rb->body_len;
	struct scan s = {.block_line = 1};
	size_t line = 1, fence = 0, autolinks = 0;
	size_t markup_cap = rb->body_len / 4 > RB_MAX_MARKUP_CHARS ? rb->body_len / 4 : RB_MAX_MARKUP_CHARS;
	for (; p < end; line++) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		if (!e)
			e = end;
		if (line > RB_MAX_LINES) {
			rb_diag(b, RB_D_TOO_LARGE, body_loc(rb, line, 1),
				"more than %ld lines; split the runbook into several files", (long)RB_MAX_LINES);
			return false;
		}
		if (e - p > RB_MAX_LINE_BYTES) {
			rb_diag(b, RB_D_TOO_LARGE, body_loc(rb, line, 1),
				"line is %zu bytes; the limit is %ld KiB per line", (size_t)(e - p),
				RB_MAX_LINE_BYTES / 1024);
			return false;
		}
		size_t f = fence_len(p, e);
		if (fence) {
			if (f >= fence)
				fence = 0;
		} else if (f) {
			fence = f;
		} else if (p == e || strspn(p, " \t") == (size_t)(e - p)) {
			if (!check_block(b, rb, &s))
				return false;
			s = (struct scan){.block_line = line + 1, .markup = s.markup};
		} else {
			unsigned col = deep_marker_col(p, e);
			if (col) {
				rb_diag(b, RB_D_TOO_DEEP, body_loc(rb, line, col),
					"lists, quotes or emphasis nested deeper than %d levels", RB_MAX_MD_DEPTH);
				return false;
			}
			if (!check_autolinks(b, rb, line, p, e, &autolinks))
				return false;
			count_line(&s, p, e);
			if (s.markup > markup_cap) {
				rb_diag(b, RB_D_TOO_LARGE, body_loc(rb, line, 1),
					"this runbook has more than %zu Markdown punctuation characters outside code blocks "
					"(each costs a parse node; at most a quarter of its text may be '[]!&<>\\_*`~|:.-\"' or 'w'); "
					"split it into several runbooks or put such text in code blocks", markup_cap);
				return false;
			}
		}
		p = e + 1;
	}
	return check_block(b, rb, &s);
}
