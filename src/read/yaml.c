/* yaml.c: libyaml events → rb_value. We read events ourselves rather than
 * use libyaml's loader, so that aliases (which make shared graphs and
 * cycles) never become a tree, nesting is capped, and every value keeps
 * its line:col. libyaml types never leave this file. */
#include "read/yaml.h"
#include "read/ctlchar.h"
#include <string.h>
#include <yaml.h>

struct reader {
	struct rb_build *b;
	yaml_parser_t parser;
	const char *file;
	const char *text;
	unsigned line_offset;
	bool failed;
};

/* Convert a libyaml mark (0-based) to an rb_loc. */
static struct rb_loc mark_loc(const struct reader *r, yaml_mark_t m)
{
	struct rb_loc loc = {r->file, (unsigned)m.line + 1 + r->line_offset, (unsigned)m.column + 1};
	return loc;
}

/* Report libyaml's own error, naming its context. */
static void parser_error(struct reader *r)
{
	struct rb_loc loc = mark_loc(r, r->parser.problem_mark);
	if (r->parser.problem_mark.index < strlen(r->text) &&
	    r->text[r->parser.problem_mark.index] == '\t')
		rb_diag(r->b, RB_D_YAML_TAB, loc, NULL);
	else if (r->parser.context)
		rb_diag(r->b, RB_D_YAML_SYNTAX, loc, "%s %s", r->parser.problem, r->parser.context);
	else
		rb_diag(r->b, RB_D_YAML_SYNTAX, loc, "%s", r->parser.problem ? r->parser.problem : "unknown error");
	r->failed = true;
}

/* Fetch the next event; false (with a diagnostic) on a parse error. */
static bool next_event(struct reader *r, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&r->parser, ev)) {
		parser_error(r);
		return false;
	}
	return true;
}

/* Refuse anchors on a node; true when the event carries one. */
static bool has_anchor(struct reader *r, const yaml_event_t *ev)
{
	const yaml_char_t *anchor = NULL;
	if (ev->type == YAML_SCALAR_EVENT)
		anchor = ev->data.scalar.anchor;
	else if (ev->type == YAML_SEQUENCE_START_EVENT)
		anchor = ev->data.sequence_start.anchor;
	else if (ev->type == YAML_MAPPING_START_EVENT)
		anchor = ev->data.mapping_start.anchor;
	if (!anchor)
		return false;
	rb_diag(r->b, RB_D_YAML_ALIAS, mark_loc(r, ev->start_mark), "anchor '&%s'", (const char *)anchor);
	r->failed = true;
	return true;
}

static struct rb_value *read_node(struct reader *r, yaml_event_t *ev, int depth);

/* Make a scalar value from a scalar event. */
static struct rb_value *make_scalar(struct reader *r, const yaml_event_t *ev)
{
	struct rb_value *v = rb_arena_alloc(&r->b->arena, sizeof *v);
	const char *s = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	v->loc = mark_loc(r, ev->start_mark);
	v->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
	if (!v->quoted && (n == 0 || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
			   strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0)) {
		v->kind = RB_V_NULL;
		return v;
	}
	v->kind = RB_V_SCALAR;
	if (ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE)
		rb_ctl_check_scalar(r->b, v->loc, s, n);   /* "\e", "\b": escapes make controls */
	v->str = rb_arena_strndup(&r->b->arena, s, n);
	return v;
}

/* Growable array of pointers used while reading a collection. */
struct vec {
	void **p;
	size_t n, cap;
};

static void vec_push(struct vec *v, void *x)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 8;
		v->p = rb_xrealloc(v->p, v->cap * sizeof *v->p);
	}
	v->p[v->n++] = x;
}

/* Read a sequence's items up to SEQUENCE-END. */
static struct rb_value *read_sequence(struct reader *r, struct rb_value *v, int depth)
{
	struct vec items = {0};
	yaml_event_t ev;
	for (;;) {
		if (!next_event(r, &ev))
			break;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			v->n = items.n;
			v->items = rb_arena_alloc(&r->b->arena, items.n * sizeof *v->items);
			if (items.n)    /* memcpy from NULL is undefined even for 0 bytes */
				memcpy(v->items, items.p, items.n * sizeof *v->items);
			free(items.p);
			return v;
		}
		struct rb_value *item = read_node(r, &ev, depth + 1);
		if (!item)
			break;
		vec_push(&items, item);
	}
	free(items.p);
	return NULL;
}

/* Read a mapping's key/value pairs up to MAPPING-END; keys must be unique scalars. */
static struct rb_value *read_mapping(struct reader *r, struct rb_value *v, int depth)
{
	struct vec keys = {0}, vals = {0}, locs = {0};
	yaml_event_t ev;
	for (;;) {
		if (!next_event(r, &ev))
			break;
		if (ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			v->n = keys.n;
			v->keys = rb_arena_alloc(&r->b->arena, keys.n * sizeof *v->keys);
			v->items = rb_arena_alloc(&r->b->arena, keys.n * sizeof *v->items);
			v->key_locs = rb_arena_alloc(&r->b->arena, keys.n * sizeof *v->key_locs);
			for (size_t i = 0; i < keys.n; i++) {
				v->keys[i] = keys.p[i];
				v->items[i] = vals.p[i];
				v->key_locs[i] = *(struct rb_loc *)locs.p[i];
			}
			free(keys.p), free(vals.p), free(locs.p);
			return v;
		}
		struct rb_loc kloc = mark_loc(r, ev.start_mark);
		struct rb_value *key = read_node(r, &ev, depth + 1);
		if (!key)
			break;
		if (key->kind != RB_V_SCALAR) {
			rb_diag(r->b, RB_D_WRONG_TYPE, kloc, "a mapping key must be a plain word, not %s",
				rb_value_kind_name(key->kind));
			r->failed = true;
			break;
		}
		for (size_t i = 0; i < keys.n; i++) {
			if (strcmp(keys.p[i], key->str) == 0) {
				struct rb_loc *first = locs.p[i];
				rb_diag(r->b, RB_D_YAML_DUP_KEY, kloc, "'%s' is already set at line %u; keep one",
					key->str, first->line);
				r->failed = true;
			}
		}
		if (r->failed)
			break;
		struct rb_loc *lp = rb_arena_alloc(&r->b->arena, sizeof *lp);
		*lp = kloc;
		if (!next_event(r, &ev))
			break;
		struct rb_value *val = read_node(r, &ev, depth + 1);
		if (!val)
			break;
		vec_push(&keys, (void *)key->str);
		vec_push(&vals, val);
		vec_push(&locs, lp);
	}
	free(keys.p), free(vals.p), free(locs.p);
	return NULL;
}

/* Build the node that starts with ev (which this function deletes). */
static struct rb_value *read_node(struct reader *r, yaml_event_t *ev, int depth)
{
	struct rb_value *v = NULL;
	if (ev->type == YAML_ALIAS_EVENT) {
		rb_diag(r->b, RB_D_YAML_ALIAS, mark_loc(r, ev->start_mark), "alias '*%s'",
			(const char *)ev->data.alias.anchor);
		r->failed = true;
	} else if (has_anchor(r, ev)) {
		/* reported */
	} else if (depth > RB_MAX_YAML_DEPTH) {
		rb_diag(r->b, RB_D_TOO_DEEP, mark_loc(r, ev->start_mark),
			"YAML nesting deeper than %d levels", RB_MAX_YAML_DEPTH);
		r->failed = true;
	} else if (ev->type == YAML_SCALAR_EVENT) {
		v = make_scalar(r, ev);
	} else if (ev->type == YAML_SEQUENCE_START_EVENT || ev->type == YAML_MAPPING_START_EVENT) {
		v = rb_arena_alloc(&r->b->arena, sizeof *v);
		v->loc = mark_loc(r, ev->start_mark);
		bool seq = ev->type == YAML_SEQUENCE_START_EVENT;
		v->kind = seq ? RB_V_SEQ : RB_V_MAP;
		yaml_event_delete(ev);
		return seq ? read_sequence(r, v, depth) : read_mapping(r, v, depth);
	} else {
		rb_diag(r->b, RB_D_YAML_SYNTAX, mark_loc(r, ev->start_mark), "unexpected YAML event");
		r->failed = true;
	}
	yaml_event_delete(ev);
	return v;
}

/* Tabs in indentation are a classic copy-paste error; find them first so
 * the message says so instead of libyaml's generic one. */
static bool check_tabs(struct reader *r, const char *text, size_t len)
{
	unsigned line = 1;
	size_t i = 0;
	while (i < len) {
		size_t col = 0;
		while (i < len && (text[i] == ' ' || text[i] == '\t')) {
			if (text[i] == '\t') {
				struct rb_loc loc = {r->file, line + r->line_offset, (unsigned)col + 1};
				rb_diag(r->b, RB_D_YAML_TAB, loc, NULL);
				return false;
			}
			i++, col++;
		}
		while (i < len && text[i] != '\n')
			i++;
		i++, line++;
	}
	return true;
}

const struct rb_value *rb_yaml_parse(struct rb_build *b, const char *file,
				     const char *text, size_t len, unsigned line_offset)
{
	struct reader r = {.b = b, .file = file, .text = text, .line_offset = line_offset};
	if (!rb_ctl_check_yaml_text(b, file, text, len, line_offset) || !check_tabs(&r, text, len))
		return NULL;
	if (!yaml_parser_initialize(&r.parser)) {
		rb_diag(b, RB_D_IO, (struct rb_loc){file, 0, 0}, "cannot start the YAML reader");
		return NULL;
	}
	yaml_parser_set_input_string(&r.parser, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&r.parser, YAML_UTF8_ENCODING);
	struct rb_value *root = NULL;
	yaml_event_t ev;
	bool have_doc = false;
	while (!r.failed && next_event(&r, &ev)) {
		yaml_event_type_t t = ev.type;
		if (t == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		if (t == YAML_DOCUMENT_START_EVENT && have_doc) {
			rb_diag(b, RB_D_YAML_SYNTAX, mark_loc(&r, ev.start_mark),
				"more than one YAML document; remove the extra '---'");
			r.failed = true;
			yaml_event_delete(&ev);
			break;
		}
		if (t == YAML_DOCUMENT_START_EVENT)
			have_doc = true;
		if (t == YAML_SCALAR_EVENT || t == YAML_SEQUENCE_START_EVENT ||
		    t == YAML_MAPPING_START_EVENT || t == YAML_ALIAS_EVENT) {
			root = read_node(&r, &ev, 1);
			if (!root)
				r.failed = true;
			continue;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&r.parser);
	if (r.failed)
		return NULL;
	if (!root) {
		root = rb_arena_alloc(&b->arena, sizeof *root);
		root->kind = RB_V_NULL;
		root->loc = (struct rb_loc){file, 1 + line_offset, 1};
	}
	return root;
}
