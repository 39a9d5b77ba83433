/* words.c: normalising free text to plain words and matching phrases in
 * it (words.h). */
#include "base/words.h"
#include <ctype.h>
#include <string.h>

/* Lower-case ASCII words and digits of s, single-spaced; the rest drops. */
void rb_words_norm(const char *s, char *out, size_t n)
{
	size_t j = 0;
	bool space = false;
	for (; *s && j + 2 < n; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c)) {
			if (space && j)
				out[j++] = ' ';
			space = false;
			out[j++] = (char)tolower(c);
		} else {
			space = true;
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
