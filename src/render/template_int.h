/* template_int.h: a template value's insides, shared by the values' maker
 * (template_value.c) and the renderer that walks them (template.c).
 * Private to those two files. */
#ifndef RB_TEMPLATE_INT_H
#define RB_TEMPLATE_INT_H
#include "render/template.h"

struct rb_tvalue {
	enum rb_tv_kind kind;
	struct rb_arena *arena;
	const char *s;             /* TEXT, HTML */
	bool b;                    /* BOOL */
	struct rb_tvalue **items;  /* LIST items, MAP values */
	const char **keys;         /* MAP keys */
	size_t n, cap;
	const char *template;      /* HTML: rendered in place (rb_tv_template) */
	rb_tv_maker make;          /* a lazy LIST: items made while rendering */
	void *make_ctx;
};

#endif
