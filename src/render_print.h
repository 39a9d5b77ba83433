/* render_print.h: the print handbook, OUT/handbook.html: one HTML file
 * with CSS paged media (WeasyPrint or a browser's print) holding a table
 * of contents with page numbers, the contacts and escalation path, the
 * RTO/RPO matrix and every runbook, each on new pages.
 *
 * Ids are unique in the one file: the site's anchors of a runbook are
 * prefixed with "<runbook-id>/" (a step is "<runbook-id>/<scenario-id>.
 * <step-id>", e.g. "orders-db/scenario-primary-database-down.recovery.1"),
 * the runbook's own section is "<runbook-id>", contacts are
 * "contact:<id>" and the front parts "book:toc", "book:contacts" and
 * "book:rto". Runbook ids never hold '/' or ':', so these cannot clash. */
#ifndef RB_RENDER_PRINT_H
#define RB_RENDER_PRINT_H
#include "build.h"
#include "output.h"

/* Write handbook.html into o, runbook by runbook. Frees each runbook's
 * parse tree once rendered (bounded memory), so it runs after every other
 * renderer that needs the trees. False (with a diagnostic) on I/O error. */
bool rb_render_print(struct rb_build *b, struct rb_output *o);

#endif
