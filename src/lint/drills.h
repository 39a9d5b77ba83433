/* drills.h: drill runs set against the book: measured recovery times,
 * phases against estimates, and one status per scenario (drill.h). */
#ifndef RB_DRILLS_H
#define RB_DRILLS_H
#include "model/build.h"
#include "model/drill.h"

/* Judge the runs rb_drill_read_dir put in r against b's book, as of
 * r->as_of: a run of a scenario the book does not have is an error at its
 * record's run_start (with a did-you-mean) and is dropped; runs that
 * started before r->since (when >= 0) are dropped; r->scenarios gets every
 * scenario of the book in book order with its runs, figures and status. */
void rb_drills_judge(struct rb_build *b, struct rb_drill_report *r);

#endif
