/* html_escape.c: the one HTML (and XML) escaper for text and attribute
 * values, and the check of what a URL may be before it goes into href or
 * src. Every page, the print handbook, the review report and the
 * templates write their values through it. */
#include "render/html_escape.h"
#include <ctype.h>
#include <string.h>

void rb_html_escape_n(struct rb_buf *out, const char *s, size_t n)
{
	size_t run = 0;   /* start of the bytes that need no escaping */
	for (size_t i = 0; i < n; i++) {
		const char *ent;
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '&': ent = "&amp;"; break;
		case '<': ent = "&lt;"; break;
		case '>': ent = "&gt;"; break;
		case '"': ent = "&quot;"; break;
		case '\'': ent = "&#39;"; break;
		case '\t': case '\n': continue;
		default:
			/* a control character (no HTML may hold one) is written out */
			if (c >= 0x20 && c != 0x7f && !(c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
							 (unsigned char)s[i + 1] <= 0x9F))
				continue;
			rb_buf_add(out, s + run, i - run);
			if (c == 0xC2)
				rb_buf_printf(out, "&lt;U+%04X&gt;", (unsigned char)s[++i]);
			else
				rb_buf_printf(out, "\\x%02x", c);
			run = i + 1;
			continue;
		}
		rb_buf_add(out, s + run, i - run);   /* copied in runs, not byte by byte */
		rb_buf_puts(out, ent);
		run = i + 1;
	}
	rb_buf_add(out, s + run, n - run);
}

void rb_html_escape(struct rb_buf *out, const char *s)
{
	if (s)
		rb_html_escape_n(out, s, strlen(s));
}

bool rb_html_url_safe(const char *url)
{
	char scheme[16];
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
		if (*p <= ' ' || *p == 0x7f)
			continue;       /* browsers drop these inside a scheme */
		if (*p == ':')
			break;
		if (*p == '/' || *p == '?' || *p == '#')
			return true;    /* a relative URL */
		if (n + 1 >= sizeof scheme || !(isalnum(*p) || *p == '+' || *p == '-' || *p == '.') || *p == '&')
			return false;   /* an entity or odd byte before ':' */
		scheme[n++] = (char)tolower(*p);
	}
	if (!strchr(url, ':'))
		return true;
	scheme[n] = '\0';
	return !strcmp(scheme, "http") || !strcmp(scheme, "https") || !strcmp(scheme, "mailto") ||
	       !strcmp(scheme, "tel");
}
