/* buf.c: growable byte buffer. */
#include "base/buf.h"
#include "base/arena.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rb_buf_init(struct rb_buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

void rb_buf_free(struct rb_buf *b)
{
	if (b->data)
		free(b->data);
	rb_buf_init(b);
}

void rb_buf_reset(struct rb_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

/* Make room for n more bytes plus the terminating NUL. */
static void reserve(struct rb_buf *b, size_t n)
{
	if (b->len + n + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + n + 1)
		cap *= 2;
	b->data = rb_xrealloc(b->data, cap);
	b->cap = cap;
}

void rb_buf_add(struct rb_buf *b, const void *p, size_t n)
{
	reserve(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void rb_buf_puts(struct rb_buf *b, const char *s)
{
	rb_buf_add(b, s, strlen(s));
}

void rb_buf_putc(struct rb_buf *b, int c)
{
	if (b->len + 2 > b->cap)
		reserve(b, 1);
	b->data[b->len++] = (char)c;
	b->data[b->len] = '\0';
}

void rb_buf_printf(struct rb_buf *b, const char *fmt, ...)
{
	/* format once into the room there is (most texts are short); only a
	 * text longer than that is formatted again, after growing */
	va_list ap, ap2;
	reserve(b, 64);
	va_start(ap, fmt);
	va_copy(ap2, ap);
	size_t room = b->cap - b->len;
	int n = vsnprintf(b->data + b->len, room, fmt, ap);
	if (n > 0 && (size_t)n >= room) {
		reserve(b, (size_t)n);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
	}
	if (n > 0)
		b->len += (size_t)n;
	b->data[b->len] = '\0';
	va_end(ap2);
	va_end(ap);
}

const char *rb_buf_cstr(struct rb_buf *b)
{
	return b->data ? b->data : "";
}

char *rb_buf_detach(struct rb_buf *b)
{
	char *d = b->data ? b->data : rb_xstrdup("");
	rb_buf_init(b);
	return d;
}

void rb_buf_url_path(struct rb_buf *out, const char *path)
{
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (isalnum(*p) || strchr("-._~/", *p))
			rb_buf_putc(out, *p);
		else
			rb_buf_printf(out, "%%%02X", *p);
	}
}
