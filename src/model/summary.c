/* summary.c: a runbook's summary (summary.h), copied field by field into
 * another arena. Every location inside the runbook names the copy's own
 * file string, so nothing points back into the full model. */
#include "model/summary.h"
#include <string.h>

/* The copy being made: where it goes and the file name its locations use. */
struct copy {
	struct rb_arena *a;
	const char *old_file, *new_file;
};

/* A location, its file name moved to the copy's. */
static struct rb_loc loc(const struct copy *c, struct rb_loc l)
{
	if (l.file == c->old_file || (l.file && c->old_file && !strcmp(l.file, c->old_file)))
		l.file = c->new_file;
	else
		l.file = rb_arena_strdup(c->a, l.file);
	return l;
}

/* A string into the copy's arena; NULL stays NULL. */
static const char *str(const struct copy *c, const char *s)
{
	return rb_arena_strdup(c->a, s);
}

static struct rb_text text(const struct copy *c, struct rb_text t)
{
	return (struct rb_text){str(c, t.s), loc(c, t.loc)};
}

static struct rb_duration duration(const struct copy *c, struct rb_duration d)
{
	d.text = str(c, d.text);
	d.loc = loc(c, d.loc);
	return d;
}

/* An array of n items of size each, zeroed, or NULL when n is 0. */
static void *array(const struct copy *c, size_t n, size_t size)
{
	return n ? rb_arena_alloc(c->a, n * size) : NULL;
}

/* A procedure's step in full: its text, commands and estimate (scripts
 * of other runbooks run it in place); its call is set by copy_section. */
static void copy_step(const struct copy *c, struct rb_step *to, const struct rb_step *from)
{
	*to = *from;
	to->loc = loc(c, from->loc);
	to->id = str(c, from->id);
	to->title = str(c, from->title);
	to->text = str(c, from->text);
	to->estimate = duration(c, from->estimate);
	to->call = NULL;
	to->commands = array(c, from->ncommands, sizeof *to->commands);
	for (size_t i = 0; i < from->ncommands; i++) {
		const struct rb_command *f = &from->commands[i];
		to->commands[i] = *f;
		to->commands[i].loc = loc(c, f->loc);
		to->commands[i].lang = str(c, f->lang);
		to->commands[i].info = str(c, f->info);
		to->commands[i].text = str(c, f->text);
	}
}

/* A section's kind, heading, step count, its calls and the sum of its
 * steps' time estimates (the steps themselves stay behind unless full:
 * their ids follow from the kind and count, see rb_section_has_step);
 * its text only for Symptoms, which the search index holds, or full. */
static void copy_section(const struct copy *c, struct rb_section *to, const struct rb_section *from, bool full)
{
	to->kind = from->kind;
	to->title = str(c, from->title);
	to->loc = loc(c, from->loc);
	to->first_line = from->first_line;
	to->last_line = from->last_line;
	to->text = from->kind == RB_SEC_SYMPTOMS || full ? str(c, from->text) : NULL;
	to->empty = from->empty;
	to->lenient = from->lenient;
	to->nsteps = from->nsteps;
	to->estimate_any = rb_section_estimate(from, &to->estimate_lo, &to->estimate_hi);
	if (full && from->steps) {
		to->steps = array(c, from->nsteps, sizeof *to->steps);
		for (size_t i = 0; i < from->nsteps; i++)
			copy_step(c, &to->steps[i], &from->steps[i]);
	}
	to->ncalls = from->ncalls;
	to->calls = array(c, from->ncalls, sizeof *to->calls);
	for (size_t i = 0; i < from->ncalls; i++) {
		const struct rb_call *f = from->calls[i];
		struct rb_call *k = rb_arena_alloc(c->a, sizeof *k);
		*k = (struct rb_call){loc(c, f->loc), str(c, f->target), str(c, f->text), str(c, f->path),
				      str(c, f->fragment), f->step, duration(c, f->estimate), f->lenient};
		to->calls[i] = k;
		if (to->steps && k->step >= 1 && k->step <= to->nsteps)
			to->steps[k->step - 1].call = k;
	}
}

/* A scenario with its metadata and sections, belonging to runbook rb;
 * a procedure whole, with its steps. */
static void copy_scenario(const struct copy *c, struct rb_runbook *rb, struct rb_scenario *to,
			  const struct rb_scenario *from)
{
	bool full = from->procedure;
	to->procedure = from->procedure;
	to->description = str(c, from->description);
	to->nneeds = from->nneeds;
	to->needs = array(c, from->nneeds, sizeof *to->needs);
	for (size_t i = 0; i < from->nneeds; i++)
		to->needs[i] = text(c, from->needs[i]);
	to->id = str(c, from->id);
	to->title = str(c, from->title);
	to->loc = loc(c, from->loc);
	to->meta_loc = loc(c, from->meta_loc);
	to->first_line = from->first_line;
	to->last_line = from->last_line;
	to->severity = text(c, from->severity);
	to->rto = duration(c, from->rto);
	to->rpo = duration(c, from->rpo);
	to->owner = text(c, from->owner);
	to->owner_effective = from->owner_effective == from->owner.s ? to->owner.s
			    : from->owner_effective == from->runbook->owner.s ? rb->owner.s
			    : str(c, from->owner_effective);
	to->alerts = text(c, from->alerts);
	to->lenient = from->lenient;
	memcpy(to->digest, from->digest, sizeof to->digest);
	to->nsections = from->nsections;
	to->sections = array(c, from->nsections, sizeof *to->sections);
	for (size_t i = 0; i < from->nsections; i++)
		copy_section(c, &to->sections[i], &from->sections[i], full);
	to->runbook = rb;
}

static void copy_links(const struct copy *c, struct rb_runbook *to, const struct rb_runbook *from)
{
	to->nlinks = from->nlinks;
	to->links = array(c, from->nlinks, sizeof *to->links);
	for (size_t i = 0; i < from->nlinks; i++) {
		const struct rb_link *l = &from->links[i];
		to->links[i] = (struct rb_link){l->kind, loc(c, l->loc), str(c, l->target), str(c, l->path),
						str(c, l->fragment), str(c, l->scenario_id), l->call};
	}
	to->nanchors = from->nanchors;
	to->anchors = array(c, from->nanchors, sizeof *to->anchors);
	for (size_t i = 0; i < from->nanchors; i++)
		to->anchors[i] = (struct rb_anchor){str(c, from->anchors[i].id), loc(c, from->anchors[i].loc)};
	to->nignores = from->nignores;
	to->ignores = array(c, from->nignores, sizeof *to->ignores);
	for (size_t i = 0; i < from->nignores; i++) {
		const struct rb_ignore *g = &from->ignores[i];
		to->ignores[i] = (struct rb_ignore){str(c, g->rule), str(c, g->reason), loc(c, g->loc),
						    g->first_line, g->last_line};
	}
}

/* The front matter fields, as read and defaulted. */
static void copy_front(const struct copy *c, struct rb_runbook *to, const struct rb_runbook *from)
{
	to->id = text(c, from->id);
	to->title = text(c, from->title);
	to->service = text(c, from->service);
	to->owner = text(c, from->owner);
	to->tier = from->tier;
	to->tier_loc = loc(c, from->tier_loc);
	to->ntags = from->ntags;
	to->tags = array(c, from->ntags, sizeof *to->tags);
	for (size_t i = 0; i < from->ntags; i++)
		to->tags[i] = text(c, from->tags[i]);
	to->reviewed = from->reviewed;
	to->reviewed.text = str(c, from->reviewed.text);
	to->reviewed.loc = loc(c, from->reviewed.loc);
	to->review_every = duration(c, from->review_every);
	to->review_every_default = from->review_every_default;
	to->rto = duration(c, from->rto);
	to->rpo = duration(c, from->rpo);
}

struct rb_runbook *rb_runbook_summary(struct rb_arena *a, const struct rb_runbook *from)
{
	struct rb_runbook *to = rb_arena_alloc(a, sizeof *to);
	struct copy c = {a, from->file, rb_arena_strdup(a, from->file)};
	to->path = str(&c, from->path);
	to->file = c.new_file;
	to->format = from->format;
	copy_front(&c, to, from);
	to->body_line = from->body_line;
	to->body_parsed = from->body_parsed;
	to->source_hash = from->source_hash;
	to->lenient = from->lenient;
	to->nscenarios = from->nscenarios;
	to->scenarios = array(&c, from->nscenarios, sizeof *to->scenarios);
	for (size_t i = 0; i < from->nscenarios; i++)
		copy_scenario(&c, to, &to->scenarios[i], &from->scenarios[i]);
	to->nprocedures = from->nprocedures;
	to->procedures = array(&c, from->nprocedures, sizeof *to->procedures);
	for (size_t i = 0; i < from->nprocedures; i++)
		copy_scenario(&c, to, &to->procedures[i], &from->procedures[i]);
	copy_links(&c, to, from);
	to->summary = true;
	return to;
}

/* --- the summary's bytes (rb_runbook_summary_write) --- */

/* Where the bytes go. */
struct sink {
	void (*put)(void *ctx, const void *data, size_t len);
	void *ctx;
	bool whole;   /* rb_runbook_summary_save: what load needs back too */
};

/* A number as 8 bytes. */
static void w_num(const struct sink *k, long long v)
{
	k->put(k->ctx, &v, sizeof v);
}

/* A string with its length first; NULL differs from "". */
static void w_str(const struct sink *k, const char *s)
{
	w_num(k, s ? (long long)strlen(s) : -1);
	if (s)
		k->put(k->ctx, s, strlen(s));
}

static void w_loc(const struct sink *k, struct rb_loc l)
{
	w_str(k, l.file);
	w_num(k, l.line);
	w_num(k, l.col);
}

static void w_text(const struct sink *k, struct rb_text t)
{
	w_str(k, t.s);
	w_loc(k, t.loc);
}

static void w_duration(const struct sink *k, const struct rb_duration *d)
{
	w_num(k, d->set);
	w_num(k, d->lo);
	w_num(k, d->hi);
	w_str(k, d->text);
	w_loc(k, d->loc);
}

/* A procedure's step as copy_step keeps it: scripts and pages of the
 * runbooks that call it show its text, commands and estimate. */
static void w_step(const struct sink *k, const struct rb_step *st)
{
	w_loc(k, st->loc);
	w_str(k, st->id);
	w_num(k, st->index);
	w_str(k, st->title);
	w_str(k, st->text);
	w_duration(k, &st->estimate);
	w_num(k, st->destructive);
	w_num(k, (long long)st->ncommands);
	for (size_t i = 0; i < st->ncommands; i++) {
		const struct rb_command *c = &st->commands[i];
		w_loc(k, c->loc);
		w_str(k, c->lang);
		w_str(k, c->info);
		w_str(k, c->text);
		w_num(k, c->shell);
		w_num(k, c->norun);
		w_num(k, c->destructive);
	}
}

/* A section as copy_section keeps it: with its calls, and with its steps
 * in full when it has them (a procedure's). */
static void w_section(const struct sink *k, const struct rb_section *s)
{
	long lo = 0, hi = 0;
	bool any = rb_section_estimate(s, &lo, &hi);   /* a summary's own sums */
	w_num(k, s->kind);
	w_str(k, s->title);
	w_loc(k, s->loc);
	w_num(k, s->first_line);
	w_num(k, s->last_line);
	w_str(k, s->kind == RB_SEC_SYMPTOMS ? s->text : NULL);
	w_num(k, s->empty);
	w_num(k, s->lenient);
	w_num(k, (long long)s->nsteps);
	w_num(k, any);
	w_num(k, lo);
	w_num(k, hi);
	w_str(k, s->steps && s->kind != RB_SEC_SYMPTOMS ? s->text : NULL);   /* a full section's */
	w_num(k, s->steps != NULL);
	for (size_t i = 0; s->steps && i < s->nsteps; i++)
		w_step(k, &s->steps[i]);
	w_num(k, (long long)s->ncalls);
	for (size_t i = 0; i < s->ncalls; i++) {
		const struct rb_call *c = s->calls[i];
		w_loc(k, c->loc);
		w_str(k, c->target);
		w_str(k, c->text);
		w_str(k, c->path);
		w_str(k, c->fragment);
		w_num(k, c->step);
		w_duration(k, &c->estimate);
		w_num(k, c->lenient);   /* a lenient call of a helper's only procedure names none */
	}
}

/* A scenario as copy_scenario keeps it. */
static void w_scenario(const struct sink *k, const struct rb_scenario *sc)
{
	w_str(k, sc->id);
	w_str(k, sc->title);
	w_loc(k, sc->loc);
	w_loc(k, sc->meta_loc);
	w_num(k, sc->first_line);
	w_num(k, sc->last_line);
	w_text(k, sc->severity);
	w_duration(k, &sc->rto);
	w_duration(k, &sc->rpo);
	w_text(k, sc->owner);
	w_str(k, sc->owner_effective);
	w_text(k, sc->alerts);
	w_num(k, sc->lenient);
	w_num(k, sc->procedure);
	w_str(k, sc->description);
	w_num(k, (long long)sc->nneeds);
	for (size_t i = 0; i < sc->nneeds; i++)
		w_text(k, sc->needs[i]);
	w_num(k, (long long)sc->nsections);
	for (size_t i = 0; i < sc->nsections; i++)
		w_section(k, &sc->sections[i]);
	if (k->whole) {
		w_str(k, sc->digest);
		w_num(k, !sc->owner_effective ? 0 : sc->owner_effective == sc->owner.s ? 1
			 : sc->owner_effective == sc->runbook->owner.s ? 2 : 3);
	}
}

/* The summary's fields through k (whole: with what loading needs too). */
static void w_runbook(const struct sink k, const struct rb_runbook *rb);

void rb_runbook_summary_write(const struct rb_runbook *rb, void (*put)(void *ctx, const void *data, size_t len),
			      void *ctx)
{
	w_runbook((struct sink){put, ctx, false}, rb);
}

void rb_runbook_summary_save(const struct rb_runbook *rb, void (*put)(void *ctx, const void *data, size_t len),
			     void *ctx)
{
	w_runbook((struct sink){put, ctx, true}, rb);
}

static void w_runbook(const struct sink k, const struct rb_runbook *rb)
{
	w_str(&k, rb->path);
	w_str(&k, rb->file);
	w_num(&k, rb->format);
	w_text(&k, rb->id);
	w_text(&k, rb->title);
	w_text(&k, rb->service);
	w_text(&k, rb->owner);
	w_num(&k, rb->tier);
	w_loc(&k, rb->tier_loc);
	w_num(&k, (long long)rb->ntags);
	for (size_t i = 0; i < rb->ntags; i++)
		w_text(&k, rb->tags[i]);
	w_num(&k, rb->reviewed.set);
	w_num(&k, rb->reviewed.days);
	w_str(&k, rb->reviewed.text);
	w_loc(&k, rb->reviewed.loc);
	w_duration(&k, &rb->review_every);
	w_num(&k, rb->review_every_default);
	w_duration(&k, &rb->rto);
	w_duration(&k, &rb->rpo);
	w_num(&k, rb->body_line);
	w_num(&k, rb->body_parsed);
	w_num(&k, rb->lenient);
	w_num(&k, (long long)rb->nscenarios);
	for (size_t i = 0; i < rb->nscenarios; i++)
		w_scenario(&k, &rb->scenarios[i]);
	w_num(&k, (long long)rb->nprocedures);
	for (size_t i = 0; i < rb->nprocedures; i++)
		w_scenario(&k, &rb->procedures[i]);
	w_num(&k, (long long)rb->nlinks);
	for (size_t i = 0; i < rb->nlinks; i++) {
		const struct rb_link *l = &rb->links[i];
		w_num(&k, l->kind);
		w_loc(&k, l->loc);
		w_str(&k, l->target);
		w_str(&k, l->path);
		w_str(&k, l->fragment);
		w_str(&k, l->scenario_id);
		if (k.whole)
			w_num(&k, l->call);
	}
	w_num(&k, (long long)rb->nanchors);
	for (size_t i = 0; i < rb->nanchors; i++) {
		w_str(&k, rb->anchors[i].id);
		w_loc(&k, rb->anchors[i].loc);
	}
	w_num(&k, (long long)rb->nignores);
	for (size_t i = 0; i < rb->nignores; i++) {
		const struct rb_ignore *g = &rb->ignores[i];
		w_str(&k, g->rule);
		w_str(&k, g->reason);
		w_loc(&k, g->loc);
		w_num(&k, g->first_line);
		w_num(&k, g->last_line);
	}
	if (k.whole)
		w_num(&k, (long long)rb->source_hash);
}

/* --- reading saved bytes back (rb_runbook_summary_load) --- */

/* Where the bytes come from, and where the summary goes. */
struct src {
	const char *p, *end;
	bool bad;                 /* ran past the end or met a bad length */
	struct rb_arena *a;
	const char *file;         /* the runbook's file string, shared by its locations */
};

static long long r_num(struct src *r)
{
	long long v = 0;
	if (r->end - r->p < (ptrdiff_t)sizeof v) {
		r->bad = true;
		return 0;
	}
	memcpy(&v, r->p, sizeof v);
	r->p += sizeof v;
	return v;
}

/* A count of items of at least min bytes each that the rest can hold. */
static size_t r_count(struct src *r, size_t min)
{
	long long n = r_num(r);
	if (n < 0 || (unsigned long long)n > (size_t)(r->end - r->p) / min) {
		r->bad = true;
		return 0;
	}
	return (size_t)n;
}

static const char *r_str(struct src *r)
{
	long long n = r_num(r);
	if (n == -1)
		return NULL;
	if (n < 0 || n > r->end - r->p) {
		r->bad = true;
		return NULL;
	}
	const char *s = r->p;
	r->p += n;
	if (r->file && (size_t)n == strlen(r->file) && !memcmp(s, r->file, (size_t)n))
		return r->file;
	return rb_arena_strndup(r->a, s, (size_t)n);
}

static struct rb_loc r_loc(struct src *r)
{
	struct rb_loc l;
	l.file = r_str(r);
	l.line = (unsigned)r_num(r);
	l.col = (unsigned)r_num(r);
	return l;
}

static struct rb_text r_text(struct src *r)
{
	struct rb_text t;
	t.s = r_str(r);
	t.loc = r_loc(r);
	return t;
}

static struct rb_duration r_duration(struct src *r)
{
	struct rb_duration d;
	d.set = r_num(r);
	d.lo = (long)r_num(r);
	d.hi = (long)r_num(r);
	d.text = r_str(r);
	d.loc = r_loc(r);
	return d;
}

static void r_step(struct src *r, struct rb_step *st)
{
	st->loc = r_loc(r);
	st->id = r_str(r);
	st->index = (unsigned)r_num(r);
	st->title = r_str(r);
	st->text = r_str(r);
	st->estimate = r_duration(r);
	st->destructive = r_num(r);
	st->ncommands = r_count(r, 8);
	st->commands = st->ncommands ? rb_arena_alloc(r->a, st->ncommands * sizeof *st->commands) : NULL;
	for (size_t i = 0; i < st->ncommands; i++) {
		struct rb_command *c = &st->commands[i];
		c->loc = r_loc(r);
		c->lang = r_str(r);
		c->info = r_str(r);
		c->text = r_str(r);
		c->shell = r_num(r);
		c->norun = r_num(r);
		c->destructive = r_num(r);
	}
}

static void r_section(struct src *r, struct rb_section *s)
{
	s->kind = (enum rb_section_kind)r_num(r);
	s->title = r_str(r);
	s->loc = r_loc(r);
	s->first_line = (unsigned)r_num(r);
	s->last_line = (unsigned)r_num(r);
	s->text = r_str(r);
	s->empty = r_num(r);
	s->lenient = r_num(r);
	s->nsteps = (size_t)r_num(r);
	s->estimate_any = r_num(r);
	s->estimate_lo = (long)r_num(r);
	s->estimate_hi = (long)r_num(r);
	const char *full_text = r_str(r);
	if (full_text)
		s->text = full_text;
	if (r_num(r)) {
		if (s->nsteps > (size_t)(r->end - r->p) / 8) {
			r->bad = true;
			return;
		}
		s->steps = s->nsteps ? rb_arena_alloc(r->a, s->nsteps * sizeof *s->steps) : NULL;
		for (size_t i = 0; i < s->nsteps && !r->bad; i++)
			r_step(r, &s->steps[i]);
	}
	s->ncalls = r_count(r, 8);
	s->calls = s->ncalls ? rb_arena_alloc(r->a, s->ncalls * sizeof *s->calls) : NULL;
	for (size_t i = 0; i < s->ncalls && !r->bad; i++) {
		struct rb_call *k = rb_arena_alloc(r->a, sizeof *k);
		k->loc = r_loc(r);
		k->target = r_str(r);
		k->text = r_str(r);
		k->path = r_str(r);
		k->fragment = r_str(r);
		k->step = (unsigned)r_num(r);
		k->estimate = r_duration(r);
		k->lenient = r_num(r) != 0;
		s->calls[i] = k;
		if (s->steps && k->step >= 1 && k->step <= s->nsteps)
			s->steps[k->step - 1].call = k;
	}
}

static void r_scenario(struct src *r, struct rb_runbook *rb, struct rb_scenario *sc)
{
	sc->runbook = rb;
	sc->id = r_str(r);
	sc->title = r_str(r);
	sc->loc = r_loc(r);
	sc->meta_loc = r_loc(r);
	sc->first_line = (unsigned)r_num(r);
	sc->last_line = (unsigned)r_num(r);
	sc->severity = r_text(r);
	sc->rto = r_duration(r);
	sc->rpo = r_duration(r);
	sc->owner = r_text(r);
	const char *effective = r_str(r);
	sc->alerts = r_text(r);
	sc->lenient = r_num(r);
	sc->procedure = r_num(r);
	sc->description = r_str(r);
	sc->nneeds = r_count(r, 8);
	sc->needs = sc->nneeds ? rb_arena_alloc(r->a, sc->nneeds * sizeof *sc->needs) : NULL;
	for (size_t i = 0; i < sc->nneeds; i++)
		sc->needs[i] = r_text(r);
	sc->nsections = r_count(r, 8);
	sc->sections = sc->nsections ? rb_arena_alloc(r->a, sc->nsections * sizeof *sc->sections) : NULL;
	for (size_t i = 0; i < sc->nsections && !r->bad; i++)
		r_section(r, &sc->sections[i]);
	const char *digest = r_str(r);
	if (digest && strlen(digest) < sizeof sc->digest)
		strcpy(sc->digest, digest);
	long long which = r_num(r);
	sc->owner_effective = which == 0 ? NULL : which == 1 ? sc->owner.s : which == 2 ? rb->owner.s : effective;
}

/* The scenarios (or procedures) of rb: their count, then each. */
static struct rb_scenario *r_scenarios(struct src *r, struct rb_runbook *rb, size_t *n)
{
	*n = r_count(r, 8);
	struct rb_scenario *v = *n ? rb_arena_alloc(r->a, *n * sizeof *v) : NULL;
	for (size_t i = 0; i < *n && !r->bad; i++)
		r_scenario(r, rb, &v[i]);
	return v;
}

struct rb_runbook *rb_runbook_summary_load(struct rb_arena *a, const void *data, size_t len)
{
	struct src r = {data, (const char *)data + len, false, a, NULL};
	struct rb_runbook *rb = rb_arena_alloc(a, sizeof *rb);
	rb->path = r_str(&r);
	rb->file = r_str(&r);
	r.file = rb->file;
	rb->format = (enum rb_format)r_num(&r);
	rb->id = r_text(&r);
	rb->title = r_text(&r);
	rb->service = r_text(&r);
	rb->owner = r_text(&r);
	rb->tier = (int)r_num(&r);
	rb->tier_loc = r_loc(&r);
	rb->ntags = r_count(&r, 8);
	rb->tags = rb->ntags ? rb_arena_alloc(a, rb->ntags * sizeof *rb->tags) : NULL;
	for (size_t i = 0; i < rb->ntags; i++)
		rb->tags[i] = r_text(&r);
	rb->reviewed.set = r_num(&r);
	rb->reviewed.days = (long)r_num(&r);
	rb->reviewed.text = r_str(&r);
	rb->reviewed.loc = r_loc(&r);
	rb->review_every = r_duration(&r);
	rb->review_every_default = r_num(&r);
	rb->rto = r_duration(&r);
	rb->rpo = r_duration(&r);
	rb->body_line = (unsigned)r_num(&r);
	rb->body_parsed = r_num(&r);
	rb->lenient = r_num(&r);
	rb->scenarios = r_scenarios(&r, rb, &rb->nscenarios);
	rb->procedures = r_scenarios(&r, rb, &rb->nprocedures);
	rb->nlinks = r_count(&r, 8);
	rb->links = rb->nlinks ? rb_arena_alloc(a, rb->nlinks * sizeof *rb->links) : NULL;
	for (size_t i = 0; i < rb->nlinks && !r.bad; i++) {
		struct rb_link *l = &rb->links[i];
		l->kind = (enum rb_link_kind)r_num(&r);
		l->loc = r_loc(&r);
		l->target = r_str(&r);
		l->path = r_str(&r);
		l->fragment = r_str(&r);
		l->scenario_id = r_str(&r);
		l->call = r_num(&r);
	}
	rb->nanchors = r_count(&r, 8);
	rb->anchors = rb->nanchors ? rb_arena_alloc(a, rb->nanchors * sizeof *rb->anchors) : NULL;
	for (size_t i = 0; i < rb->nanchors && !r.bad; i++) {
		rb->anchors[i].id = r_str(&r);
		rb->anchors[i].loc = r_loc(&r);
	}
	rb->nignores = r_count(&r, 8);
	rb->ignores = rb->nignores ? rb_arena_alloc(a, rb->nignores * sizeof *rb->ignores) : NULL;
	for (size_t i = 0; i < rb->nignores && !r.bad; i++) {
		struct rb_ignore *g = &rb->ignores[i];
		g->rule = r_str(&r);
		g->reason = r_str(&r);
		g->loc = r_loc(&r);
		g->first_line = (unsigned)r_num(&r);
		g->last_line = (unsigned)r_num(&r);
	}
	rb->source_hash = (uint64_t)r_num(&r);
	rb->summary = true;
	return r.bad || r.p != r.end ? NULL : rb;
}
