/* render_drills.h: the drill report (lint/drills.h) in every format. The
 * Markdown and HTML forms are the exercise report an auditor files:
 * period, scenarios exercised, measured against objective, failures and
 * skipped steps, scenarios never exercised, and the records' hash. */
#ifndef RB_RENDER_DRILLS_H
#define RB_RENDER_DRILLS_H
#include "base/buf.h"
#include "model/drill.h"
#include "render/render_report.h"

/* Append the whole report in format f to out. */
void rb_drills_render(const struct rb_drill_report *r, enum rb_report_format f, struct rb_buf *out);
/* Append the report body as an HTML fragment (no <html> or <head>), its
 * title at heading level `level`, for the site's drills.html. */
void rb_drills_html_section(const struct rb_drill_report *r, int level, struct rb_buf *out);
/* "1h02m03s" for secs >= 0, "-" otherwise, into out (n >= 24). */
const char *rb_drills_hms(long secs, char *out, size_t n);

#endif
