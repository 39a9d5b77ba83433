/* parse_lenient.c: the lenient reader for legacy runbooks (documents with
 * no "## Scenario:" headings). One pass over the top-level blocks of the
 * cmark AST gives each block a role (lenient.h): scenario and procedure
 * headings at any level, bold-label paragraphs that start sections,
 * RTO/RPO phrases and metadata lines; tables and lists of objectives and
 * contacts are lenient_tables.c's. parse.c follows the roles; every guess
 * is reported as a note. */
#include "parse/md_doc.h"
#include "model/build.h"
#include "base/buf.h"
#include "parse/lenient.h"
#include "parse/lenient_words.h"
#include "parse/lenient_plan.h"
#include "parse/parse.h"
#include "base/util.h"
#include <ctype.h>
#include <string.h>
#include <strings.h>

#define MAX_LABELS 16

/* A bold label in a paragraph: "**Key**: value". */
struct label {
	char *key;
	char *value;
	unsigned line;           /* body line */
};

/* --- small text helpers --- */



/* --- labels --- */

/* Split a paragraph into "**Key**: value" labels, one per line start.
 * Returns how many, 0 when the paragraph does not open with a label. */
static size_t read_labels(struct rb_build *b, cmark_node *para, unsigned line, struct label *out)
{
	size_t n = 0;
	bool line_start = true;
	struct rb_buf val;
	rb_buf_init(&val);
	for (cmark_node *c = cmark_node_first_child(para); c; c = cmark_node_next(c)) {
		cmark_node_type t = cmark_node_get_type(c);
		if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) {
			line++;
			line_start = true;
			rb_buf_putc(&val, ' ');
			continue;
		}
		if (t == CMARK_NODE_STRONG && line_start && n < MAX_LABELS) {
			char *key = rb_doc_text(b, c);
			size_t kl = strlen(key);
			bool colon = kl && key[kl - 1] == ':';
			cmark_node *next = cmark_node_next(c);
			if (!colon && next && cmark_node_get_type(next) == CMARK_NODE_TEXT) {
				const char *lit = cmark_node_get_literal(next);
				colon = lit && lit[strspn(lit, " ")] == ':';
			}
			if (colon) {
				if (n)
					out[n - 1].value = rb_arena_strdup(&b->arena, rb_trim((char *)rb_buf_cstr(&val)));
				rb_buf_reset(&val);
				if (key[kl - 1] == ':')
					key[kl - 1] = '\0';
				out[n++] = (struct label){rb_trim(key), NULL, line};
				line_start = false;
				continue;
			}
		}
		if (!n)
			break;          /* the paragraph does not open with a label */
		line_start = false;
		if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) {
			const char *lit = cmark_node_get_literal(c);
			if (val.len == 0 && lit)
				lit += strspn(lit, " :");
			rb_buf_puts(&val, lit ? lit : "");
		} else {
			char *s = rb_doc_text(b, c);
			rb_buf_puts(&val, s);
		}
	}
	if (n)
		out[n - 1].value = rb_arena_strdup(&b->arena, rb_trim((char *)rb_buf_cstr(&val)));
	rb_buf_free(&val);
	return n;
}

/* Start of body line `line` (1-based) and its length, or NULL. */
static const char *body_line(const struct rb_runbook *rb, unsigned line, size_t *len)
{
	const char *p = rb->body, *end = rb->body + rb->body_len;
	for (unsigned l = 1; p && l < line; l++) {
		p = memchr(p, '\n', (size_t)(end - p));
		if (p)
			p++;
	}
	if (!p || p >= end)
		return NULL;
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	*len = nl ? (size_t)(nl - p) : (size_t)(end - p);
	return p;
}

/* Where "**Label**:" / "**Label:**" sits at the start of a source line, so
 * import can replace exactly those bytes; label_len 0 when it cannot. */
static void locate_label(const struct rb_runbook *rb, struct rb_role *r)
{
	size_t len, i = 0;
	const char *s = body_line(rb, r->label_line, &len);
	r->label_col = r->label_len = 0;
	if (!s)
		return;
	while (i < len && i < 3 && s[i] == ' ')
		i++;
	if (i + 2 > len || !((s[i] == '*' && s[i + 1] == '*') || (s[i] == '_' && s[i + 1] == '_')))
		return;
	char mark[3] = {s[i], s[i], 0};
	const char *close = NULL;
	for (size_t j = i + 2; j + 1 < len; j++)
		if (s[j] == mark[0] && s[j + 1] == mark[1]) {
			close = s + j;
			break;
		}
	if (!close)
		return;
	size_t e = (size_t)(close - s) + 2;
	if (close[-1] != ':') {
		while (e < len && s[e] == ' ')
			e++;
		if (e >= len || s[e] != ':')
			return;
		e++;
	}
	r->label_col = i;
	r->label_len = e - i;
}

/* --- roles --- */

static struct rb_role *new_role(struct rb_lenient_plan *p, cmark_node *n)
{
	struct rb_lenient *L = p->L;
	if (L->nroles == p->cap_roles) {
		size_t cap = p->cap_roles ? p->cap_roles * 2 : 64;
		struct rb_role *r = rb_arena_alloc(&p->b->arena, cap * sizeof *r);
		if (L->nroles)
			memcpy(r, L->roles, L->nroles * sizeof *r);
		L->roles = r;
		p->cap_roles = cap;
	}
	struct rb_role *r = &L->roles[L->nroles++];
	memset(r, 0, sizeof *r);
	r->first_line = (unsigned)cmark_node_get_start_line(n);
	r->last_line = (unsigned)cmark_node_get_end_line(n);
	return r;
}

static struct rb_loc body_loc(struct rb_lenient_plan *p, unsigned line, unsigned col)
{
	return (struct rb_loc){p->rb->file, p->rb->body_line + line - 1, col ? col : 1};
}

/* The next block opens with a symptoms label ("**Symptoms**:"), or a
 * "**Scenario:**" description: the heading above names a scenario. */
static bool opens_with_symptoms(struct rb_lenient_plan *p, cmark_node *h)
{
	cmark_node *next = cmark_node_next(h);
	struct label l[MAX_LABELS];
	if (!next || cmark_node_get_type(next) != CMARK_NODE_PARAGRAPH)
		return false;
	if (!read_labels(p->b, next, (unsigned)cmark_node_get_start_line(next), l))
		return false;
	return rb_section_kind_from_title(l[0].key) == RB_SEC_SYMPTOMS;
}

/* A heading inside the open scenario: a section, or a step of one. */
static void inner_heading(struct rb_lenient_plan *p, cmark_node *h, struct rb_role *r, const char *text)
{
	enum rb_section_kind kind = rb_section_kind_from_title(text);
	r->title = text;
	bool step = rb_is_numbered(text) || (p->in_proc && (rb_is_step_heading(text) || kind == RB_SEC_OTHER));
	if (!step && (kind != RB_SEC_OTHER || !p->section_open)) {
		r->kind = RB_ROLE_SECTION;
		r->section = true;
		r->sec_kind = kind;
		p->section_open = true;
		rb_diag(p->b, RB_D_LENIENT_SECTION, rb_doc_loc(p->rb, h), "heading '%s' read as the %s section",
			text, rb_section_kind_name(kind));
		return;
	}
	r->kind = RB_ROLE_STEP;
	rb_diag(p->b, RB_D_LENIENT_STEP, rb_doc_loc(p->rb, h), "'%s' read as a step of the section above", text);
}

/* True when the blocks under heading h (up to the next heading of its
 * level or above) hold steps: an ordered list or a fenced code block.
 * With children, true only when h has sub-headings one level down and
 * every one of them is a step ("Step 1: ...", "2. ..."). */
static bool holds_steps(cmark_node *h, int level, bool children)
{
	size_t subs = 0, steps = 0;
	int len, off;
	char ch;
	for (cmark_node *n = cmark_node_next(h); n; n = cmark_node_next(n)) {
		cmark_node_type t = cmark_node_get_type(n);
		int l = t == CMARK_NODE_HEADING ? cmark_node_get_heading_level(n) : 0;
		if (l && l <= level)
			break;
		if (children && l == level + 1) {
			const char *lit = cmark_node_first_child(n) ? cmark_node_get_literal(cmark_node_first_child(n)) : NULL;
			subs++;
			steps += lit && rb_is_step_heading(lit) && !rb_scenario_heading_title(lit);
		}
		if (!children && ((t == CMARK_NODE_LIST && cmark_node_get_list_type(n) == CMARK_ORDERED_LIST) ||
				  (t == CMARK_NODE_CODE_BLOCK && cmark_node_get_fenced(n, &len, &off, &ch))))
			return true;
	}
	return children && subs && subs == steps;
}

/* True when s looks like an alert's name: one word of letters, digits and
 * '_' starting with a letter, with a capital somewhere
 * ("KubePodCrashLooping", "TargetDown", "etcdNoLeader"). */
static bool alert_like(const char *s)
{
	bool upper = false;
	if (!s || !isalpha((unsigned char)*s))
		return false;
	for (; *s; s++) {
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
		upper = upper || isupper((unsigned char)*s);
	}
	return upper;
}

/* One alert per file (the prometheus-operator/runbooks convention): one H1
 * and H2 sections only named Meaning, Impact, Diagnosis, Mitigation or
 * their synonyms (at least two), and no scenario heading. A DR plan whose
 * H2s hold other things ("Quick Reference", "Contacts") is not one. */
static bool is_alert_file(struct rb_lenient_plan *p, cmark_node *root)
{
	int h1 = 0, known = 0, h2 = 0;
	for (cmark_node *n = cmark_node_first_child(root); n; n = cmark_node_next(n)) {
		if (cmark_node_get_type(n) != CMARK_NODE_HEADING)
			continue;
		const char *t = rb_doc_text(p->b, n);
		if (rb_scenario_heading_title(t))
			return false;
		int level = cmark_node_get_heading_level(n);
		h1 += level == 1;
		h2 += level == 2;
		known += level == 2 && rb_section_kind_exact(t) != RB_SEC_OTHER;
		known += level == 2 && rb_section_kind_exact(t) == RB_SEC_OTHER && rb_section_kind_from_title(t) != RB_SEC_OTHER &&
			 !strchr(t, ' ');
	}
	return h1 == 1 && known >= 2 && known == h2;
}

/* The H1 of a one-alert file as its scenario: the alert is the heading, or
 * the file name when that is an alert's name. */
static void alert_scenario(struct rb_lenient_plan *p, cmark_node *h, struct rb_role *r, const char *text)
{
	const char *slash = strrchr(p->rb->path, '/'), *stem = slash ? slash + 1 : p->rb->path;
	char *name = rb_arena_strdup(&p->b->arena, stem), *dot = strrchr(name, '.');
	if (dot)
		*dot = '\0';
	r->kind = RB_ROLE_SCENARIO;
	r->title = text;
	r->alert_file = true;
	r->alerts = (struct rb_text){alert_like(text) ? text : alert_like(name) ? name : NULL, rb_doc_loc(p->rb, h)};
	p->sc_level = 1;
	p->section_open = false;
	rb_diag(p->b, RB_D_LENIENT_SCENARIO, rb_doc_loc(p->rb, h), "'%s' is scenario '%s' because the file is one "
		"alert's runbook (Meaning, Impact, Diagnosis, Mitigation)%s%s", text, text,
		r->alerts.s ? "; alert " : "", r->alerts.s ? r->alerts.s : "");
}

/* True when the document writes its scenarios as "Scenario N: title". */
static bool explicit_scenarios(struct rb_lenient_plan *p, cmark_node *root)
{
	for (cmark_node *n = cmark_node_first_child(root); n; n = cmark_node_next(n))
		if (cmark_node_get_type(n) == CMARK_NODE_HEADING && rb_scenario_heading_title(rb_doc_text(p->b, n)))
			return true;
	return false;
}

/* In a document with explicit scenarios, heading h (not one of them) as
 * a procedure: its title and why, or NULL. */
static const char *procedure_title(struct rb_lenient_plan *p, cmark_node *h, const char *text, int level, const char **why)
{
	const char *t = rb_procedure_heading_title(text);
	*why = "its heading names one procedure";
	if (t)
		return t;
	if (rb_is_procedures_title(text) && holds_steps(h, level, true)) {
		*why = "it names procedures and its sub-headings are steps";
		return text;
	}
	for (int i = p->depth - 1; i >= 0; i--)
		if (p->stack[i].procs && holds_steps(h, level, false)) {
			*why = "it holds steps under a heading of procedures";
			return rb_strip_number(text);
		}
	return NULL;
}

/* A heading: a scenario, a part of the open scenario, or neither. */
static void heading(struct rb_lenient_plan *p, cmark_node *h, struct rb_role *r)
{
	int level = cmark_node_get_heading_level(h);
	const char *text = rb_doc_text(p->b, h);
	r->level = level;
	p->objective_list = false;
	if (p->alert_file && level == 1) {
		alert_scenario(p, h, r, text);
		return;
	}
	if (p->helper && level == 1 && holds_steps(h, level, false)) {
		r->kind = RB_ROLE_PROCEDURE;
		r->title = text;
		p->sc_level = level;
		p->in_proc = true;
		p->section_open = false;
		rb_diag(p->b, RB_D_LENIENT_PROCEDURE, rb_doc_loc(p->rb, h), "'%s' is procedure '%s', not a scenario, "
			"because it holds steps in a helpers/ folder", text, text);
		return;
	}
	if (p->sc_level && level > p->sc_level) {
		inner_heading(p, h, r, text);
		return;
	}
	bool closing = p->sc_level != 0;
	p->sc_level = 0;
	p->in_proc = false;
	while (p->depth && p->stack[p->depth - 1].level >= level)
		p->depth--;
	struct parent *up = p->depth ? &p->stack[p->depth - 1] : NULL;
	if (up && !up->child_level)
		up->child_level = level;
	const char *title = rb_scenario_heading_title(text), *why = "it is written 'Scenario N: title'";
	if (!title && level >= 2 && up && up->is_parent && up->child_level == level &&
	    (!p->explicit_sc || (!up->procs && rb_is_numbered(text)))) {
		title = rb_strip_number(text);
		why = "it sits under a heading that lists scenarios";
	}
	if (!title && level >= 2 && !p->explicit_sc && opens_with_symptoms(p, h)) {
		title = rb_strip_number(text);
		why = "it opens with symptoms";
	}
	const char *ptitle = !title && p->explicit_sc ? procedure_title(p, h, text, level, &why) : NULL;
	if (ptitle) {
		r->kind = RB_ROLE_PROCEDURE;
		r->title = ptitle;
		p->sc_level = level;
		p->in_proc = true;
		p->section_open = false;
		rb_diag(p->b, RB_D_LENIENT_PROCEDURE, rb_doc_loc(p->rb, h), "'%s' is procedure '%s', not a scenario, because %s",
			text, ptitle, why);
		return;
	}
	if (!title) {
		r->kind = RB_ROLE_CLOSE;
		/* below H2, or named like a section ("## Recovery Procedures"), the
		 * canonical reader would keep it in the scenario: import closes it */
		r->appendix = closing && (level >= 3 || (level == 2 ? rb_section_kind_from_title(text) :
							  rb_section_kind_exact(text)) != RB_SEC_OTHER);
		if (p->depth < MAX_DEPTH)
			p->stack[p->depth++] = (struct parent){level, rb_is_parent_title(text), rb_is_procedures_title(text), 0,
							       rb_severity_in(p->b, text)};
		return;
	}
	r->kind = RB_ROLE_SCENARIO;
	r->title = title;
	p->sc_level = level;
	p->section_open = false;
	for (int i = p->depth - 1; i >= 0 && !r->severity.s; i--)
		if (p->stack[i].severity)
			r->severity = (struct rb_text){p->stack[i].severity, rb_doc_loc(p->rb, h)};
	rb_diag(p->b, RB_D_LENIENT_SCENARIO, rb_doc_loc(p->rb, h), "'%s' is scenario '%s' because %s%s%s", text,
		title, why, r->severity.s ? "; severity " : "", r->severity.s ? r->severity.s : "");
}

/* A label paragraph inside a scenario: objectives, severity, owner, and
 * perhaps the start of a section. */
static void scenario_labels(struct rb_lenient_plan *p, cmark_node *para, struct rb_role *r, struct label *l, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char k[128];
		rb_words_norm(l[i].key, k, sizeof k);
		struct rb_loc loc = body_loc(p, l[i].line, 1);
		bool rto = rb_lenient_tables_is_rto(k), rpo = !rto && rb_lenient_tables_is_rpo(k);
		if (rto || rpo) {
			struct rb_duration *d = rto ? &r->rto : &r->rpo;
			if (rb_lenient_tables_duration(p->b, l[i].value, d, loc))
				rb_diag(p->b, RB_D_LENIENT_OBJECTIVE, loc, "'%s: %s' read as the scenario's %s", l[i].key,
					l[i].value, rto ? "RTO" : "RPO");
			else if (*l[i].value)
				rb_diag(p->b, RB_D_LENIENT_OBJECTIVE, loc, "'%s: %s' is not a duration; %s left unset",
					l[i].key, l[i].value, rto ? "RTO" : "RPO");
			r->kind = RB_ROLE_LABELS;
			continue;
		}
		if (!strcmp(k, "severity") || !strcmp(k, "priority") || !strcmp(k, "sev")) {
			r->severity = (struct rb_text){l[i].value, loc};
			r->kind = RB_ROLE_LABELS;
			continue;
		}
		if (!strcmp(k, "owner") || !strcmp(k, "owned by")) {
			r->owner = (struct rb_text){rb_id_from_text(p->b, l[i].value), loc};
			r->kind = RB_ROLE_LABELS;
			continue;
		}
		enum rb_section_kind kind = rb_section_kind_from_title(l[i].key);
		bool alone = n == 1 && !*l[i].value;    /* "**Data Loss Prevention**:" */
		if (r->section || (kind == RB_SEC_OTHER && !alone))
			continue;
		r->kind = RB_ROLE_LABELS;
		r->section = true;
		r->sec_kind = kind;
		r->label = l[i].key;
		r->rest = *l[i].value ? l[i].value : NULL;
		r->label_line = l[i].line;
		locate_label(p->rb, r);
		p->section_open = true;
		rb_diag(p->b, RB_D_LENIENT_SECTION, body_loc(p, l[i].line, (unsigned)r->label_col + 1),
			"'**%s**:' read as the %s section", l[i].key, rb_section_kind_name(kind));
	}
	(void)para;
}

/* Review cycle words → days. */
static bool cycle_days(const char *value, struct rb_duration *d, struct rb_loc loc)
{
	static const struct { const char *word; long days; } words[] = {
		{"daily", 1}, {"weekly", 7}, {"biweekly", 14}, {"fortnightly", 14}, {"monthly", 30},
		{"quarterly", 90}, {"semi annually", 182}, {"semiannually", 182}, {"biannually", 182},
		{"half yearly", 182}, {"annually", 365}, {"yearly", 365}, {"annual", 365},
	};
	char n[64];
	rb_words_norm(value, n, sizeof n);
	long lo = -1, hi;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (!strcmp(n, words[i].word) || rb_words_has_phrase(n, words[i].word))
			lo = words[i].days * 86400;
	if (lo < 0) {
		const char *v = strncasecmp(value, "every ", 6) == 0 ? value + 6 : value;
		if (!rb_parse_duration(v, &lo, &hi))
			return false;
	}
	*d = (struct rb_duration){true, lo, lo, value, loc};
	return true;
}

/* A label paragraph outside the scenarios: document metadata lines and
 * runbook-wide objectives. The first value of each key wins. */
static void document_labels(struct rb_lenient_plan *p, struct label *l, size_t n)
{
	static const char *const updated[] = {"last updated", "last update", "updated", "last reviewed",
		"last review", "reviewed", "last modified", NULL};
	static const char *const next[] = {"next review", "review date", "next review date", "review due", NULL};
	static const char *const cycle[] = {"review cycle", "review schedule", "review frequency",
		"review interval", NULL};
	static const char *const owner[] = {"owner", "document owner", "runbook owner", "maintainer",
		"maintained by", "owned by", NULL};
	static const char *const version[] = {"version", "document version", "revision", NULL};
	struct rb_runbook *rb = p->rb;
	struct rb_lenient *L = p->L;
	for (size_t i = 0; i < n; i++) {
		char k[128];
		rb_words_norm(l[i].key, k, sizeof k);
		const char *v = l[i].value;
		struct rb_loc loc = body_loc(p, l[i].line, 1);
		const char *what = NULL;
		long days;
		char date[11] = "";
		snprintf(date, sizeof date, "%s", v);
		if (rb_words_in_list(k, updated) && rb_parse_date(date, &days)) {
			if (!rb->reviewed.set) {
				rb->reviewed = (struct rb_date){true, days, rb_arena_strdup(&p->b->arena, date), loc};
				what = "the last review date";
			}
		} else if (rb_words_in_list(k, next) && rb_parse_date(date, &days)) {
			if (!L->next_review.s)
				L->next_review = (struct rb_text){rb_arena_strdup(&p->b->arena, date), loc}, what = "the next review date";
		} else if (rb_words_in_list(k, cycle)) {
			struct rb_duration d;
			if (!L->review_cycle.s && cycle_days(v, &d, loc)) {
				L->review_cycle = (struct rb_text){v, loc};
				if (rb->review_every_default) {
					rb->review_every = d;
					rb->review_every_default = false;
				}
				what = "the review cycle";
			}
		} else if (rb_words_in_list(k, owner) && *v) {
			if (!L->owner_text.s) {
				L->owner_text = (struct rb_text){v, loc};
				if (!rb->owner.s)
					rb->owner = (struct rb_text){rb_id_from_text(p->b, v), loc};
				what = "the runbook's owner";
			}
		} else if (rb_words_in_list(k, version) && *v) {
			if (!L->version.s)
				L->version = (struct rb_text){v, loc}, what = "the document version";
		} else if (rb_lenient_tables_is_rto(k) || rb_lenient_tables_is_rpo(k)) {
			bool rpo = !rb_lenient_tables_is_rto(k);
			struct rb_duration d, *dst = rpo ? &rb->rpo : &rb->rto;
			if (!*v) {
				p->objective_list = true;      /* a list of objectives follows */
				p->objective_rpo = rpo;
			} else if (!dst->set && rb_lenient_tables_duration(p->b, v, &d, loc)) {
				*dst = d;
				what = rpo ? "the runbook's RPO" : "the runbook's RTO";
			}
		}
		if (what)
			rb_diag(p->b, RB_D_LENIENT_META, loc, "'%s: %s' read as %s", l[i].key, v, what);
	}
}

/* A paragraph: labels in or out of a scenario. */
static void paragraph(struct rb_lenient_plan *p, cmark_node *para, struct rb_role *r)
{
	struct label l[MAX_LABELS];
	size_t n = read_labels(p->b, para, r->first_line, l);
	p->objective_list = false;
	if (!n)
		return;
	if (p->sc_level)
		scenario_labels(p, para, r, l, n);
	else
		document_labels(p, l, n);
}

/* --- the pass --- */

/* True when the document has a canonical "## Scenario:" heading, or one
 * missing its colon that the lenient reader would not take either
 * ("## Scenario Lag grows": parse.c reads it, with a warning), or a
 * "Procedure:" heading at H1-H3 (a file of procedures only). */
static bool has_canonical(struct rb_build *b, cmark_node *root)
{
	for (cmark_node *n = cmark_node_first_child(root); n; n = cmark_node_next(n)) {
		if (cmark_node_get_type(n) != CMARK_NODE_HEADING || cmark_node_get_heading_level(n) > 3)
			continue;
		const char *t = rb_doc_text(b, n);
		if (strncasecmp(t, "procedure", 9) == 0 && t[9 + strspn(t + 9, " ")] == ':')
			return true;
		if (cmark_node_get_heading_level(n) != 2)
			continue;
		if (strncasecmp(t, "scenario", 8) == 0 && t[8 + strspn(t + 8, " ")] == ':')
			return true;
		if (rb_scenario_near_title(t) && !rb_scenario_heading_title(t))
			return true;
	}
	return false;
}

struct rb_lenient *rb_parse_lenient(struct rb_build *b, struct rb_runbook *rb, cmark_node *root)
{
	if (b->opt.strict || rb->format != RB_FMT_MARKDOWN || has_canonical(b, root))
		return NULL;
	struct rb_lenient_plan p = {.b = b, .rb = rb};
	p.L = rb_arena_alloc(&b->arena, sizeof *p.L);
	rb_diag(b, RB_D_LENIENT_DOC, (struct rb_loc){rb->file, rb->body_line, 1}, NULL);
	p.explicit_sc = explicit_scenarios(&p, root);
	p.alert_file = is_alert_file(&p, root);
	p.helper = (rb_starts_with(rb->path, "helpers/") || strstr(rb->path, "/helpers/")) && !p.explicit_sc;
	for (cmark_node *n = cmark_node_first_child(root); n; n = cmark_node_next(n)) {
		struct rb_role *r = new_role(&p, n);
		cmark_node_type t = cmark_node_get_type(n);
		if (t == CMARK_NODE_HEADING)
			heading(&p, n, r);
		else if (t == CMARK_NODE_PARAGRAPH)
			paragraph(&p, n, r);
		else if (t == CMARK_NODE_LIST && p.objective_list)
			rb_lenient_tables_list(&p, n);
		else if (rb_lenient_tables_is_table(n))
			rb_lenient_tables_table(&p, n);
		if (t != CMARK_NODE_PARAGRAPH)
			p.objective_list = false;
	}
	rb->lenient = true;
	return p.L;
}
