/* procedure.c: finding the procedure a call names, summing estimates
 * through calls, and listing who calls a procedure (procedure.h). */
#include "model/procedure.h"
#include <string.h>

const struct rb_scenario *rb_runbook_procedure(const struct rb_runbook *rb, const char *id)
{
	for (size_t i = 0; rb && id && i < rb->nprocedures; i++)
		if (!strcmp(rb->procedures[i].id, id))
			return &rb->procedures[i];
	/* a legacy heading read as a procedure keeps its own anchor too */
	for (size_t a = 0; rb && id && a < rb->nanchors; a++)
		if (!strcmp(rb->anchors[a].id, id))
			for (size_t i = 0; i < rb->nprocedures; i++)
				if (rb->procedures[i].loc.line == rb->anchors[a].loc.line)
					return &rb->procedures[i];
	return NULL;
}

const struct rb_scenario *rb_call_target(const struct rb_book *book, const struct rb_call *call)
{
	if (!call)
		return NULL;
	return rb_runbook_procedure(rb_book_runbook_by_path(book, call->path), call->fragment);
}

bool rb_section_estimate_calls(const struct rb_book *book, const struct rb_section *sec, long *lo, long *hi,
			       int depth)
{
	bool any = rb_section_estimate(sec, lo, hi);
	for (size_t i = 0; depth < RB_MAX_CALL_DEPTH && i < sec->ncalls; i++) {
		const struct rb_call *call = sec->calls[i];
		const struct rb_scenario *p = rb_call_target(book, call);
		long plo = 0, phi = 0;
		if (!p || !rb_procedure_estimate(book, p, &plo, &phi, depth + 1))
			continue;
		if (call->estimate.set) {
			*lo -= call->estimate.lo;
			*hi -= call->estimate.hi;
		}
		*lo += plo;
		*hi += phi;
		any = true;
	}
	return any;
}

bool rb_procedure_estimate(const struct rb_book *book, const struct rb_scenario *proc, long *lo, long *hi,
			   int depth)
{
	bool any = false;
	for (size_t i = 0; i < proc->nsections; i++)
		if (proc->sections[i].kind != RB_SEC_ROLLBACK)
			any = rb_section_estimate_calls(book, &proc->sections[i], lo, hi, depth) || any;
	return any;
}

/* True when a step of unit u calls proc. */
static bool calls(const struct rb_book *book, const struct rb_scenario *u, const struct rb_scenario *proc)
{
	for (size_t i = 0; i < u->nsections; i++)
		for (size_t k = 0; k < u->sections[i].ncalls; k++)
			if (rb_call_target(book, u->sections[i].calls[k]) == proc)
				return true;
	return false;
}

size_t rb_procedure_callers(struct rb_arena *a, const struct rb_book *book, const struct rb_scenario *proc,
			    const struct rb_scenario ***out)
{
	size_t n = 0, cap = 0;
	const struct rb_scenario **list = NULL;
	for (size_t r = 0; r < book->nrunbooks; r++) {
		const struct rb_runbook *rb = book->runbooks[r];
		for (int p = 0; p < 2; p++) {
			const struct rb_scenario *all = p ? rb->procedures : rb->scenarios;
			size_t m = p ? rb->nprocedures : rb->nscenarios;
			for (size_t i = 0; i < m; i++) {
				if (!calls(book, &all[i], proc))
					continue;
				if (n == cap) {
					const struct rb_scenario **grown = rb_arena_alloc(a, (cap = cap ? 2 * cap : 4) * sizeof *grown);
					if (n)
						memcpy(grown, list, n * sizeof *grown);
					list = grown;
				}
				list[n++] = &all[i];
			}
		}
	}
	*out = list;
	return n;
}
