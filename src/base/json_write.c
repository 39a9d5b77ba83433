/* json_write.c: the streaming JSON writer (json_write.h). */
#include "base/json_write.h"
#include "base/util.h"
#include "base/visible.h"
#include <stdio.h>
#include <string.h>

enum { FLUSH_AT = 64 * 1024 };

void rb_jw_init(struct rb_jw *w, int indent, void (*put)(void *, const char *, size_t), void *ctx)
{
	memset(w, 0, sizeof *w);
	w->put = put;
	w->ctx = ctx;
	w->indent = indent;
	rb_buf_init(&w->buf);
}

void rb_jw_init_inside(struct rb_jw *w, int indent, void (*put)(void *, const char *, size_t), void *ctx, int depth,
		       bool has_items)
{
	rb_jw_init(w, indent, put, ctx);
	w->depth = depth < RB_JW_MAX_DEPTH ? depth : RB_JW_MAX_DEPTH;
	for (int i = 0; i < w->depth; i++)
		w->has_items[i] = true;
	if (w->depth > 0)
		w->has_items[w->depth - 1] = has_items;
}

void rb_jw_put_file(void *ctx, const char *text, size_t len)
{
	fwrite(text, 1, len, (FILE *)ctx);
}

void rb_jw_put_buf(void *ctx, const char *text, size_t len)
{
	rb_buf_add(ctx, text, len);
}

/* Hand the buffered text to put once there is enough of it (or always). */
static void flush(struct rb_jw *w, bool always)
{
	if (w->buf.len && (always || w->buf.len >= FLUSH_AT)) {
		w->put(w->ctx, w->buf.data, w->buf.len);
		rb_buf_reset(&w->buf);
	}
}

void rb_jw_finish(struct rb_jw *w)
{
	flush(w, true);
	rb_buf_free(&w->buf);
}

void rb_jw_flush(struct rb_jw *w)
{
	flush(w, true);
}

void rb_jw_replay(struct rb_jw *w, const char *text, size_t len)
{
	flush(w, true);
	if (len)
		w->put(w->ctx, text, len);
	if (w->depth > 0 && len)
		w->has_items[w->depth - 1] = true;   /* as before_value leaves it */
}

void rb_jw_replay_by(struct rb_jw *w, size_t len, void (*put)(void *arg), void *arg)
{
	flush(w, true);
	if (len)
		put(arg);
	if (w->depth > 0 && len)
		w->has_items[w->depth - 1] = true;   /* as rb_jw_replay leaves it */
}

/* A line break and the indentation of depth, when indenting. */
static void newline(struct rb_jw *w, int depth)
{
	if (!w->indent)
		return;
	rb_buf_putc(&w->buf, '\n');
	for (int i = 0; i < depth * w->indent; i++)
		rb_buf_putc(&w->buf, ' ');
}

/* What goes before a value: nothing after a key, else the separator from
 * the previous item of the open container and the new line. Sends the
 * text so far once there is enough of it. */
static void before_value(struct rb_jw *w)
{
	flush(w, false);
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth == 0)
		return;
	if (w->has_items[w->depth - 1])
		rb_buf_putc(&w->buf, ',');
	w->has_items[w->depth - 1] = true;
	newline(w, w->depth);
}

/* Open a container with its opening character. */
static void open_container(struct rb_jw *w, char c)
{
	before_value(w);
	rb_buf_putc(&w->buf, c);
	if (w->depth < RB_JW_MAX_DEPTH)
		w->has_items[w->depth] = false;
	w->depth++;
}

void rb_jw_object(struct rb_jw *w)
{
	open_container(w, '{');
}

void rb_jw_array(struct rb_jw *w)
{
	open_container(w, '[');
}

void rb_jw_end(struct rb_jw *w, char close)
{
	w->depth--;
	if (w->depth < RB_JW_MAX_DEPTH && w->has_items[w->depth])
		newline(w, w->depth);
	rb_buf_putc(&w->buf, close);
}

/* A non-ASCII character as \uXXXX, or a surrogate pair beyond the BMP,
 * the way jansson writes them. */
static void put_unicode_escape(struct rb_buf *out, unsigned long c)
{
	if (c < 0x10000) {
		rb_buf_printf(out, "\\u%04lX", c);
		return;
	}
	c -= 0x10000;
	rb_buf_printf(out, "\\u%04lX\\u%04lX", 0xD800 | (c >> 10), 0xDC00 | (c & 0x3FF));
}

/* s as a JSON string: quotes, backslash and control characters escaped
 * the way jansson escapes them; everything else as it is (UTF-8), or with
 * ascii, non-ASCII characters escaped too. A byte that is not part of
 * well-formed UTF-8 (a file name, a rule's message) becomes U+FFFD, so the
 * document is valid JSON whatever the string holds; DEL and the characters
 * visible.h hides (C1, bidi controls...) are written as \uXXXX, so the
 * text means the same but a terminal showing the file never acts on them. */
static void put_string(struct rb_buf *out, const char *str, bool ascii)
{
	const char *s = str, *run = s, *end = s + strlen(s);
	rb_buf_putc(out, '"');
	while (s < end) {
		unsigned char c = (unsigned char)*s;
		unsigned cp = 0;
		size_t len = c >= 0x80 ? rb_utf8_decode(s, (size_t)(end - s), &cp) : 1;
		if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F && len &&
		    (c < 0x80 || (!ascii && !rb_visible_hidden(cp)))) {
			s += len;
			continue;
		}
		rb_buf_add(out, run, (size_t)(s - run));
		if (c >= 0x80) {
			if (!len)
				cp = 0xFFFD;
			if (ascii || rb_visible_hidden(cp))
				put_unicode_escape(out, cp);
			else
				rb_buf_puts(out, "\xEF\xBF\xBD");
			s += len ? len : 1;
			run = s;
			continue;
		}
		run = ++s;
		switch (c) {
		case '"': rb_buf_puts(out, "\\\""); break;
		case '\\': rb_buf_puts(out, "\\\\"); break;
		case '\b': rb_buf_puts(out, "\\b"); break;
		case '\f': rb_buf_puts(out, "\\f"); break;
		case '\n': rb_buf_puts(out, "\\n"); break;
		case '\r': rb_buf_puts(out, "\\r"); break;
		case '\t': rb_buf_puts(out, "\\t"); break;
		default: rb_buf_printf(out, "\\u%04X", c);
		}
	}
	rb_buf_add(out, run, (size_t)(s - run));
	rb_buf_putc(out, '"');
}

void rb_jw_key(struct rb_jw *w, const char *key)
{
	before_value(w);
	put_string(&w->buf, key, w->ascii);
	rb_buf_puts(&w->buf, w->indent ? ": " : ":");
	w->after_key = true;
}

void rb_jw_str(struct rb_jw *w, const char *s)
{
	if (!s) {
		rb_jw_null(w);
		return;
	}
	before_value(w);
	put_string(&w->buf, s, w->ascii);
}

void rb_jw_int(struct rb_jw *w, long long v)
{
	before_value(w);
	rb_buf_printf(&w->buf, "%lld", v);
}

void rb_jw_bool(struct rb_jw *w, bool v)
{
	before_value(w);
	rb_buf_puts(&w->buf, v ? "true" : "false");
}

void rb_jw_null(struct rb_jw *w)
{
	before_value(w);
	rb_buf_puts(&w->buf, "null");
}

void rb_jw_kstr(struct rb_jw *w, const char *key, const char *s)
{
	rb_jw_key(w, key);
	rb_jw_str(w, s);
}

void rb_jw_kint(struct rb_jw *w, const char *key, long long v)
{
	rb_jw_key(w, key);
	rb_jw_int(w, v);
}

void rb_jw_kbool(struct rb_jw *w, const char *key, bool v)
{
	rb_jw_key(w, key);
	rb_jw_bool(w, v);
}
