/* diag_wire.c: the length-prefixed encoding of diag_wire.h. */
#include "model/diag_wire.h"
#include <limits.h>
#include <string.h>

/* Append u in decimal, '-' first when neg, then the character term. */
static void put_digits(struct rb_buf *out, unsigned long u, bool neg, char term)
{
	char num[24], *p = num + sizeof num;
	*--p = term;
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10));
	if (neg)
		*--p = '-';
	rb_buf_add(out, p, (size_t)(num + sizeof num - p));
}

void rb_wire_put_num(struct rb_buf *out, long n)
{
	put_digits(out, n < 0 ? 0UL - (unsigned long)n : (unsigned long)n, n < 0, ';');
}

void rb_wire_put_str(struct rb_buf *out, const char *s)
{
	if (!s) {
		rb_buf_putc(out, '-');
		return;
	}
	size_t n = strlen(s);
	put_digits(out, n, false, ':');
	rb_buf_add(out, s, n + 1);   /* with its NUL: a reader may use it in place */
}

/* Read decimal digits at *p (before end) ended by term into *u; false
 * when there are none, they overflow, or term does not follow. */
static bool get_digits(const char **p, const char *end, char term, unsigned long *u)
{
	const char *q = *p;
	*u = 0;
	if (q >= end || *q < '0' || *q > '9')
		return false;
	for (; q < end && *q >= '0' && *q <= '9'; q++) {
		if (*u > (ULONG_MAX - 9) / 10)
			return false;
		*u = *u * 10 + (unsigned long)(*q - '0');
	}
	if (q >= end || *q != term)
		return false;
	*p = q + 1;
	return true;
}

bool rb_wire_get_num(const char **p, const char *end, long *n)
{
	bool neg = *p < end && **p == '-';
	const char *q = *p + neg;
	unsigned long u;
	if (!get_digits(&q, end, ';', &u) || u > (unsigned long)LONG_MAX)
		return false;
	*n = neg ? -(long)u : (long)u;
	*p = q;
	return true;
}

bool rb_wire_get_str(struct rb_arena *a, const char **p, const char *end, const char **s)
{
	if (*p >= end)
		return false;
	if (**p == '-') {
		(*p)++;
		*s = NULL;
		return true;
	}
	unsigned long n;
	if (!get_digits(p, end, ':', &n) || n >= (unsigned long)(end - *p) || (*p)[n] != '\0' ||
	    memchr(*p, '\0', n))
		return false;
	if (a) {
		char *v = rb_arena_alloc(a, n + 1);
		memcpy(v, *p, n + 1);
		*s = v;
	} else {
		*s = *p;
	}
	*p += n + 1;
	return true;
}

void rb_diag_wire_put(struct rb_buf *out, const struct rb_diag *d)
{
	rb_wire_put_num(out, d->code);
	rb_wire_put_num(out, d->level);
	rb_wire_put_str(out, d->id);
	rb_wire_put_str(out, d->loc.file);
	rb_wire_put_num(out, (long)d->loc.line);
	rb_wire_put_num(out, (long)d->loc.col);
	rb_wire_put_str(out, d->message);
	rb_wire_put_str(out, d->detail);
}

bool rb_diag_wire_get(struct rb_arena *a, const char **p, const char *end, struct rb_diag *d)
{
	long code, level, line, col;
	*d = (struct rb_diag){0};
	if (!rb_wire_get_num(p, end, &code) || !rb_wire_get_num(p, end, &level) ||
	    !rb_wire_get_str(a, p, end, &d->id) || !rb_wire_get_str(a, p, end, &d->loc.file) ||
	    !rb_wire_get_num(p, end, &line) || !rb_wire_get_num(p, end, &col) ||
	    !rb_wire_get_str(a, p, end, &d->message) || !rb_wire_get_str(a, p, end, &d->detail))
		return false;
	if (code < 0 || code >= RB_D__COUNT || level < RB_NOTE || level > RB_ERROR || !d->loc.file || !d->id ||
	    line < 0 || line > (long)UINT_MAX || col < 0 || col > (long)UINT_MAX)
		return false;
	d->code = (enum rb_code)code;
	d->level = (enum rb_level)level;
	d->loc.line = (unsigned)line;
	d->loc.col = (unsigned)col;
	return true;
}
