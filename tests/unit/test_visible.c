/* test_visible.c: the escaper for terminals, CI logs and XML (visible.h):
 * each kind of character it must show escaped, what it must leave alone,
 * that its output is valid UTF-8 and stays the same when escaped again. */
#include "harness.h"
#include "base/util.h"
#include "base/visible.h"

/* s escaped with flags, in a static buffer. */
static const char *vis(const char *s, unsigned flags)
{
	static char out[512];
	struct rb_buf o;
	rb_buf_init(&o);
	rb_visible_put(&o, s, flags);
	snprintf(out, sizeof out, "%s", rb_buf_cstr(&o));
	rb_buf_free(&o);
	return out;
}

UNIT_SUITE(test_visible)
static void test_visible(void)
{
	STR_EQ("visible/esc", vis("a\x1b[31mred\x1b[0m", 0), "a\\x1b[31mred\\x1b[0m");
	STR_EQ("visible/line-breaks", vis("one\ntwo\rthree", 0), "one\\x0atwo\\x0dthree");
	STR_EQ("visible/keep-nl", vis("one\ntwo\r", RB_VISIBLE_NL), "one\ntwo\\x0d");
	STR_EQ("visible/tab", vis("a\tb", 0), "a\\x09b");
	STR_EQ("visible/keep-tab", vis("a\tb", RB_VISIBLE_TAB), "a\tb");
	STR_EQ("visible/c0-del", vis("\x01\x08\x7f", 0), "\\x01\\x08\\x7f");
	STR_EQ("visible/c1", vis("csi \xc2\x9b next \xc2\x85", 0), "csi <U+009B> next <U+0085>");
	STR_EQ("visible/bidi-overrides", vis("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad\xe2\x80\xae", 0),
	       "<U+202A><U+202B><U+202C><U+202D><U+202E>");
	STR_EQ("visible/bidi-isolates", vis("\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9", 0),
	       "<U+2066><U+2067><U+2068><U+2069>");
	STR_EQ("visible/bidi-marks", vis("\xd8\x9c\xe2\x80\x8e\xe2\x80\x8f", 0), "<U+061C><U+200E><U+200F>");
	STR_EQ("visible/separators", vis("a\xe2\x80\xa8" "b\xe2\x80\xa9", 0), "a<U+2028>b<U+2029>");
	STR_EQ("visible/noncharacters", vis("\xef\xbf\xbe\xef\xbf\xbf", 0), "<U+FFFE><U+FFFF>");
	STR_EQ("visible/ill-formed", vis("\xff \xed\xa0\x80 \xc0\xaf \xe2\x80", 0),
	       "\\xff \\xed\\xa0\\x80 \\xc0\\xaf \\xe2\\x80");
	/* text that is safe stays as it is: letters, symbols, emoji, the
	 * narrow no-break space just past the bidi block, a backslash */
	const char *plain = "caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80 a\xe2\x80\xaf" "b C:\\dir ]]> \"q\" & <x>";
	STR_EQ("visible/plain", vis(plain, 0), plain);
	struct rb_arena a;
	rb_arena_init(&a);
	OK("visible/str-unchanged-is-same", rb_visible_str(&a, plain, 0) == plain);
	OK("visible/str-null", rb_visible_str(&a, NULL, 0) == NULL);
	const char *hostile = "x\n\x1b]0;title\x07\xe2\x80\xae\xff\xc2\x9b";
	const char *once = rb_visible_str(&a, hostile, 0);
	STR_EQ("visible/str-escaped", once, "x\\x0a\\x1b]0;title\\x07<U+202E>\\xff<U+009B>");
	OK("visible/idempotent", rb_visible_str(&a, once, 0) == once);
	OK("visible/valid-utf8", rb_utf8_invalid(once, strlen(once)) == (size_t)-1);
	rb_arena_free(&a);
}
