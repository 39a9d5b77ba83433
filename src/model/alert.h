/* alert.h: alerts and scenarios, both ways (doc/alerts.md). The alert
 * rule files are read by read/alert_files.c; this file works out where
 * each alert's runbook link lands and which scenario names which alert.
 * No I/O: the lint rules, dump, the site and `rbc alerts` read the result. */
#ifndef RB_ALERT_H
#define RB_ALERT_H
#include "base/arena.h"
#include "model/model.h"

/* Fill the resolution fields of every alert of book, book->alert_refs
 * (arena a), each scenario's alert_covered and each ignore entry's
 * expired flag (as_of: days since 1970). Call once, after every runbook and alert file is read. */
void rb_alerts_resolve(struct rb_arena *a, struct rb_book *book, long as_of);
/* The live (unexpired) ignore entry naming alert name, or NULL. */
const struct rb_alert_ignore *rb_alerts_ignored(const struct rb_book *book, const char *name);
/* What became of an alert's runbook link, worst first. */
enum rb_alert_status {
	RB_AST_MISSING,     /* required, no link, not ignored */
	RB_AST_BROKEN,      /* into the book, but no such page or anchor */
	RB_AST_MISMATCH,    /* lands on a scenario that does not name it */
	RB_AST_EXTERNAL,    /* outside the book and base_url: not checked */
	RB_AST_IGNORED,     /* a live ignore entry names it */
	RB_AST_NONE,        /* no link, and none required */
	RB_AST_PAGE,        /* lands on a page or a non-scenario anchor */
	RB_AST_LANDS,       /* lands on a scenario that names it */
};
enum rb_alert_status rb_alert_status(const struct rb_alert *a);
/* "missing", "broken", "mismatch", "external", "ignored", "none", "page", "lands". */
const char *rb_alert_status_name(enum rb_alert_status s);
/* "prometheus", "prometheusrule" or "grafana". */
const char *rb_alert_shape_name(enum rb_alert_shape s);
/* "none", "book" or "external". */
const char *rb_alert_link_name(enum rb_alert_link k);
#endif
