/* build.c: create and destroy a build, and resolve rule levels. */
#include "model/build.h"
#include <stdlib.h>
#include <string.h>

void rb_build_init(struct rb_build *b)
{
	memset(b, 0, sizeof *b);
	rb_arena_init(&b->arena);
	pthread_mutex_init(&b->lock, NULL);
	pthread_mutex_init(&b->cmark_mutex, NULL);
	b->cmark_lock = &b->cmark_mutex;
	b->opt.max_warnings = -1;
	b->opt.serve_bind = "127.0.0.1";
	b->opt.serve_port = 8000;
	b->worst = RB_NOTE;
}

void rb_build_free(struct rb_build *b)
{
	rb_strmap_free(&b->book.by_path);
	free(b->diags);
	b->diags = NULL;
	rb_arena_free(&b->arena);
	pthread_mutex_destroy(&b->lock);
	pthread_mutex_destroy(&b->cmark_mutex);
}

void rb_build_fork(const struct rb_build *parent, struct rb_build *child)
{
	*child = *parent;    /* options, book, as_of and cmark_lock are shared */
	rb_arena_init(&child->arena);
	pthread_mutex_init(&child->lock, NULL);
	child->diags = NULL;
	child->ndiags = child->capdiags = 0;
	child->worst = RB_NOTE;
	child->any_diag = false;
}

void rb_build_join(struct rb_build *parent, struct rb_build *child)
{
	rb_arena_adopt(&parent->arena, &child->arena);
	rb_diag_move(parent, child);
	pthread_mutex_destroy(&child->lock);
}

void rb_build_discard(struct rb_build *child)
{
	free(child->diags);
	child->diags = NULL;
	child->ndiags = child->capdiags = 0;
	rb_arena_free(&child->arena);
	pthread_mutex_destroy(&child->lock);
}

enum rb_level rb_build_level(const struct rb_build *b, const char *id, enum rb_level dflt)
{
	const struct rb_config *c = &b->book.config;
	for (size_t i = 0; i < c->nrules; i++)
		if (c->rules[i].has_level && strcmp(c->rules[i].id, id) == 0)
			return c->rules[i].level;
	return dflt;
}
