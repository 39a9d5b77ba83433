/* rto_row.h: one row of the RTO/RPO matrix: what a scenario declares, what
 * its tier's policy allows and what its steps' estimates add up to.
 * Shared by the print handbook and the site's matrix page. */
#ifndef RB_RTO_ROW_H
#define RB_RTO_ROW_H
#include "model/build.h"

struct rb_rto_row {
	const struct rb_scenario *sc;
	const struct rb_duration *rto, *rpo;      /* declared: scenario, else runbook; NULL when absent */
	const struct rb_duration *tier_rto, *tier_rpo;   /* rbc.yaml's policy for the tier; NULL when none */
	bool steps_any;          /* at least one step carries an estimate */
	long steps_lo, steps_hi; /* sum of the estimates, Rollback left out (seconds) */
	bool rto_breach;         /* declared RTO (upper end) above the tier's RTO */
	bool rpo_breach;         /* declared RPO (upper end) above the tier's RPO */
	bool steps_breach;       /* the steps' upper ends above the RTO (declared, else tier) */
};

/* Fill row for scenario sc of book b. */
void rb_rto_row_fill(const struct rb_build *b, const struct rb_scenario *sc, struct rb_rto_row *row);
/* True when any of the row's three checks is breached. */
bool rb_rto_row_breached(const struct rb_rto_row *row);

#endif
