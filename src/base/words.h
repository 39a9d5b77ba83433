/* words.h: plain-word tests on free text: a normaliser to lower-case
 * single-spaced words, and whole-word phrase matching on its output.
 * The lenient reader reads headings and steps with them, and the book
 * resolves a step's words to a procedure's title with them (procedure.h). */
#ifndef RB_WORDS_H
#define RB_WORDS_H
#include <stdbool.h>
#include <stddef.h>

/* The words of s, single-spaced, into out (n bytes): ASCII letters and
 * digits lower-cased, and the letters of other alphabets kept (Latin-1,
 * Greek and Cyrillic capitals lower-cased), so that titles in those
 * alphabets stay apart; spaces, punctuation, symbols and bytes that are
 * not UTF-8 separate words and drop. */
void rb_words_norm(const char *s, char *out, size_t n);
/* True when phrase occurs in the normalised text as whole words. */
bool rb_words_has_phrase(const char *normed, const char *phrase);
/* True when the normalised text is one of the NULL-ended list. */
bool rb_words_in_list(const char *normed, const char *const *list);

#endif
