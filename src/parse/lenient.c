/* lenient.c: what the lenient reader does once parse.c has built the
 * model from its roles: objectives given per component or per severity
 * (in tables and lists away from the scenarios) reach the scenarios they
 * name, and step time windows are reported; steps that name or link to
 * a procedure of the document call it, and steps that link to another
 * document, or name a procedure in words alone, get a candidate call that
 * the book resolves. No cmark here. */
#include "parse/lenient.h"
#include "parse/lenient_words.h"
#include "model/format_words.h"
#include "model/procedure.h"
#include "parse/parse.h"
#include <stdio.h>
#include "model/build.h"
#include <ctype.h>
#include <string.h>
#include <strings.h>

#define MAX_WORDS 16

/* The words of s (ASCII letters and digits, at least 3 long, lower-case, a
 * plural 's' dropped) into w; returns how many. */
static size_t words_of(const char *s, char w[][32], size_t max)
{
	size_t n = 0, len = 0;
	for (const char *p = s;; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x80 && isalnum(c)) {
			if (len < 31)
				w[n][len++] = (char)tolower(c);
			continue;
		}
		if (len >= 3 && n < max) {
			if (len > 3 && w[n][len - 1] == 's' && w[n][len - 2] != 's')
				len--;
			w[n][len] = '\0';
			n++;
		}
		len = 0;
		if (!c || n == max)
			break;
	}
	return n;
}

/* "P0 incidents" → "P0"; NULL when the key does not start with a severity. */
static bool severity_key(const char *key, const char *severity)
{
	if (!severity)
		return false;
	size_t n = strlen(severity);
	return strncasecmp(key, severity, n) == 0 && !isalnum((unsigned char)key[n]);
}

/* True when every word of the component key occurs in the scenario title. */
static bool names_component(const char *key, const char *title)
{
	char kw[MAX_WORDS][32], tw[MAX_WORDS][32];
	size_t nk = words_of(key, kw, MAX_WORDS), nt = words_of(title, tw, MAX_WORDS);
	if (!nk)
		return false;
	for (size_t i = 0; i < nk; i++) {
		bool found = false;
		for (size_t j = 0; j < nt && !found; j++)
			found = !strcmp(kw[i], tw[j]);
		if (!found)
			return false;
	}
	return true;
}

/* Give the scenario the first matching objective of a kind it lacks. */
static void apply_objectives(struct rb_build *b, const struct rb_lenient *L, struct rb_scenario *sc)
{
	for (int rpo = 0; rpo < 2; rpo++) {
		struct rb_duration *d = rpo ? &sc->rpo : &sc->rto;
		for (size_t i = 0; i < L->nobjectives && !d->set; i++) {
			const struct rb_objective *o = &L->objectives[i];
			if (o->rpo != (bool)rpo)
				continue;
			if (!severity_key(o->key, sc->severity.s) && !names_component(o->key, sc->title))
				continue;
			*d = o->value;
			rb_diag(b, RB_D_LENIENT_OBJECTIVE, sc->loc, "%s %s of '%s' (line %u) applied to scenario '%s'",
				rpo ? "RPO" : "RTO", o->value.text, o->key, o->value.loc.line, sc->title);
		}
	}
}

/* The procedure of rb other than self that step text names as "follow /
 * see / use / run the X procedure" (X its title, any case), or NULL. */
static const struct rb_scenario *named_procedure(const struct rb_runbook *rb, const char *text,
						 const struct rb_scenario *self)
{
	const struct rb_lenient_words *w = rb_format_words_lenient();
	const char *const *verbs = w->call_verbs;
	char t[512];
	rb_words_norm(text, t, sizeof t);
	if (!rb_procedure_words_may_call(t) || rb_procedure_words_negated(text))
		return NULL;   /* no verb and "procedure", or "do not use the X procedure" */
	for (size_t i = 0; i < rb->nprocedures; i++) {
		char title[256], phrase[384];
		if (&rb->procedures[i] == self)
			continue;      /* a procedure naming itself only mentions it */
		rb_words_norm(rb->procedures[i].title, title, sizeof title);
		for (size_t v = 0; *title && verbs[v]; v++) {
			snprintf(phrase, sizeof phrase, "%s the %s %s", verbs[v], title, w->procedure);
			if (rb_words_has_phrase(t, phrase))
				return &rb->procedures[i];
			snprintf(phrase, sizeof phrase, "%s %s", verbs[v], title);
			if (rb_words_has_phrase(t, phrase) && rb_words_has_phrase(t, w->procedure))
				return &rb->procedures[i];
		}
	}
	return NULL;
}

/* Put call into sec's calls, which stay in step order. */
static void insert_call(struct rb_build *b, struct rb_section *sec, const struct rb_call *call)
{
	const struct rb_call **calls = rb_arena_alloc(&b->arena, (sec->ncalls + 1) * sizeof *calls);
	size_t at = sec->ncalls;
	while (at && sec->calls[at - 1]->step > call->step)
		at--;
	if (at)
		memcpy(calls, sec->calls, at * sizeof *calls);
	calls[at] = call;
	if (sec->ncalls > at)
		memcpy(calls + at + 1, sec->calls + at, (sec->ncalls - at) * sizeof *calls);
	sec->ncalls++;
	sec->calls = calls;
}

/* Make step st of section sec a call of target (path#fragment as
 * written) at the step, text the procedure's title (or the step's, while
 * the procedure is not known), with a note saying why (none: NULL). */
void rb_lenient_add_call(struct rb_build *b, struct rb_section *sec, struct rb_step *st, const char *text,
			const char *target, const char *path, const char *fragment, const char *why)
{
	struct rb_call *call = rb_arena_alloc(&b->arena, sizeof *call);
	*call = (struct rb_call){st->loc, target, text, path, fragment, st->index, st->estimate, true};
	st->call = call;
	insert_call(b, sec, call);
	if (why)
		rb_diag(b, RB_D_LENIENT_CALL, st->loc, "step %s '%s' %s", st->id, st->title, why);
}

/* add_call for procedure p of rb itself. */
static void add_own_call(struct rb_build *b, const struct rb_runbook *rb, struct rb_section *sec, struct rb_step *st,
			 const struct rb_scenario *p, const char *why)
{
	rb_lenient_add_call(b, sec, st, p->title, rb_arena_printf(&b->arena, "#%s", p->id), rb->path, p->id,
		 rb_arena_printf(&b->arena, "%s procedure '%s'", why, p->title));
}

/* Call fn on each step of rb's scenarios and procedures that calls
 * nothing yet, with its section and its scenario or procedure, until fn
 * returns true; that step, or NULL when fn never did. */
static struct rb_step *each_open_step(struct rb_runbook *rb,
				      bool (*fn)(void *ctx, struct rb_section *sec, const struct rb_scenario *unit,
						 struct rb_step *st),
				      void *ctx)
{
	for (int p = 0; p < 2; p++) {
		struct rb_scenario *all = p ? rb->procedures : rb->scenarios;
		size_t m = p ? rb->nprocedures : rb->nscenarios;
		for (size_t i = 0; i < m; i++)
			for (size_t j = 0; j < all[i].nsections; j++)
				for (size_t k = 0; k < all[i].sections[j].nsteps; k++) {
					struct rb_step *st = &all[i].sections[j].steps[k];
					if (!st->call && fn(ctx, &all[i].sections[j], &all[i], st))
						return st;
				}
	}
	return NULL;
}

/* What step_at looks for, and where it found it. */
struct step_find {
	unsigned line;
	struct rb_section **sec;
	const struct rb_scenario **unit;
};

/* Whether st is the step on f's line (its section and unit then kept). */
static bool step_on_line(void *ctx, struct rb_section *sec, const struct rb_scenario *unit, struct rb_step *st)
{
	struct step_find *f = ctx;
	if (st->loc.line != f->line)
		return false;
	*f->sec = sec;
	*f->unit = unit;
	return true;
}

/* The step of rb's scenarios and procedures whose first line is line and
 * that calls nothing yet (with its section in *sec and its scenario or
 * procedure in *unit), or NULL. */
struct rb_step *rb_lenient_step_at(struct rb_runbook *rb, unsigned line, struct rb_section **sec,
				   const struct rb_scenario **unit)
{
	struct step_find f = {line, sec, unit};
	return each_open_step(rb, step_on_line, &f);
}

/* Steps of rb's scenarios and procedures that name one of its (other)
 * procedures in words become calls of it, each with a note. */
static void word_calls(struct rb_build *b, struct rb_runbook *rb)
{
	for (int p = 0; p < 2; p++) {
		struct rb_scenario *all = p ? rb->procedures : rb->scenarios;
		size_t m = p ? rb->nprocedures : rb->nscenarios;
		for (size_t i = 0; i < m; i++)
			for (size_t j = 0; j < all[i].nsections; j++) {
				struct rb_section *sec = &all[i].sections[j];
				for (size_t k = 0; k < sec->nsteps; k++) {
					struct rb_step *st = &sec->steps[k];
					const struct rb_scenario *proc = st->call ? NULL : named_procedure(rb, st->title, &all[i]);
					if (proc)
						add_own_call(b, rb, sec, st, proc, "runs");
				}
			}
	}
}

/* True when link l of rb leads to another document of the book. */
static bool other_doc(const struct rb_runbook *rb, const struct rb_link *l)
{
	return l->kind == RB_LINK_DOC && !l->call && l->path && strcmp(l->path, rb->path);
}

/* Steps whose first line links to another document of the book (a link
 * with an anchor first, else one without) call what the link names
 * there, the procedure its anchor names or the document's only one
 * (model/procedure.h). Whether it is one is known once the whole book is
 * read: until then, and in the book when it names none, the call is only
 * a candidate (rb_call_target finds nothing, and the link stays an
 * ordinary link). */
static void other_doc_calls(struct rb_build *b, struct rb_runbook *rb)
{
	for (int pass = 0; pass < 2; pass++)
		for (size_t l = 0; l < rb->nlinks; l++) {
			struct rb_link *link = &rb->links[l];
			struct rb_section *sec;
			const struct rb_scenario *unit;
			struct rb_step *st;
			if (!other_doc(rb, link) || (link->fragment == NULL) != (pass == 1) ||
			    !(st = rb_lenient_step_at(rb, link->loc.line, &sec, &unit)))
				continue;
			rb_lenient_add_call(b, sec, st, st->title, link->target, link->path, link->fragment, NULL);
			rb_diag(b, RB_D_LENIENT_LINK_CALL, st->loc, "step %s '%s' links to '%s'", st->id, st->title,
				link->target);
			link->call = true;
		}
}

/* Give st a words-only call when its words could name a procedure of
 * another document (ctx: the build); never stops the walk. */
static bool word_candidate(void *ctx, struct rb_section *sec, const struct rb_scenario *unit, struct rb_step *st)
{
	struct rb_build *b = ctx;
	char t[512];
	(void)unit;
	rb_words_norm(st->title, t, sizeof t);
	if (rb_procedure_words_may_call(t) && !rb_procedure_words_negated(st->title))
		rb_lenient_add_call(b, sec, st, rb_arena_strdup(&b->arena, t), NULL, NULL, NULL, NULL);
	return false;
}

/* Steps of rb that call nothing yet and whose words could name a
 * procedure ("use the Failover procedure") get a words-only call that the
 * book resolves to a procedure of another document by its title
 * (rb_call_words), or to none: the step then stays words, silently. */
static void word_candidates(struct rb_build *b, struct rb_runbook *rb)
{
	each_open_step(rb, word_candidate, b);
}

void rb_lenient_link_calls(struct rb_build *b, struct rb_runbook *rb)
{
	for (size_t l = 0; rb->legacy && l < rb->nlinks; l++) {
		struct rb_link *link = &rb->links[l];
		const struct rb_scenario *p = link->kind == RB_LINK_DOC && !link->call && link->path &&
						      !strcmp(link->path, rb->path) ? rb_runbook_procedure(rb, link->fragment) : NULL;
		struct rb_section *sec;
		const struct rb_scenario *unit;
		struct rb_step *st = p ? rb_lenient_step_at(rb, link->loc.line, &sec, &unit) : NULL;
		if (st && unit != p) {   /* a procedure's link to itself only points at it */
			add_own_call(b, rb, sec, st, p, "links to, so runs,");
			link->call = true;
		}
	}
	if (rb->legacy) {
		other_doc_calls(b, rb);
		word_candidates(b, rb);
	}
}

void rb_lenient_finish(struct rb_build *b, struct rb_runbook *rb)
{
	const struct rb_lenient *L = rb->legacy;
	word_calls(b, rb);
	for (size_t i = 0; i < rb->nscenarios; i++) {
		struct rb_scenario *sc = &rb->scenarios[i];
		if (!sc->lenient)
			continue;
		apply_objectives(b, L, sc);
		for (size_t j = 0; j < sc->nsections; j++)
			for (size_t k = 0; k < sc->sections[j].nsteps; k++) {
				const struct rb_step *st = &sc->sections[j].steps[k];
				if (st->estimate.set)
					rb_diag(b, RB_D_LENIENT_WINDOW, st->loc, "'(%s)' on step %s '%s'", st->estimate.text,
						st->id, st->title);
			}
	}
}
