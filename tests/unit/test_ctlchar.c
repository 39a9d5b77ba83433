/* test_ctlchar.c: finding and writing out control, bidi and zero-width
 * characters (ctlchar.h), and the HTML escaper's share of it. */
#include "harness.h"
#include "read/ctlchar.h"
#include "base/visible.h"
#include "render/html_escape.h"
#include <stdio.h>

/* rb_visible_put of s with flags, as a static string. */
static const char *shown(const char *s, unsigned flags)
{
	static char out[256];
	struct rb_buf b;
	rb_buf_init(&b);
	rb_visible_put(&b, s, flags);
	snprintf(out, sizeof out, "%s", rb_buf_cstr(&b));
	rb_buf_free(&b);
	return out;
}

UNIT_SUITE(ctlchar_suite)
static void ctlchar_suite(void)
{
	/* an ESC at every offset of a long plain line is found (the 8-byte steps) */
	char line[64];
	bool all = true;
	for (size_t at = 0; at < 40; at++) {
		memset(line, 'a', sizeof line);
		line[10] = '\n', line[20] = '\t', line[sizeof line - 1] = '\0';
		line[at] = '\x1b';
		all = all && rb_ctl_find(line, strlen(line), RB_CTL_ALL) == at;
	}
	OK("ctl/find-every-offset", all);
	OK("ctl/tab-newline-plain", rb_ctl_find("a\tb\nc d e f g h i j k\n", 22, RB_CTL_ALL) == 22);
	OK("ctl/del", rb_ctl_find("abcdefghij\x7f", 11, RB_CTL_CONTROL) == 10);
	OK("ctl/c1", rb_ctl_find("abcdefghi\xc2\x9b" "31m", 14, RB_CTL_CONTROL) == 9);
	OK("ctl/not-middle-dot", rb_ctl_find("P2 \xc2\xb7 RTO", 9, RB_CTL_ALL) == 9);
	OK("ctl/bidi-by-mask", rb_ctl_find("x\xe2\x80\xaey", 5, RB_CTL_CONTROL) == 5 &&
				  rb_ctl_find("x\xe2\x80\xaey", 5, RB_CTL_BIDI) == 1);
	OK("ctl/not-em-dash", rb_ctl_find("a \xe2\x80\x94 b", 7, RB_CTL_ALL) == 7);
	OK("ctl/zero-width", rb_ctl_find("zero\xe2\x80\x8bwidth", 12, RB_CTL_ZERO_WIDTH) == 4);
	STR_EQ("ctl/visible-ascii", shown("a\x08\x1b[2Kb\r", RB_VISIBLE_TAB | RB_VISIBLE_NL), "a\\x08\\x1b[2Kb\\x0d");
	STR_EQ("ctl/visible-unicode", shown("\xe2\x80\xae" "evil \xe2\x81\xa6i\xe2\x81\xa9 \xc2\x85", RB_VISIBLE_ZERO_WIDTH),
	       "<U+202E>evil <U+2066>i<U+2069> <U+0085>");
	STR_EQ("ctl/visible-keeps-zero-width", shown("a\xe2\x80\x8b" "b\x07", 0), "a\xe2\x80\x8b" "b\\x07");
	STR_EQ("ctl/visible-zero-width", shown("a\xe2\x80\x8b" "b\tc", RB_VISIBLE_TAB | RB_VISIBLE_ZERO_WIDTH),
	       "a<U+200B>b\tc");
	STR_EQ("ctl/name", rb_ctl_name(0x202E), "right-to-left override");
	struct rb_buf h;
	rb_buf_init(&h);
	rb_html_escape(&h, "<b>\x1b[1m\tx\n\xc2\x9b \xc2\xb7");
	STR_EQ("ctl/html-escape", rb_buf_cstr(&h), "&lt;b&gt;\\x1b[1m\tx\n&lt;U+009B&gt; \xc2\xb7");
	rb_buf_free(&h);
}
