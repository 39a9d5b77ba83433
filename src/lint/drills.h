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
/* Read and judge the records under dir, or, when dir is NULL, under the
 * book's own runs folder (rbc.yaml drills: {runs:}), as of b->as_of.
 * NULL when dir is NULL and the book names none, or (after a message)
 * when the folder cannot be read; problems in records are diagnostics. */
struct rb_drill_report *rb_drills_of_book(struct rb_build *b, const char *dir, long since);
/* The report's entry for the scenario whose runbook and scenario ids are
 * these (as in the book), or NULL. */
const struct rb_drill_scenario *rb_drills_find(const struct rb_drill_report *r, const char *runbook,
					       const char *scenario);

#endif
