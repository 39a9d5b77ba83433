/* yaml_runbook.c: the YAML runbook form becomes canonical Markdown, so that
 * one extractor (parse.c) builds the model for both forms. Each Markdown
 * line remembers the YAML position it came from, so diagnostics point
 * into the .yaml file. */
#include "read/meta.h"
#include "model/format_words.h"
#include "base/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct emitter {
	struct rb_build *b;
	struct rb_buf *md;
	struct rb_loc *map;
	size_t nlines, cap;
};

/* Append one Markdown line (without newline) mapped to loc. */
static void emit_line(struct emitter *e, struct rb_loc loc, const char *prefix, const char *s, size_t n)
{
	if (e->nlines == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 64;
		e->map = rb_xrealloc(e->map, e->cap * sizeof *e->map);
	}
	e->map[e->nlines++] = loc;
	rb_buf_puts(e->md, prefix);
	rb_buf_add(e->md, s, n);
	rb_buf_putc(e->md, '\n');
}

static void emit(struct emitter *e, struct rb_loc loc, const char *s)
{
	emit_line(e, loc, "", s, strlen(s));
}

/* Emit multi-line text, each line prefixed; a block scalar's lines start
 * one line below its indicator. Newlines in one-line values are kept out. */
static void emit_text(struct emitter *e, const struct rb_value *v, const char *prefix)
{
	const char *s = v->str;
	bool block = strchr(s, '\n') != NULL;
	struct rb_loc loc = v->loc;
	if (block)
		loc.line++, loc.col = 1;
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		emit_line(e, loc, prefix, s, n);
		loc.line++;
		s += n + (nl != NULL);
	}
}

/* A single line of inline text: newlines become spaces. */
static const char *one_line(struct rb_build *b, const char *s)
{
	char *d = rb_arena_strdup(&b->arena, s);
	for (char *p = d; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	return rb_trim(d);
}

/* The shortest backtick fence that the code cannot close. */
static void fence_for(const char *code, char *fence, size_t n)
{
	size_t run = 0, best = 0;
	for (const char *p = code; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	size_t len = best < 3 ? 3 : best + 1;
	if (len >= n)
		len = n - 1;
	memset(fence, '`', len);
	fence[len] = '\0';
}

static void emit_command(struct emitter *e, const struct rb_value *c)
{
	const struct rb_value *code = c, *lang = NULL;
	struct rb_buf info;
	if (c->kind == RB_V_MAP) {
		code = rb_value_get(c, "code");
		lang = rb_value_get(c, "lang");
		if (!code || code->kind != RB_V_SCALAR) {
			rb_diag(e->b, RB_D_WRONG_TYPE, c->loc, "a command needs 'code:' with the command text");
			return;
		}
	} else if (c->kind != RB_V_SCALAR) {
		rb_diag(e->b, RB_D_WRONG_TYPE, c->loc, "a command must be text or {lang, code}");
		return;
	}
	rb_buf_init(&info);
	rb_buf_puts(&info, lang && lang->kind == RB_V_SCALAR ? one_line(e->b, lang->str) : "bash");
	static const char *const flags[] = {"destructive", "norun"};
	for (int i = 0; c->kind == RB_V_MAP && i < 2; i++) {
		const struct rb_value *f = rb_value_get(c, flags[i]);
		if (f && f->kind == RB_V_SCALAR && (rb_str_ieq(f->str, "true") || rb_str_ieq(f->str, "yes")))
			rb_buf_printf(&info, " %s", flags[i]);
	}
	char fence[64];
	fence_for(code->str, fence, sizeof fence);
	struct rb_loc open = c->loc;
	char line[256];
	snprintf(line, sizeof line, "%s%s", fence, rb_buf_cstr(&info));
	emit_line(e, open, "   ", line, strlen(line));
	emit_text(e, code, "   ");
	emit_line(e, open, "   ", fence, strlen(fence));
	rb_buf_free(&info);
}

/* A step: a string (its title) or {title, text, commands}, or {call:
 * TARGET, title} for a step that runs a procedure ("[title](TARGET)"). */
static void emit_step(struct emitter *e, const struct rb_value *st, unsigned n)
{
	char num[16];
	snprintf(num, sizeof num, "%u. ", n);
	const struct rb_value *title = st, *text = NULL, *cmds = NULL, *call = NULL;
	if (st->kind == RB_V_MAP) {
		title = rb_value_get(st, "title");
		text = rb_value_get(st, "text");
		cmds = rb_value_get(st, "commands");
		call = rb_value_get(st, "call");
	}
	if (call && call->kind != RB_V_SCALAR) {
		rb_diag(e->b, RB_D_WRONG_TYPE, call->loc, "'call' is the link of a procedure: 'file.md#procedure-title'");
		call = NULL;
	}
	if (call && (!title || title->kind != RB_V_SCALAR))
		title = call;
	if (!title || title->kind != RB_V_SCALAR) {
		rb_diag(e->b, RB_D_WRONG_TYPE, st->loc, "a step needs 'title:' (or is written as text)");
		return;
	}
	const char *t = one_line(e->b, title->str);
	if (call)
		t = rb_arena_printf(&e->b->arena, "[%s](%s)", t, one_line(e->b, call->str));
	emit_line(e, title->loc, num, t, strlen(t));
	if (text && text->kind == RB_V_SCALAR) {
		emit(e, text->loc, "");
		emit_text(e, text, "   ");
	}
	if (cmds && cmds->kind == RB_V_SEQ) {
		for (size_t i = 0; i < cmds->n; i++) {
			emit(e, cmds->items[i]->loc, "");
			emit_command(e, cmds->items[i]);
		}
	} else if (cmds && cmds->kind != RB_V_NULL) {
		rb_diag(e->b, RB_D_WRONG_TYPE, cmds->loc, "'commands' must be a list");
	}
	emit(e, st->loc, "");
}

/* A section under YAML key `key`, headed "### title", is Markdown text or
 * a list of steps. */
static void emit_section(struct emitter *e, const struct rb_value *v, const char *key, const char *title,
			 struct rb_loc key_loc)
{
	char h[64];
	snprintf(h, sizeof h, "### %s", title);
	emit(e, key_loc, h);
	emit(e, key_loc, "");
	if (v->kind == RB_V_SCALAR) {
		emit_text(e, v, "");
	} else if (v->kind == RB_V_SEQ) {
		for (size_t i = 0; i < v->n; i++)
			emit_step(e, v->items[i], (unsigned)i + 1);
	} else if (v->kind == RB_V_MAP) {
		rb_diag(e->b, RB_D_WRONG_TYPE, v->loc, "'%s' must be text or a list of steps", key);
	}
	emit(e, key_loc, "");
}

/* The metadata key named k exactly (YAML keys are lower case), or
 * RB_META__COUNT. */
static enum rb_meta_key meta_key(const char *k)
{
	for (int i = 0; i < RB_META__COUNT; i++)
		if (!strcmp(k, rb_format_words_meta((enum rb_meta_key)i)->key))
			return (enum rb_meta_key)i;
	return RB_META__COUNT;
}

/* Report scenario key k (at loc), which is none of the format's, with the
 * nearest one it may have meant. */
static void unknown_scenario_key(struct emitter *e, const char *k, struct rb_loc loc)
{
	const char *all[2 + RB_META__COUNT + RB_SEC_OTHER] = {"title", "id"};
	size_t n = 2;
	for (int i = 0; i < RB_META__COUNT; i++)
		all[n++] = rb_format_words_meta((enum rb_meta_key)i)->key;
	for (int i = 0; i < RB_SEC_OTHER; i++)
		all[n++] = rb_format_words_section((enum rb_section_kind)i)->name;
	const char *near = rb_nearest(k, all, n);
	rb_diag(e->b, RB_D_UNKNOWN_KEY, loc, "'%s' in a scenario%s%s%s", k, near ? "; did you mean '" : "; it is ignored",
		near ? near : "", near ? "'?" : "");
}

static void emit_scenario(struct emitter *e, const struct rb_value *sc)
{
	if (sc->kind != RB_V_MAP) {
		rb_diag(e->b, RB_D_WRONG_TYPE, sc->loc, "a scenario must be a mapping with 'title:' and sections");
		return;
	}
	const struct rb_value *title = rb_value_get(sc, "title"), *id = rb_value_get(sc, "id");
	struct rb_buf line;
	rb_buf_init(&line);
	rb_buf_printf(&line, "## Scenario: %s", title && title->kind == RB_V_SCALAR ? one_line(e->b, title->str) : "");
	if (id && id->kind == RB_V_SCALAR)
		rb_buf_printf(&line, " {#%s}", one_line(e->b, id->str));
	emit(e, title ? title->loc : sc->loc, rb_buf_cstr(&line));
	emit(e, sc->loc, "");
	/* metadata paragraph: one "**Key:** value" per line */
	bool any_meta = false;
	for (int k = 0; k < RB_META__COUNT; k++) {
		const struct rb_meta_word *word = rb_format_words_meta((enum rb_meta_key)k);
		const struct rb_value *v = rb_value_get(sc, word->key);
		if (!v || v->kind == RB_V_NULL)
			continue;
		if (v->kind != RB_V_SCALAR) {
			rb_diag(e->b, RB_D_WRONG_TYPE, v->loc, "'%s' must be a single value", word->key);
			continue;
		}
		rb_buf_reset(&line);
		rb_buf_printf(&line, "**%s:** %s", word->title, one_line(e->b, v->str));
		emit_line(e, v->loc, "", rb_buf_cstr(&line), line.len);
		any_meta = true;
	}
	if (any_meta)
		emit(e, sc->loc, "");
	for (size_t i = 0; i < sc->n; i++) {
		const char *k = sc->keys[i];
		enum rb_section_kind s = rb_format_words_section_named(k);
		if (s != RB_SEC_OTHER)
			emit_section(e, sc->items[i], k, rb_format_words_section(s)->title, sc->key_locs[i]);
		else if (strcmp(k, "title") && strcmp(k, "id") && meta_key(k) == RB_META__COUNT)
			unknown_scenario_key(e, k, sc->key_locs[i]);
	}
	rb_buf_free(&line);
}

/* A procedure: {title, id, description, needs, steps, verification,
 * rollback} → "## Procedure: Title {#id}" and its sections. */
static void emit_procedure(struct emitter *e, const struct rb_value *p)
{
	if (p->kind != RB_V_MAP) {
		rb_diag(e->b, RB_D_WRONG_TYPE, p->loc, "a procedure must be a mapping with 'title:' and 'steps:'");
		return;
	}
	static const char *const all[] = {"title", "id", "description", "needs", "steps", "diagnosis", "recovery",
		"verification", "rollback"};
	const struct rb_value *title = rb_value_get(p, "title"), *id = rb_value_get(p, "id");
	struct rb_buf line;
	rb_buf_init(&line);
	rb_buf_printf(&line, "## Procedure: %s", title && title->kind == RB_V_SCALAR ? one_line(e->b, title->str) : "");
	if (id && id->kind == RB_V_SCALAR)
		rb_buf_printf(&line, " {#%s}", one_line(e->b, id->str));
	emit(e, title ? title->loc : p->loc, rb_buf_cstr(&line));
	emit(e, p->loc, "");
	for (size_t i = 0; i < p->n; i++) {
		const char *k = p->keys[i];
		const struct rb_value *v = p->items[i];
		enum rb_section_kind s = rb_format_words_section_named(k);
		bool steps = !strcmp(k, "steps");   /* a procedure's own: "### Steps", read as its Recovery */
		if (!strcmp(k, "description") && v->kind == RB_V_SCALAR) {
			emit_text(e, v, "");
			emit(e, v->loc, "");
		} else if (!strcmp(k, "needs") && (v->kind == RB_V_SEQ || v->kind == RB_V_SCALAR)) {
			rb_buf_reset(&line);
			rb_buf_puts(&line, "**Needs:** ");
			for (size_t j = 0; v->kind == RB_V_SEQ && j < v->n; j++)
				if (v->items[j]->kind == RB_V_SCALAR)
					rb_buf_printf(&line, "%s%s", j ? ", " : "", one_line(e->b, v->items[j]->str));
			if (v->kind == RB_V_SCALAR)
				rb_buf_puts(&line, one_line(e->b, v->str));
			emit_line(e, v->loc, "", rb_buf_cstr(&line), line.len);
			emit(e, v->loc, "");
		} else if (steps || (s >= RB_SEC_DIAGNOSIS && s != RB_SEC_OTHER)) {   /* not symptoms or impact */
			emit_section(e, v, k, steps ? "Steps" : rb_format_words_section(s)->title, p->key_locs[i]);
		} else if (strcmp(k, "title") && strcmp(k, "id")) {
			const char *near = rb_nearest(k, all, sizeof all / sizeof all[0]);
			rb_diag(e->b, RB_D_UNKNOWN_KEY, p->key_locs[i], "'%s' in a procedure%s%s%s", k,
				near ? "; did you mean '" : "; it is ignored", near ? near : "", near ? "'?" : "");
		}
	}
	rb_buf_free(&line);
}

void rb_meta_yaml_body(struct rb_build *b, const struct rb_value *root, struct rb_buf *md,
		       struct rb_loc **line_map, size_t *nlines)
{
	struct emitter e = {.b = b, .md = md};
	const struct rb_value *title = rb_value_get(root, "title");
	const struct rb_value *desc = rb_value_get(root, "description");
	const struct rb_value *scs = rb_value_get(root, "scenarios");
	if (title && title->kind == RB_V_SCALAR) {
		const char *t = one_line(b, title->str);
		emit_line(&e, title->loc, "# ", t, strlen(t));
		emit(&e, title->loc, "");
	}
	if (desc && desc->kind == RB_V_SCALAR) {
		emit_text(&e, desc, "");
		emit(&e, desc->loc, "");
	} else if (desc && desc->kind != RB_V_NULL) {
		rb_diag(b, RB_D_WRONG_TYPE, desc->loc, "'description' must be Markdown text");
	}
	if (scs && scs->kind == RB_V_SEQ) {
		for (size_t i = 0; i < scs->n; i++)
			emit_scenario(&e, scs->items[i]);
	} else if (scs && scs->kind != RB_V_NULL) {
		rb_diag(b, RB_D_WRONG_TYPE, scs->loc, "'scenarios' must be a list");
	}
	const struct rb_value *procs = rb_value_get(root, "procedures");
	if (procs && procs->kind == RB_V_SEQ) {
		for (size_t i = 0; i < procs->n; i++)
			emit_procedure(&e, procs->items[i]);
	} else if (procs && procs->kind != RB_V_NULL) {
		rb_diag(b, RB_D_WRONG_TYPE, procs->loc, "'procedures' must be a list");
	}
	*line_map = rb_arena_alloc(&b->arena, (e.nlines + 1) * sizeof **line_map);
	if (e.nlines)
		memcpy(*line_map, e.map, e.nlines * sizeof *e.map);
	*nlines = e.nlines;
	free(e.map);
}
