/* words.c: normalising free text to plain words and matching phrases in
 * it (words.h). */
#include "base/words.h"
#include "base/util.h"
#include <ctype.h>
#include <string.h>

/* True when code point cp (past ASCII) is part of a word: a letter or
 * mark of an alphabet, not a space, dash, quote, arrow, other symbol or
 * emoji (the punctuation and symbol blocks). */
static bool word_point(unsigned cp)
{
	return cp >= 0xC0 && cp != 0xD7 && cp != 0xF7 && !(cp >= 0x2000 && cp < 0x2C00) &&
	       !(cp >= 0x3000 && cp < 0x3040) && !(cp >= 0xFE10 && cp < 0xFE70) && !(cp >= 0xFF00 && cp < 0xFF10) &&
	       !(cp >= 0xFF1A && cp < 0xFF21) && cp < 0x1F000;
}

/* The lower-case form of cp for the Latin-1, Greek and Cyrillic capitals
 * (each stays two bytes of UTF-8); other code points unchanged. */
static unsigned lower_point(unsigned cp)
{
	if ((cp >= 0xC0 && cp <= 0xDE) || (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) || (cp >= 0x410 && cp <= 0x42F))
		return cp + 0x20;
	return cp >= 0x400 && cp <= 0x40F ? cp + 0x50 : cp;
}

void rb_words_norm(const char *s, char *out, size_t n)
{
	size_t j = 0, len;
	bool space = false;
	unsigned cp;
	for (; *s && j + 2 < n; s += len) {
		len = rb_utf8_decode(s, strnlen(s, 4), &cp);
		if (!len || (cp < 0x80 ? !isalnum((int)cp) : !word_point(cp))) {
			len = len ? len : 1;
			space = true;
			continue;
		}
		if (len > 1 && j + (space && j) + len + 1 > n)
			break;    /* a letter that does not fit whole */
		if (space && j)
			out[j++] = ' ';
		space = false;
		cp = lower_point(cp);
		if (cp < 0x80)
			out[j++] = (char)tolower((int)cp);
		else if (cp < 0x800 && len == 2) {
			out[j++] = (char)(0xC0 | (cp >> 6));
			out[j++] = (char)(0x80 | (cp & 0x3F));
		} else {
			memcpy(out + j, s, len);
			j += len;
		}
	}
	out[j] = '\0';
}

/* True when phrase occurs in the normalised text as whole words. */
bool rb_words_has_phrase(const char *normed, const char *phrase)
{
	size_t n = strlen(phrase);
	for (const char *p = normed; (p = strstr(p, phrase)); p++)
		if ((p == normed || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return true;
	return false;
}

/* True when the normalised text is one of the NULL-ended list. */
bool rb_words_in_list(const char *normed, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(normed, *list))
			return true;
	return false;
}
