/* parse_file.c: a runbook file in full, and the stock per-file readers
 * (see parse_file.h). */
#include "parse/parse_file.h"
#include "parse/parse.h"
#include "model/summary.h"

struct rb_runbook *rb_parse_file_text(struct rb_build *b, const char *rel, struct rb_file *f)
{
	struct rb_runbook *rb = rb_load_runbook_meta(b, rel, f);
	if (!rb)
		return NULL;
	rb_parse_runbook(b, rb);
	rb_load_default_id(b, rb);
	return rb;
}

struct rb_runbook *rb_parse_file(struct rb_build *b, const char *path, const char *rel, const char *display)
{
	struct rb_file f;
	if (!rb_load_file(b, path, display, RB_MAX_FILE_BYTES, &f))
		return NULL;
	return rb_parse_file_text(b, rel, &f);
}

void rb_parse_file_free_trees(struct rb_book *book)
{
	for (size_t i = 0; i < book->nrunbooks; i++)
		rb_parse_free_doc(book->runbooks[i]);
	if (book->intro)
		rb_parse_free_doc(book->intro);
}

/* Reader "full": the runbook and its parse tree. */
struct rb_runbook *rb_parse_file_full(void *ctx, struct rb_build *b, const char *path, const char *rel,
				      const char *display)
{
	(void)ctx;
	return rb_parse_file(b, path, rel, display);
}

/* Reader "lean": the runbook without its parse tree (rb->doc stays, to
 * say that the body was parsed). */
struct rb_runbook *rb_parse_file_lean(void *ctx, struct rb_build *b, const char *path, const char *rel,
				      const char *display)
{
	(void)ctx;
	struct rb_runbook *rb = rb_parse_file(b, path, rel, display);
	if (rb)
		rb_parse_free_doc(rb);
	return rb;
}

/* Keep the summary of rb (read into the task's child build b) and the
 * diagnostics' strings in k's arena, then free everything b read; called
 * with k's lock held. Returns the summary. */
static struct rb_runbook *keep_summary(struct rb_parse_file_keep *k, struct rb_build *b, struct rb_runbook *rb)
{
	struct rb_runbook *sum = rb ? rb_runbook_summary(&k->arena, rb) : NULL;
	rb_diag_rehome(b, &k->arena);
	pthread_mutex_unlock(&k->lock);
	rb_arena_free(&b->arena);
	rb_arena_init(&b->arena);
	return sum;
}

/* Reader "summary" (ctx: struct rb_parse_file_keep): read in full into
 * the task's child build b, keep only the summary. */
struct rb_runbook *rb_parse_file_summary(void *ctx, struct rb_build *b, const char *path, const char *rel,
					 const char *display)
{
	struct rb_parse_file_keep *k = ctx;
	struct rb_runbook *rb = rb_parse_file_lean(NULL, b, path, rel, display);
	pthread_mutex_lock(&k->lock);
	return keep_summary(k, b, rb);
}

/* Reader "bounded" (ctx: struct rb_parse_file_keep): "lean" while the
 * runbooks kept whole take at most k->budget bytes, then "summary". */
struct rb_runbook *rb_parse_file_bounded(void *ctx, struct rb_build *b, const char *path, const char *rel,
					 const char *display)
{
	struct rb_parse_file_keep *k = ctx;
	struct rb_runbook *rb = rb_parse_file_lean(NULL, b, path, rel, display);
	pthread_mutex_lock(&k->lock);
	if (!rb || k->used + b->arena.total > k->budget)
		return keep_summary(k, b, rb);
	k->used += b->arena.total;   /* the task's child build holds this runbook alone */
	pthread_mutex_unlock(&k->lock);
	return rb;
}

void rb_parse_file_keep_init(struct rb_parse_file_keep *k)
{
	rb_arena_init(&k->arena);
	k->budget = (size_t)-1;
	k->used = 0;
	pthread_mutex_init(&k->lock, NULL);
}

void rb_parse_file_keep_end(struct rb_parse_file_keep *k, struct rb_build *b)
{
	rb_arena_adopt(&b->arena, &k->arena);
	pthread_mutex_destroy(&k->lock);
}
