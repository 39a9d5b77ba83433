/* ctlchar.h: characters that must not reach a terminal or a page as they
 * are: C0 and C1 controls (not tab or newline), the bidi overrides and
 * isolates that reorder what a reader sees (Trojan Source), and the
 * zero-width characters that hide inside a word. Lint reports them at
 * their line and column; every output shows them escaped with the one
 * escaper of visible.h, as \x1b for ASCII bytes and <U+202E> above. */
#ifndef RB_CTLCHAR_H
#define RB_CTLCHAR_H
#include "model/build.h"

enum rb_ctl_class {
	RB_CTL_NONE = 0,
	RB_CTL_CONTROL = 1,       /* U+0001-U+001F but tab and newline, U+007F, U+0080-U+009F */
	RB_CTL_BIDI = 2,          /* U+202A-U+202E, U+2066-U+2069 */
	RB_CTL_ZERO_WIDTH = 4,    /* U+200B-U+200D, U+2060, U+FEFF */
	RB_CTL_ALL = 7
};

/* The class of the character at s (n bytes left, valid UTF-8); stores its
 * code point and byte length. RB_CTL_NONE for every other character. */
enum rb_ctl_class rb_ctl_at(const char *s, size_t n, unsigned *cp, size_t *len);
/* Offset of the first character of a class in mask in s[0..n), or n. */
size_t rb_ctl_find(const char *s, size_t n, unsigned mask);
/* A short name for a reported code point: "backspace", "escape",
 * "right-to-left override"... */
const char *rb_ctl_name(unsigned cp);
/* Report, at their line and column, the control characters in rb's
 * Markdown body, and the bidi and zero-width ones in its commands. */
void rb_ctl_check_runbook(struct rb_build *b, const struct rb_runbook *rb);
/* Report the raw control characters in YAML text (whose first line is
 * file line 1 + line_offset); false when there is one (libyaml would
 * refuse the text without saying where). */
bool rb_ctl_check_yaml_text(struct rb_build *b, const char *file, const char *text, size_t len,
			    unsigned line_offset);
/* Report a control character that a YAML escape ("\e", "\b") put into
 * scalar s, at the scalar's place. */
void rb_ctl_check_scalar(struct rb_build *b, struct rb_loc loc, const char *s, size_t n);

#endif
