/* mojibake.c: find and repair UTF-8 that was decoded as Windows-1252 and
 * encoded again. Each byte of the original character became one
 * character: bytes 0xA0-0xFF became U+00A0-U+00FF, bytes 0x80-0x9F became
 * cp1252's specials (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ' ' " " • – — ˜ ™ š › œ ž Ÿ),
 * and the five bytes cp1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D)
 * survived as the C1 controls U+0081... Reversing the mapping gives the
 * bytes back; a run counts as mojibake only when those bytes form one
 * valid multi-byte UTF-8 character. */
#include "read/mojibake.h"
#include "model/build.h"
#include "base/util.h"
#include <string.h>

/* cp1252 bytes 0x80-0x9F and the code points they decode to (0: undefined). */
static const unsigned short cp1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/* Decode one UTF-8 character at s (valid input assumed, n bytes left);
 * returns its length and stores the code point, or 0 at the end. */
static size_t decode(const unsigned char *s, size_t n, unsigned *cp)
{
	if (!n)
		return 0;
	unsigned c = s[0];
	size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	if (len > n)
		return 0;
	if (len == 1) {
		*cp = c;
		return 1;
	}
	unsigned v = c & (0xFFu >> (len + 1));
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	*cp = v;
	return len;
}

/* The Windows-1252 byte a code point came from, or -1. C1 controls map to
 * themselves (the undefined bytes, or text that went through Latin-1). */
static int cp1252_byte(unsigned cp)
{
	if (cp < 0x100)
		return (int)cp;
	for (int i = 0; i < 32; i++)
		if (cp1252_high[i] == cp)
			return 0x80 + i;
	return -1;
}

size_t rb_mojibake_at(const char *s, size_t n, unsigned char orig[4], size_t *olen)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned cp;
	size_t used = decode(p, n, &cp);
	if (!used || cp < 0xC2 || cp > 0xF4)
		return 0;            /* not a lead byte of a multi-byte character */
	size_t need = cp < 0xE0 ? 2 : cp < 0xF0 ? 3 : 4;
	orig[0] = (unsigned char)cp;
	for (size_t i = 1; i < need; i++) {
		size_t l = decode(p + used, n - used, &cp);
		int byte = l ? cp1252_byte(cp) : -1;
		if (byte < 0x80 || byte > 0xBF)
			return 0;
		orig[i] = (unsigned char)byte;
		used += l;
	}
	if (rb_utf8_invalid((const char *)orig, need) != (size_t)-1)
		return 0;            /* overlong, surrogate or beyond U+10FFFF */
	*olen = need;
	return used;
}

size_t rb_mojibake_fix(const char *s, size_t n, struct rb_buf *out)
{
	size_t fixed = 0;
	for (size_t i = 0; i < n;) {
		unsigned char orig[4];
		size_t olen, m = rb_mojibake_at(s + i, n - i, orig, &olen);
		if (m) {
			rb_buf_add(out, orig, olen);
			i += m;
			fixed++;
		} else {
			rb_buf_putc(out, s[i++]);
		}
	}
	return fixed;
}

#define MOJIBAKE_MAX_WARNINGS 10

/* The index of the first byte from i on, before end, that may start
 * mojibake (0xC3 or above), or end. Eight ASCII bytes go at a time. */
static size_t next_high(const char *data, size_t i, size_t end)
{
	while ((i = rb_skip_ascii8(data, i, end)) < end) {
		if ((unsigned char)data[i] >= 0xC3)
			return i;
		i++;
	}
	return end;
}

void rb_mojibake_check(struct rb_build *b, const char *file, const char *data, size_t len,
		       unsigned first_line)
{
	unsigned line = first_line, warned = 0, more = 0, more_line = 0;
	for (size_t start = 0; start < len; line++) {   /* one line a turn */
		const char *nl = memchr(data + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - data) : len, i = start, m = 0, olen = 0;
		unsigned char orig[4];
		while ((i = next_high(data, i, end)) < end && !(m = rb_mojibake_at(data + i, len - i, orig, &olen)))
			i++;
		unsigned col = (unsigned)(i - start) + 1;
		start = end + 1;
		if (!m)
			continue;   /* at most one finding a line */
		if (warned == MOJIBAKE_MAX_WARNINGS) {
			if (!more++)
				more_line = line;
			continue;
		}
		warned++;
		struct rb_loc loc = {file, line, col};
		rb_diag(b, RB_D_MOJIBAKE, loc, "'%.*s' stands for '%.*s'", (int)m, data + i, (int)olen,
			(const char *)orig);
	}
	if (more)
		rb_diag(b, RB_D_MOJIBAKE, (struct rb_loc){file, more_line, 1},
			"%u more lines with mojibake are not listed", more);
}
