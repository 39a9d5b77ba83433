/* arena.h: one bump allocator per build. Everything the model owns lives
 * here and is freed at once with rb_arena_free. Out-of-memory aborts with a
 * message, so callers never check for NULL. */
#ifndef RB_ARENA_H
#define RB_ARENA_H
#include <stddef.h>
#include <stdarg.h>

struct rb_arena_block;
struct rb_arena {
	struct rb_arena_block *head;
	size_t total;            /* bytes handed out, for statistics */
};

void  rb_arena_init(struct rb_arena *a);
void  rb_arena_free(struct rb_arena *a);
void *rb_arena_alloc(struct rb_arena *a, size_t n);          /* zeroed */
/* Move every block of from into to; from is left empty. */
void  rb_arena_adopt(struct rb_arena *to, struct rb_arena *from);
char *rb_arena_strdup(struct rb_arena *a, const char *s);    /* NULL stays NULL */
char *rb_arena_strndup(struct rb_arena *a, const char *s, size_t n);
char *rb_arena_printf(struct rb_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *rb_arena_vprintf(struct rb_arena *a, const char *fmt, va_list ap);

/* xmalloc family: malloc that aborts on failure. */
void *rb_xmalloc(size_t n);
void *rb_xcalloc(size_t n, size_t m);
void *rb_xrealloc(void *p, size_t n);
char *rb_xstrdup(const char *s);
/* A malloc'd string made from fmt (the caller frees it). */
char *rb_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
