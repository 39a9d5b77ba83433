/* template.c: rbc's small Mustache (syntax in template.h). A template is
 * read once per build (the book's own file, else the built-in copy),
 * split into tokens, and its sections matched; rendering walks the tokens
 * with a stack of context values. Values escape unless they are HTML that
 * a renderer produced itself. Errors are diagnostics at the template's
 * file:line:col, and the page is not written. */
#include "render/template.h"
#include "render/template_int.h"
#include "read/bookfs.h"
#include "model/build.h"
#include "render/html_escape.h"
#include "base/strmap.h"
#include "base/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum tok_kind { T_TEXT, T_VAR, T_RAW, T_SECTION, T_INVERTED, T_CLOSE, T_PARTIAL };

struct token {
	enum tok_kind kind;
	const char *text;          /* T_TEXT: bytes; others: the name */
	size_t len;
	unsigned line, col;
	size_t end;                /* T_SECTION/T_INVERTED: index of its T_CLOSE */
};

/* A template read and tokenised once per build. */
struct rb_template {
	const char *name, *file;   /* file: as shown in diagnostics */
	const char *text;
	size_t len;
	struct token *toks;
	size_t ntoks;
	bool ok;
	struct rb_template *next;
};

struct builtin_template {
	const char *name;
	const char *text;
};

static const struct builtin_template builtin_templates[] = {
#include "templates_builtin.inc"
	{NULL, NULL}
};

enum { MAX_PARTIAL_DEPTH = 16, MAX_CONTEXT_DEPTH = 64 };

/* What one page may cost: bytes of output (flushed ones included) and
 * tokens rendered. Partials that each include the next several times
 * multiply both, well within the depth caps; real pages stay far below. */
#define MAX_OUTPUT ((size_t)128 << 20)
#define MAX_STEPS ((size_t)20 * 1000 * 1000)

/* The cost of one page so far, shared by the renders that make it. */
struct render_cost {
	size_t bytes, steps;
	bool over;                 /* reported once */
};

/* ---- reading templates ---- */

/* Read BOOK/templates/name into the arena; NULL when absent. Unreadable
 * or oversized files are diagnostics. */
static char *read_book_template(struct rb_build *b, const char *path, size_t *len)
{
	FILE *f = rb_bookfs_fopen(b, path, path);   /* refuses FIFOs and links out of the book */
	if (!f)
		return NULL;
	struct rb_buf buf;
	rb_buf_init(&buf);
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && buf.len <= 4u << 20)
		rb_buf_add(&buf, chunk, n);
	bool bad = ferror(f) || buf.len > 4u << 20 || memchr(rb_buf_cstr(&buf), '\0', buf.len);
	fclose(f);
	struct rb_loc loc = {path, 1, 1};
	if (bad) {
		rb_diag(b, RB_D_TEMPLATE, loc, "cannot read it, it is over 4 MiB, or it holds a NUL byte");
		rb_buf_free(&buf);
		return NULL;
	}
	*len = buf.len;
	char *text = rb_arena_strndup(&b->arena, rb_buf_cstr(&buf), buf.len);
	rb_buf_free(&buf);
	return text;
}

const char *rb_template_text(struct rb_build *b, const char *name, size_t *len)
{
	if (strstr(name, "..") || name[0] == '/')
		return NULL;
	if (b->book.root) {
		char *path = rb_arena_printf(&b->arena, "%s/templates/%s", b->book.root, name);
		char *text = read_book_template(b, path, len);
		if (text)
			return text;
	}
	for (const struct builtin_template *t = builtin_templates; t->name; t++)
		if (!strcmp(t->name, name)) {
			*len = strlen(t->text);
			return t->text;
		}
	return NULL;
}

/* ---- tokenising ---- */

struct lexer {
	struct rb_build *b;
	struct rb_template *t;
	struct rb_buf toks;        /* struct token array */
	const char *p, *line_start;
	unsigned line;
};

static struct rb_loc lex_loc(struct lexer *lx, const char *at)
{
	unsigned line = lx->line;
	const char *ls = lx->line_start;
	for (const char *q = ls; q < at; q++)
		if (*q == '\n')
			line++, ls = q + 1;
	struct rb_loc loc = {lx->t->file, line, (unsigned)(at - ls) + 1};
	return loc;
}

static void add_token(struct lexer *lx, enum tok_kind kind, const char *text, size_t len, struct rb_loc loc)
{
	struct token tok = {kind, text, len, loc.line, loc.col, 0};
	rb_buf_add(&lx->toks, &tok, sizeof tok);
}

/* Advance the line count over [lx->p, to). */
static void advance(struct lexer *lx, const char *to)
{
	for (const char *q = lx->p; q < to; q++)
		if (*q == '\n')
			lx->line++, lx->line_start = q + 1;
	lx->p = to;
}

/* A tag that stands alone on its line (only blanks around it): the whole
 * line, newline included, vanishes from the output. Returns the start of
 * the blanks before the tag (or tag itself) and sets *after. */
static const char *standalone(struct lexer *lx, const char *tag, const char *close_end, const char **after)
{
	const char *s = tag;
	while (s > lx->line_start && (s[-1] == ' ' || s[-1] == '\t'))
		s--;
	if (s != lx->line_start)
		return NULL;
	const char *e = close_end;
	while (*e == ' ' || *e == '\t')
		e++;
	if (*e == '\r' && e[1] == '\n')
		e++;
	if (*e != '\n' && *e != '\0')
		return NULL;
	*after = *e ? e + 1 : e;
	return s;
}

/* Trim blanks off both ends of [*s, *s+*n). */
static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t'))
		(*s)++, (*n)--;
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

static bool name_ok(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!(s[i] == '.' || s[i] == '_' || s[i] == '-' || s[i] == '/' || (s[i] >= '0' && s[i] <= '9') ||
		      ((s[i] | 32) >= 'a' && (s[i] | 32) <= 'z')))
			return false;
	return true;
}

/* Read one tag at lx->p ("{{"); false (with a diagnostic) on bad syntax. */
static bool lex_tag(struct lexer *lx)
{
	const char *tag = lx->p;
	struct rb_loc loc = lex_loc(lx, tag);
	bool triple = tag[2] == '{';
	const char *body = tag + (triple ? 3 : 2);
	const char *close = strstr(body, triple ? "}}}" : "}}");
	if (!close) {
		rb_diag(lx->b, RB_D_TEMPLATE, loc, "'%s' is never closed; add '%s'", triple ? "{{{" : "{{",
			triple ? "}}}" : "}}");
		return false;
	}
	const char *close_end = close + (triple ? 3 : 2);
	enum tok_kind kind = triple ? T_RAW : T_VAR;
	char sigil = triple ? 0 : *body;
	if (sigil == '#' || sigil == '^' || sigil == '/' || sigil == '>' || sigil == '!' || sigil == '&') {
		kind = sigil == '#' ? T_SECTION : sigil == '^' ? T_INVERTED : sigil == '/' ? T_CLOSE :
		       sigil == '>' ? T_PARTIAL : sigil == '&' ? T_RAW : T_TEXT;
		body++;
	}
	const char *name = body;
	size_t n = (size_t)(close - body);
	trim(&name, &n);
	if (sigil != '!' && !name_ok(name, n)) {
		rb_diag(lx->b, RB_D_TEMPLATE, loc, "'%.*s' is not a name; names hold letters, digits, '_', '-', "
			"'.' and '/'", (int)(close_end - tag), tag);
		return false;
	}
	const char *after = close_end;
	const char *from = kind != T_VAR && kind != T_RAW ? standalone(lx, tag, close_end, &after) : NULL;
	if (from) {
		/* drop the blanks before the tag from the preceding text token */
		struct token *last = lx->toks.len ? (struct token *)(lx->toks.data + lx->toks.len) - 1 : NULL;
		if (last && last->kind == T_TEXT && last->text + last->len == tag)
			last->len -= (size_t)(tag - from);
	} else {
		after = close_end;
	}
	if (sigil != '!')
		add_token(lx, kind, name, n, loc);
	advance(lx, after);
	return true;
}

/* Match each section with its close; false (with a diagnostic) when they
 * do not nest. */
static bool match_sections(struct lexer *lx, struct token *toks, size_t n)
{
	size_t stack[MAX_CONTEXT_DEPTH], depth = 0;
	for (size_t i = 0; i < n; i++) {
		struct rb_loc loc = {lx->t->file, toks[i].line, toks[i].col};
		if (toks[i].kind == T_SECTION || toks[i].kind == T_INVERTED) {
			if (depth == MAX_CONTEXT_DEPTH) {
				rb_diag(lx->b, RB_D_TEMPLATE, loc, "sections nested deeper than %d", MAX_CONTEXT_DEPTH);
				return false;
			}
			stack[depth++] = i;
		} else if (toks[i].kind == T_CLOSE) {
			struct token *open = depth ? &toks[stack[depth - 1]] : NULL;
			if (!open || open->len != toks[i].len || memcmp(open->text, toks[i].text, open->len)) {
				rb_diag(lx->b, RB_D_TEMPLATE, loc, "'{{/%.*s}}' closes %s%.*s%s", (int)toks[i].len,
					toks[i].text, open ? "'{{#" : "no open section", open ? (int)open->len : 0,
					open ? open->text : "", open ? "}}'" : "");
				return false;
			}
			open->end = i;
			depth--;
		}
	}
	if (depth) {
		struct token *open = &toks[stack[depth - 1]];
		struct rb_loc loc = {lx->t->file, open->line, open->col};
		rb_diag(lx->b, RB_D_TEMPLATE, loc, "'{{#%.*s}}' is never closed; add '{{/%.*s}}'", (int)open->len,
			open->text, (int)open->len, open->text);
		return false;
	}
	return true;
}

/* Split t->text into tokens; t->ok says whether it parsed. */
static void tokenise(struct rb_build *b, struct rb_template *t)
{
	struct lexer lx = {b, t, {0}, t->text, t->text, 1};
	rb_buf_init(&lx.toks);
	const char *end = t->text + t->len;
	t->ok = true;
	while (t->ok && lx.p < end) {
		const char *open = strstr(lx.p, "{{");
		const char *stop = open ? open : end;
		if (stop > lx.p) {
			add_token(&lx, T_TEXT, lx.p, (size_t)(stop - lx.p), lex_loc(&lx, lx.p));
			advance(&lx, stop);
		}
		if (open)
			t->ok = lex_tag(&lx);
	}
	t->ntoks = lx.toks.len / sizeof(struct token);
	t->toks = rb_arena_alloc(&b->arena, lx.toks.len + sizeof(struct token));
	if (lx.toks.len)
		memcpy(t->toks, lx.toks.data, lx.toks.len);
	rb_buf_free(&lx.toks);
	if (t->ok)
		t->ok = match_sections(&lx, t->toks, t->ntoks);
}

/* ---- the names a template may use ---- */

/* Names the renderers give templates that no built-in template shows; the
 * rest of the vocabulary is every name the built-in templates use. A
 * book's template may use any of them. tests/e2e/site_template_names.sh
 * checks that every name the renderers set is known. */
static const char *const extra_names[] = {"step"};

/* True when text is one of the built-in templates rather than a book's. */
static bool is_builtin(const char *text)
{
	for (const struct builtin_template *bt = builtin_templates; bt->name; bt++)
		if (bt->text == text)
			return true;
	return false;
}

/* True for a tag that names a value ({{x}}, {{{x}}}, {{#x}}, {{^x}}). */
static bool value_tag(const struct token *tok)
{
	return tok->kind == T_VAR || tok->kind == T_RAW || tok->kind == T_SECTION || tok->kind == T_INVERTED;
}

/* The next '.'-separated part of a name at *p (before end) into *part and
 * *len, moving *p past it; false when none is left. */
static bool next_part(const char **p, const char *end, const char **part, size_t *len)
{
	if (*p >= end)
		return false;
	const char *dot = memchr(*p, '.', (size_t)(end - *p));
	*part = *p;
	*len = dot ? (size_t)(dot - *p) : (size_t)(end - *p);
	*p = dot ? dot + 1 : end;
	return true;
}

/* The known names: a map for lookups and an arena array for did-you-mean. */
struct names {
	struct rb_strmap seen;
	const char **v;
	size_t n, cap;
};

/* Add the len bytes of name at s to k unless it is there already. */
static void add_name(struct rb_build *b, struct names *k, const char *s, size_t len)
{
	char *name = rb_arena_strndup(&b->arena, s, len);
	unsigned dummy;
	if (!len || rb_strmap_get(&k->seen, name, &dummy))
		return;
	rb_strmap_put(&k->seen, name, 1);
	if (k->n == k->cap) {
		k->cap = k->cap ? 2 * k->cap : 128;
		const char **grown = rb_arena_alloc(&b->arena, k->cap * sizeof *grown);
		if (k->n)
			memcpy(grown, k->v, k->n * sizeof *grown);
		k->v = grown;
	}
	k->v[k->n++] = name;
}

/* Every name a book's template may use: extra_names and the parts of the
 * value names of the built-in HTML templates (tokenised here, apart from
 * the build's cache, where a book's file may hold the same name). */
static void known_names(struct rb_build *b, struct names *k)
{
	for (size_t i = 0; i < sizeof extra_names / sizeof *extra_names; i++)
		add_name(b, k, extra_names[i], strlen(extra_names[i]));
	for (const struct builtin_template *bt = builtin_templates; bt->name; bt++) {
		size_t len = strlen(bt->name);
		if (len < 5 || strcmp(bt->name + len - 5, ".html"))
			continue;
		struct rb_template t = {.name = bt->name, .file = bt->name, .text = bt->text, .len = strlen(bt->text)};
		tokenise(b, &t);
		for (size_t i = 0; i < t.ntoks; i++) {
			const char *p = t.toks[i].text, *end = p + t.toks[i].len, *part;
			while (value_tag(&t.toks[i]) && next_part(&p, end, &part, &len))
				add_name(b, k, part, len);
		}
	}
}

/* A book's template naming a value no template is ever given ({{titel}})
 * would render empty on every page: each such name is an error at its
 * tag, with the known name nearest to it. False when there is one. */
static bool check_names(struct rb_build *b, const struct rb_template *t)
{
	struct names k = {0};
	known_names(b, &k);
	bool ok = true;
	for (size_t i = 0; i < t->ntoks; i++) {
		const char *p = t->toks[i].text, *end = p + t->toks[i].len, *part;
		size_t len;
		unsigned dummy;
		while (value_tag(&t->toks[i]) && next_part(&p, end, &part, &len)) {
			char *name = rb_arena_strndup(&b->arena, part, len);
			if (!len || rb_strmap_get(&k.seen, name, &dummy))
				continue;
			const char *near = rb_nearest(name, k.v, k.n);
			struct rb_loc loc = {t->file, t->toks[i].line, t->toks[i].col};
			rb_diag(b, RB_D_TEMPLATE_NAME, loc, "'%s'%s%s%s (doc/templates.md lists each template's values)",
				name, near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
			ok = false;
		}
	}
	rb_strmap_free(&k.seen);
	return ok;
}

/* The template called name, read and tokenised on first use; NULL (with a
 * diagnostic at where) when there is none. */
static struct rb_template *get_template(struct rb_build *b, const char *name, struct rb_loc where)
{
	pthread_mutex_lock(&b->lock);
	struct rb_template *t = b->templates;
	while (t && strcmp(t->name, name))
		t = t->next;
	pthread_mutex_unlock(&b->lock);
	if (t)
		return t;
	size_t len;
	const char *text = rb_template_text(b, name, &len);
	if (!text) {
		rb_diag(b, RB_D_TEMPLATE, where, "no template '%s' in the book's templates/ or built into rbc", name);
		return NULL;
	}
	t = rb_arena_alloc(&b->arena, sizeof *t);
	t->name = rb_arena_strdup(&b->arena, name);
	bool builtin = is_builtin(text);   /* a book's file is named where the author finds it */
	t->file = builtin ? rb_arena_printf(&b->arena, "templates/%s", name)
			  : rb_arena_printf(&b->arena, "%s/templates/%s", b->book.root, name);
	t->text = text;
	t->len = len;
	tokenise(b, t);
	if (t->ok && !builtin && !b->template_any_name)
		t->ok = check_names(b, t);
	pthread_mutex_lock(&b->lock);
	t->next = b->templates;
	b->templates = t;
	pthread_mutex_unlock(&b->lock);
	return t;
}

/* True when template name is read and tokenised already. */
static bool loaded(struct rb_build *b, const char *name)
{
	pthread_mutex_lock(&b->lock);
	const struct rb_template *t = b->templates;
	while (t && strcmp(t->name, name))
		t = t->next;
	pthread_mutex_unlock(&b->lock);
	return t != NULL;
}

/* rb_template_preload below depth partials. */
static void preload(struct rb_build *b, const char *name, int depth)
{
	size_t len;
	if (depth > MAX_PARTIAL_DEPTH || loaded(b, name) || !rb_template_text(b, name, &len))
		return;   /* a missing one stays missing: each render reports it */
	struct rb_template *t = get_template(b, name, (struct rb_loc){b->book.root ? b->book.root : ".", 0, 0});
	for (size_t k = 0; t && k < t->ntoks; k++) {
		if (t->toks[k].kind != T_PARTIAL)
			continue;
		char *partial = rb_arena_strndup(&b->arena, t->toks[k].text, t->toks[k].len);
		preload(b, partial, depth + 1);
	}
}

void rb_template_preload(struct rb_build *b, const char *name)
{
	preload(b, name, 0);
}

/* ---- rendering ---- */

struct render {
	struct rb_build *b;
	const struct rb_tvalue *stack[MAX_CONTEXT_DEPTH + 1];
	size_t depth;
	int partials;
	struct rb_buf *out;
	rb_template_flush flush;  /* empties out between lazy items; may be NULL */
	void *flush_ctx;
	const struct rb_tvalue *embedding;   /* the rb_tv_template being written */
	struct render_cost *cost;  /* the page's, shared with inner renders */
};

/* Count the token tok of t and the bytes it wrote; false (with a
 * diagnostic at the token, once per page) when the page passes a cap. */
static bool charge(struct render *r, const struct rb_template *t, const struct token *tok, size_t bytes)
{
	struct render_cost *c = r->cost;
	c->bytes += bytes;
	if (++c->steps <= MAX_STEPS && c->bytes <= MAX_OUTPUT)
		return true;
	if (!c->over) {
		struct rb_loc loc = {t->file, tok->line, tok->col};
		rb_diag(r->b, RB_D_TEMPLATE, loc, "the page passed %s here (sections or partials that "
			"multiply each other?); the page is not written",
			c->bytes > MAX_OUTPUT ? "128 MiB of output" : "20,000,000 rendered tags");
	}
	c->over = true;
	return false;
}

/* Look name ("a.b.c" or ".") up in the context stack, innermost first. */
static const struct rb_tvalue *lookup(const struct render *r, const char *name, size_t n)
{
	if (n == 1 && name[0] == '.')
		return r->stack[r->depth - 1];
	const char *dot = memchr(name, '.', n);
	size_t first = dot ? (size_t)(dot - name) : n;
	const struct rb_tvalue *v = NULL;
	for (size_t d = r->depth; d-- > 0 && !v;) {
		const struct rb_tvalue *m = r->stack[d];
		for (size_t i = 0; m && m->kind == RB_TV_MAP && i < m->n && !v; i++)
			if (strlen(m->keys[i]) == first && !memcmp(m->keys[i], name, first))
				v = m->items[i];
	}
	while (v && dot) {
		const char *part = dot + 1;
		dot = memchr(part, '.', (size_t)(name + n - part));
		size_t len = dot ? (size_t)(dot - part) : (size_t)(name + n - part);
		const struct rb_tvalue *next = NULL;
		for (size_t i = 0; v->kind == RB_TV_MAP && i < v->n && !next; i++)
			if (strlen(v->keys[i]) == len && !memcmp(v->keys[i], part, len))
				next = v->items[i];
		v = next;
	}
	return v;
}

/* Is v "true" for a section: present, not false, not empty. */
static bool truthy(const struct rb_tvalue *v)
{
	if (!v)
		return false;
	switch (v->kind) {
	case RB_TV_BOOL: return v->b;
	case RB_TV_LIST: return v->n > 0;
	case RB_TV_TEXT: return v->s[0] != '\0';
	case RB_TV_HTML: return v->s[0] != '\0' || v->template;
	default: return true;
	}
}

static bool render_range(struct render *r, const struct rb_template *t, size_t from, size_t to);

/* Render a partial with the current context. */
static bool render_partial(struct render *r, const struct rb_template *t, const struct token *tok)
{
	struct rb_loc loc = {t->file, tok->line, tok->col};
	if (r->partials >= MAX_PARTIAL_DEPTH) {
		rb_diag(r->b, RB_D_TEMPLATE, loc, "partials nested deeper than %d (a partial includes itself?)",
			MAX_PARTIAL_DEPTH);
		return false;
	}
	char *name = rb_xmalloc(tok->len + 1);   /* get_template keeps its own copy */
	memcpy(name, tok->text, tok->len);
	name[tok->len] = '\0';
	struct rb_template *p = get_template(r->b, name, loc);
	free(name);
	if (!p || !p->ok)
		return false;
	r->partials++;
	bool ok = render_range(r, p, 0, p->ntoks);
	r->partials--;
	return ok;
}

/* Render the body of a section once with v pushed as the context. */
static bool render_with(struct render *r, const struct rb_template *t, const struct token *tok, size_t i,
			const struct rb_tvalue *v)
{
	if (r->depth == MAX_CONTEXT_DEPTH) {
		struct rb_loc loc = {t->file, tok->line, tok->col};
		rb_diag(r->b, RB_D_TEMPLATE, loc, "sections nested deeper than %d", MAX_CONTEXT_DEPTH);
		return false;
	}
	r->stack[r->depth++] = v;
	bool ok = render_range(r, t, i + 1, tok->end);
	r->depth--;
	return ok;
}

/* Render a {{#section}} over a lazy list: each item made in an arena of
 * its own, written, then freed. */
static bool render_lazy(struct render *r, const struct rb_template *t, size_t i, const struct rb_tvalue *v)
{
	bool ok = true;
	for (size_t k = 0; ok && k < v->n; k++) {
		struct rb_arena item;
		rb_arena_init(&item);
		ok = render_with(r, t, &t->toks[i], i, v->make(v->make_ctx, k, &item));
		rb_arena_free(&item);
		if (r->flush && r->out->len >= RB_TEMPLATE_FLUSH_AT)
			r->flush(r->flush_ctx, r->out);
	}
	return ok;
}

/* Render a {{#section}}: per list item, inside a map, or once. */
static bool render_section(struct render *r, const struct rb_template *t, size_t i)
{
	const struct token *tok = &t->toks[i];
	const struct rb_tvalue *v = lookup(r, tok->text, tok->len);
	if (!truthy(v))
		return true;
	if (v->kind == RB_TV_LIST && v->make)
		return render_lazy(r, t, i, v);
	if (v->kind == RB_TV_LIST) {
		for (size_t k = 0; k < v->n; k++)
			if (!render_with(r, t, tok, i, v->items[k]))
				return false;
		return true;
	}
	return render_with(r, t, tok, i, v);
}

/* Write template value v (rb_tv_template) into r's output, rendered with
 * r's outermost context; escaped unless raw. Empty inside itself. */
static bool emit_template(struct render *r, const struct rb_tvalue *v, bool raw)
{
	if (r->embedding == v)
		return true;
	struct rb_loc where = {r->b->book.root ? r->b->book.root : ".", 0, 0};
	struct rb_template *t = get_template(r->b, v->template, where);
	if (!t || !t->ok)
		return false;
	struct rb_buf escaped;
	rb_buf_init(&escaped);
	struct render inner = {.b = r->b, .depth = 1, .partials = r->partials + 1,
			       .out = raw ? r->out : &escaped, .embedding = v, .cost = r->cost};
	if (raw) {   /* written straight into r's output, so flushed with it */
		inner.flush = r->flush;
		inner.flush_ctx = r->flush_ctx;
	}
	inner.stack[0] = r->stack[0];
	bool ok = render_range(&inner, t, 0, t->ntoks);
	if (!raw)
		rb_html_escape(r->out, rb_buf_cstr(&escaped));
	rb_buf_free(&escaped);
	return ok;
}

/* Write a value for the tag tok of t: escaped, or raw when it is HTML
 * and raw was asked for. */
static bool emit_value(struct render *r, const struct rb_template *t, const struct token *tok,
		       const struct rb_tvalue *v, bool raw)
{
	if (!v || (v->kind != RB_TV_TEXT && v->kind != RB_TV_HTML))
		return charge(r, t, tok, 0);
	if (v->template)
		return charge(r, t, tok, 0) && emit_template(r, v, raw && v->kind == RB_TV_HTML);
	size_t before = r->out->len;
	if (raw && v->kind == RB_TV_HTML)
		rb_buf_puts(r->out, v->s);
	else
		rb_html_escape(r->out, v->s);
	return charge(r, t, tok, r->out->len - before);
}

static bool render_range(struct render *r, const struct rb_template *t, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		const struct token *tok = &t->toks[i];
		switch (tok->kind) {
		case T_TEXT:
			rb_buf_add(r->out, tok->text, tok->len);
			if (!charge(r, t, tok, tok->len))
				return false;
			break;
		case T_VAR:
		case T_RAW:
			if (!emit_value(r, t, tok, lookup(r, tok->text, tok->len), tok->kind == T_RAW))
				return false;
			break;
		case T_SECTION:
			if (!charge(r, t, tok, 0) || !render_section(r, t, i))
				return false;
			i = tok->end;
			break;
		case T_INVERTED:
			if (!charge(r, t, tok, 0) ||
			    (!truthy(lookup(r, tok->text, tok->len)) && !render_range(r, t, i + 1, tok->end)))
				return false;
			i = tok->end;
			break;
		case T_PARTIAL:
			if (!charge(r, t, tok, 0) || !render_partial(r, t, tok))
				return false;
			break;
		case T_CLOSE:
			break;
		}
	}
	return true;
}

bool rb_template_render(struct rb_build *b, const char *name, const struct rb_tvalue *ctx, struct rb_buf *out)
{
	return rb_template_render_flushing(b, name, ctx, out, NULL, NULL);
}

bool rb_template_render_flushing(struct rb_build *b, const char *name, const struct rb_tvalue *ctx,
				 struct rb_buf *out, rb_template_flush flush, void *flush_ctx)
{
	struct rb_loc where = {b->book.root ? b->book.root : ".", 0, 0};
	struct rb_template *t = get_template(b, name, where);
	if (!t || !t->ok)
		return false;
	struct render_cost cost = {0, 0, false};
	struct render r = {.b = b, .depth = 1, .out = out, .flush = flush, .flush_ctx = flush_ctx, .cost = &cost};
	r.stack[0] = ctx;
	return render_range(&r, t, 0, t->ntoks);
}
