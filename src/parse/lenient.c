/* lenient.c: what the lenient reader does once parse.c has built the
 * model from its roles: objectives given per component or per severity
 * (in tables and lists away from the scenarios) reach the scenarios they
 * name, and step time windows are reported. No cmark here. */
#include "parse/lenient.h"
#include "parse/lenient_words.h"
#include "model/format_words.h"
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

/* The procedure of rb that step text names as "follow / see / use / run
 * the X procedure" (X its title, any case), or NULL. */
static const struct rb_scenario *named_procedure(const struct rb_runbook *rb, const char *text)
{
	const struct rb_lenient_words *w = rb_format_words_lenient();
	const char *const *verbs = w->call_verbs;
	char t[512];
	rb_words_norm(text, t, sizeof t);
	for (size_t i = 0; i < rb->nprocedures; i++) {
		char title[256], phrase[384];
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

/* Steps of rb's scenarios that name one of its procedures in words
 * become calls of it, each with a note. */
static void word_calls(struct rb_build *b, struct rb_runbook *rb)
{
	for (size_t i = 0; i < rb->nscenarios; i++)
		for (size_t j = 0; j < rb->scenarios[i].nsections; j++) {
			struct rb_section *sec = &rb->scenarios[i].sections[j];
			for (size_t k = 0; k < sec->nsteps; k++) {
				struct rb_step *st = &sec->steps[k];
				const struct rb_scenario *p = st->call ? NULL : named_procedure(rb, st->title);
				if (!p)
					continue;
				struct rb_call *call = rb_arena_alloc(&b->arena, sizeof *call);
				*call = (struct rb_call){st->loc, rb_arena_printf(&b->arena, "#%s", p->id), p->title, rb->path,
							 p->id, st->index, st->estimate};
				st->call = call;
				const struct rb_call **calls = rb_arena_alloc(&b->arena, (sec->ncalls + 1) * sizeof *calls);
				if (sec->ncalls)
					memcpy(calls, sec->calls, sec->ncalls * sizeof *calls);
				calls[sec->ncalls++] = call;
				sec->calls = calls;
				rb_diag(b, RB_D_LENIENT_CALL, st->loc, "step %s '%s' runs procedure '%s'", st->id, st->title, p->title);
			}
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
