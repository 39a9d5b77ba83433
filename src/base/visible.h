/* visible.h: text from the book made safe to show on a terminal, in a CI
 * log or in XML. Whatever could move the cursor, recolour the screen,
 * reorder a line (bidi controls) or end a line early is written as a
 * visible escape, so a file name, a rule's message or a title can neither
 * hide text nor forge a "file:line: error:" line of its own. */
#ifndef RB_VISIBLE_H
#define RB_VISIBLE_H
#include <stdbool.h>
#include <stdio.h>
#include "base/arena.h"
#include "base/buf.h"

enum {
	RB_VISIBLE_TAB = 1,   /* keep tab (U+0009) as it is */
	RB_VISIBLE_NL = 2,    /* keep line feed (U+000A) as it is */
	RB_VISIBLE_ZERO_WIDTH = 4,  /* also write zero-width characters (U+200B-U+200D,
				     * U+2060, U+FEFF) as <U+XXXX>: commands, where one
				     * hides inside a word that is then run */
};

/* Append s to o with these written as escapes, everything else copied:
 * - each byte that is not part of well-formed UTF-8: \xNN (lower-case hex);
 * - C0 controls (tab and line feed unless flags keep them) and DEL: \xNN;
 * - C1 controls U+0080-U+009F, the bidi controls U+061C, U+200E, U+200F,
 *   U+202A-U+202E and U+2066-U+2069, the line and paragraph separators
 *   U+2028 and U+2029, and the noncharacters U+FFFE and U+FFFF: <U+XXXX>.
 * The result is valid UTF-8 and valid XML 1.0 character data, and escaping
 * it again changes nothing. NULL appends nothing. */
void rb_visible_put(struct rb_buf *o, const char *s, unsigned flags);
/* True when code point cp is one of the non-ASCII characters above that
 * are shown as <U+XXXX> (C1, bidi, separators, noncharacters); the JSON
 * writer escapes the same ones as \uXXXX. */
bool rb_visible_hidden(unsigned cp);
/* s itself when nothing in it needs an escape, else the escaped copy in a
 * (NULL stays NULL). The caller guards a when threads share it. */
const char *rb_visible_str(struct rb_arena *a, const char *s, unsigned flags);
/* Write s escaped to f. */
void rb_visible_fputs(FILE *f, const char *s, unsigned flags);

#endif
