/* alert.h: alerts and scenarios, both ways (doc/alerts.md). The alert
 * rule files are read by read/alert_files.c; this file works out where
 * each alert's runbook link lands and which scenario names which alert.
 * No I/O: the lint rules, dump, the site and `rbc alerts` read the result. */
#ifndef RB_ALERT_H
#define RB_ALERT_H
#include "base/arena.h"
#include "model/model.h"

/* Fill the resolution fields of every alert of book, book->alert_refs
 * (arena a) and each ignore entry's expired flag (as_of: days since
 * 1970). Call once, after every runbook and alert file is read. */
void rb_alerts_resolve(struct rb_arena *a, struct rb_book *book, long as_of);
/* The live (unexpired) ignore entry naming alert name, or NULL. */
const struct rb_alert_ignore *rb_alerts_ignored(const struct rb_book *book, const char *name);
/* "prometheus", "prometheusrule" or "grafana". */
const char *rb_alert_shape_name(enum rb_alert_shape s);
/* "none", "book" or "external". */
const char *rb_alert_link_name(enum rb_alert_link k);
#endif
