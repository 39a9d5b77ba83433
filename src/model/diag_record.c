/* diag_record.c: recording diagnostics into a build (struct rb_diags,
 * diag.h, is the build's list): under the build's lock, with strings kept
 * in its arena and levels after rbc.yaml's rules: map. Stands on build.h
 * and diag.c; neither calls back here. */
#include "model/diag.h"
#include "model/build.h"
#include "base/visible.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum rb_level rb_diag_level(const struct rb_build *b, const char *id, enum rb_level dflt)
{
	const struct rb_config *c = &b->book.config;
	for (size_t i = 0; i < c->nrules; i++)
		if (c->rules[i].has_level && strcmp(c->rules[i].id, id) == 0)
			return c->rules[i].level;
	return dflt;
}

/* A message or detail as it is kept: a copy in b's arena with every
 * control, bidi or ill-formed character made visible (visible.h), so no
 * output format can print it raw or break a finding over two lines.
 * Called with b's lock held. */
static const char *kept_text(struct rb_build *b, const char *s)
{
	const char *v = rb_visible_str(&b->arena, s, 0);
	return v == s ? rb_arena_strdup(&b->arena, s) : v;
}

/* Append one diagnostic under the build lock; the level is already final. */
static void record(struct rb_build *b, struct rb_diag d)
{
	if (d.level == RB_OFF)
		return;
	pthread_mutex_lock(&b->lock);
	d.loc.file = rb_arena_strdup(&b->arena, d.loc.file);
	rb_diags_push(&b->diags, d);
	pthread_mutex_unlock(&b->lock);
}

void rb_diag(struct rb_build *b, enum rb_code code, struct rb_loc loc, const char *fmt, ...)
{
	struct rb_diag d = {0};
	d.code = code;
	d.id = rb_diag_id(code);
	d.level = rb_diag_level(b, d.id, rb_diag_default_level(code));
	d.loc = loc;
	d.message = rb_diag_text(code);
	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		pthread_mutex_lock(&b->lock);
		d.detail = rb_visible_str(&b->arena, rb_arena_vprintf(&b->arena, fmt, ap), 0);
		pthread_mutex_unlock(&b->lock);
		va_end(ap);
	}
	record(b, d);
}

void rb_diag_move(struct rb_build *b, struct rb_build *from)
{
	for (size_t i = 0; i < from->diags.n; i++)
		record(b, from->diags.v[i]);
	rb_diags_free(&from->diags);
}

void rb_diag_rehome(struct rb_build *b, struct rb_arena *a)
{
	for (size_t i = 0; i < b->diags.n; i++) {
		struct rb_diag *d = &b->diags.v[i];
		d->id = rb_arena_strdup(a, d->id);
		d->message = rb_arena_strdup(a, d->message);
		d->detail = rb_arena_strdup(a, d->detail);
		d->loc.file = rb_arena_strdup(a, d->loc.file);
	}
}

void rb_diag_add(struct rb_build *b, const struct rb_diag *src)
{
	struct rb_diag d = *src;
	pthread_mutex_lock(&b->lock);
	d.id = rb_arena_strdup(&b->arena, src->id);
	d.message = kept_text(b, src->message);
	d.detail = kept_text(b, src->detail);
	pthread_mutex_unlock(&b->lock);
	record(b, d);
}

void rb_diag_custom(struct rb_build *b, enum rb_code code, const char *id,
		    enum rb_level level, struct rb_loc loc, const char *message)
{
	struct rb_diag d = {0};
	d.code = code;
	pthread_mutex_lock(&b->lock);
	d.id = rb_arena_strdup(&b->arena, id);
	d.message = kept_text(b, message);
	pthread_mutex_unlock(&b->lock);
	d.level = level;
	d.loc = loc;
	record(b, d);
}

void rb_diag_sort(struct rb_build *b)
{
	rb_diags_sort(&b->diags);
}

void rb_diag_print_all(struct rb_build *b, FILE *f)
{
	bool color = rb_diag_want_color(b->opt.color, f);
	rb_diag_sort(b);
	for (size_t i = 0; i < b->diags.n; i++)
		rb_diag_print(f, &b->diags.v[i], color);
}

unsigned rb_diag_count(const struct rb_build *b, enum rb_level level)
{
	return rb_diags_count(&b->diags, level);
}

int rb_diag_exit(const struct rb_build *b)
{
	return rb_diags_exit(&b->diags);
}
