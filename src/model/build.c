/* build.c: create, fork, join and destroy a build. */
#include "model/build.h"
#include "model/procedure.h"
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
	rb_diags_init(&b->diags);
}

void rb_build_free(struct rb_build *b)
{
	rb_strmap_free(&b->book.by_path);
	rb_procedure_index_free(&b->book);
	rb_diags_free(&b->diags);
	rb_arena_free(&b->arena);
	pthread_mutex_destroy(&b->lock);
	pthread_mutex_destroy(&b->cmark_mutex);
}

void rb_build_fork(const struct rb_build *parent, struct rb_build *child)
{
	*child = *parent;    /* options, book, as_of and cmark_lock are shared */
	rb_arena_init(&child->arena);
	pthread_mutex_init(&child->lock, NULL);
	rb_diags_init(&child->diags);
}

void rb_build_join(struct rb_build *parent, struct rb_build *child)
{
	rb_arena_adopt(&parent->arena, &child->arena);
	rb_diags_append(&parent->diags, &child->diags);   /* strings: in the adopted arena */
	pthread_mutex_destroy(&child->lock);
}

void rb_build_discard(struct rb_build *child)
{
	rb_diags_free(&child->diags);
	rb_arena_free(&child->arena);
	pthread_mutex_destroy(&child->lock);
}
