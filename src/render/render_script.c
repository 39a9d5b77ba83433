/* render_script.c: scenario → bash step script. The script is a header
 * comment, a data block of single-quoted literals (every byte of runbook
 * text appears there and nowhere else) and the fixed runner from
 * src/script_runtime.sh. Commands are stored as literals and run by the
 * runner with `bash -c "$cmd"`, so no command text can change the
 * script's own structure. See doc/scripts.md. */
#include "render/render_script.h"
#include "base/visible.h"
#include "base/git.h"
#include "base/util.h"
#include "model/procedure.h"
#include <stdio.h>
#include <ctype.h>
#include <string.h>


/* The runner, generated from src/script_runtime.sh by the Makefile. */
static const char runtime[] =
#include "script_runtime.inc"
	;

/* The phases in the order the script runs them. */
static const enum rb_section_kind phases[] = {RB_SEC_DIAGNOSIS, RB_SEC_RECOVERY, RB_SEC_VERIFICATION,
	RB_SEC_ROLLBACK};
#define NPHASES (sizeof phases / sizeof phases[0])

void rb_script_quote(struct rb_buf *out, const char *s)
{
	rb_buf_putc(out, '\'');
	for (const char *q; (q = strchr(s, '\'')); s = q + 1) {   /* runs between quotes */
		rb_buf_add(out, s, (size_t)(q - s));
		rb_buf_puts(out, "'\\''");
	}
	rb_buf_puts(out, s);
	rb_buf_putc(out, '\'');
}

/* What the runner shows of runbook text: control and bidi characters
 * written out (\x1b, <U+202E>), so that nothing taken from the book can
 * drive the operator's terminal. Commands also show zero-width ones. */
#define SHOWN (RB_VISIBLE_TAB | RB_VISIBLE_NL)

/* A '#' comment line: label and text shown as SHOWN says, newlines and
 * tabs as spaces. */
static void comment(struct rb_buf *out, const char *label, const char *s)
{
	rb_buf_printf(out, "# %s", label);
	size_t from = out->len;
	if (s)
		rb_visible_put(out, s, SHOWN);
	for (size_t i = from; i < out->len; i++)
		if (out->data[i] == '\n' || out->data[i] == '\t')
			out->data[i] = ' ';
	rb_buf_putc(out, '\n');
}

/* NAME='value' */
static void assign(struct rb_buf *out, const char *name, const char *value)
{
	rb_buf_printf(out, "%s=", name);
	rb_script_quote(out, value ? value : "");
	rb_buf_putc(out, '\n');
}

/* The code blocks that enter the script: all but those marked norun. */
static bool cmd_included(const struct rb_command *c)
{
	return !c->norun;
}

/* A procedure run in place of the step that calls it: a group of the
 * script's steps (GROUP_* arrays; the runner shows it as a heading). */
struct group {
	const char *id;           /* the calling step's id: "recovery.2" */
	const char *title;        /* the procedure's title */
	const char *estimate;     /* its summed estimate, "" when none */
	const struct rb_scenario *proc;
	int parent;               /* the enclosing group, -1 for none */
};

/* One step of the script, in the order it runs. */
struct sstep {
	const struct rb_step *st;
	const char *id;           /* st->id, or "recovery.2.1" inside a call */
	enum rb_section_kind phase;
	int group;                /* the innermost group, -1 for none */
};

/* A called procedure whose rollback steps join the rollback phase. */
struct undo {
	const struct rb_scenario *proc;
	const char *at;           /* the id of the step that called it */
	int depth;
};

/* The scenario's steps with every call expanded, in the arena. */
struct plan {
	struct rb_arena *a;
	const struct rb_book *book;
	struct sstep *steps;
	size_t n, cap;
	struct group *groups;
	size_t ngroups, capgroups;
	struct undo *undos;
	size_t nundos, capundos;
};

/* Grow arena array *arr of *n items of size each by one; the new slot. */
static void *grow(struct rb_arena *a, void **arr, size_t *n, size_t *cap, size_t size)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 8;
		void *fresh = rb_arena_alloc(a, *cap * size);
		if (*n)
			memcpy(fresh, *arr, *n * size);
		*arr = fresh;
	}
	return (char *)*arr + (*n)++ * size;
}
#define GROW(pl, arr, n, cap) ((__typeof__(arr))grow((pl)->a, (void **)&(arr), &(n), &(cap), sizeof *(arr)))

/* A new group for procedure p called at step id inside group parent. */
static int add_group(struct plan *pl, const char *id, const struct rb_scenario *p, int parent)
{
	long lo = 0, hi = 0;
	char buf[64] = "";
	if (rb_procedure_estimate(pl->book, p, &lo, &hi, 0)) {
		char l[32], h[32];
		rb_format_duration(lo, l, sizeof l);
		rb_format_duration(hi, h, sizeof h);
		snprintf(buf, sizeof buf, lo == hi ? "%s" : "%s-%s", l, h);
	}
	struct group *g = GROW(pl, pl->groups, pl->ngroups, pl->capgroups);
	*g = (struct group){id, p->title, rb_arena_strdup(pl->a, buf), p, parent};
	return (int)pl->ngroups - 1;
}

/* The phases a called procedure's steps run in, in order: its own
 * Rollback joins the scenario's rollback phase instead (struct undo). */
static const enum rb_section_kind called_kinds[] = {RB_SEC_DIAGNOSIS, RB_SEC_RECOVERY, RB_SEC_VERIFICATION};

/* Add the steps of unit u's sections of the nkinds kinds to the plan, in
 * phase phase. prefix NULL: the steps keep their ids (a scenario's own);
 * else they are numbered prefix.1, prefix.2... A step that calls a
 * procedure becomes a group of the procedure's steps, numbered under its
 * id; the procedure's rollback is remembered for the rollback phase. */
static void add_steps(struct plan *pl, const struct rb_scenario *u, const enum rb_section_kind *kinds, size_t nkinds,
		      enum rb_section_kind phase, const char *prefix, int group, int depth)
{
	unsigned k = 0;
	for (size_t i = 0; i < nkinds; i++) {
		const struct rb_section *sec = rb_scenario_section(u, kinds[i]);
		for (size_t j = 0; sec && j < sec->nsteps && sec->steps; j++) {
			const struct rb_step *st = &sec->steps[j];
			const char *id = prefix ? rb_arena_printf(pl->a, "%s.%u", prefix, ++k) : st->id;
			const struct rb_scenario *p = rb_call_target(pl->book, st->call);
			if (p && depth < RB_MAX_CALL_DEPTH) {
				int g = add_group(pl, id, p, group);
				add_steps(pl, p, called_kinds, sizeof called_kinds / sizeof called_kinds[0], phase, id, g,
					  depth + 1);
				if (phase != RB_SEC_ROLLBACK && rb_scenario_section(p, RB_SEC_ROLLBACK))
					*GROW(pl, pl->undos, pl->nundos, pl->capundos) = (struct undo){p, id, depth + 1};
				continue;
			}
			*GROW(pl, pl->steps, pl->n, pl->cap) = (struct sstep){st, id, phase, group};
		}
	}
}

/* The plan of scenario s: its phases in order, calls expanded; after its
 * own rollback steps, the called procedures' rollbacks, the last called
 * first, each a group "rollback.N" (N after the scenario's own). */
static void make_plan(struct plan *pl, const struct rb_scenario *s)
{
	for (size_t ph = 0; ph < NPHASES; ph++)
		add_steps(pl, s, &phases[ph], 1, phases[ph], NULL, -1, 0);
	const struct rb_section *own = rb_scenario_section(s, RB_SEC_ROLLBACK);
	size_t next = own ? own->nsteps : 0;
	static const enum rb_section_kind rollback = RB_SEC_ROLLBACK;
	for (size_t u = pl->nundos; u-- > 0;) {
		const struct undo *d = &pl->undos[u];
		const char *id = rb_arena_printf(pl->a, "rollback.%zu", ++next);
		int g = add_group(pl, id, d->proc, -1);
		pl->groups[g].title = rb_arena_printf(pl->a, "Roll back '%s' (run at %s)", d->proc->title, d->at);
		add_steps(pl, d->proc, &rollback, 1, RB_SEC_ROLLBACK, id, g, d->depth);
	}
}

/* The step text after its first (title) line, without surrounding blank
 * lines; "" when the step is one line. */
static const char *step_details(const struct rb_step *st)
{
	const char *t = st->text ? strchr(st->text, '\n') : NULL;
	if (!t)
		return "";
	while (*t == '\n' || *t == '\r')
		t++;
	return t;
}

/* One array of per-step strings: NAME=( 'a' 'b' ). which picks the field. */
enum step_field { F_ID, F_PHASE, F_TITLE, F_TEXT, F_EST, F_EST_SECS, F_DESTR, F_FIRST, F_COUNT, F_GROUP };

static void step_array(struct rb_arena *a, struct rb_buf *out, const struct plan *pl, const char *name,
		       enum step_field f)
{
	size_t first = 0;
	rb_buf_printf(out, "%s=(\n", name);
	for (size_t i = 0; i < pl->n; i++) {
		const struct rb_step *st = pl->steps[i].st;
		size_t count = 0;
		for (size_t c = 0; c < st->ncommands; c++)
			count += cmd_included(&st->commands[c]);
		rb_buf_puts(out, "\t");
		switch (f) {
		case F_ID: rb_script_quote(out, pl->steps[i].id); break;
		case F_PHASE: rb_script_quote(out, rb_section_kind_name(pl->steps[i].phase)); break;
		case F_TITLE: rb_script_quote(out, rb_visible_str(a, st->title ? st->title : "", SHOWN)); break;
		case F_TEXT: rb_script_quote(out, rb_visible_str(a, step_details(st), SHOWN)); break;
		case F_EST:
			rb_script_quote(out, rb_visible_str(a, st->estimate.set && st->estimate.text ? st->estimate.text
													 : "", SHOWN));
			break;
		case F_EST_SECS:   /* 'LO HI' in seconds, for the drill record */
			if (st->estimate.set)
				rb_buf_printf(out, "'%ld %ld'", st->estimate.lo, st->estimate.hi);
			else
				rb_buf_puts(out, "''");
			break;
		case F_DESTR: rb_buf_puts(out, st->destructive ? "1" : "0"); break;
		case F_FIRST: rb_buf_printf(out, "%zu", first); break;
		case F_COUNT: rb_buf_printf(out, "%zu", count); break;
		case F_GROUP: rb_buf_printf(out, "%d", pl->steps[i].group); break;
		}
		rb_buf_putc(out, '\n');
		first += count;
	}
	rb_buf_puts(out, ")\n");
}

/* The GROUP_IDS, GROUP_TITLES, GROUP_ESTIMATES and GROUP_PARENTS arrays:
 * one entry per procedure call (the runner shows them as headings). */
static void group_arrays(struct rb_arena *a, struct rb_buf *out, const struct plan *pl)
{
	static const char *const names[] = {"GROUP_IDS", "GROUP_TITLES", "GROUP_ESTIMATES", "GROUP_PARENTS"};
	for (int f = 0; f < 4; f++) {
		rb_buf_printf(out, "%s=(", names[f]);
		for (size_t i = 0; i < pl->ngroups; i++) {
			const struct group *g = &pl->groups[i];
			rb_buf_putc(out, ' ');
			if (f == 3)
				rb_buf_printf(out, "%d", g->parent);
			else
				rb_script_quote(out, rb_visible_str(a, f == 0 ? g->id : f == 1 ? g->title : g->estimate, SHOWN));
		}
		rb_buf_puts(out, " )\n");
	}
}

/* What a procedure's **Needs:** line asks of every command run inside
 * group g and the groups around it: NAMES in capitals are parameters,
 * other words tools. */
static void group_needs(struct rb_arena *a, const struct plan *pl, int g, struct rb_script_needs *n)
{
	for (; g >= 0; g = pl->groups[g].parent) {
		const struct rb_scenario *p = pl->groups[g].proc;
		for (size_t i = 0; i < p->nneeds; i++) {
			const char *w = p->needs[i].s;
			bool param = *w && !isdigit((unsigned char)*w);
			for (const char *q = w; *q; q++)
				param = param && (isupper((unsigned char)*q) || isdigit((unsigned char)*q) || *q == '_');
			if (param)
				rb_script_add_param(a, n, w, "");
			else
				rb_script_add_tool(a, n, w, strlen(w));
		}
	}
}

/* The command arrays: CMD_LANGS, CMD_RUN, CMD_TEXTS (what runs),
 * CMD_SHOWN (what the operator sees), CMD_PARAMS, CMD_TOOLS;
 * scenario-wide needs are merged into all. */
static void command_arrays(struct rb_arena *a, struct rb_buf *out, const struct plan *pl,
			   struct rb_script_needs *all)
{
	struct rb_buf langs, run, texts, shown, params, tools;
	rb_buf_init(&langs), rb_buf_init(&run), rb_buf_init(&texts), rb_buf_init(&shown), rb_buf_init(&params);
	rb_buf_init(&tools);
	for (size_t s = 0; s < pl->n; s++) {
		const struct rb_step *st = pl->steps[s].st;
		for (size_t c = 0; c < st->ncommands; c++) {
			const struct rb_command *cmd = &st->commands[c];
			if (!cmd_included(cmd))
				continue;
			struct rb_script_needs n = {0};
			if (cmd->shell)
				rb_script_scan(a, cmd->text, &n);
			if (cmd->shell)
				group_needs(a, pl, pl->steps[s].group, &n);
			rb_buf_putc(&langs, '\t');
			rb_script_quote(&langs, *cmd->lang ? rb_visible_str(a, cmd->lang, SHOWN) : "sh");
			rb_buf_printf(&run, " %d", cmd->shell ? 1 : 0);
			rb_buf_putc(&texts, '\t');
			rb_script_quote(&texts, cmd->text);
			rb_buf_putc(&texts, '\n');
			rb_buf_putc(&shown, '\t');
			rb_script_quote(&shown, rb_visible_str(a, cmd->text, SHOWN | RB_VISIBLE_ZERO_WIDTH));
			rb_buf_putc(&shown, '\n');
			struct rb_buf w;
			rb_buf_init(&w);
			for (size_t i = 0; i < n.nparams; i++) {
				rb_buf_printf(&w, "%s%s", i ? " " : "", n.params[i]);
				rb_script_add_param(a, all, n.params[i], n.placeholders[i]);
			}
			rb_buf_putc(&params, '\t');
			rb_script_quote(&params, rb_buf_cstr(&w));
			rb_buf_reset(&w);
			for (size_t i = 0; i < n.ntools; i++) {
				rb_buf_printf(&w, "%s%s", i ? " " : "", n.tools[i]);
				rb_script_add_tool(a, all, n.tools[i], strlen(n.tools[i]));
			}
			rb_buf_putc(&tools, '\t');
			rb_script_quote(&tools, rb_buf_cstr(&w));
			rb_buf_free(&w);
		}
	}
	rb_buf_printf(out, "CMD_LANGS=(%s)\nCMD_RUN=(%s)\nCMD_TEXTS=(\n%s)\nCMD_SHOWN=(\n%s)\n", rb_buf_cstr(&langs),
		      rb_buf_cstr(&run), rb_buf_cstr(&texts), rb_buf_cstr(&shown));
	rb_buf_printf(out, "CMD_PARAMS=(%s)\nCMD_TOOLS=(%s)\n", rb_buf_cstr(&params), rb_buf_cstr(&tools));
	rb_buf_free(&langs), rb_buf_free(&run), rb_buf_free(&texts), rb_buf_free(&shown), rb_buf_free(&params);
	rb_buf_free(&tools);
}

/* NAME=( 'w1' 'w2' ): an array of n quoted words on one line. */
static void word_array(struct rb_buf *out, const char *name, const char *const *w, size_t n)
{
	rb_buf_printf(out, "%s=(", name);
	for (size_t i = 0; i < n; i++) {
		rb_buf_putc(out, ' ');
		rb_script_quote(out, w[i]);
	}
	rb_buf_puts(out, " )\n");
}

/* PARAM_NAMES, PARAM_PLACEHOLDERS and TOOLS for --help and substitution. */
static void needs_arrays(struct rb_buf *out, const struct rb_script_needs *all)
{
	word_array(out, "PARAM_NAMES", all->params, all->nparams);
	word_array(out, "PARAM_PLACEHOLDERS", all->placeholders, all->nparams);
	word_array(out, "TOOLS", all->tools, all->ntools);
}

/* The RTO in force: the scenario's, else the runbook's. */
static const struct rb_duration *scenario_rto(const struct rb_scenario *s)
{
	if (s->rto.set)
		return &s->rto;
	return s->runbook && s->runbook->rto.set ? &s->runbook->rto : NULL;
}

/* The header comment: what the script is and where it came from. */
static void header(struct rb_arena *a, struct rb_buf *out, const struct rb_scenario *s, const char *commit)
{
	const struct rb_runbook *rb = s->runbook;
	const struct rb_duration *rto = scenario_rto(s);
	rb_buf_puts(out, "#!/usr/bin/env bash\n");
	comment(out, "rbc step script: ", s->title);
	comment(out, "Runbook: ", rb->title.s ? rb->title.s : rb->id.s);
	comment(out, "Owner: ", s->owner_effective ? s->owner_effective : "(none)");
	comment(out, "RTO: ", rto && rto->text ? rto->text : "(none)");
	/* book-relative: no machine path in the output */
	comment(out, "Source: ", rb_arena_printf(a, "%s:%u", rb->path, s->loc.line));
	comment(out, "Book commit: ", commit ? commit : "(not in git)");
	rb_buf_printf(out, "# Generated by rbc %s; do not edit, regenerate. Run with --help.\n", RB_VERSION);
	rb_buf_puts(out, "set -Eeuo pipefail\n\n");
}

bool rb_render_script(struct rb_build *b, const struct rb_scenario *s, const char *commit, struct rb_buf *out)
{
	const struct rb_runbook *rb = s->runbook;
	if (rb->body && strlen(rb->body) != rb->body_len) {
		/* load rejects NUL bytes; a literal cannot hold one, so never guess */
		rb_diag(b, RB_D_SCRIPT, s->loc, "the runbook holds a NUL byte");
		return false;
	}
	const struct rb_duration *rto = scenario_rto(s);
	struct rb_arena tmp;     /* this script's scratch: gone when it is written */
	rb_arena_init(&tmp);
	header(&tmp, out, s, commit);
	rb_buf_puts(out, "# ---- data: every text from the runbook, as single-quoted literals ----\n");
	assign(out, "RBC_RUNBOOK", rb_file_component(&tmp, rb->id.s));
	assign(out, "RBC_SCENARIO", rb_file_component(&tmp, s->id));
	assign(out, "RBC_TITLE", rb_visible_str(&tmp, s->title, SHOWN));
	assign(out, "RBC_RTO", rb_visible_str(&tmp, rto && rto->text ? rto->text : "", SHOWN));
	rb_buf_printf(out, "RBC_RTO_SECONDS=%ld\n", rto ? rto->hi : 0L);
	/* what the drill record names: the book's commit and the scenario's digest (drill.h) */
	assign(out, "RBC_BOOK_COMMIT", commit ? commit : "");
	assign(out, "RBC_SCENARIO_SHA256", s->digest);
	assign(out, "RBC_VERSION", RB_VERSION);
	/* rbc.yaml's scripts: {secrets: [...]}: names whose values are masked */
	word_array(out, "RBC_SECRETS", (const char *const *)b->book.config.script_secrets,
		   b->book.config.nscript_secrets);
	struct plan pl = {.a = &tmp, .book = &b->book};
	make_plan(&pl, s);
	step_array(&tmp, out, &pl, "STEP_IDS", F_ID);
	step_array(&tmp, out, &pl, "STEP_PHASES", F_PHASE);
	step_array(&tmp, out, &pl, "STEP_TITLES", F_TITLE);
	step_array(&tmp, out, &pl, "STEP_DETAILS", F_TEXT);
	step_array(&tmp, out, &pl, "STEP_ESTIMATES", F_EST);
	step_array(&tmp, out, &pl, "STEP_EST_SECS", F_EST_SECS);
	step_array(&tmp, out, &pl, "STEP_DESTRUCTIVE", F_DESTR);
	step_array(&tmp, out, &pl, "STEP_CMD_FIRST", F_FIRST);
	step_array(&tmp, out, &pl, "STEP_CMD_COUNT", F_COUNT);
	step_array(&tmp, out, &pl, "STEP_GROUPS", F_GROUP);
	group_arrays(&tmp, out, &pl);
	struct rb_script_needs all = {0};
	command_arrays(&tmp, out, &pl, &all);
	needs_arrays(out, &all);
	rb_arena_free(&tmp);
	rb_buf_putc(out, '\n');
	rb_buf_puts(out, runtime);
	return true;
}

bool rb_script_commit_start(struct rb_build *b, struct rb_git_job *job)
{
	char *argv[] = {"git", "-C", (char *)(b->opt.book ? b->opt.book : "."), "rev-parse", "HEAD", NULL};
	return rb_git_start(argv, job);
}

const char *rb_script_commit_finish(struct rb_build *b, struct rb_git_job *job)
{
	struct rb_buf out;
	rb_buf_init(&out);
	int st = rb_git_finish(job, &out);
	const char *hash = rb_buf_cstr(&out);
	size_t h = strspn(hash, "0123456789abcdef");
	const char *r = st == 0 && h >= 40 ? rb_arena_strndup(&b->arena, hash, h) : NULL;
	rb_buf_free(&out);
	return r;
}

/* Both halves at once. */
const char *rb_script_commit(struct rb_build *b)
{
	struct rb_git_job job;
	rb_script_commit_start(b, &job);
	return rb_script_commit_finish(b, &job);
}

bool rb_render_runbook_scripts(struct rb_build *b, struct rb_output *o, const struct rb_runbook *rb,
			       const char *commit, const char *prefix)
{
	bool ok = true;
	for (size_t i = 0; i < rb->nscenarios; i++) {
		const struct rb_scenario *s = &rb->scenarios[i];
		struct rb_buf out;
		rb_buf_init(&out);
		if (rb_render_script(b, s, commit, &out)) {
			struct rb_arena tmp;
			rb_arena_init(&tmp);
			ok = rb_output_write(o, rb_scenario_script_path(&tmp, s, prefix), out.data, out.len, 0755) && ok;
			rb_arena_free(&tmp);
		} else {
			ok = false;
		}
		rb_buf_free(&out);
	}
	return ok;
}

bool rb_render_scripts_at(struct rb_build *b, struct rb_output *o, const char *prefix)
{
	const char *commit = rb_script_commit(b);
	bool ok = true;
	for (size_t r = 0; r < b->book.nrunbooks; r++)
		ok = rb_render_runbook_scripts(b, o, b->book.runbooks[r], commit, prefix) && ok;
	return ok;
}
