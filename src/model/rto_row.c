/* rto_row.c: the RTO/RPO matrix rows. The step sum follows the step-budget
 * rule: upper ends of every estimate outside Rollback (rollback replaces
 * recovery rather than adding to it); a step that calls a procedure counts
 * the procedure's estimates. */
#include "model/rto_row.h"
#include "model/procedure.h"

/* The duration d when set, else NULL. */
static const struct rb_duration *set_or_null(const struct rb_duration *d)
{
	return d->set ? d : NULL;
}

void rb_rto_row_fill(const struct rb_build *b, const struct rb_scenario *sc, struct rb_rto_row *row)
{
	const struct rb_runbook *rb = sc->runbook;
	*row = (struct rb_rto_row){.sc = sc};
	row->rto = set_or_null(&sc->rto);
	if (!row->rto && rb)
		row->rto = set_or_null(&rb->rto);
	row->rpo = set_or_null(&sc->rpo);
	if (!row->rpo && rb)
		row->rpo = set_or_null(&rb->rpo);
	if (rb && rb->tier >= 1 && rb->tier <= 3) {
		row->tier_rto = set_or_null(&b->book.config.tiers[rb->tier].rto);
		row->tier_rpo = set_or_null(&b->book.config.tiers[rb->tier].rpo);
	}
	for (size_t i = 0; i < sc->nsections; i++) {
		const struct rb_section *sec = &sc->sections[i];
		if (sec->kind == RB_SEC_ROLLBACK)
			continue;
		if (rb_section_estimate_calls(&b->book, sec, &row->steps_lo, &row->steps_hi, 0))
			row->steps_any = true;
	}
	row->rto_breach = row->rto && row->tier_rto && row->rto->hi > row->tier_rto->hi;
	row->rpo_breach = row->rpo && row->tier_rpo && row->rpo->hi > row->tier_rpo->hi;
	const struct rb_duration *budget = row->rto ? row->rto : row->tier_rto;
	row->steps_breach = row->steps_any && budget && row->steps_hi > budget->hi;
}

bool rb_rto_row_breached(const struct rb_rto_row *row)
{
	return row->rto_breach || row->rpo_breach || row->steps_breach;
}
