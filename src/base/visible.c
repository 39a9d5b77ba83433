/* visible.c: the escaper for text shown on a terminal, in a CI log or in
 * XML (visible.h). One pass: runs of harmless bytes are copied whole, each
 * character that needs it becomes \xNN or <U+XXXX>. */
#include "base/visible.h"
#include "base/util.h"
#include <string.h>

bool rb_visible_hidden(unsigned cp)
{
	return (cp >= 0x80 && cp <= 0x9F) || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
	       (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFFFE ||
	       cp == 0xFFFF;
}

/* The length of the character at s (n bytes left) when it may be copied as
 * it is; 0 when it needs an escape. */
static size_t plain_len(const char *s, size_t n, unsigned flags)
{
	unsigned char c = (unsigned char)*s;
	if (c >= 0x20 && c < 0x7F)
		return 1;
	if (c < 0x80)
		return (c == '\t' && (flags & RB_VISIBLE_TAB)) || (c == '\n' && (flags & RB_VISIBLE_NL)) ? 1 : 0;
	unsigned cp;
	size_t len = rb_utf8_decode(s, n, &cp);
	if ((flags & RB_VISIBLE_ZERO_WIDTH) && ((cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF))
		return 0;
	return len && !rb_visible_hidden(cp) ? len : 0;
}

/* The offset of the first character in s[0..n) that needs an escape, or n. */
static size_t clean_prefix(const char *s, size_t n, unsigned flags)
{
	size_t i = 0, len;
	while (i < n && (len = plain_len(s + i, n - i, flags)) > 0)
		i += len;
	return i;
}

void rb_visible_put(struct rb_buf *o, const char *s, unsigned flags)
{
	if (!s)
		return;
	size_t n = strlen(s), i = 0;
	while (i < n) {
		size_t run = clean_prefix(s + i, n - i, flags);
		rb_buf_add(o, s + i, run);
		i += run;
		if (i == n)
			break;
		unsigned cp;
		size_t len = (unsigned char)s[i] < 0x80 ? 0 : rb_utf8_decode(s + i, n - i, &cp);
		if (len) {
			rb_buf_printf(o, "<U+%04X>", cp);
			i += len;
		} else {
			rb_buf_printf(o, "\\x%02x", (unsigned char)s[i]);
			i++;
		}
	}
}

const char *rb_visible_str(struct rb_arena *a, const char *s, unsigned flags)
{
	if (!s)
		return NULL;
	size_t n = strlen(s);
	if (clean_prefix(s, n, flags) == n)
		return s;
	struct rb_buf o;
	rb_buf_init(&o);
	rb_visible_put(&o, s, flags);
	const char *copy = rb_arena_strdup(a, rb_buf_cstr(&o));
	rb_buf_free(&o);
	return copy;
}

void rb_visible_fputs(FILE *f, const char *s, unsigned flags)
{
	if (!s)
		return;
	size_t n = strlen(s);
	if (clean_prefix(s, n, flags) == n) {
		fputs(s, f);
		return;
	}
	struct rb_buf o;
	rb_buf_init(&o);
	rb_visible_put(&o, s, flags);
	fwrite(o.data, 1, o.len, f);
	rb_buf_free(&o);
}
