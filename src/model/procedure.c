/* procedure.c: finding the procedure a call names (by its link, or by
 * the title its words name), summing estimates through calls, and listing
 * who calls a procedure (procedure.h), through the book's index of
 * procedures when it has one. */
#include "model/procedure.h"
#include "base/words.h"
#include "model/format_words.h"
#include <ctype.h>
#include <stdint.h>
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
	unsigned next_title;          /* the next entry with the same normalised title, or NO_ENTRY */
	size_t ncallers, cap;
	struct unit_ref *callers;
};

#define NO_ENTRY UINT32_MAX

struct rb_proc_index {
	struct rb_strmap by_key;      /* "path\x1fid" -> entry */
	struct rb_strmap by_title;    /* normalised title -> its first entry in book order */
	struct entry *entries;
	size_t n;
};

/* Longest normalised title, in bytes with its NUL (rb_words_norm's n). */
#define TITLE_MAX 256

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
	/* a legacy heading read as a procedure keeps its own anchor too (a
	 * stub's anchors have no line of their own: lint FILE...) */
	for (size_t a = 0; rb && !rb->stub && id && a < rb->nanchors; a++)
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

bool rb_call_words(const struct rb_call *call)
{
	return call && call->lenient && !call->path && call->text;
}

bool rb_procedure_words_negated(const char *text)
{
	const struct rb_lenient_words *w = rb_format_words_lenient();
	bool neg = false;   /* the words before, in this clause, say "not" */
	char word[16];
	size_t n = 0;
	for (const char *p = text;; p++) {
		unsigned char c = (unsigned char)*p;
		bool quote = !strncmp(p, "\xe2\x80\x99", 3);   /* don't, with a typographic apostrophe */
		if (!quote && (isalnum(c) || c >= 0x80)) {
			if (n < sizeof word - 1)
				word[n] = (char)tolower(c);
			n++;
			continue;
		}
		if (n) {
			bool fits = n < sizeof word;
			word[fits ? n : 0] = '\0';
			if (neg && fits && rb_words_in_list(word, w->call_verbs))
				return true;
			neg = fits && (rb_words_in_list(word, w->negations) || (neg && !strcmp(word, "ever")));
			n = 0;
		}
		if (!c)
			return false;
		if (strchr(",;:.!?()", c))
			neg = false;   /* "if it is not, follow the X procedure" */
		p += quote ? 2 : 0;
	}
}

bool rb_procedure_words_may_call(const char *normed)
{
	const struct rb_lenient_words *w = rb_format_words_lenient();
	if (!rb_words_has_phrase(normed, w->procedure))
		return false;
	for (size_t v = 0; w->call_verbs[v]; v++)
		if (rb_words_has_phrase(normed, w->call_verbs[v]))
			return true;
	return false;
}

/* A procedure a words-only call names, with its index entry (NULL
 * without the index). */
struct hit {
	const struct rb_scenario *p;
	const struct entry *e;
};

/* The procedures titled title (normalised) outside the runbook shown as
 * file from, up to max into out, in book order; returns how many there
 * are, counting no further than stop (a call's target needs only to know
 * whether there is one or more: counting thousands of namesakes for each
 * of thousands of callers, at each of the many looks at a call, was
 * quadratic). */
static size_t titled(const struct rb_book *book, const char *from, const char *title, struct hit *out, size_t max,
		     size_t stop)
{
	size_t n = 0;
	unsigned k;
	if (book->procs) {
		if (!rb_strmap_get(&book->procs->by_title, title, &k))
			return 0;
		for (; k != NO_ENTRY && n < stop; k = book->procs->entries[k].next_title) {
			const struct entry *e = &book->procs->entries[k];
			const struct rb_scenario *p = entry_proc(book, e);
			if (p && strcmp(p->runbook->file, from) && n++ < max)
				out[n - 1] = (struct hit){p, e};
		}
		return n;
	}
	for (size_t r = 0; r < book->nrunbooks && n < stop; r++) {
		const struct rb_runbook *rb = book->runbooks[r];
		for (size_t i = 0; strcmp(rb->file, from) && i < rb->nprocedures && n < stop; i++) {
			char t[TITLE_MAX];
			rb_words_norm(rb->procedures[i].title ? rb->procedures[i].title : "", t, sizeof t);
			if (!strcmp(t, title) && n++ < max)
				out[n - 1] = (struct hit){&rb->procedures[i], NULL};
		}
	}
	return n;
}

/* Words of a normalised text: where each starts, how many. */
#define MAX_TEXT_WORDS 256
#define MAX_TITLE_WORDS 24
struct text_words {
	const char *t;
	size_t off[MAX_TEXT_WORDS + 1], n;
};

/* True when word k of tw is s. */
static bool word_is(const struct text_words *tw, size_t k, const char *s)
{
	size_t len = strlen(s);
	return k < tw->n && !strncmp(tw->t + tw->off[k], s, len) &&
	       (tw->t[tw->off[k] + len] == ' ' || !tw->t[tw->off[k] + len]);
}

/* The words a..b-1 of tw into buf (TITLE_MAX bytes); false when they do
 * not fit, so no title can be them. */
static bool span(const struct text_words *tw, size_t a, size_t b, char *buf)
{
	size_t from = tw->off[a], to = b < tw->n ? tw->off[b] - 1 : strlen(tw->t);
	if (to - from >= TITLE_MAX - 2)
		return false;
	memcpy(buf, tw->t + from, to - from);
	buf[to - from] = '\0';
	return true;
}

/* The procedures that the words after the call verb ending at word j
 * name, as the lenient reader reads a step in one document: "VERB the
 * TITLE procedure", or "VERB TITLE" in words that say "procedure"
 * (has_proc); the longest title first. Returns how many (up to max into
 * out) the first title that any procedure outside from has. */
static size_t after_verb(const struct rb_book *book, const char *from, const struct text_words *tw, size_t j,
			 bool has_proc, struct hit *out, size_t max, size_t stop)
{
	const struct rb_lenient_words *w = rb_format_words_lenient();
	char title[TITLE_MAX];
	bool the = word_is(tw, j, "the");
	for (size_t k = tw->n < j + 1 + MAX_TITLE_WORDS ? tw->n : j + 1 + MAX_TITLE_WORDS; k > j; k--) {
		size_t n = 0;
		if (the && k > j + 1 && word_is(tw, k, w->procedure) && span(tw, j + 1, k, title))
			n = titled(book, from, title, out, max, stop);
		if (!n && has_proc && span(tw, j, k, title))
			n = titled(book, from, title, out, max, stop);
		if (n)
			return n;
	}
	return 0;
}

/* The procedures a words-only call names (rb_call_named), with entries;
 * how many, counted no further than stop (titled). */
static size_t named(const struct rb_book *book, const struct rb_call *call, struct hit *out, size_t max,
		    size_t stop)
{
	if (!rb_call_words(call) || !call->loc.file)
		return 0;
	const struct rb_lenient_words *w = rb_format_words_lenient();
	struct text_words tw = {.t = call->text};
	for (size_t i = 0; call->text[i] && tw.n < MAX_TEXT_WORDS; i++)
		if (call->text[i] != ' ' && (!i || call->text[i - 1] == ' '))
			tw.off[tw.n++] = i;
	bool has_proc = rb_words_has_phrase(call->text, w->procedure);
	for (size_t i = 0; i < tw.n; i++)
		for (size_t v = 0; w->call_verbs[v]; v++) {
			if (!word_is(&tw, i, w->call_verbs[v]))
				continue;
			size_t j = i + 1;
			for (const char *sp = w->call_verbs[v]; (sp = strchr(sp, ' ')); sp++)
				j++;      /* a verb of several words */
			size_t n = after_verb(book, call->loc.file, &tw, j, has_proc, out, max, stop);
			if (n)
				return n;
		}
	return 0;
}

/* Add p to the n procedures in out (up to max) unless it is there or is
 * self; returns the new count. */
static size_t add_named(const struct rb_scenario **out, size_t n, size_t max, const struct rb_scenario *p,
			const struct rb_scenario *self)
{
	for (size_t i = 0; i < n; i++)
		if (out[i] == p)
			return n;
	if (p == self || n >= max)
		return n;
	out[n] = p;
	return n + 1;
}

/* One procedure titled title (normalised): of rb itself, else the first
 * of another document of the book; NULL when none. */
static const struct rb_scenario *titled_any(const struct rb_book *book, const struct rb_runbook *rb,
					    const char *title)
{
	for (size_t i = 0; i < rb->nprocedures; i++) {
		char t[TITLE_MAX];
		rb_words_norm(rb->procedures[i].title ? rb->procedures[i].title : "", t, sizeof t);
		if (!strcmp(t, title))
			return &rb->procedures[i];
	}
	struct hit hit;
	return titled(book, rb->file, title, &hit, 1, 1) ? hit.p : NULL;
}

size_t rb_step_procedures(const struct rb_book *book, const struct rb_scenario *unit, const char *text,
			  const struct rb_scenario **out, size_t max)
{
	const char *proc = rb_format_words_lenient()->procedure;
	char t[512];
	rb_words_norm(text, t, sizeof t);
	struct text_words tw = {.t = t};
	for (size_t i = 0; t[i] && tw.n < MAX_TEXT_WORDS; i++)
		if (t[i] != ' ' && (!i || t[i - 1] == ' '))
			tw.off[tw.n++] = i;
	size_t n = 0;
	for (size_t k = 1; k < tw.n; k++) {
		if (!word_is(&tw, k, proc))
			continue;
		char title[TITLE_MAX];
		const struct rb_scenario *p = NULL;
		for (size_t a = k > MAX_TITLE_WORDS ? k - MAX_TITLE_WORDS : 0; !p && a < k; a++)
			if (span(&tw, a, k, title))
				p = titled_any(book, unit->runbook, title);   /* the longest title first */
		if (p)
			n = add_named(out, n, max, p, unit);
	}
	return n;
}

size_t rb_call_named(const struct rb_book *book, const struct rb_call *call, const struct rb_scenario **out,
		     size_t max)
{
	struct hit hits[8];
	size_t n = named(book, call, hits, max < 8 ? max : 8, SIZE_MAX);
	for (size_t i = 0; i < n && i < max && i < 8; i++)
		out[i] = hits[i].p;
	return n;
}

/* The index entry of the procedure call names, or NULL. */
static const struct entry *call_entry(const struct rb_book *book, const struct rb_call *call)
{
	struct hit hit;
	if (rb_call_words(call))
		return named(book, call, &hit, 1, 2) == 1 ? hit.e : NULL;
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
	struct hit hit;
	if (rb_call_words(call))
		return named(book, call, &hit, 1, 2) == 1 ? hit.p : NULL;
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

/* Put entry k at the end of the entries titled title (normalised). */
static void index_title(struct rb_arena *a, struct rb_proc_index *x, const char *title, unsigned k)
{
	char t[TITLE_MAX];
	unsigned at;
	rb_words_norm(title ? title : "", t, sizeof t);
	if (!*t)
		return;
	if (!rb_strmap_get(&x->by_title, t, &at)) {
		rb_strmap_put(&x->by_title, rb_arena_strdup(a, t), k);
		return;
	}
	while (x->entries[at].next_title != NO_ENTRY)
		at = x->entries[at].next_title;
	x->entries[at].next_title = k;
}

/* Index runbook r's procedures (from entry first on): their ids, then the
 * anchors of the headings they were read from (procedures are in line order,
 * so each anchor's procedure is found by halving; a stub's anchors have no
 * line of their own). */
static void index_runbook(struct rb_arena *a, struct rb_proc_index *x, const struct rb_runbook *rb, unsigned r,
			  size_t first)
{
	for (size_t i = 0; i < rb->nprocedures; i++) {
		x->entries[first + i] = (struct entry){r, (unsigned)i, NO_ENTRY, 0, 0, NULL};
		index_put(a, x, rb->path, rb->procedures[i].id, (unsigned)(first + i));
		index_title(a, x, rb->procedures[i].title, (unsigned)(first + i));
	}
	for (size_t k = 0; !rb->stub && rb->nprocedures && k < rb->nanchors; k++) {
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
	rb_strmap_free(&book->procs->by_title);
	free(book->procs);
	book->procs = NULL;
}
