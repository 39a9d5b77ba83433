/* unit_keys.c: each runbook unit's key from what it is made from
 * (unit_keys.h): the context, the book digest (with what every words-only
 * call resolved to), its file, and the summaries of the runbooks on
 * either end of its links and calls. */
#include "cli/unit_keys.h"
#include "model/procedure.h"
#include "model/summary.h"
#include "base/util.h"
#include <stdlib.h>
#include <string.h>

/* A list of runbook indexes. */
struct list {
	size_t *v, n, cap;
};

/* Append x to l. */
static void list_add(struct list *l, size_t x)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 4;
		l->v = rb_xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = x;
}

/* The edges of the book: what each runbook links to or calls, what its
 * calls alone name (followed through nested procedures), and what links
 * to it. */
struct graph {
	struct list *out, *calls, *in;
	size_t n;
};

/* Add runbook i's edge to path (a call when call) to g, when path is
 * another runbook of book. */
static void edge(struct graph *g, const struct rb_book *book, size_t i, const char *path, bool call)
{
	size_t to;
	if (!path || !rb_book_runbook_at(book, path, &to) || to == i)
		return;
	list_add(&g->out[i], to);
	list_add(&g->in[to], i);
	if (call)
		list_add(&g->calls[i], to);
}

/* The calls of one scenario or procedure's sections as edges of i (a
 * words-only call's to the runbook of the procedure the book resolved it
 * to, if any). */
static void call_edges(struct graph *g, const struct rb_book *book, size_t i, const struct rb_scenario *sc)
{
	for (size_t s = 0; s < sc->nsections; s++)
		for (size_t c = 0; c < sc->sections[s].ncalls; c++) {
			const struct rb_call *call = sc->sections[s].calls[c];
			const struct rb_scenario *p = rb_call_words(call) ? rb_call_target(book, call) : NULL;
			edge(g, book, i, p ? p->runbook->path : call->path, true);
		}
}

/* Every words-only call of unit u of rb that resolved into f: its runbook
 * and the procedure it calls. One that calls none is left out (it renders
 * as words whatever its name), and so are its words: a change to them is
 * in rb's own summary, so an edit that calls the same keeps the digest. */
static void words_digest(struct rb_fingerprint *f, const struct rb_book *book, const struct rb_runbook *rb,
			 const struct rb_scenario *u)
{
	for (size_t s = 0; s < u->nsections; s++)
		for (size_t c = 0; c < u->sections[s].ncalls; c++) {
			const struct rb_call *call = u->sections[s].calls[c];
			const struct rb_scenario *p = rb_call_words(call) ? rb_call_target(book, call) : NULL;
			if (!p)
				continue;
			rb_fingerprint_str(f, rb->path);
			rb_fingerprint_str(f, p->runbook->path);
			rb_fingerprint_str(f, p->id);
		}
}

/* Every runbook's edges into g. */
static void graph_make(struct graph *g, const struct rb_book *book)
{
	g->n = book->nrunbooks;
	g->out = rb_xcalloc(g->n + 1, sizeof *g->out);
	g->calls = rb_xcalloc(g->n + 1, sizeof *g->calls);
	g->in = rb_xcalloc(g->n + 1, sizeof *g->in);
	for (size_t i = 0; i < g->n; i++) {
		const struct rb_runbook *rb = book->runbooks[i];
		for (size_t j = 0; j < rb->nlinks; j++)
			if (rb->links[j].kind == RB_LINK_DOC)
				edge(g, book, i, rb->links[j].path, rb->links[j].call);
		for (size_t s = 0; s < rb->nscenarios; s++)
			call_edges(g, book, i, &rb->scenarios[s]);
		for (size_t p = 0; p < rb->nprocedures; p++)
			call_edges(g, book, i, &rb->procedures[p]);
	}
}

/* Free what g holds. */
static void graph_free(struct graph *g)
{
	for (size_t i = 0; i < g->n; i++)
		free(g->out[i].v), free(g->calls[i].v), free(g->in[i].v);
	free(g->out), free(g->calls), free(g->in);
}

/* rb_runbook_summary_write's sink: a fingerprint. */
static void put_fp(void *ctx, const void *data, size_t len)
{
	rb_fingerprint_add(ctx, data, len);
}

/* Compare two runbook indexes. */
static int by_index(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

/* Runbook i's dependencies into deps (sorted, each once, not i): what it
 * links to or calls, what those call in turn, and what links to it.
 * mark[] holds i + 1 for the ones taken. */
static void deps_of(const struct graph *g, size_t i, size_t *mark, struct list *deps)
{
	deps->n = 0;
	mark[i] = i + 1;
	for (size_t k = 0; k < g->out[i].n; k++)
		if (mark[g->out[i].v[k]] != i + 1)
			mark[g->out[i].v[k]] = i + 1, list_add(deps, g->out[i].v[k]);
	for (size_t at = 0; at < deps->n; at++) {   /* the callees' callees, breadth first */
		const struct list *c = &g->calls[deps->v[at]];
		for (size_t k = 0; k < c->n; k++)
			if (mark[c->v[k]] != i + 1)
				mark[c->v[k]] = i + 1, list_add(deps, c->v[k]);
	}
	for (size_t k = 0; k < g->in[i].n; k++)
		if (mark[g->in[i].v[k]] != i + 1)
			mark[g->in[i].v[k]] = i + 1, list_add(deps, g->in[i].v[k]);
	if (deps->n > 1)
		qsort(deps->v, deps->n, sizeof *deps->v, by_index);
}

void rb_unit_keys_make(struct rb_unit_keys *k, const struct rb_book *book, const struct rb_fingerprint *context,
		       const char *const *file)
{
	size_t n = book->nrunbooks;
	k->n = n;
	k->key = rb_xcalloc(n + 1, sizeof *k->key);
	/* the book digest and each summary's own fingerprint */
	struct rb_fingerprint digest = *context;
	struct rb_fingerprint *sum = rb_xcalloc(n + 1, sizeof *sum);
	for (size_t i = 0; i < n; i++) {
		const struct rb_runbook *rb = book->runbooks[i];
		/* which procedure a step's words call hangs on every title in the
		 * book: another runbook gaining one can make it ambiguous while
		 * the caller's and the callee's edges stay the same (a link
		 * between them), and the callee's "Used by" changes too. Such
		 * changes are rare, so they render the whole book again. */
		for (size_t s = 0; s < rb->nscenarios; s++)
			words_digest(&digest, book, rb, &rb->scenarios[s]);
		for (size_t p = 0; p < rb->nprocedures; p++)
			words_digest(&digest, book, rb, &rb->procedures[p]);
		rb_fingerprint_str(&digest, rb->path);
		rb_fingerprint_str(&digest, rb->id.s);
		for (size_t t = 0; t < rb->ntags; t++)
			rb_fingerprint_str(&digest, rb->tags[t].s);
		rb_fingerprint_str(&digest, "");
		rb_fingerprint_init(&sum[i]);
		rb_runbook_summary_write(rb, put_fp, &sum[i]);
	}
	struct graph g;
	graph_make(&g, book);
	size_t *mark = rb_xcalloc(n + 1, sizeof *mark);
	struct list deps = {0};
	for (size_t i = 0; i < n; i++) {
		if (!file[i])
			continue;
		struct rb_fingerprint f = digest;
		rb_fingerprint_str(&f, book->runbooks[i]->path);
		rb_fingerprint_str(&f, file[i]);
		rb_fingerprint_str(&f, i ? "next" : "first");   /* the first part has no separator */
		deps_of(&g, i, mark, &deps);
		for (size_t d = 0; d < deps.n; d++) {
			rb_fingerprint_str(&f, book->runbooks[deps.v[d]]->path);
			rb_fingerprint_add(&f, &sum[deps.v[d]], sizeof sum[deps.v[d]]);
		}
		rb_fingerprint_hex(&f, k->key[i]);
	}
	free(deps.v);
	free(mark);
	graph_free(&g);
	free(sum);
}

bool rb_unit_keys_get(const struct rb_unit_keys *k, size_t i, char out[33])
{
	if (i >= k->n || !k->key[i][0])
		return false;
	memcpy(out, k->key[i], 33);
	return true;
}

void rb_unit_keys_free(struct rb_unit_keys *k)
{
	free(k->key);
	*k = (struct rb_unit_keys){0};
}
