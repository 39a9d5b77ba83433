/* parse.c: cmark-gfm's AST → the model. One pass over the document's
 * top-level blocks finds the title, scenarios (H2 "Scenario: ..."), their
 * metadata paragraph, sections (H3), and steps (ordered-list items or H4),
 * and procedures ("Procedure: ..." at H1-H3, read like a scenario whose
 * headings sit one level per step below their own); the second pass,
 * headings' anchors, links and mentions, is parse_refs.c. */
#include "parse/parse.h"
#include "parse/parse_int.h"
#include "read/md_limits.h"
#include "parse/lenient.h"
#include "parse/md_doc.h"
#include "parse/remote_links.h"
#include "base/buf.h"
#include "base/util.h"
#include "read/ctlchar.h"
#include "model/drill.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Grow an arena array to hold one more element; returns the new slot
 * (zeroed). */
void *rb_parse_push(struct rb_arena *a, void **arr, size_t *n, size_t *cap, size_t size)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 4;
		void *fresh = rb_arena_alloc(a, ncap * size);
		if (*n)
			memcpy(fresh, *arr, *n * size);
		*arr = fresh;
		*cap = ncap;
	}
	void *slot = (char *)*arr + (*n)++ * size;
	memset(slot, 0, size);
	return slot;
}



/* The state of the extraction pass. */
/* A section's or step's text, grown block by block in a malloc buffer so
 * that n blocks cost O(total) rather than O(n^2) (a 200,000-line section
 * would otherwise copy its text on every paragraph). finish_text gives it
 * its exact-size home in the arena once the section or step is done,
 * before the array holding the field can move. */
struct text_acc {
	const char **field;          /* the field being grown, or NULL */
	struct rb_buf buf;           /* its text so far; *field points here */
};

struct ctx {
	struct rb_build *b;
	struct rb_runbook *rb;
	size_t cap_sc, cap_proc, cap_sec, cap_step, cap_cmd, cap_call;
	struct rb_scenario *sc;      /* current scenario (or procedure) or NULL */
	int proc_level;              /* heading level of the open procedure */
	int proc_step_level;         /* level of its step headings, 0 until one */
	struct rb_section *sec;      /* current section or NULL */
	struct rb_step *step;        /* current H4/implicit step or NULL */
	bool h4_steps;               /* the current section uses H4 steps */
	cmark_node *prev;            /* previous top-level block */
	char **seen_ids;             /* scenario ids so far */
	struct text_acc sec_acc, step_acc;  /* growing section / step text */
	const struct rb_role *roles;        /* lenient reading: one per top-level block */
	size_t index;                       /* the current top-level block */
};

/* Move the text acc grew into the arena, exact-size, and let acc go. */
static void finish_text(struct rb_build *b, struct text_acc *acc)
{
	if (acc->field)
		*acc->field = acc->buf.len ? rb_arena_strndup(&b->arena, acc->buf.data, acc->buf.len) : "";
	acc->field = NULL;
	rb_buf_reset(&acc->buf);
}

static struct rb_loc loc_of(struct ctx *c, cmark_node *n)
{
	return rb_doc_loc(c->rb, n);
}

static unsigned end_line_of(struct ctx *c, cmark_node *n)
{
	return loc_of(c, n).line + (unsigned)(cmark_node_get_end_line(n) - cmark_node_get_start_line(n));
}


/* "Word: Title" → "Title" for word "scenario" or "procedure" (any case);
 * NULL when text is not such a heading. */
static char *unit_title(char *text, const char *word)
{
	size_t n = strlen(word);
	if (strncasecmp(text, word, n) != 0)
		return NULL;
	char *p = text + n;
	while (*p == ' ')
		p++;
	if (*p != ':')
		return NULL;
	return rb_trim(p + 1);
}

/* "Scenario: Title" → "Title"; NULL when not a scenario heading. */
static char *scenario_title(char *text)
{
	return unit_title(text, "scenario");
}

static void close_scenario(struct ctx *c, unsigned last_line)
{
	if (c->sc && last_line > c->sc->last_line)
		c->sc->last_line = last_line;
	finish_text(c->b, &c->sec_acc);
	finish_text(c->b, &c->step_acc);
	c->sc = NULL;
	c->proc_level = 0;
	c->sec = NULL;
	c->step = NULL;
}

/* Report id of the unit just added at loc when an earlier scenario or
 * procedure of the runbook has it (they share the page's anchors). */
static void check_unit_id(struct ctx *c, const struct rb_scenario *sc)
{
	const struct rb_runbook *rb = c->rb;
	for (int p = 0; p < 2; p++) {
		const struct rb_scenario *all = p ? rb->procedures : rb->scenarios;
		size_t n = p ? rb->nprocedures : rb->nscenarios;
		for (size_t i = 0; i < n; i++)
			if (&all[i] != sc && !strcmp(all[i].id, sc->id))
				rb_diag(c->b, RB_D_DUP_SCENARIO, sc->loc,
					"'%s' is also the id of the %s at line %u; rename one or add {#other-id}",
					sc->id, p ? "procedure" : "scenario", all[i].loc.line);
	}
}

/* Start a scenario (or a procedure, when proc) at heading h;
 * lenient_title is the title the lenient reader found (its id is then
 * the slug of "Scenario: title" or "Procedure: title"). */
static void start_unit(struct ctx *c, cmark_node *h, const char *lenient_title, bool proc)
{
	struct rb_build *b = c->b;
	struct rb_runbook *rb = c->rb;
	const char *id, *title, *word = proc ? "Procedure" : "Scenario";
	struct rb_loc loc = loc_of(c, h);
	char *full = rb_doc_node_text(b, h, false);
	if (lenient_title)
		full = rb_arena_printf(&b->arena, "%s: %s", word, lenient_title);
	full = rb_doc_split_custom_id(b, full, &id);
	title = unit_title(full, proc ? "procedure" : "scenario");
	if (!title || !*title)
		rb_diag(b, RB_D_EMPTY_SCENARIO_TITLE, loc, proc ? "write '## Procedure: <title>'" : NULL);
	finish_text(b, &c->sec_acc);
	finish_text(b, &c->step_acc);
	struct rb_scenario *sc = proc ? PUSH(&b->arena, rb->procedures, rb->nprocedures, c->cap_proc)
				      : PUSH(&b->arena, rb->scenarios, rb->nscenarios, c->cap_sc);
	sc->procedure = proc;
	sc->title = title ? title : "";
	sc->loc = loc;
	sc->first_line = sc->last_line = loc.line;
	sc->runbook = rb;
	if (id && !rb_is_plain_id(id)) {
		rb_diag(b, RB_D_BAD_ID, loc, "%s id '{#%s}'", proc ? "procedure" : "scenario", id);
		id = NULL;
	}
	sc->id = id ? id : rb_slug(&b->arena, full);
	check_unit_id(c, sc);
	c->sc = sc;
	c->sec = NULL;
	c->step = NULL;
	c->cap_sec = 0;
}

/* Start a section titled title at loc. */
static void start_section_at(struct ctx *c, struct rb_loc loc, const char *title)
{
	struct rb_scenario *sc = c->sc;
	finish_text(c->b, &c->sec_acc);
	finish_text(c->b, &c->step_acc);
	struct rb_section *sec = PUSH(&c->b->arena, sc->sections, sc->nsections, c->cap_sec);
	sec->title = title;
	sec->kind = rb_section_kind_from_title(sec->title);
	sec->loc = loc;
	sec->first_line = sec->last_line = sec->loc.line;
	sec->empty = true;
	sec->text = "";
	c->sec = sec;
	c->step = NULL;
	c->h4_steps = false;
	c->cap_step = 0;
	c->cap_call = 0;
}

/* Start the section of an H3 heading. A near miss of a section word
 * ("Rollbak") is read as the section it misses, and reported there. */
static void start_section(struct ctx *c, cmark_node *h)
{
	start_section_at(c, loc_of(c, h), rb_doc_node_text(c->b, h, false));
	enum rb_section_kind kind;
	const char *near;
	if (c->sec->kind != RB_SEC_OTHER || !(near = rb_section_near(&c->b->arena, c->sec->title, &kind)))
		return;
	rb_diag(c->b, RB_D_SECTION_TYPO, c->sec->loc, "'%s': did you mean '%s'? read as the %s section",
		c->sec->title, near, rb_section_kind_name(kind));
	c->sec->kind = kind;
}

/* A heading at the wrong level that names a section ("## Symptoms" or
 * "#### Recovery" in a scenario): report it and start that section.
 * False when h is not one. */
static bool misplaced_section(struct ctx *c, cmark_node *h, int level)
{
	char *text = rb_doc_node_text(c->b, h, false);
	enum rb_section_kind kind = level == 2 ? rb_section_kind_from_title(text) : rb_section_kind_exact(text);
	/* "## Scenario" alone is a scenario heading gone wrong, not Symptoms */
	if (c->roles || !c->sc || kind == RB_SEC_OTHER || !strncasecmp(text, "scenario", 8))
		return false;
	rb_diag(c->b, RB_D_SECTION_LEVEL, loc_of(c, h), "'%.*s %s' is read as the %s section of scenario '%s'; write '### %s'",
		level, "######", text, rb_section_kind_name(kind), c->sc->title, text);
	c->sc->last_line = end_line_of(c, h);
	start_section(c, h);
	return true;
}

/* Remove every occurrence of marker from s in place; true if any. */
static bool strip_marker(char *s, const char *marker)
{
	bool found = false;
	size_t n = strlen(marker);
	for (char *p; (p = strstr(s, marker));) {
		memmove(p, p + n, strlen(p + n) + 1);
		found = true;
	}
	return found;
}

/* Begin a step with the given title text (estimate parsed off its end). */
static struct rb_step *start_step(struct ctx *c, struct rb_loc loc, const char *text)
{
	struct rb_section *sec = c->sec;
	finish_text(c->b, &c->step_acc);
	struct rb_step *st = PUSH(&c->b->arena, sec->steps, sec->nsteps, c->cap_step);
	const char *nl = strchr(text, '\n');
	char *first = rb_arena_strndup(&c->b->arena, text, nl ? (size_t)(nl - text) : strlen(text));
	size_t keep = rb_parse_estimate(first, &st->estimate);
	if (st->estimate.set) {
		/* keep what was inside the parentheses: "0-5 min" */
		char *est = rb_trim(rb_arena_strdup(&c->b->arena, first + keep));
		size_t n = strlen(est);
		if (n >= 2 && est[0] == '(' && est[n - 1] == ')') {
			est[n - 1] = '\0';
			est = rb_trim(est + 1);
		}
		st->estimate.text = est;
		st->estimate.loc = loc;
	}
	first[keep] = '\0';
	st->destructive = strip_marker(first, "[destructive]") || strstr(text, "[destructive]") != NULL;
	st->title = rb_trim(first);
	st->text = text;
	st->loc = loc;
	st->index = (unsigned)sec->nsteps;
	st->id = rb_arena_printf(&c->b->arena, "%s.%u", rb_section_kind_name(sec->kind), st->index);
	c->cap_cmd = 0;
	return st;
}

/* True when t is blank, or an estimate in parentheses ("(20 min)"). */
static bool blank_or_estimate(const char *t)
{
	t += strspn(t, " \t");
	size_t n = strlen(t);
	while (n && (t[n - 1] == ' ' || t[n - 1] == '\t'))
		n--;
	return !n || (t[0] == '(' && t[n - 1] == ')');
}

/* Step st calls a procedure when the first line of node (a list item's
 * first paragraph, or a step heading) is one relative link with a
 * fragment, alone but for an estimate: record the call, mark the link. */
static void detect_call(struct ctx *c, struct rb_step *st, cmark_node *node)
{
	cmark_node *para = node, *link = NULL;
	if (cmark_node_get_type(node) == CMARK_NODE_ITEM)
		para = cmark_node_first_child(node);
	if (!para || (cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH && cmark_node_get_type(para) != CMARK_NODE_HEADING))
		return;
	for (cmark_node *ch = cmark_node_first_child(para); ch; ch = cmark_node_next(ch)) {
		cmark_node_type t = cmark_node_get_type(ch);
		if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
			break;        /* the lines below the first are the step's details */
		if (t == CMARK_NODE_LINK && !link)
			link = ch;
		else if (t != CMARK_NODE_TEXT || !blank_or_estimate(cmark_node_get_literal(ch)) ||
			 (!link && *rb_trim(rb_arena_strdup(&c->b->arena, cmark_node_get_literal(ch)))))
			return;
	}
	const char *url = link ? cmark_node_get_url(link) : NULL;
	const char *hash = url ? strchr(url, '#') : NULL;
	if (!hash || !hash[1] || rb_url_has_scheme(url) || url[0] == '/')
		return;
	struct rb_call *call = rb_arena_alloc(&c->b->arena, sizeof *call);
	memset(call, 0, sizeof *call);
	size_t plen = (size_t)(hash - url);
	const char *file = plen ? rb_parse_percent_decode(c->b, url, plen) : NULL;
	call->loc = loc_of(c, link);
	call->target = rb_arena_strdup(&c->b->arena, url);
	call->text = rb_doc_node_text(c->b, link, false);
	call->path = plen ? rb_parse_join_path(c->b, c->rb->path, file, strlen(file)) : c->rb->path;
	call->fragment = rb_arena_strdup(&c->b->arena, hash + 1);
	call->step = st->index;
	call->estimate = st->estimate;
	if (!call->path)
		return;       /* leaves the book: link-broken says so */
	st->call = call;
	cmark_node_set_user_data(link, call);
	const struct rb_call **slot = PUSH(&c->b->arena, c->sec->calls, c->sec->ncalls, c->cap_call);
	*slot = call;
}

/* Add a fenced code block to a step as a command. */
static void add_command(struct ctx *c, struct rb_step *st, cmark_node *code)
{
	struct rb_command *cmd = PUSH(&c->b->arena, st->commands, st->ncommands, c->cap_cmd);
	const char *info = cmark_node_get_fence_info(code);
	info = info ? info : "";
	cmd->info = rb_arena_strdup(&c->b->arena, info);
	struct rb_fence f;
	rb_fence_read(info, &f);
	cmd->lang = rb_arena_strndup(&c->b->arena, info, f.lang_len);
	cmd->text = rb_arena_strdup(&c->b->arena, cmark_node_get_literal(code));
	cmd->loc = loc_of(c, code);
	cmd->shell = f.shell;
	cmd->norun = f.norun;
	cmd->destructive = f.destructive || (!cmd->norun && rb_command_is_destructive(cmd->lang, cmd->text));
	if (f.near)
		rb_diag(c->b, RB_D_CODE_LANG, cmd->loc, "'%s': did you mean '%s'?", cmd->lang, f.near);
	if (cmd->destructive && !cmd->norun)
		st->destructive = true;
}

/* True for a fenced code block (indented code is never a command). */
static bool is_fenced(cmark_node *n)
{
	int len, off;
	char ch;
	return cmark_node_get_type(n) == CMARK_NODE_CODE_BLOCK && cmark_node_get_fenced(n, &len, &off, &ch);
}

/* Every fenced code block under node becomes a command of st. */
static void add_commands_under(struct ctx *c, struct rb_step *st, cmark_node *node)
{
	cmark_iter *it = cmark_iter_new(node);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && is_fenced(n))
			add_command(c, st, n);
	}
	cmark_iter_free(it);
}

/* Set *field to "*field\nt" (t of tl bytes), growing it in acc; a field
 * acc is not growing yet finishes the previous one and starts from its
 * own text. */
static void append_text(struct rb_build *b, struct text_acc *acc, const char **field, const char *t, size_t tl)
{
	if (acc->field != field) {
		finish_text(b, acc);
		acc->field = field;
		rb_buf_puts(&acc->buf, *field);
	}
	if (acc->buf.len)
		rb_buf_putc(&acc->buf, '\n');
	rb_buf_add(&acc->buf, t, tl);
	*field = rb_buf_cstr(&acc->buf);
}

/* Append the trimmed plain text of block n (without code) to *field. */
static void append_block_text(struct ctx *c, struct text_acc *acc, const char **field, cmark_node *n)
{
	struct rb_buf tmp;
	rb_buf_init(&tmp);
	rb_doc_plain_text(n, &tmp, false);
	const char *t = rb_trim((char *)rb_buf_cstr(&tmp));
	if (*t)
		append_text(c->b, acc, field, t, strlen(t));
	rb_buf_free(&tmp);
}

/* Append the plain text of a block to the current section (and step). */
static void add_section_text(struct ctx *c, cmark_node *n)
{
	struct rb_section *sec = c->sec;
	sec->empty = false;
	sec->last_line = end_line_of(c, n);
	append_block_text(c, &c->sec_acc, &sec->text, n);
}

/* The first fenced code block under node, or NULL. */
static cmark_node *first_fence_under(cmark_node *node)
{
	cmark_iter *it = cmark_iter_new(node);
	cmark_node *found = NULL;
	cmark_event_type ev;
	while (!found && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		if (ev == CMARK_EVENT_ENTER && is_fenced(cmark_iter_get_node(it)))
			found = cmark_iter_get_node(it);
	cmark_iter_free(it);
	return found;
}

/* Warn at each bulleted item of list n that holds a command while no step
 * is open in a section of steps: the command would be in no script. */
static void bullet_commands(struct ctx *c, cmark_node *n)
{
	enum rb_section_kind k = c->sec->kind;
	if (c->step || c->h4_steps || cmark_node_get_list_type(n) != CMARK_BULLET_LIST ||
	    (k != RB_SEC_DIAGNOSIS && k != RB_SEC_RECOVERY && k != RB_SEC_ROLLBACK && k != RB_SEC_VERIFICATION))
		return;
	for (cmark_node *item = cmark_node_first_child(n); item; item = cmark_node_next(item))
		if (first_fence_under(item))
			rb_diag(c->b, RB_D_STEP_BULLET, loc_of(c, item), "write '1.' instead of '-' in the %s section",
				rb_section_kind_name(k));
}

/* A block inside a section: list items become steps, code joins a step. */
static void section_block(struct ctx *c, cmark_node *n)
{
	cmark_node_type t = cmark_node_get_type(n);
	add_section_text(c, n);
	if (t == CMARK_NODE_LIST)
		bullet_commands(c, n);
	if (t == CMARK_NODE_LIST && cmark_node_get_list_type(n) == CMARK_ORDERED_LIST && !c->h4_steps) {
		for (cmark_node *item = cmark_node_first_child(n); item; item = cmark_node_next(item)) {
			struct rb_step *st = start_step(c, loc_of(c, item), rb_doc_node_text(c->b, item, false));
			add_commands_under(c, st, item);
			detect_call(c, st, item);
		}
		c->step = NULL;
		return;
	}
	if (is_fenced(n) && !c->step) {
		/* A code block outside any list item: a step of its own, titled by
		 * the paragraph just above it. */
		const char *title = "Run the commands";
		if (c->prev && cmark_node_get_type(c->prev) == CMARK_NODE_PARAGRAPH)
			title = rb_doc_node_text(c->b, c->prev, false);
		struct rb_step *st = start_step(c, loc_of(c, n), title);
		add_command(c, st, n);
		return;
	}
	if (c->step) {
		add_commands_under(c, c->step, n);
		append_block_text(c, &c->step_acc, &c->step->text, n);
	}
}

/* Values the lenient reader found for the scenario (the first one wins). */
static void lenient_values(struct rb_scenario *sc, const struct rb_role *r)
{
	if (r->severity.s && !sc->severity.s)
		sc->severity = r->severity;
	if (r->owner.s && !sc->owner.s)
		sc->owner = r->owner;
	if (r->rto.set && !sc->rto.set)
		sc->rto = r->rto;
	if (r->rpo.set && !sc->rpo.set)
		sc->rpo = r->rpo;
	if (r->alerts.s && !sc->alerts.s)
		sc->alerts = r->alerts;
}

static bool procedure_lead(struct ctx *c, cmark_node *n, int level);

/* Follow the lenient reader's role for block n; false when the block is
 * read the canonical way. */
static bool lenient_block(struct ctx *c, cmark_node *n, const struct rb_role *r)
{
	struct rb_loc loc = loc_of(c, n);
	if (r->kind == RB_ROLE_SCENARIO || r->kind == RB_ROLE_CLOSE || r->kind == RB_ROLE_PROCEDURE) {
		close_scenario(c, loc.line - 1);
		if (r->kind != RB_ROLE_CLOSE) {
			start_unit(c, n, r->title, r->kind == RB_ROLE_PROCEDURE);
			c->sc->lenient = true;
			c->proc_level = r->kind == RB_ROLE_PROCEDURE ? r->level : 0;
			lenient_values(c->sc, r);
		}
		return true;
	}
	if (r->kind == RB_ROLE_NONE || !c->sc)
		return r->kind != RB_ROLE_NONE;
	c->sc->last_line = end_line_of(c, n);
	lenient_values(c->sc, r);
	if (r->kind == RB_ROLE_STEP) {
		if (!c->sec)
			start_section_at(c, loc, c->sc->procedure ? "Steps" : r->title);
		c->h4_steps = true;
		add_section_text(c, n);
		c->step = start_step(c, loc, r->title);
		detect_call(c, c->step, n);
	} else if (r->section) {
		if (r->label_line)
			loc = (struct rb_loc){loc.file, c->rb->body_line + r->label_line - 1, (unsigned)r->label_col + 1};
		start_section_at(c, loc, r->kind == RB_ROLE_SECTION ? r->title : r->label);
		c->sec->lenient = true;
		if (r->rest) {
			c->sec->text = r->rest;
			c->sec->empty = false;
			c->sec->last_line = end_line_of(c, n);
		}
	} else if (c->sec) {
		section_block(c, n);
	} else if (c->sc->procedure && !procedure_lead(c, n, 0)) {
		section_block(c, n);
	}
	return true;
}

/* True when a heading names a section rather than a step: a section word
 * or a short phrase starting with one ("Rollback", "Recovery steps"), not
 * "Restore the ledger from a snapshot". */
static bool names_section(const char *text)
{
	if (rb_section_kind_exact(text) != RB_SEC_OTHER)
		return true;
	size_t words = 0;
	for (const char *p = text; *p; p++)
		words += (p == text || p[-1] == ' ') && *p != ' ';
	return words <= 2 && rb_section_kind_from_title(text) != RB_SEC_OTHER;
}

/* A heading at or inside a procedure. "Procedure: Title" at H1-H3
 * starts one (closing what is open; at H3 only outside a scenario, where
 * an H3 is a section). Returns the level the heading acts at, as in a
 * scenario: its own outside procedures; inside one, 3 for a section (one
 * level below the procedure, named like one), 4 for a step (the level of
 * the first step heading), 5 for a heading inside a step. 0 when the
 * heading started a procedure. */
static int procedure_heading(struct ctx *c, cmark_node *n, int level)
{
	const char *id;
	char *plain = rb_doc_split_custom_id(c->b, rb_doc_node_text(c->b, n, false), &id);
	bool in_proc = c->sc && c->sc->procedure;
	if (level <= 3 && unit_title(plain, "procedure") && (!c->sc || in_proc || level < 3)) {
		close_scenario(c, loc_of(c, n).line - 1);
		start_unit(c, n, NULL, true);
		c->proc_level = level;
		c->proc_step_level = 0;
		return 0;
	}
	if (!in_proc)
		return level;
	if (level <= c->proc_level || scenario_title(plain)) {
		close_scenario(c, loc_of(c, n).line - 1);
		return level;
	}
	if (level == c->proc_level + 1 && names_section(plain))
		return 3;
	if (!c->proc_step_level)
		c->proc_step_level = level;
	return level == c->proc_step_level ? 4 : 5;
}

/* "Needs: PGHOST, BACKUP_URI, psql" → the procedure's needs, one per
 * word (commas, spaces and backticks separate them); false when the
 * paragraph is not a Needs line. */
static bool procedure_needs(struct ctx *c, cmark_node *para)
{
	char *t = rb_doc_node_text(c->b, para, false);
	if (strncasecmp(t, "needs", 5) != 0 || t[5 + strspn(t + 5, " ")] != ':')
		return false;
	struct rb_scenario *sc = c->sc;
	size_t cap = 0;
	char *save = NULL;
	for (char *w = strtok_r(strchr(t, ':') + 1, " ,;`\n", &save); w; w = strtok_r(NULL, " ,;`\n", &save)) {
		struct rb_text *slot = PUSH(&c->b->arena, sc->needs, sc->nneeds, cap);
		*slot = (struct rb_text){w, loc_of(c, para)};
	}
	return true;
}

/* A block of a procedure before its first section: Needs, a description,
 * or the first of its steps (an implicit "Steps" section of kind
 * Recovery). False when the block is a step and the caller goes on. */
static bool procedure_lead(struct ctx *c, cmark_node *n, int level)
{
	cmark_node_type t = cmark_node_get_type(n);
	bool steps = level == 4 || is_fenced(n) ||
		     (t == CMARK_NODE_LIST && cmark_node_get_list_type(n) == CMARK_ORDERED_LIST);
	if (steps) {
		start_section_at(c, loc_of(c, n), "Steps");
		return false;
	}
	if (t == CMARK_NODE_PARAGRAPH && procedure_needs(c, n))
		return true;
	char *text = rb_doc_node_text(c->b, n, false);
	if (*text)
		c->sc->description = c->sc->description ? rb_arena_printf(&c->b->arena, "%s\n%s", c->sc->description, text)
							: text;
	return true;
}

/* One top-level block: route by heading level and current position. */
static void top_block(struct ctx *c, cmark_node *n)
{
	cmark_node_type t = cmark_node_get_type(n);
	int level = t == CMARK_NODE_HEADING ? cmark_node_get_heading_level(n) : 0;
	if (level == 1 && !c->rb->title.s && !c->sc) {
		c->rb->title.s = rb_doc_node_text(c->b, n, false);
		c->rb->title.loc = loc_of(c, n);
	}
	if (c->roles && lenient_block(c, n, &c->roles[c->index]))
		return;
	if (level && !(level = procedure_heading(c, n, level)))
		return;
	if (c->sc && c->sc->procedure) {
		c->sc->last_line = end_line_of(c, n);
		if (level != 3 && !c->sec && procedure_lead(c, n, level))
			return;
	}
	if (level == 1 || level == 2) {
		char *text = rb_doc_node_text(c->b, n, false);
		const char *id, *near;
		char *plain = rb_doc_split_custom_id(c->b, rb_arena_strdup(&c->b->arena, text), &id);
		bool canonical = level == 2 && scenario_title(plain);
		near = level == 2 && !canonical && !c->roles ? rb_scenario_near_title(text) : NULL;
		if (level == 2 && !canonical && !near && misplaced_section(c, n, level))
			return;
		close_scenario(c, loc_of(c, n).line - 1);
		if (canonical)
			start_unit(c, n, NULL, false);
		if (near) {
			rb_diag(c->b, RB_D_SCENARIO_NO_COLON, loc_of(c, n), "'## %s': write '## Scenario: %s'", text, near);
			start_unit(c, n, near, false);
		}
		return;
	}
	if (!c->sc)
		return;
	c->sc->last_line = end_line_of(c, n);
	if (level == 3) {
		start_section(c, n);
		return;
	}
	if (!c->sec) {
		if (!c->roles && t == CMARK_NODE_PARAGRAPH && c->sc->nsections == 0 && c->prev &&
		    cmark_node_get_type(c->prev) == CMARK_NODE_HEADING)
			rb_parse_meta(c->b, c->rb, c->sc, n);
		return;
	}
	if (level == 4 && misplaced_section(c, n, level))
		return;
	if (level == 4) {
		c->h4_steps = true;
		add_section_text(c, n);
		c->step = start_step(c, loc_of(c, n), rb_doc_node_text(c->b, n, false));
		detect_call(c, c->step, n);
		return;
	}
	section_block(c, n);
}

void rb_parse_runbook(struct rb_build *b, struct rb_runbook *rb)
{
	if (!rb_md_limits_check(b, rb))
		return;     /* refused before parsing: rb->doc stays NULL */
	cmark_node *root = rb_doc_parse(b, rb);
	if (!root)
		return;     /* nested too deep: refused, rb->doc stays NULL */
	struct ctx c = {.b = b, .rb = rb};
	struct rb_lenient *lenient = rb_parse_lenient(b, rb, root);
	c.roles = lenient ? lenient->roles : NULL;
	for (cmark_node *n = cmark_node_first_child(root); n; n = cmark_node_next(n), c.index++) {
		top_block(&c, n);
		/* a code block under "**Steps:**" is titled like one under "### Steps" */
		c.prev = c.roles && c.roles[c.index].section ? NULL : n;
	}
	close_scenario(&c, 0);
	finish_text(b, &c.sec_acc);
	finish_text(b, &c.step_acc);
	rb_buf_free(&c.sec_acc.buf);
	rb_buf_free(&c.step_acc.buf);
	if (lenient) {
		rb->legacy = lenient;
		rb_lenient_finish(b, rb);
	}
	rb_parse_collect_refs(b, rb, root);
	if (lenient)
		rb_lenient_link_calls(b, rb);
	rb_remote_links_check(b, rb, root);
	rb_ctl_check_runbook(b, rb);
	for (size_t i = 0; i < rb->nscenarios; i++) {
		struct rb_scenario *sc = &rb->scenarios[i];
		sc->owner_effective = sc->owner.s ? sc->owner.s : rb->owner.s;
		rb_scenario_digest(sc, sc->digest);   /* what a drill record is checked against */
	}
	rb->doc = rb_arena_alloc(&b->arena, sizeof *rb->doc);
	rb->doc->root = root;
	rb->body_parsed = true;
}
