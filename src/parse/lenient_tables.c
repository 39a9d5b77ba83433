/* lenient_tables.c: the lenient reader's objectives and tables: durations
 * in objective values, lists of objectives per severity or component,
 * per-component RTO/RPO tables and contact tables (lenient_plan.h). Each
 * finding is a note, and a placeholder contact a contact-tbd warning. */
#include "parse/lenient_plan.h"
#include "parse/lenient_words.h"
#include "parse/md_doc.h"
#include "parse/parse.h"
#include "base/buf.h"
#include "base/util.h"
#include <string.h>
#include <strings.h>

/* --- durations and objectives --- */

/* Read a duration from an objective's value: "5-15 minutes", "Up to 1
 * hour (RPO)", "0 (Git)", "None (cache is ephemeral)". */
bool rb_lenient_tables_duration(struct rb_build *b, const char *value, struct rb_duration *d, struct rb_loc loc)
{
	char *v = rb_arena_strdup(&b->arena, value);
	char *paren = strchr(v, '(');
	if (paren && paren > v)
		*paren = '\0';
	v[strcspn(v, ",;")] = '\0';
	v = rb_trim(v);
	size_t n = strlen(v);
	while (n && (v[n - 1] == '.' || v[n - 1] == ' '))
		v[--n] = '\0';
	long lo, hi;
	if (!strcmp(v, "0") || rb_str_ieq(v, "none") || rb_str_ieq(v, "zero")) {
		lo = hi = 0;
	} else if (!rb_parse_duration(v, &lo, &hi)) {
		return false;
	}
	d->set = true;
	d->lo = lo;
	d->hi = hi;
	d->text = v;
	d->loc = loc;
	return true;
}

bool rb_lenient_tables_is_rto(const char *n)
{
	return rb_words_has_phrase(n, "rto") || rb_words_has_phrase(n, "recovery time") || rb_words_has_phrase(n, "time to recover") ||
	       rb_words_has_phrase(n, "time to restore") || rb_words_has_phrase(n, "restore time");
}

bool rb_lenient_tables_is_rpo(const char *n)
{
	static const char *const loss[] = {"data loss", "max data loss", "maximum data loss",
		"acceptable data loss", "expected data loss", NULL};
	return rb_words_has_phrase(n, "rpo") || rb_words_has_phrase(n, "recovery point") || rb_words_in_list(n, loss);
}

static void add_objective(struct rb_lenient_plan *p, const char *key, bool rpo, struct rb_duration d)
{
	struct rb_lenient *L = p->L;
	if (L->nobjectives == p->cap_obj) {
		size_t cap = p->cap_obj ? p->cap_obj * 2 : 8;
		struct rb_objective *o = rb_arena_alloc(&p->b->arena, cap * sizeof *o);
		if (L->nobjectives)
			memcpy(o, L->objectives, L->nobjectives * sizeof *o);
		L->objectives = o;
		p->cap_obj = cap;
	}
	L->objectives[L->nobjectives++] = (struct rb_objective){key, rpo, d};
}

/* "P0 incidents: < 1 hour" items of a list under "**Recovery Time
 * Objectives (RTO)**:" become per-severity or per-component objectives. */
void rb_lenient_tables_list(struct rb_lenient_plan *p, cmark_node *list)
{
	bool rpo = p->objective_rpo;
	p->objective_list = false;
	for (cmark_node *item = cmark_node_first_child(list); item; item = cmark_node_next(item)) {
		char *t = rb_doc_text(p->b, item), *colon = strchr(t, ':');
		struct rb_duration d;
		if (!colon)
			continue;
		*colon = '\0';
		struct rb_loc loc = rb_doc_loc(p->rb, item);
		if (rb_lenient_tables_duration(p->b, colon + 1, &d, loc)) {
			add_objective(p, rb_trim(t), rpo, d);
			rb_diag(p->b, RB_D_LENIENT_OBJECTIVE, loc, "%s for '%s': %s", rpo ? "RPO" : "RTO", rb_trim(t), d.text);
		}
	}
}

/* --- tables --- */

bool rb_lenient_tables_is_table(cmark_node *n)
{
	const char *s = cmark_node_get_type_string(n);
	return s && !strcmp(s, "table");
}

/* The cells of a table row as plain text; returns how many (at most max). */
static size_t row_cells(struct rb_build *b, cmark_node *row, char **cells, size_t max)
{
	size_t n = 0;
	for (cmark_node *c = cmark_node_first_child(row); c && n < max; c = cmark_node_next(c))
		cells[n++] = rb_doc_text(b, c);
	return n;
}

static bool is_tbd(const char *cell)
{
	char n[64];
	rb_words_norm(cell, n, sizeof n);
	return !*cell || !strcmp(n, "tbd") || !strcmp(n, "tba") || !strcmp(n, "todo") || !strcmp(cell, "?") ||
	       strstr(cell, "XXX") || strstr(cell, "xxx");
}

/* A contact table: Role | Contact | ... or Role | Primary | Phone ... */
static void contact_table(struct rb_lenient_plan *p, cmark_node *table, char **head, size_t nh)
{
	struct rb_lenient *L = p->L;
	size_t rows = 0, tbd = 0;
	cmark_node *row = cmark_node_next(cmark_node_first_child(table));
	for (; row; row = cmark_node_next(row)) {
		char *cells[16];
		size_t nc = row_cells(p->b, row, cells, 16);
		if (!nc || !*cells[0])
			continue;
		struct rb_buf det, miss;
		rb_buf_init(&det);
		rb_buf_init(&miss);
		for (size_t i = 1; i < nc && i < nh; i++) {
			rb_buf_printf(&det, "%s%s: %s", i > 1 ? " | " : "", head[i], cells[i]);
			if (is_tbd(cells[i]))
				rb_buf_printf(&miss, "%s%s", miss.len ? ", " : "", head[i]);
		}
		if (L->ncontacts == p->cap_contacts) {
			size_t cap = p->cap_contacts ? p->cap_contacts * 2 : 8;
			struct rb_legacy_contact *c = rb_arena_alloc(&p->b->arena, cap * sizeof *c);
			if (L->ncontacts)
				memcpy(c, L->contacts, L->ncontacts * sizeof *c);
			L->contacts = c;
			p->cap_contacts = cap;
		}
		struct rb_legacy_contact *c = &L->contacts[L->ncontacts++];
		c->role = cells[0];
		c->details = rb_arena_strdup(&p->b->arena, rb_buf_cstr(&det));
		c->missing = miss.len ? rb_arena_strdup(&p->b->arena, rb_buf_cstr(&miss)) : NULL;
		c->loc = rb_doc_loc(p->rb, row);
		if (c->missing) {
			rb_diag(p->b, RB_D_CONTACT_TBD, c->loc, "'%s': %s", c->role, c->missing);
			tbd++;
		}
		rb_buf_free(&det);
		rb_buf_free(&miss);
		rows++;
	}
	rb_diag(p->b, RB_D_LENIENT_CONTACTS, rb_doc_loc(p->rb, table), "%zu roles, %zu of them TBD or placeholders",
		rows, tbd);
}

/* An objectives table: a first column of components and RTO/RPO columns. */
static void objective_table(struct rb_lenient_plan *p, cmark_node *table, int rto_col, int rpo_col)
{
	cmark_node *row = cmark_node_next(cmark_node_first_child(table));
	for (; row; row = cmark_node_next(row)) {
		char *cells[16];
		size_t nc = row_cells(p->b, row, cells, 16);
		struct rb_loc loc = rb_doc_loc(p->rb, row);
		for (int k = 0; k < 2; k++) {
			int col = k ? rpo_col : rto_col;
			struct rb_duration d;
			if (col <= 0 || (size_t)col >= nc || !rb_lenient_tables_duration(p->b, cells[col], &d, loc))
				continue;
			add_objective(p, cells[0], k == 1, d);
		}
	}
	rb_diag(p->b, RB_D_LENIENT_OBJECTIVE, rb_doc_loc(p->rb, table),
		"table of %s%s%s per component; each applies to the scenario whose title names the component",
		rto_col > 0 ? "RTO" : "", rto_col > 0 && rpo_col > 0 ? " and " : "", rpo_col > 0 ? "RPO" : "");
}

void rb_lenient_tables_table(struct rb_lenient_plan *p, cmark_node *t)
{
	static const char *const who[] = {"role", "name", "contact", "team", "function", "person", NULL};
	static const char *const reach[] = {"contact", "phone", "email", "primary", "secondary", "pager",
		"availability", "slack", "on call", "backup", "mobile", NULL};
	char *head[16];
	cmark_node *first = cmark_node_first_child(t);
	size_t nh = first ? row_cells(p->b, first, head, 16) : 0;
	int rto_col = -1, rpo_col = -1;
	bool reachable = false;
	for (size_t i = 0; i < nh; i++) {
		char n[128];
		rb_words_norm(head[i], n, sizeof n);
		if (i && rto_col < 0 && rb_lenient_tables_is_rto(n))
			rto_col = (int)i;
		else if (i && rpo_col < 0 && (rb_lenient_tables_is_rpo(n) || rb_words_has_phrase(n, "data loss")))
			rpo_col = (int)i;
		if (i && rb_words_in_list(n, reach))
			reachable = true;
	}
	if (rto_col > 0 || rpo_col > 0) {
		objective_table(p, t, rto_col, rpo_col);
		return;
	}
	char n0[64];
	if (nh >= 2 && (rb_words_norm(head[0], n0, sizeof n0), rb_words_in_list(n0, who)) && reachable)
		contact_table(p, t, head, nh);
}

