/* arena.c: the per-build bump allocator and the aborting malloc wrappers. */
#include "base/arena.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RB_ARENA_BLOCK (64 * 1024)

struct rb_arena_block {
	struct rb_arena_block *next;
	size_t used, size;
	_Alignas(16) unsigned char data[];
};

/* Report out-of-memory and abort: there is no sensible recovery. */
static void die_oom(size_t n)
{
	fprintf(stderr, "rbc: out of memory allocating %zu bytes\n", n);
	abort();
}

void *rb_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die_oom(n);
	return p;
}

void *rb_xcalloc(size_t n, size_t m)
{
	void *p = calloc(n ? n : 1, m ? m : 1);
	if (!p)
		die_oom(n * m);
	return p;
}

void *rb_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		die_oom(n);
	return q;
}

char *rb_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = rb_xmalloc(n);
	memcpy(d, s, n);
	return d;
}

char *rb_xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		die_oom(strlen(fmt));
	return s;
}

void rb_arena_init(struct rb_arena *a)
{
	a->head = NULL;
	a->total = 0;
}

void rb_arena_free(struct rb_arena *a)
{
	struct rb_arena_block *b = a->head, *next;
	for (; b; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
	a->total = 0;
}

void rb_arena_adopt(struct rb_arena *to, struct rb_arena *from)
{
	struct rb_arena_block *first = from->head, *last = first;
	if (!first)
		return;
	while (last->next)
		last = last->next;
	/* behind to's head, which stays the block for small requests */
	if (to->head) {
		last->next = to->head->next;
		to->head->next = first;
	} else {
		to->head = first;
	}
	to->total += from->total;
	from->head = NULL;
	from->total = 0;
}

/* Hand out n bytes aligned to align (1 or 16), not zeroed; big requests
 * get their own block. */
static void *take(struct rb_arena *a, size_t n, size_t align)
{
	struct rb_arena_block *b = a->head;
	size_t need = (n + align - 1) & ~(align - 1);
	if (need < n)
		die_oom(n);
	size_t start = b ? (b->used + align - 1) & ~(align - 1) : 0;
	if (!b || start > b->size || b->size - start < need) {
		size_t size = need > RB_ARENA_BLOCK / 4 ? need : RB_ARENA_BLOCK;
		b = rb_xmalloc(sizeof *b + size);
		b->used = 0;
		b->size = size;
		start = 0;
		if (need > RB_ARENA_BLOCK / 4 && a->head) {
			/* keep the current block at the head for small requests */
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	void *p = b->data + start;
	b->used = start + need;
	a->total += need;
	return p;
}

void *rb_arena_alloc(struct rb_arena *a, size_t n)
{
	return memset(take(a, n, 16), 0, n);
}

/* Strings need no alignment: packed byte by byte, short ones waste nothing. */
char *rb_arena_strndup(struct rb_arena *a, const char *s, size_t n)
{
	char *d = take(a, n + 1, 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *rb_arena_strdup(struct rb_arena *a, const char *s)
{
	return s ? rb_arena_strndup(a, s, strlen(s)) : NULL;
}

/* Formats into a stack buffer first, so that the usual short result
 * (ids like "recovery.3", "slug-2") costs one vsnprintf, not two. */
char *rb_arena_vprintf(struct rb_arena *a, const char *fmt, va_list ap)
{
	char small[256];
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(small, sizeof small, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		n = 0;
	if ((size_t)n < sizeof small)
		return rb_arena_strndup(a, small, (size_t)n);
	char *d = take(a, (size_t)n + 1, 1);
	vsnprintf(d, (size_t)n + 1, fmt, ap);
	return d;
}

char *rb_arena_printf(struct rb_arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *d = rb_arena_vprintf(a, fmt, ap);
	va_end(ap);
	return d;
}
