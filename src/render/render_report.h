/* render_report.h: the staleness report in every format. Each format is
 * one function over the same struct rb_stale_report; every value taken
 * from the book goes through that format's one escaper. */
#ifndef RB_RENDER_REPORT_H
#define RB_RENDER_REPORT_H
#include "base/buf.h"
#include "lint/stale.h"

enum rb_report_format { RB_REPORT_TEXT, RB_REPORT_MD, RB_REPORT_CSV, RB_REPORT_JSON, RB_REPORT_HTML };

/* "text", "md", "csv", "json" or "html"; false for anything else. */
bool rb_report_parse_format(const char *name, enum rb_report_format *f);
/* Append the whole report in format f to out. */
void rb_report_render(const struct rb_stale_report *r, enum rb_report_format f, struct rb_buf *out);
/* Append the report body as an HTML fragment (one <section>, no <html> or
 * <head>, styles under the class rbc-review) to out, for embedding in the
 * site's review.html. Everything from the book is escaped. */
void rb_report_html_body(const struct rb_stale_report *r, struct rb_buf *out);
/* The same with its title at heading level `level` (owners one below),
 * for pages where the report sits under other headings. */
void rb_report_html_section(const struct rb_stale_report *r, int level, struct rb_buf *out);

/* The report's Markdown and CSV escapers (render_report.c), shared by
 * every report in those formats (the alerts and drills reports too). */
void rb_report_md_put(struct rb_buf *o, const char *s);
void rb_report_csv_put(struct rb_buf *o, const char *s);

#endif
