/* template_value.c: the values templates are filled from (template.h):
 * text, HTML, booleans, lists (made ahead, or lazily while rendered),
 * maps, and templates rendered in place; all in the arena given. */
#include "render/template.h"
#include "render/template_int.h"
#include <stdio.h>
#include <string.h>

static struct rb_tvalue *new_value(struct rb_arena *a, enum rb_tv_kind kind)
{
	struct rb_tvalue *v = rb_arena_alloc(a, sizeof *v);
	v->kind = kind;
	v->arena = a;
	return v;
}

struct rb_tvalue *rb_tv_map(struct rb_arena *a) { return new_value(a, RB_TV_MAP); }
struct rb_tvalue *rb_tv_list(struct rb_arena *a) { return new_value(a, RB_TV_LIST); }

struct rb_tvalue *rb_tv_text(struct rb_arena *a, const char *s)
{
	struct rb_tvalue *v = new_value(a, RB_TV_TEXT);
	v->s = rb_arena_strdup(a, s ? s : "");
	return v;
}

struct rb_tvalue *rb_tv_html(struct rb_arena *a, const char *html)
{
	struct rb_tvalue *v = new_value(a, RB_TV_HTML);
	v->s = rb_arena_strdup(a, html ? html : "");
	return v;
}

struct rb_tvalue *rb_tv_template(struct rb_arena *a, const char *name)
{
	struct rb_tvalue *v = new_value(a, RB_TV_HTML);
	v->s = "";
	v->template = rb_arena_strdup(a, name);
	return v;
}

struct rb_tvalue *rb_tv_lazy_list(struct rb_arena *a, size_t n, rb_tv_maker make, void *ctx)
{
	struct rb_tvalue *v = new_value(a, RB_TV_LIST);
	v->n = n;
	v->make = make;
	v->make_ctx = ctx;
	return v;
}

struct rb_tvalue *rb_tv_bool(struct rb_arena *a, bool b)
{
	struct rb_tvalue *v = new_value(a, RB_TV_BOOL);
	v->b = b;
	return v;
}

/* Room for one more item (and key) in a list or map. */
static void grow(struct rb_tvalue *v)
{
	if (v->n < v->cap)
		return;
	size_t cap = v->cap ? 2 * v->cap : 8;
	struct rb_tvalue **items = rb_arena_alloc(v->arena, cap * sizeof *items);
	if (v->n)
		memcpy(items, v->items, v->n * sizeof *items);
	v->items = items;
	if (v->kind == RB_TV_MAP) {
		const char **keys = rb_arena_alloc(v->arena, cap * sizeof *keys);
		if (v->n)
			memcpy(keys, v->keys, v->n * sizeof *keys);
		v->keys = keys;
	}
	v->cap = cap;
}

struct rb_tvalue *rb_tv_set(struct rb_tvalue *map, const char *key, struct rb_tvalue *v)
{
	if (!v || map->kind != RB_TV_MAP)
		return map;
	for (size_t i = 0; i < map->n; i++)
		if (!strcmp(map->keys[i], key)) {
			map->items[i] = v;
			return map;
		}
	grow(map);
	map->keys[map->n] = rb_arena_strdup(map->arena, key);
	map->items[map->n++] = v;
	return map;
}

void rb_tv_set_text(struct rb_tvalue *map, const char *key, const char *s)
{
	if (s)
		rb_tv_set(map, key, rb_tv_text(map->arena, s));
}

void rb_tv_set_html(struct rb_tvalue *map, const char *key, const char *html)
{
	if (html)
		rb_tv_set(map, key, rb_tv_html(map->arena, html));
}

void rb_tv_set_bool(struct rb_tvalue *map, const char *key, bool v)
{
	rb_tv_set(map, key, rb_tv_bool(map->arena, v));
}

void rb_tv_set_int(struct rb_tvalue *map, const char *key, long v)
{
	char num[32];
	snprintf(num, sizeof num, "%ld", v);
	rb_tv_set_text(map, key, num);
}

struct rb_tvalue *rb_tv_push(struct rb_tvalue *list, struct rb_tvalue *v)
{
	if (!v || list->kind != RB_TV_LIST || list->make)
		return list;
	grow(list);
	list->items[list->n++] = v;
	return list;
}
