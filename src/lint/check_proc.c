/* check_proc.c: the checks of procedures and the steps that call them
 * (doc/format.md, "Procedures"): a call must name a procedure, a
 * procedure must have steps and a caller, and no procedure may call
 * itself, directly or through others. */
#include "lint/check.h"
#include "model/procedure.h"
#include "base/buf.h"
#include "base/util.h"
#include "base/strmap.h"
#include <string.h>

/* True when the book holds stubs (lint FILE...): callers and procedures
 * of the other runbooks are then unknown, so absence proves nothing. */
static bool any_stub(const struct rb_book *book)
{
	for (size_t i = 0; i < book->nrunbooks; i++)
		if (book->runbooks[i]->stub)
			return true;
	return false;
}

/* Book path to as a link written in the file at book path from: the
 * folders they share dropped, one "../" for each of from's others. */
static const char *relative_to(struct rb_build *b, const char *from, const char *to)
{
	size_t common = 0;
	for (size_t i = 0; from[i] && from[i] == to[i]; i++)
		if (from[i] == '/')
			common = i + 1;
	struct rb_buf r;
	rb_buf_init(&r);
	for (const char *p = from + common; (p = strchr(p, '/')); p++)
		rb_buf_puts(&r, "../");
	rb_buf_puts(&r, to + common);
	char *s = rb_arena_strdup(&b->arena, rb_buf_cstr(&r));
	rb_buf_free(&r);
	return s;
}

/* " (did you mean '#x'?)" for the procedure id of runbook to (or, when to
 * has none, of the whole book) nearest to frag, with its runbook's path
 * when that is not from (the caller's), written from the caller's folder;
 * "" when none is close. */
static const char *procedure_hint(struct rb_build *b, const char *from, const struct rb_runbook *to, const char *frag)
{
	size_t n = 0, total = 0;
	for (size_t r = 0; r < b->book.nrunbooks; r++)
		total += b->book.runbooks[r]->nprocedures;
	const char **ids = rb_arena_alloc(&b->arena, (total + 1) * sizeof *ids);
	for (size_t r = 0; r < b->book.nrunbooks; r++) {
		const struct rb_runbook *rb = b->book.runbooks[r];
		if (to && to->nprocedures && rb != to)
			continue;
		for (size_t i = 0; i < rb->nprocedures; i++)
			ids[n++] = rb->procedures[i].id;
	}
	const char *near = rb_nearest(frag, ids, n);
	if (!near)
		return "";
	const struct rb_scenario *p = NULL;
	for (size_t r = 0; !p && r < b->book.nrunbooks; r++)
		p = rb_runbook_procedure(b->book.runbooks[r], near);
	return p && strcmp(p->runbook->path, from)
		       ? rb_arena_printf(&b->arena, " (did you mean '%s#%s'?)",
					 relative_to(b, from, p->runbook->path), near)
		       : rb_arena_printf(&b->arena, " (did you mean '#%s'?)", near);
}

/* A words-only call (rb_call_words): a note naming the procedure it
 * resolved to, or, when the name it gives is the title of procedures in
 * several other documents, procedure-call-ambiguous listing them as links
 * to write from the caller's folder. A name no procedure has is prose.
 * Stubs (lint FILE...) hold their procedures' titles and places, so the
 * words resolve there as in the whole book. */
static void check_words_call(struct rb_build *b, const char *from, const struct rb_call *call)
{
	const struct rb_scenario *named[8];
	size_t n = rb_call_named(&b->book, call, named, 8);
	if (n == 1) {
		rb_diag(b, RB_D_LENIENT_WORDS_CALL, call->loc, "'%s' at %s:%u", named[0]->title, named[0]->loc.file,
			named[0]->loc.line);
		return;
	}
	if (n < 2)
		return;
	struct rb_buf where, mean;
	rb_buf_init(&where);
	rb_buf_init(&mean);
	for (size_t i = 0; i < n && i < 8; i++) {
		const char *sep = !i ? "" : i + 1 == n ? " and " : ", ";
		const char *or = !i ? "" : i + 1 == n ? " or " : ", ";
		rb_buf_printf(&where, "%s%s:%u", sep, named[i]->loc.file, named[i]->loc.line);
		rb_buf_printf(&mean, "%s'%s#%s'", or, relative_to(b, from, named[i]->runbook->path), named[i]->id);
	}
	if (n > 8)
		rb_buf_printf(&where, " and %zu more", n - 8);
	rb_diag(b, RB_D_PROC_CALL_AMBIGUOUS, call->loc, "'%s' at %s (did you mean %s?)", named[0]->title,
		rb_buf_cstr(&where), rb_buf_cstr(&mean));
	rb_buf_free(&where);
	rb_buf_free(&mean);
}

/* One call that names no procedure. A link alone to some other anchor is
 * an ordinary link (link-broken checks it) unless its fragment says it
 * means a procedure ("#procedure-..."). */
static void check_call(struct rb_build *b, const char *from, const struct rb_call *call)
{
	if (rb_call_words(call)) {
		check_words_call(b, from, call);
		return;
	}
	if (rb_call_target(&b->book, call))
		return;
	const struct rb_runbook *to = rb_book_runbook_by_path(&b->book, call->path);
	if (to && to->stub)
		return;
	if (!call->fragment || !rb_starts_with(call->fragment, "procedure-"))
		return;     /* a lenient link to a document that holds no lone procedure */
	if (!to)
		rb_diag(b, RB_D_PROC_CALL_BROKEN, call->loc, "'%s': no runbook %s in the book%s", call->target,
			call->path, procedure_hint(b, from, NULL, call->fragment));
	else
		rb_diag(b, RB_D_PROC_CALL_BROKEN, call->loc, "'%s': %s has no procedure '#%s'%s", call->target, to->file,
			call->fragment, procedure_hint(b, from, to, call->fragment));
}

/* A lenient call at a step of unit u whose words name several
 * procedures ("follow the A procedure, then the B procedure"): it runs
 * only the one it calls, so procedure-call-several names the others. */
static void check_several(struct rb_build *b, const struct rb_scenario *u, const struct rb_section *sec,
			  const struct rb_call *call)
{
	const struct rb_scenario *target = call->lenient ? rb_call_target(&b->book, call) : NULL;
	for (size_t k = 0; target && sec->steps && k < sec->nsteps; k++) {
		const struct rb_step *st = &sec->steps[k];
		const struct rb_scenario *named[8];
		size_t n;
		if (st->call != call || !st->title || (n = rb_step_procedures(&b->book, u, st->title, named, 8)) < 2)
			continue;
		struct rb_buf others;
		rb_buf_init(&others);
		for (size_t i = 0, m = 0; i < n; i++)
			if (named[i] != target)
				rb_buf_printf(&others, "%s'%s'", m++ ? ", " : "", named[i]->title);
		rb_diag(b, RB_D_PROC_CALL_SEVERAL, call->loc, "step %s calls '%s'; %s never run%s", st->id, target->title,
			rb_buf_cstr(&others), n > 2 ? "" : "s");
		rb_buf_free(&others);
	}
}

/* Every call of unit u (a scenario or procedure). */
static void check_calls(struct rb_build *b, const struct rb_scenario *u)
{
	for (size_t i = 0; i < u->nsections; i++)
		for (size_t k = 0; k < u->sections[i].ncalls; k++) {
			check_call(b, u->runbook->path, u->sections[i].calls[k]);
			check_several(b, u, &u->sections[i], u->sections[i].calls[k]);
		}
}

/* The book's document links by target, built once per lint at the first
 * procedure that no step calls: "path" (a link without an anchor) and
 * "path\x1fanchor" map to the index of the one runbook whose links lead
 * there, or MANY_LINKERS when several do. Scanning every link of every
 * runbook for each such procedure made lint quadratic in the book. */
#define MANY_LINKERS 0xffffffffu
struct doc_links {
	struct rb_strmap by_target;
	struct rb_arena *keys;
	bool built;
};

/* Record that runbook r links to key (an arena string). */
static void note_link(struct doc_links *dl, const char *key, unsigned r)
{
	unsigned was;
	if (!rb_strmap_get(&dl->by_target, key, &was))
		rb_strmap_put(&dl->by_target, key, r);
	else if (was != r)
		rb_strmap_put(&dl->by_target, key, MANY_LINKERS);
}

/* Fill dl from every document link of the book. */
static void build_doc_links(struct doc_links *dl, const struct rb_book *book)
{
	for (size_t r = 0; r < book->nrunbooks; r++) {
		const struct rb_runbook *rb = book->runbooks[r];
		for (size_t i = 0; i < rb->nlinks; i++) {
			const struct rb_link *l = &rb->links[i];
			if (l->kind == RB_LINK_DOC && l->path)
				note_link(dl, l->fragment ? rb_arena_printf(dl->keys, "%s\x1f%s", l->path, l->fragment)
							  : l->path, (unsigned)r);
		}
	}
	dl->built = true;
}

/* True when a runbook other than p's links to key in dl. */
static bool linked_by_other(const struct doc_links *dl, const struct rb_book *book, const char *key,
			    const struct rb_scenario *p)
{
	unsigned r;
	return rb_strmap_get(&dl->by_target, key, &r) && (r == MANY_LINKERS || book->runbooks[r] != p->runbook);
}

/* True when another runbook links to procedure p (its file, or its
 * anchor): a helper document that alert pages point at is in use. */
static bool linked(struct doc_links *dl, const struct rb_book *book, const struct rb_scenario *p)
{
	if (!dl->built)
		build_doc_links(dl, book);
	return linked_by_other(dl, book, p->runbook->path, p) ||
	       linked_by_other(dl, book, rb_arena_printf(dl->keys, "%s\x1f%s", p->runbook->path, p->id), p);
}

/* The path of calls being followed from one procedure. */
struct walk {
	const struct rb_scenario *stack[RB_MAX_CALL_DEPTH + 1];
	const struct rb_call *via[RB_MAX_CALL_DEPTH + 1];
	int depth;
};

/* Report the cycle that the walk closed back at its start, at the first
 * call on it: "A → B → A". */
static void report_cycle(struct rb_build *b, const struct walk *w)
{
	struct rb_buf names;
	rb_buf_init(&names);
	for (int i = 0; i < w->depth; i++)
		rb_buf_printf(&names, "'%s' → ", w->stack[i]->title);
	rb_buf_printf(&names, "'%s'", w->stack[0]->title);
	rb_diag(b, RB_D_PROC_CYCLE, w->via[0]->loc, "%s; a procedure may not run itself", rb_buf_cstr(&names));
	rb_buf_free(&names);
}

/* Follow the calls of the procedure on top of the walk; report the first
 * path that comes back to the start (each member of a cycle reports it at
 * its own call, so every step to change is named). True when found. */
static bool follow(struct rb_build *b, struct walk *w)
{
	const struct rb_scenario *top = w->stack[w->depth - 1];
	for (size_t i = 0; i < top->nsections; i++)
		for (size_t k = 0; k < top->sections[i].ncalls; k++) {
			const struct rb_scenario *p = rb_call_target(&b->book, top->sections[i].calls[k]);
			bool seen = false;
			for (int d = 1; p && d < w->depth; d++)
				seen = seen || w->stack[d] == p;
			if (!p || seen || w->depth > RB_MAX_CALL_DEPTH)
				continue;
			w->via[w->depth - 1] = top->sections[i].calls[k];
			if (p == w->stack[0]) {
				report_cycle(b, w);
				return true;
			}
			w->stack[w->depth++] = p;
			bool found = follow(b, w);
			w->depth--;
			if (found)
				return true;
		}
	return false;
}

void rb_check_procedures(struct rb_build *b)
{
	bool stubs = any_stub(&b->book);
	struct rb_arena tmp;
	rb_arena_init(&tmp);
	struct doc_links dl = {.keys = &tmp};
	for (size_t r = 0; r < b->book.nrunbooks; r++) {
		const struct rb_runbook *rb = b->book.runbooks[r];
		for (size_t i = 0; i < rb->nscenarios; i++)
			check_calls(b, &rb->scenarios[i]);
		/* a stub's procedures (lint FILE...) are ids and titles only: checked in full
		 * when their own file is linted */
		for (size_t i = 0; !rb->stub && i < rb->nprocedures; i++) {
			const struct rb_scenario *p = &rb->procedures[i];
			check_calls(b, p);
			size_t steps = 0;
			for (size_t j = 0; j < p->nsections; j++)
				steps += p->sections[j].kind != RB_SEC_ROLLBACK ? p->sections[j].nsteps : 0;
			if (!steps)
				rb_diag(b, RB_D_PROC_NO_STEPS, p->loc, "procedure '%s'", p->title);
			const struct rb_scenario **callers;
			if (!stubs && !rb_procedure_callers(&tmp, &b->book, p, &callers) && !linked(&dl, &b->book, p))
				rb_diag(b, RB_D_PROC_UNUSED, p->loc, "procedure '%s'", p->title);
			struct walk w = {.stack = {p}, .depth = 1};
			follow(b, &w);
		}
	}
	rb_strmap_free(&dl.by_target);
	rb_arena_free(&tmp);
}
