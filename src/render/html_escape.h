/* html_escape.h: the one HTML escaper (text and attributes alike) and the
 * URL check for href/src. base/visible.h is the terminal's and the step
 * scripts' escaper; JSON goes through base/json_write.h. */
#ifndef RB_HTML_ESCAPE_H
#define RB_HTML_ESCAPE_H
#include "base/buf.h"
#include <stdbool.h>

/* The one HTML escaper: & < > " ' become entities (text and attributes);
 * control characters other than tab and newline, which no page may hold,
 * are written out as \x1b or &lt;U+0085&gt; (ctlchar.h's notation). */
void rb_html_escape(struct rb_buf *out, const char *s);
void rb_html_escape_n(struct rb_buf *out, const char *s, size_t n);
/* True when url is safe in href/src: no scheme, or http(s)/mailto/tel,
 * judged case- and whitespace-insensitively. */
bool rb_html_url_safe(const char *url);

#endif
