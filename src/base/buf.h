/* buf.h: a growable byte buffer (malloc-backed) for building output. */
#ifndef RB_BUF_H
#define RB_BUF_H
#include <stddef.h>
#include <stdarg.h>

struct rb_buf {
	char *data;   /* always NUL-terminated once anything was added */
	size_t len, cap;
};

void rb_buf_init(struct rb_buf *b);
void rb_buf_free(struct rb_buf *b);
void rb_buf_reset(struct rb_buf *b);
void rb_buf_add(struct rb_buf *b, const void *p, size_t n);
void rb_buf_puts(struct rb_buf *b, const char *s);
void rb_buf_putc(struct rb_buf *b, int c);
void rb_buf_printf(struct rb_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
const char *rb_buf_cstr(struct rb_buf *b);   /* "" when empty */
char *rb_buf_detach(struct rb_buf *b);        /* caller frees */

/* Append path percent-encoded as a URL path (unreserved bytes and '/'
 * kept): the one URL escaper, for the site's links and SARIF's URIs. */
void rb_buf_url_path(struct rb_buf *out, const char *path);

#endif
