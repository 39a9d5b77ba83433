/* md_limits.h: cheap guards run on a runbook's Markdown before cmark-gfm sees
 * it. Debian's cmark-gfm 0.29 is quadratic on some inputs (thousands of
 * unclosed image brackets, "www._" autolinks, very wide tables, emphasis in
 * deep quotes, lines full of e-mail addresses or "www." autolinks); these
 * are refused up front with a limit error at file:line rather than parsed
 * for seconds or gigabytes. The limits sit far above any real runbook. */
#ifndef RB_MD_LIMITS_H
#define RB_MD_LIMITS_H
#include "model/build.h"

#define RB_MAX_BRACKETS_PER_BLOCK  5000   /* '[' in one paragraph */
#define RB_MAX_WWW_PER_BLOCK       2000   /* "www." in one paragraph */
#define RB_MAX_TABLE_CELLS        20000   /* '|' in one block */
/* cmark-gfm's autolink extension copies the rest of a line's text for every
 * e-mail address it links, and scans the rest of the line for every "www."
 * and "a@" it tries: both cost (candidates x line length), so candidates are
 * counted per line. A link's trailing ')' are removed one at a time, each
 * time recounting the link's parentheses: ')' x link length. Each link
 * also costs a few hundred bytes of nodes, hence a cap per runbook. */
#define RB_MAX_AUTOLINKS_PER_LINE    50   /* "x@", "www." and "://" in one line */
#define RB_MAX_AUTOLINKS_PER_FILE 20000   /* the same in one runbook */
/* cmark-gfm makes an inline node (about 200 bytes) of nearly every Markdown
 * punctuation character, and of every 'w' (the autolink extension stops at
 * it), and of every quote or list marker: a runbook made of them costs
 * 200x its size. At most a quarter of a runbook's bytes outside code blocks
 * may be such characters, or this many: */
#define RB_MAX_MARKUP_CHARS      250000
#define RB_MAX_LINK_PARENS          100   /* ')' in one word holding "www." or "://" */

/* Scan rb->body; false (with a diagnostic) when it is beyond a limit. */
bool rb_md_limits_check(struct rb_build *b, const struct rb_runbook *rb);

#endif
