/* cache_store.c: a file of keyed entries kept between builds (see
 * cache_store.h). */
#include "cli/cache_store.h"
#include "read/cache_dir.h"
#include "base/util.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STORE_MAX (1L << 30)
/* The old file's pages are let go each time this many bytes of it were
 * handed out or copied to the new file. */
#define DROP_EVERY ((size_t)4 << 20)

/* Index the file st->old of size bytes: each entry's key, place, length. */
static void index_old(struct rb_cache_store *st, size_t size)
{
	size_t h = strlen(st->head), cap = 0;
	if (size < h || memcmp(st->old, st->head, h))
		return;
	const char *p = st->old + h, *end = st->old + size;
	while (end - p >= 40) {
		const char *key = p;
		long long n;
		memcpy(&n, p + 32, sizeof n);
		if (n < 0 || n > end - p - 40)
			break;
		if (st->nold == cap) {
			cap = cap ? cap * 2 : 256;
			st->at = rb_xrealloc(st->at, cap * sizeof *st->at);
			st->len = rb_xrealloc(st->len, cap * sizeof *st->len);
			st->keys = rb_xrealloc(st->keys, cap * sizeof *st->keys);
		}
		memcpy(st->keys[st->nold], key, 32);
		st->keys[st->nold][32] = '\0';
		st->at[st->nold] = (size_t)(p + 40 - st->old);
		st->len[st->nold++] = (size_t)n;
		p += 40 + n;
		if ((size_t)(p - st->old) / DROP_EVERY != (size_t)(key - st->old) / DROP_EVERY)
			rb_cache_dir_drop(st->old, (size_t)(p - st->old));   /* the heads read so far */
	}
	st->whole = p == end;
	for (size_t k = 0; k < st->nold; k++)   /* the map borrows its keys: index once they stay put */
		rb_strmap_put(&st->by_key, st->keys[k], (unsigned)k);
}

/* The bytes of new entries held in memory: RB_CACHE_STORE_BUFFER, or
 * RBC_STORE_BUFFER_KB kilobytes when that is a number. */
static size_t buffer_size(void)
{
	const char *v = getenv(RB_CACHE_STORE_BUFFER_ENV);
	char *stop;
	long kb = v && *v ? strtol(v, &stop, 10) : -1;
	return kb >= 0 && kb <= (1L << 21) && !*stop ? (size_t)kb << 10 : RB_CACHE_STORE_BUFFER;
}

/* st empty: no old file, nothing put (dir NULL: keeps nothing). */
static void init(struct rb_cache_store *st, const char *dir, const char *name, const char *head)
{
	*st = (struct rb_cache_store){.dir = dir, .name = name, .head = head, .buffer = buffer_size(),
				      .out.fd = -1, .saved_fd = -1};
	pthread_mutex_init(&st->lock, NULL);
	rb_buf_init(&st->fresh);
	rb_buf_puts(&st->fresh, head);   /* so a file of fresh entries only is written without a copy */
}

/* Index st->old (size bytes, mapped; NULL: none) and let its pages go. */
static void take_old(struct rb_cache_store *st)
{
	if (st->old) {
		index_old(st, st->size);
		rb_cache_dir_drop(st->old, st->size);   /* the entries' heads were read: let their pages go */
	}
	st->used = rb_xcalloc(st->nold + 1, sizeof *st->used);
}

void rb_cache_store_open(struct rb_cache_store *st, const char *dir, const char *name, const char *head)
{
	init(st, dir, name, head);
	st->old = dir ? rb_cache_dir_map(dir, name, STORE_MAX, &st->size) : NULL;
	take_old(st);
}

const char *rb_cache_store_get(struct rb_cache_store *st, const char *key, size_t *len)
{
	unsigned k;
	if (!st->dir || !rb_strmap_get(&st->by_key, key, &k))
		return NULL;
	st->used[k] = true;   /* distinct entries on distinct threads */
	*len = st->len[k];
	size_t was = atomic_fetch_add(&st->handed, *len + 40);
	if (was / DROP_EVERY != (was + *len + 40) / DROP_EVERY)
		rb_cache_dir_drop(st->old, st->size);   /* pointers stay good: their pages come back from the file */
	return st->old + st->at[k];
}

/* Move the new entries held in memory to the end of the new file, which
 * the first call begins (fresh then starts with the head). A failed write
 * leaves out failed: nothing of this build is saved. Lock held, or one
 * thread. */
static void spill(struct rb_cache_store *st)
{
	if (!st->out.path)
		rb_cache_dir_begin(&st->out, st->dir, st->name);
	(void)rb_cache_dir_add(&st->out, st->fresh.data, st->fresh.len);
	rb_buf_reset(&st->fresh);
}

void rb_cache_store_put(struct rb_cache_store *st, const char *key, const void *data, size_t len)
{
	if (!st->dir)
		return;
	long long n = (long long)len;
	pthread_mutex_lock(&st->lock);
	rb_buf_add(&st->fresh, key, 32);
	rb_buf_add(&st->fresh, &n, sizeof n);
	rb_buf_add(&st->fresh, data, len);
	st->nfresh++;
	if (st->fresh.len > st->buffer)
		spill(st);   /* a cold build of a big book would hold them all */
	pthread_mutex_unlock(&st->lock);
}

void rb_cache_store_save(struct rb_cache_store *st)
{
	size_t nused = 0;
	for (size_t k = 0; k < st->nold; k++)
		nused += st->used[k];
	if (!st->dir || (!st->nfresh && nused == st->nold))
		return;
	size_t h = strlen(st->head);
	if (!st->out.path && st->old && st->whole && nused >= st->nold - st->nold / 4) {
		if (!st->nfresh)
			return;
		st->wrote = true;   /* every new entry is in memory, after the head: add them */
		st->saved_fd = rb_cache_dir_append(st->dir, st->name, st->fresh.data + h, st->fresh.len - h);
		if (st->saved_fd >= 0)
			return;
	}
	st->wrote = true;
	spill(st);   /* the file anew: the new entries, then the old ones this build used */
	size_t copied = 0;
	for (size_t k = 0; k < st->nold;) {
		if (!st->used[k]) {
			k++;
			continue;
		}
		size_t from = st->at[k] - 40, to = st->at[k] + st->len[k];   /* key, length, bytes */
		for (k++; k < st->nold && st->used[k] && st->at[k] - 40 == to && to - from < DROP_EVERY; k++)
			to = st->at[k] + st->len[k];   /* neighbours in one write */
		(void)rb_cache_dir_add(&st->out, st->old + from, to - from);
		if (copied / DROP_EVERY != (copied + to - from) / DROP_EVERY)
			rb_cache_dir_drop(st->old, st->size);
		copied += to - from;
	}
	st->saved_fd = rb_cache_dir_end_open(&st->out);   /* only ever saves time */
}

void rb_cache_store_free(struct rb_cache_store *st)
{
	if (st->out.path)
		(void)rb_cache_dir_end(&st->out, false);   /* not saved: the old file stays */
	rb_cache_dir_unmap(st->old, st->size);
	if (st->saved_fd >= 0)
		close(st->saved_fd);
	free(st->at);
	free(st->len);
	free(st->used);
	free(st->keys);
	rb_strmap_free(&st->by_key);
	rb_buf_free(&st->fresh);
	pthread_mutex_destroy(&st->lock);
}

/* --- a store kept in memory from one build to the next (rbc serve) --- */

bool rb_cache_store_carry(struct rb_cache_store *to, struct rb_cache_store *from, bool saved, const char *dir)
{
	init(to, dir, from->name, from->head);
	if (from->dir && saved && from->wrote)   /* the file as this build wrote it, by the descriptor it wrote */
		to->old = rb_cache_dir_map_fd(from->saved_fd, STORE_MAX, &to->size);
	else if (from->dir) {   /* the file as this build found it */
		to->old = from->old, to->size = from->size;
		from->old = NULL;
	}
	take_old(to);
	return to->old != NULL;
}

void rb_cache_store_reopen(struct rb_cache_store *st, const char *dir, const char *name, const char *head,
			   struct rb_cache_store *carried)
{
	if (!carried || !carried->old || !dir || !carried->dir || strcmp(carried->dir, dir) ||
	    strcmp(carried->name, name) || strcmp(carried->head, head)) {
		rb_cache_store_open(st, dir, name, head);
		return;
	}
	init(st, dir, name, head);   /* carried's entries, a lock and new entries of st's own */
	st->old = carried->old, st->size = carried->size;
	st->nold = carried->nold, st->keys = carried->keys, st->at = carried->at, st->len = carried->len;
	st->used = carried->used, st->by_key = carried->by_key, st->whole = carried->whole;
	rb_buf_free(&carried->fresh);
	pthread_mutex_destroy(&carried->lock);
	init(carried, NULL, name, head);   /* empty, still to be freed */
}
