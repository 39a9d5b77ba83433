/* drills.c: the drill report's judgement. Each run is matched to its
 * scenario by the ids its script recorded (the script's file names,
 * rb_file_component); each scenario gets its runs' measured times (last,
 * median, worst), its last run's phases against their estimates, and one
 * status, worst first: OVER RTO (a measured time above the RTO), NOT
 * VERIFIED (no passing run, or the scenario's content digest changed
 * since the last one), DUE (the tier's drill_every has lapsed since the
 * last passing run), NEVER DRILLED, OK. */
#include "lint/drills.h"
#include "base/strmap.h"
#include "base/util.h"
#include "model/rto_row.h"
#include "read/drill_read.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const phase_names[] = {"diagnosis", "recovery", "verification", "rollback"};

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

/* The day (since the epoch) of a time in seconds. */
static long day_of(long t)
{
	return t >= 0 ? t / 86400 : -1;
}

/* Phases of run r: each phase's steps' time against their estimates. */
static void phases(const struct rb_drill_run *r, struct rb_drill_phase out[4])
{
	for (int p = 0; p < 4; p++) {
		out[p] = (struct rb_drill_phase){.name = phase_names[p], .took = -1};
		for (size_t i = 0; r && i < r->nsteps; i++) {
			const struct rb_drill_step *st = &r->steps[i];
			if (strcmp(st->phase, phase_names[p]) || (!st->selected && st->started < 0))
				continue;
			if (st->started >= 0 && st->ended >= st->started)
				out[p].took = (out[p].took < 0 ? 0 : out[p].took) + st->ended - st->started;
			if (st->est_set) {
				out[p].est_set = true;
				out[p].est_lo += st->est_lo;
				out[p].est_hi += st->est_hi;
			}
		}
	}
}

/* Set d's figures and status from its runs (oldest first). */
static void judge_one(struct rb_build *b, struct rb_drill_report *r, struct rb_drill_scenario *d)
{
	struct rb_rto_row row;
	rb_rto_row_fill(b, d->sc, &row);
	d->rto = row.rto ? row.rto : row.tier_rto;
	d->steps_any = row.steps_any;
	d->steps_lo = row.steps_lo;
	d->steps_hi = row.steps_hi;
	int tier = d->sc->runbook ? d->sc->runbook->tier : 0;
	if (tier >= 1 && tier <= 3 && b->book.config.tiers[tier].drill_every.set)
		d->every = &b->book.config.tiers[tier].drill_every;
	long *m = rb_arena_alloc(&b->arena, (d->nruns + 1) * sizeof *m);
	d->last = d->median = d->worst = d->due = -1;
	const struct rb_drill_run *last_measured = NULL;
	for (size_t i = 0; i < d->nruns; i++) {
		const struct rb_drill_run *run = d->runs[i];
		d->ndrills += run->drill;
		d->nreal += !run->drill;
		d->failed |= run->failed;
		d->skipped |= run->skipped;
		d->retried |= run->retried;
		d->last_run = run;
		if (run->passed)
			d->last_pass = run;
		if (run->measured >= 0) {
			m[d->nmeasured++] = run->measured;
			d->last = run->measured;
			last_measured = run;
		}
	}
	if (d->nmeasured) {
		qsort(m, d->nmeasured, sizeof *m, cmp_long);
		size_t n = d->nmeasured;
		d->median = n % 2 ? m[n / 2] : (m[n / 2 - 1] + m[n / 2]) / 2;
		d->worst = m[n - 1];
	}
	phases(last_measured ? last_measured : d->last_run, d->phases);
	struct rb_arena *a = &b->arena;
	char day[16] = "";
	if (d->last_pass)
		rb_format_date(day_of(d->last_pass->start), day, sizeof day);
	if (d->last_pass && d->every)
		d->due = day_of(d->last_pass->start) + (d->every->hi + 86399) / 86400;
	if (!d->nruns) {
		d->status = RB_DRILL_NEVER;
		d->why = "no run of its step script is recorded";
	} else if (d->rto && d->worst > d->rto->hi) {
		d->status = RB_DRILL_OVER_RTO;
		d->why = rb_arena_printf(a, "a measured recovery took %ldh%02ldm%02lds, over the RTO of %s", d->worst / 3600,
					 d->worst % 3600 / 60, d->worst % 60, d->rto->text ? d->rto->text : "?");
	} else if (!d->last_pass) {
		d->status = RB_DRILL_NOT_VERIFIED;
		d->why = "no run passed: each failed, skipped a step or stopped before the end of verification";
	} else if (strcmp(d->last_pass->scenario_sha256, d->sc->digest)) {
		d->status = RB_DRILL_NOT_VERIFIED;
		d->why = rb_arena_printf(a, "the scenario changed after its last passing run on %s (book commit %.12s)",
					 day, d->last_pass->book_commit ? d->last_pass->book_commit : "not in git");
	} else if (d->due >= 0 && r->as_of > d->due) {
		char due[16];
		rb_format_date(d->due, due, sizeof due);
		d->status = RB_DRILL_DUE;
		d->why = rb_arena_printf(a, "last passing run on %s; tier %d drills every %s, so it was due on %s", day,
					 tier, d->every->text ? d->every->text : "?", due);
	} else {
		d->status = RB_DRILL_OK;
		d->why = rb_arena_printf(a, "last passing run on %s", day);
	}
	r->counts[d->status]++;
}

/* "runbook/scenario" as the script names them: the key runs are matched by. */
static const char *key_of(struct rb_arena *a, const char *runbook, const char *scenario)
{
	return rb_arena_printf(a, "%s/%s", runbook, scenario);
}

void rb_drills_judge(struct rb_build *b, struct rb_drill_report *r)
{
	struct rb_arena *a = &b->arena;
	size_t n = 0;
	for (size_t i = 0; i < b->book.nrunbooks; i++)
		n += b->book.runbooks[i]->nscenarios;
	r->scenarios = rb_arena_alloc(a, (n + 1) * sizeof *r->scenarios);
	const char **keys = rb_arena_alloc(a, (n + 1) * sizeof *keys);
	struct rb_strmap map = {0};
	r->nscenarios = 0;
	for (size_t i = 0; i < b->book.nrunbooks; i++) {
		struct rb_runbook *rb = b->book.runbooks[i];
		for (size_t k = 0; k < rb->nscenarios; k++) {
			size_t at = r->nscenarios++;
			r->scenarios[at] = (struct rb_drill_scenario){.sc = &rb->scenarios[k], .loc = rb->scenarios[k].loc};
			rb->scenarios[k].drill = &r->scenarios[at];   /* the Lua rules' sc.drill */
			keys[at] = key_of(a, rb_file_component(a, rb->id.s), rb_file_component(a, rb->scenarios[k].id));
			rb_strmap_put(&map, keys[at], (unsigned)at);
		}
	}
	/* each scenario's runs, in the report's order (oldest first) */
	unsigned *owner = rb_arena_alloc(a, (r->nruns + 1) * sizeof *owner);
	size_t kept = 0;
	r->first = r->last = -1;
	for (size_t i = 0; i < r->nruns; i++) {
		struct rb_drill_run *run = &r->runs[i];
		unsigned at;
		if (!rb_strmap_get(&map, key_of(a, run->runbook, run->scenario), &at)) {
			const char *near = rb_nearest(key_of(a, run->runbook, run->scenario), keys, r->nscenarios);
			rb_diag(b, RB_D_DRILL_UNKNOWN, run->loc, "'%s/%s'%s%s%s", run->runbook, run->scenario,
				near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
			continue;
		}
		if (r->since >= 0 && day_of(run->start) < r->since)
			continue;
		run->sc = r->scenarios[at].sc;
		owner[kept] = at;
		r->runs[kept++] = *run;
		r->scenarios[at].nruns++;
		if (r->first < 0 || day_of(run->start) < r->first)
			r->first = day_of(run->start);
		if (day_of(run->start) > r->last)
			r->last = day_of(run->start);
	}
	r->nruns = kept;
	if (r->since >= 0)
		r->first = r->since;
	for (size_t i = 0; i < r->nscenarios; i++) {
		r->scenarios[i].runs = rb_arena_alloc(a, (r->scenarios[i].nruns + 1) * sizeof *r->scenarios[i].runs);
		r->scenarios[i].nruns = 0;
	}
	for (size_t i = 0; i < kept; i++) {
		struct rb_drill_scenario *d = &r->scenarios[owner[i]];
		d->runs[d->nruns++] = &r->runs[i];
	}
	for (size_t i = 0; i < r->nscenarios; i++)
		judge_one(b, r, &r->scenarios[i]);
	rb_strmap_free(&map);
}

/* The runs folder dir as the reports show it: its path inside the book
 * ("drills"; "." for the book itself) when it is in the book, else NULL.
 * A site or kit made from a clone elsewhere then shows the same text. */
static const char *in_book(struct rb_build *b, const char *dir)
{
	char *book = realpath(b->opt.book ? b->opt.book : ".", NULL), *real = realpath(dir, NULL);
	const char *shown = NULL;
	size_t n = book ? strlen(book) : 0;
	if (book && real && !strncmp(real, book, n) && (real[n] == '/' || !real[n] || n == 1))
		shown = rb_arena_strdup(&b->arena, real[n] ? real + n + (n > 1) : ".");
	free(book);
	free(real);
	return shown;
}

/* Show r's records book-relative when its runs folder is inside the book. */
static void show_in_book(struct rb_build *b, struct rb_drill_report *r)
{
	const char *dir = in_book(b, r->runs_dir);
	if (!dir)
		return;
	r->runs_shown = dir;
	for (size_t i = 0; i < r->nruns; i++)
		r->runs[i].shown = strcmp(dir, ".") ? rb_arena_printf(&b->arena, "%s/%s", dir, r->runs[i].rel)
						    : r->runs[i].rel;
}

struct rb_drill_report *rb_drills_of_book(struct rb_build *b, const char *dir, long since)
{
	const struct rb_text *cfg = &b->book.config.drill_runs;
	if (!dir && !cfg->s)
		return NULL;
	struct stat st;
	if (!dir) {
		dir = rb_arena_printf(&b->arena, "%s/%s", b->opt.book ? b->opt.book : ".", cfg->s);
		bool gone = stat(dir, &st) != 0;
		if (gone || !S_ISDIR(st.st_mode)) {
			rb_diag(b, RB_D_DRILL_RUNS, cfg->loc, "'%s': %s", cfg->s, !gone ? "not a folder"
				: errno == ENOENT ? "no such folder" : strerror(errno));
			return NULL;
		}
		if (!in_book(b, dir)) {   /* a symlink out: records the book (and its caches) do not hold */
			rb_diag(b, RB_D_DRILL_RUNS, cfg->loc, "'%s' resolves outside the book; no record was read", cfg->s);
			return NULL;
		}
	}
	struct rb_drill_report *r = rb_arena_alloc(&b->arena, sizeof *r);
	*r = (struct rb_drill_report){.as_of = b->as_of, .since = since};
	if (!rb_drill_read_dir(b, dir, r))
		return NULL;
	show_in_book(b, r);
	rb_drills_judge(b, r);
	return r;
}

const struct rb_drill_scenario *rb_drills_find(const struct rb_drill_report *r, const char *runbook,
					       const char *scenario)
{
	for (size_t i = 0; r && runbook && scenario && i < r->nscenarios; i++) {
		const struct rb_scenario *sc = r->scenarios[i].sc;
		if (!strcmp(sc->id, scenario) && sc->runbook->id.s && !strcmp(sc->runbook->id.s, runbook))
			return &r->scenarios[i];
	}
	return NULL;
}
