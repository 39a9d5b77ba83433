/* yaml.c: libyaml events → rb_value. We read events ourselves rather than
 * use libyaml's loader, so that aliases (which make shared graphs and
 * cycles) never become a tree, nesting is capped, and every value keeps
 * its line:col. libyaml types never leave this file. */
#include "read/yaml.h"
#include "read/ctlchar.h"
#include "base/strmap.h"
#include "base/util.h"
#include <string.h>
#include <yaml.h>

struct reader {
	struct rb_build *b;
	yaml_parser_t parser;
	const char *file;
	const char *text;
	unsigned line_offset;
	bool failed;
	size_t alias_cap;         /* 0: anchors and aliases are refused */
	size_t nodes;             /* nodes made, counting each alias's copy */
	struct rb_strmap anchors; /* anchor name -> index into anchored[] */
	struct anchored {
		const char *name;
		struct rb_value *v;
		size_t size;      /* nodes in v's tree, aliases expanded */
	} *anchored;
	size_t nanchored, capanchored;
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

/* The anchor a node's start event carries, or NULL. */
static const char *event_anchor(const yaml_event_t *ev)
{
	const yaml_char_t *anchor = NULL;
	if (ev->type == YAML_SCALAR_EVENT)
		anchor = ev->data.scalar.anchor;
	else if (ev->type == YAML_SEQUENCE_START_EVENT)
		anchor = ev->data.sequence_start.anchor;
	else if (ev->type == YAML_MAPPING_START_EVENT)
		anchor = ev->data.mapping_start.anchor;
	return (const char *)anchor;
}

/* Refuse an anchor on a node when the reader takes none; true when refused. */
static bool has_anchor(struct reader *r, const yaml_event_t *ev)
{
	const char *anchor = event_anchor(ev);
	if (!anchor || r->alias_cap)
		return false;
	rb_diag(r->b, RB_D_YAML_ALIAS, mark_loc(r, ev->start_mark), "anchor '&%s'", anchor);
	r->failed = true;
	return true;
}

/* Count n more nodes against the alias cap; false (with a diagnostic at
 * loc) once the expanded tree would pass it. */
static bool count_nodes(struct reader *r, size_t n, struct rb_loc loc)
{
	r->nodes += n;
	if (!r->alias_cap || r->nodes <= r->alias_cap)
		return true;
	rb_diag(r->b, RB_D_YAML_ALIAS_CAP, loc, "the file would hold more than %zu values once its aliases "
		"are expanded", r->alias_cap);
	r->failed = true;
	return false;
}

/* Remember the finished node v under its anchor name (size: its nodes). */
static void keep_anchor(struct reader *r, const char *name, struct rb_value *v, size_t size)
{
	if (r->nanchored == r->capanchored) {
		r->capanchored = r->capanchored ? 2 * r->capanchored : 16;
		r->anchored = rb_xrealloc(r->anchored, r->capanchored * sizeof *r->anchored);
	}
	r->anchored[r->nanchored] = (struct anchored){name, v, size};
	rb_strmap_put(&r->anchors, name, (unsigned)r->nanchored++);   /* a later anchor of the same name wins */
}

/* The value an alias event names, counted against the cap; NULL (with a
 * diagnostic) when aliases are refused, unknown or over the cap. */
static struct rb_value *resolve_alias(struct reader *r, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	struct rb_loc loc = mark_loc(r, ev->start_mark);
	unsigned at;
	if (!r->alias_cap) {
		rb_diag(r->b, RB_D_YAML_ALIAS, loc, "alias '*%s'", name);
	} else if (!rb_strmap_get(&r->anchors, name, &at)) {
		rb_diag(r->b, RB_D_YAML_SYNTAX, loc, "alias '*%s' names no anchor defined before it", name);
	} else if (count_nodes(r, r->anchored[at].size, loc)) {
		return r->anchored[at].v;
	}
	r->failed = true;
	return NULL;
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

/* True when keys (n of them) holds key. */
static bool vec_has_key(const struct vec *keys, const char *key)
{
	for (size_t i = 0; i < keys->n; i++)
		if (strcmp(keys->p[i], key) == 0)
			return true;
	return false;
}

/* A merge key's value ('<<: *defaults', or a list of such maps): add
 * each pair whose key the mapping does not set itself (checked at its
 * end) to *merged; false with a diagnostic when it is no mapping. */
static bool take_merge(struct reader *r, const struct rb_value *val, struct rb_loc kloc, struct vec merged[3])
{
	size_t n = val->kind == RB_V_SEQ ? val->n : 1;
	for (size_t i = 0; i < n; i++) {
		const struct rb_value *m = val->kind == RB_V_SEQ ? val->items[i] : val;
		if (m->kind != RB_V_MAP) {
			rb_diag(r->b, RB_D_WRONG_TYPE, kloc, "a merge key '<<' takes a mapping or a list of "
				"mappings, not %s", rb_value_kind_name(m->kind));
			r->failed = true;
			return false;
		}
		for (size_t k = 0; k < m->n; k++) {
			if (vec_has_key(&merged[0], m->keys[k]))
				continue;   /* the first map that sets a key wins */
			vec_push(&merged[0], (void *)m->keys[k]);
			vec_push(&merged[1], m->items[k]);
			vec_push(&merged[2], &m->key_locs[k]);
		}
	}
	return true;
}

/* Read a mapping's key/value pairs up to MAPPING-END; keys must be unique
 * scalars. Where aliases are allowed, '<<' merges other maps' pairs. */
static struct rb_value *read_mapping(struct reader *r, struct rb_value *v, int depth)
{
	struct vec keys = {0}, vals = {0}, locs = {0}, merged[3] = {{0}};
	yaml_event_t ev;
	for (;;) {
		if (!next_event(r, &ev))
			break;
		if (ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			for (size_t i = 0; i < merged[0].n; i++)
				if (!vec_has_key(&keys, merged[0].p[i])) {
					vec_push(&keys, merged[0].p[i]);
					vec_push(&vals, merged[1].p[i]);
					vec_push(&locs, merged[2].p[i]);
				}
			free(merged[0].p), free(merged[1].p), free(merged[2].p);
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
		if (r->alias_cap && !key->quoted && strcmp(key->str, "<<") == 0) {
			if (!take_merge(r, val, kloc, merged))
				break;
			continue;
		}
		vec_push(&keys, (void *)key->str);
		vec_push(&vals, val);
		vec_push(&locs, lp);
	}
	free(keys.p), free(vals.p), free(locs.p);
	free(merged[0].p), free(merged[1].p), free(merged[2].p);
	return NULL;
}

/* Build the node that starts with ev (which this function deletes). */
static struct rb_value *read_node(struct reader *r, yaml_event_t *ev, int depth)
{
	struct rb_value *v = NULL;
	const char *anchor = r->alias_cap && event_anchor(ev) ?
		rb_arena_strdup(&r->b->arena, event_anchor(ev)) : NULL;
	size_t before = r->nodes;
	if (ev->type == YAML_ALIAS_EVENT) {
		v = resolve_alias(r, ev);
	} else if (has_anchor(r, ev) || !count_nodes(r, 1, mark_loc(r, ev->start_mark))) {
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
		v = seq ? read_sequence(r, v, depth) : read_mapping(r, v, depth);
		if (v && anchor)
			keep_anchor(r, anchor, v, r->nodes - before);
		return v;
	} else {
		rb_diag(r->b, RB_D_YAML_SYNTAX, mark_loc(r, ev->start_mark), "unexpected YAML event");
		r->failed = true;
	}
	if (v && anchor)
		keep_anchor(r, anchor, v, r->nodes - before);
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

/* Read the event stream into documents: each document's root (RB_V_NULL
 * for an empty one) is pushed on *docs. With !multi a second document is
 * an error. False after a diagnostic. */
static bool read_stream(struct reader *r, struct vec *docs, bool multi)
{
	yaml_event_t ev;
	while (!r->failed && next_event(r, &ev)) {
		yaml_event_type_t t = ev.type;
		if (t == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		if (t == YAML_DOCUMENT_START_EVENT && docs->n && !multi) {
			rb_diag(r->b, RB_D_YAML_SYNTAX, mark_loc(r, ev.start_mark),
				"more than one YAML document; remove the extra '---'");
			r->failed = true;
			yaml_event_delete(&ev);
			break;
		}
		if (t == YAML_DOCUMENT_START_EVENT) {
			struct rb_value *empty = rb_arena_alloc(&r->b->arena, sizeof *empty);
			empty->kind = RB_V_NULL;
			empty->loc = mark_loc(r, ev.start_mark);
			vec_push(docs, empty);
			rb_strmap_free(&r->anchors);   /* anchors belong to one document */
			r->anchors = (struct rb_strmap){0};
		}
		if (t == YAML_SCALAR_EVENT || t == YAML_SEQUENCE_START_EVENT ||
		    t == YAML_MAPPING_START_EVENT || t == YAML_ALIAS_EVENT) {
			struct rb_value *root = read_node(r, &ev, 1);
			if (!root)
				r->failed = true;
			else if (docs->n)
				docs->p[docs->n - 1] = root;
			continue;
		}
		yaml_event_delete(&ev);
	}
	return !r->failed;
}

/* Set the reader up on text and read the stream into docs; false after
 * a diagnostic. Frees everything but the arena's values. */
static bool parse_text(struct reader *r, const char *text, size_t len, struct vec *docs, bool multi)
{
	if (!rb_ctl_check_yaml_text(r->b, r->file, text, len, r->line_offset) || !check_tabs(r, text, len))
		return false;
	if (!yaml_parser_initialize(&r->parser)) {
		rb_diag(r->b, RB_D_IO, (struct rb_loc){r->file, 0, 0}, "cannot start the YAML reader");
		return false;
	}
	yaml_parser_set_input_string(&r->parser, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&r->parser, YAML_UTF8_ENCODING);
	bool ok = read_stream(r, docs, multi);
	yaml_parser_delete(&r->parser);
	rb_strmap_free(&r->anchors);
	free(r->anchored);
	return ok;
}

const struct rb_value *rb_yaml_parse(struct rb_build *b, const char *file,
				     const char *text, size_t len, unsigned line_offset)
{
	struct reader r = {.b = b, .file = file, .text = text, .line_offset = line_offset};
	struct vec docs = {0};
	bool ok = parse_text(&r, text, len, &docs, false);
	struct rb_value *root = ok && docs.n ? docs.p[0] : NULL;
	free(docs.p);
	if (ok && !root) {
		root = rb_arena_alloc(&b->arena, sizeof *root);
		root->kind = RB_V_NULL;
		root->loc = (struct rb_loc){file, 1 + line_offset, 1};
	}
	return ok ? root : NULL;
}

bool rb_yaml_parse_stream(struct rb_build *b, const char *file, const char *text, size_t len,
			  size_t alias_cap, const struct rb_value ***docs, size_t *ndocs)
{
	struct reader r = {.b = b, .file = file, .text = text, .alias_cap = alias_cap};
	struct vec v = {0};
	bool ok = parse_text(&r, text, len, &v, true);
	*ndocs = ok ? v.n : 0;
	*docs = rb_arena_alloc(&b->arena, (v.n + 1) * sizeof **docs);
	for (size_t i = 0; ok && i < v.n; i++)
		(*docs)[i] = v.p[i];
	free(v.p);
	return ok;
}
