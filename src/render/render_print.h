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
#include "model/build.h"
#include "render/output.h"
#include "base/buf.h"

/* The handbook in three steps, so that `rbc build` can render each
 * runbook's page and handbook part from one parse tree and free it:
 * begin writes the front (cover, contents, contacts, matrix; NULL with a
 * diagnostic when the style sheet is unusable), runbook appends one
 * runbook (its parse tree must be there), end closes the file (false on
 * an I/O error) and frees p. */
struct rb_print;
/* commit: the book's git commit for the cover, or NULL outside git. */
struct rb_print *rb_print_begin(struct rb_build *b, struct rb_output *o, const char *commit);
void rb_print_runbook(struct rb_print *p, const struct rb_runbook *rb);
bool rb_print_end(struct rb_print *p);
/* How many bytes of handbook.html are written (what is buffered goes
 * out first): where the next runbook's part begins. */
size_t rb_print_offset(struct rb_print *p);
/* Runbook rb's part as rb_print_runbook writes it, appended to out (on
 * any thread, b a child build of the handbook's), for rb_print_replay. */
void rb_print_runbook_text(struct rb_build *b, const struct rb_runbook *rb, struct rb_buf *out);
/* One runbook's part as an earlier rb_print_runbook wrote it, in its place. */
void rb_print_replay(struct rb_print *p, const char *text, size_t len);
/* The same, copied from the old handbook's range r (rb_output_append_range). */
void rb_print_replay_range(struct rb_print *p, const struct rb_output_range *r);
/* All three over the whole book. */
bool rb_render_print(struct rb_build *b, struct rb_output *o);

#endif
