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

/* Visit every step in phase order (the shared walk of every array);
 * ph_ is the index into phases[]. */
#define FOR_STEPS(s, st)                                                                  \
	for (size_t ph_ = 0; ph_ < NPHASES; ph_++)                                        \
		for (const struct rb_section *sec_ = rb_scenario_section(s, phases[ph_]); sec_; \
		     sec_ = NULL)                                                             \
			for (size_t k_ = 0; k_ < sec_->nsteps && ((st) = &sec_->steps[k_]); k_++)

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
enum step_field { F_ID, F_PHASE, F_TITLE, F_TEXT, F_EST, F_DESTR, F_FIRST, F_COUNT };

static void step_array(struct rb_arena *a, struct rb_buf *out, const struct rb_scenario *s, const char *name,
		       enum step_field f)
{
	const struct rb_step *st;
	size_t first = 0;
	rb_buf_printf(out, "%s=(\n", name);
	FOR_STEPS(s, st) {
		size_t count = 0;
		for (size_t c = 0; c < st->ncommands; c++)
			count += cmd_included(&st->commands[c]);
		rb_buf_puts(out, "\t");
		switch (f) {
		case F_ID: rb_script_quote(out, st->id); break;
		case F_PHASE: rb_script_quote(out, rb_section_kind_name(phases[ph_])); break;
		case F_TITLE: rb_script_quote(out, rb_visible_str(a, st->title ? st->title : "", SHOWN)); break;
		case F_TEXT: rb_script_quote(out, rb_visible_str(a, step_details(st), SHOWN)); break;
		case F_EST:
			rb_script_quote(out, rb_visible_str(a, st->estimate.set && st->estimate.text ? st->estimate.text
													 : "", SHOWN));
			break;
		case F_DESTR: rb_buf_puts(out, st->destructive ? "1" : "0"); break;
		case F_FIRST: rb_buf_printf(out, "%zu", first); break;
		case F_COUNT: rb_buf_printf(out, "%zu", count); break;
		}
		rb_buf_putc(out, '\n');
		first += count;
	}
	rb_buf_puts(out, ")\n");
}

/* The command arrays: CMD_LANGS, CMD_RUN, CMD_TEXTS (what runs),
 * CMD_SHOWN (what the operator sees), CMD_PARAMS, CMD_TOOLS;
 * scenario-wide needs are merged into all. */
static void command_arrays(struct rb_arena *a, struct rb_buf *out, const struct rb_scenario *s,
			   struct rb_script_needs *all)
{
	struct rb_buf langs, run, texts, shown, params, tools;
	rb_buf_init(&langs), rb_buf_init(&run), rb_buf_init(&texts), rb_buf_init(&shown), rb_buf_init(&params);
	rb_buf_init(&tools);
	const struct rb_step *st;
	FOR_STEPS(s, st) {
		for (size_t c = 0; c < st->ncommands; c++) {
			const struct rb_command *cmd = &st->commands[c];
			if (!cmd_included(cmd))
				continue;
			struct rb_script_needs n = {0};
			if (cmd->shell)
				rb_script_scan(a, cmd->text, &n);
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
	/* rbc.yaml's scripts: {secrets: [...]}: names whose values are masked */
	word_array(out, "RBC_SECRETS", (const char *const *)b->book.config.script_secrets,
		   b->book.config.nscript_secrets);
	step_array(&tmp, out, s, "STEP_IDS", F_ID);
	step_array(&tmp, out, s, "STEP_PHASES", F_PHASE);
	step_array(&tmp, out, s, "STEP_TITLES", F_TITLE);
	step_array(&tmp, out, s, "STEP_DETAILS", F_TEXT);
	step_array(&tmp, out, s, "STEP_ESTIMATES", F_EST);
	step_array(&tmp, out, s, "STEP_DESTRUCTIVE", F_DESTR);
	step_array(&tmp, out, s, "STEP_CMD_FIRST", F_FIRST);
	step_array(&tmp, out, s, "STEP_CMD_COUNT", F_COUNT);
	struct rb_script_needs all = {0};
	command_arrays(&tmp, out, s, &all);
	needs_arrays(out, &all);
	rb_arena_free(&tmp);
	rb_buf_putc(out, '\n');
	rb_buf_puts(out, runtime);
	return true;
}

/* The book's git commit (git -C BOOK rev-parse HEAD), or NULL outside
 * git or without git. git runs through git.c, the one spawner. */
const char *rb_script_commit(struct rb_build *b)
{
	char *argv[] = {"git", "-C", (char *)(b->opt.book ? b->opt.book : "."), "rev-parse", "HEAD", NULL};
	struct rb_buf out;
	rb_buf_init(&out);
	int st = rb_git_run(argv, &out);
	const char *hash = rb_buf_cstr(&out);
	size_t h = strspn(hash, "0123456789abcdef");
	const char *r = st == 0 && h >= 40 ? rb_arena_strndup(&b->arena, hash, h) : NULL;
	rb_buf_free(&out);
	return r;
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
