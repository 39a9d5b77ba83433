/* import.h: `rbc import`'s two products: the canonical text of a runbook
 * read leniently, and the gap report. */
#ifndef RB_IMPORT_H
#define RB_IMPORT_H
#include <stdio.h>
#include "base/buf.h"
#include "model/model.h"

/* Append rb's canonical form to out. text/len is the whole file as read
 * (rb->body points into it). A runbook that was not read leniently is
 * copied unchanged. */
void rb_import_compose(const struct rb_runbook *rb, const char *text, size_t len, struct rb_buf *out);
/* Print, per scenario, what the canonical format asks for and rb lacks;
 * returns the number of scenarios with gaps. */
unsigned rb_import_gaps(const struct rb_runbook *rb, FILE *f);

#endif
