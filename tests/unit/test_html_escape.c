/* test_html_escape.c: the one HTML escaper (html_escape.h) and the URL
 * checks and encoder that go with it. */
#include "harness.h"
#include "render/html_escape.h"
#include "base/buf.h"
#include <stdio.h>

/* s through rb_html_escape_n (n bytes) or rb_buf_url_path, as a static string. */
static const char *escaped(const char *s, size_t n, bool url)
{
	static char out[256];
	struct rb_buf b;
	rb_buf_init(&b);
	if (url)
		rb_buf_url_path(&b, s);
	else
		rb_html_escape_n(&b, s, n);
	snprintf(out, sizeof out, "%s", rb_buf_cstr(&b));
	rb_buf_free(&b);
	return out;
}

UNIT_SUITE(html_escape_suite)
static void html_escape_suite(void)
{
	STR_EQ("html-escape/entities", escaped("a<b>&\"c\" 'd'", 12, false),
	       "a&lt;b&gt;&amp;&quot;c&quot; &#39;d&#39;");
	STR_EQ("html-escape/n-stops", escaped("<i>rest", 3, false), "&lt;i&gt;");
	STR_EQ("html-escape/utf8-kept", escaped("caf\xc3\xa9 \xe2\x80\x94", 9, false), "caf\xc3\xa9 \xe2\x80\x94");
	STR_EQ("html-escape/nul-safe", escaped("a\0b", 3, false), "a\\x00b");
	OK("html-escape/url-https", rb_html_url_safe("https://example.org/x"));
	OK("html-escape/url-relative", rb_html_url_safe("../db/failover.html#step-2"));
	OK("html-escape/url-javascript", !rb_html_url_safe("java\tscript:alert(1)"));
	OK("html-escape/url-entity", !rb_html_url_safe("javascript&#58;alert(1)"));
	STR_EQ("html-escape/url-path", escaped("db/fail over?#%.md", 0, true), "db/fail%20over%3F%23%25.md");
}
