/* procedure.c: finding the procedure a call names, summing estimates
 * through calls, and listing who calls a procedure (procedure.h), through
 * the book's index of procedures when it has one. */
#include "model/procedure.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A scenario or procedure by its place: runbook r's scenarios[i], or its
 * procedures[i] when proc. */
struct unit_ref {
	unsigned r, i;
	bool proc;
};

/* One procedure of the index, and the units that call it in book order. */
struct entry {
	unsigned r, i;
	size_t ncallers, cap;
	struct unit_ref *callers;
};

struct rb_proc_index {
	struct rb_strmap by_key;      /* "path\x1fid" -> entry */
	struct entry *entries;
	size_t n;
};

/* The index's key of (path, id) in buf (n bytes), or NULL when it does not fit. */
static const char *index_key(char *buf, size_t n, const char *path, const char *id)
{
	int len = snprintf(buf, n, "%s\x1f%s", path, id);
	return len >= 0 && (size_t)len < n ? buf : NULL;
}

/* The entry of (path, id), or NULL. */
static const struct entry *index_find(const struct rb_book *book, const char *path, const char *id)
{
	char small[512];
	unsigned k;
	size_t need = strlen(path) + strlen(id) + 2;
	char *big = need > sizeof small ? rb_xmalloc(need) : NULL;
	const char *key = index_key(big ? big : small, big ? need : sizeof small, path, id);
	bool found = key && rb_strmap_get(&book->procs->by_key, key, &k);
	free(big);
	return found ? &book->procs->entries[k] : NULL;
}

/* The procedure an entry names, in the book as it is now. */
static const struct rb_scenario *entry_proc(const struct rb_book *book, const struct entry *e)
{
	const struct rb_runbook *rb = e->r < book->nrunbooks ? book->runbooks[e->r] : NULL;
	return rb && e->i < rb->nprocedures ? &rb->procedures[e->i] : NULL;
}

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

/* The id of the procedure that call names in runbook rb: its fragment,
 * or, for a lenient call that links to a document with no anchor, the id
 * of the document's only procedure when it holds no scenario (a helper
 * document); NULL when it names none. */
static const char *call_fragment(const struct rb_runbook *rb, const struct rb_call *call)
{
	if (call->fragment)
		return call->fragment;
	return call->lenient && rb && rb->nprocedures == 1 && !rb->nscenarios ? rb->procedures[0].id : NULL;
}

/* The index entry of the procedure call names, or NULL. */
static const struct entry *call_entry(const struct rb_book *book, const struct rb_call *call)
{
	if (!call->path)
		return NULL;
	const char *id = call->fragment ? call->fragment
					: call_fragment(rb_book_runbook_by_path(book, call->path), call);
	return id ? index_find(book, call->path, id) : NULL;
}

const struct rb_scenario *rb_call_target(const struct rb_book *book, const struct rb_call *call)
{
	if (!call)
		return NULL;
	if (book->procs) {
		const struct entry *e = call_entry(book, call);
		return e ? entry_proc(book, e) : NULL;
	}
	const struct rb_runbook *rb = call->path ? rb_book_runbook_by_path(book, call->path) : NULL;
	return rb_runbook_procedure(rb, rb ? call_fragment(rb, call) : NULL);
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

/* proc's callers from the index: 0 when proc is not the book's. */
static size_t indexed_callers(struct rb_arena *a, const struct rb_book *book, const struct rb_scenario *proc,
			      const struct rb_scenario ***out)
{
	const struct entry *e = index_find(book, proc->runbook->path, proc->id);
	const struct rb_scenario **list = rb_arena_alloc(a, (e ? e->ncallers : 0) * sizeof *list + 1);
	size_t n = 0;
	for (size_t k = 0; e && k < e->ncallers; k++) {
		const struct unit_ref *u = &e->callers[k];
		const struct rb_runbook *rb = u->r < book->nrunbooks ? book->runbooks[u->r] : NULL;
		if (rb && u->i < (u->proc ? rb->nprocedures : rb->nscenarios))
			list[n++] = u->proc ? &rb->procedures[u->i] : &rb->scenarios[u->i];
	}
	*out = list;
	return n;
}

size_t rb_procedure_callers(struct rb_arena *a, const struct rb_book *book, const struct rb_scenario *proc,
			    const struct rb_scenario ***out)
{
	if (book->procs)
		return indexed_callers(a, book, proc, out);
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

/* Put (path, id) -> entry k in the index, unless the key is there already
 * (a procedure's own id wins over a heading's anchor). */
static void index_put(struct rb_arena *a, struct rb_proc_index *x, const char *path, const char *id, unsigned k)
{
	size_t need = strlen(path) + strlen(id) + 2;
	char *key = rb_arena_alloc(a, need);
	unsigned old;
	index_key(key, need, path, id);
	if (!rb_strmap_get(&x->by_key, key, &old))
		rb_strmap_put(&x->by_key, key, (unsigned)k);
}

/* Index runbook r's procedures (from entry first on): their ids, then the
 * anchors of the headings they were read from (procedures are in line order,
 * so each anchor's procedure is found by halving). */
static void index_runbook(struct rb_arena *a, struct rb_proc_index *x, const struct rb_runbook *rb, unsigned r,
			  size_t first)
{
	for (size_t i = 0; i < rb->nprocedures; i++) {
		x->entries[first + i] = (struct entry){r, (unsigned)i, 0, 0, NULL};
		index_put(a, x, rb->path, rb->procedures[i].id, (unsigned)(first + i));
	}
	for (size_t k = 0; rb->nprocedures && k < rb->nanchors; k++) {
		size_t lo = 0, hi = rb->nprocedures;
		while (hi - lo > 1) {
			size_t mid = lo + (hi - lo) / 2;
			if (rb->procedures[mid].loc.line <= rb->anchors[k].loc.line)
				lo = mid;
			else
				hi = mid;
		}
		if (rb->procedures[lo].loc.line == rb->anchors[k].loc.line)
			index_put(a, x, rb->path, rb->anchors[k].id, (unsigned)(first + lo));
	}
}

/* Record that unit u calls the procedure of entry e (once per unit). */
static void add_caller(struct rb_arena *a, struct entry *e, struct unit_ref u)
{
	struct unit_ref *last = e->ncallers ? &e->callers[e->ncallers - 1] : NULL;
	if (last && last->r == u.r && last->i == u.i && last->proc == u.proc)
		return;
	if (e->ncallers == e->cap) {
		struct unit_ref *grown = rb_arena_alloc(a, (e->cap = e->cap ? 2 * e->cap : 2) * sizeof *grown);
		if (e->ncallers)
			memcpy(grown, e->callers, e->ncallers * sizeof *grown);
		e->callers = grown;
	}
	e->callers[e->ncallers++] = u;
}

void rb_procedure_index(struct rb_arena *a, struct rb_book *book)
{
	rb_procedure_index_free(book);
	struct rb_proc_index *x = rb_xcalloc(1, sizeof *x);
	for (size_t r = 0; r < book->nrunbooks; r++)
		x->n += book->runbooks[r]->nprocedures;
	x->entries = rb_arena_alloc(a, (x->n + 1) * sizeof *x->entries);
	for (size_t r = 0, first = 0; r < book->nrunbooks; first += book->runbooks[r++]->nprocedures)
		index_runbook(a, x, book->runbooks[r], (unsigned)r, first);
	book->procs = x;
	for (size_t r = 0; r < book->nrunbooks; r++) {
		const struct rb_runbook *rb = book->runbooks[r];
		for (int p = 0; p < 2; p++) {
			const struct rb_scenario *all = p ? rb->procedures : rb->scenarios;
			size_t m = p ? rb->nprocedures : rb->nscenarios;
			for (size_t i = 0; i < m; i++)
				for (size_t s = 0; s < all[i].nsections; s++)
					for (size_t k = 0; k < all[i].sections[s].ncalls; k++) {
						const struct rb_call *c = all[i].sections[s].calls[k];
						const struct entry *e = call_entry(book, c);
						if (e)
							add_caller(a, &x->entries[e - x->entries],
								   (struct unit_ref){(unsigned)r, (unsigned)i, p == 1});
					}
		}
	}
}

void rb_procedure_index_free(struct rb_book *book)
{
	if (!book->procs)
		return;
	rb_strmap_free(&book->procs->by_key);
	free(book->procs);
	book->procs = NULL;
}
