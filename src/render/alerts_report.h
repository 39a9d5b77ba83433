/* alerts_report.h: `rbc alerts`, the coverage report of alerts and
 * scenarios (doc/alerts.md), in text, JSON, CSV and Markdown; and the
 * alert<TAB>url list for generating runbook_url annotations. */
#ifndef RB_ALERTS_REPORT_H
#define RB_ALERTS_REPORT_H
#include <stdbool.h>
#include "base/buf.h"
#include "model/build.h"

enum rb_alerts_format { RB_ALERTS_TEXT, RB_ALERTS_JSON, RB_ALERTS_CSV, RB_ALERTS_MD };

/* "text", "json", "csv" or "md"; false for anything else. */
bool rb_alerts_parse_format(const char *name, enum rb_alerts_format *f);
/* Append the coverage report of b's book in format f to out. */
void rb_alerts_render(struct rb_build *b, enum rb_alerts_format f, struct rb_buf *out);
/* Append one line "alert<TAB>url" for every alert a scenario's Alerts:
 * names, url being base_url (or nothing) + the scenario's page#anchor. */
void rb_alerts_render_urls(struct rb_build *b, struct rb_buf *out);
/* The site URL of scenario sc, relative to the site's root (page#id). */
const char *rb_alerts_scenario_href(struct rb_build *b, const struct rb_scenario *sc);

#endif
