/* parse_file.c: a runbook file in full, and the stock per-file readers
 * (see parse_file.h). */
#include "parse/parse_file.h"
#include "parse/md_doc.h"
#include "parse/parse.h"
#include "model/summary.h"
#include "base/util.h"
#include <stdlib.h>

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

/* What a kept full read is taken to cost beyond its arena: its cmark
 * tree, per byte of Markdown body (about 6.5 on the bench's books). */
enum { TREE_BYTES_PER_BODY_BYTE = 8 };

/* Keep rb, the full read in b's arena, in k when the full budget allows
 * (k's lock held); true when kept (b's arena is then k's). */
static bool keep_full(struct rb_parse_file_keep *k, struct rb_build *b, struct rb_runbook *rb)
{
	size_t cost = b->arena.total + TREE_BYTES_PER_BODY_BYTE * rb->body_len;
	if (!rb->doc || !rb->doc->root || k->full_used + cost > k->full_budget)
		return false;
	if (k->nkept == k->capkept) {
		k->capkept = k->capkept ? 2 * k->capkept : 64;
		k->kept = rb_xrealloc(k->kept, k->capkept * sizeof *k->kept);
	}
	k->kept[k->nkept] = (struct rb_parse_file_kept){rb, b->arena};
	/* the key outlives the kept read (freed once rendered): in k's arena */
	rb_strmap_put(&k->full, rb_arena_strdup(&k->arena, rb->path), (unsigned)k->nkept++);
	k->full_used += cost;
	rb_arena_init(&b->arena);
	return true;
}

/* Reader "summary" (ctx: struct rb_parse_file_keep): read in full into
 * the task's child build b, keep the summary; keep the full read too
 * while the full budget lasts. */
struct rb_runbook *rb_parse_file_summary(void *ctx, struct rb_build *b, const char *path, const char *rel,
					 const char *display)
{
	struct rb_parse_file_keep *k = ctx;
	struct rb_runbook *rb = k->full_budget ? rb_parse_file(b, path, rel, display)
					       : rb_parse_file_lean(NULL, b, path, rel, display);
	pthread_mutex_lock(&k->lock);
	if (!rb || !k->full_budget)
		return keep_summary(k, b, rb);
	struct rb_runbook *sum = rb_runbook_summary(&k->arena, rb);
	rb_diag_rehome(b, &k->arena);
	bool kept = keep_full(k, b, rb);
	pthread_mutex_unlock(&k->lock);
	if (!kept) {
		rb_parse_free_doc(rb);
		rb_arena_free(&b->arena);
		rb_arena_init(&b->arena);
	}
	return sum;
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
	*k = (struct rb_parse_file_keep){0};
	rb_arena_init(&k->arena);
	k->budget = (size_t)-1;
	k->used = 0;
	pthread_mutex_init(&k->lock, NULL);
}

void rb_parse_file_keep_full(struct rb_parse_file_keep *k, size_t bytes)
{
	k->full_budget = bytes;
}

void rb_parse_file_keep_end(struct rb_parse_file_keep *k, struct rb_build *b)
{
	rb_arena_adopt(&b->arena, &k->arena);
	pthread_mutex_destroy(&k->lock);
}

bool rb_parse_file_keep_take(struct rb_parse_file_keep *k, const char *rel, struct rb_parse_file_kept *out)
{
	unsigned i;
	if (!rb_strmap_get(&k->full, rel, &i) || !k->kept[i].rb)
		return false;
	*out = k->kept[i];
	k->kept[i].rb = NULL;
	return true;
}

void rb_parse_file_keep_free(struct rb_parse_file_keep *k)
{
	rb_strmap_free(&k->full);
	for (size_t i = 0; i < k->nkept; i++)
		if (k->kept[i].rb) {
			rb_parse_free_doc(k->kept[i].rb);
			rb_arena_free(&k->kept[i].arena);
		}
	free(k->kept);
	k->kept = NULL;
	k->nkept = k->capkept = 0;
}
