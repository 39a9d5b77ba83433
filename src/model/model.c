/* model.c: lookups over the model and the value tree. No I/O. */
#include "model/model.h"
#include "model/format_words.h"
#include "base/util.h"
#include <stdlib.h>
#include <string.h>

const struct rb_value *rb_value_get(const struct rb_value *v, const char *key)
{
	if (!v || v->kind != RB_V_MAP)
		return NULL;
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->keys[i], key) == 0)
			return v->items[i];
	return NULL;
}

const char *rb_value_kind_name(enum rb_value_kind k)
{
	switch (k) {
	case RB_V_NULL: return "nothing";
	case RB_V_SCALAR: return "a single value";
	case RB_V_SEQ: return "a list";
	default: return "a mapping";
	}
}

const char *rb_section_kind_name(enum rb_section_kind k)
{
	return rb_format_words_section(k)->name;
}

const struct rb_contact *rb_book_contact(const struct rb_book *book, const char *id)
{
	if (!id)
		return NULL;
	for (size_t i = 0; i < book->ncontacts; i++)
		if (strcmp(book->contacts[i].id, id) == 0)
			return &book->contacts[i];
	return NULL;
}

const struct rb_runbook *rb_book_runbook(const struct rb_book *book, const char *id)
{
	if (!id)
		return NULL;
	for (size_t i = 0; i < book->nrunbooks; i++)
		if (book->runbooks[i]->id.s && strcmp(book->runbooks[i]->id.s, id) == 0)
			return book->runbooks[i];
	return NULL;
}

bool rb_book_runbook_at(const struct rb_book *book, const char *path, size_t *at)
{
	if (!path)
		return false;
	unsigned i;
	if (book->by_path.cap) {
		if (!rb_strmap_get(&book->by_path, path, &i))
			return false;
		*at = i;
		return true;
	}
	for (size_t j = 0; j < book->nrunbooks; j++)
		if (strcmp(book->runbooks[j]->path, path) == 0) {
			*at = j;
			return true;
		}
	return false;
}

const struct rb_runbook *rb_book_runbook_by_path(const struct rb_book *book, const char *path)
{
	size_t at;
	return rb_book_runbook_at(book, path, &at) ? book->runbooks[at] : NULL;
}

void rb_book_index(struct rb_book *book)
{
	for (size_t i = 0; i < book->nrunbooks; i++) {
		unsigned earlier;
		if (!rb_strmap_get(&book->by_path, book->runbooks[i]->path, &earlier))
			rb_strmap_put(&book->by_path, book->runbooks[i]->path, (unsigned)i);
	}
}

const char *rb_scenario_script_path(struct rb_arena *a, const struct rb_scenario *s, const char *prefix)
{
	return rb_arena_printf(a, "%s%s/%s.sh", prefix, rb_file_component(a, s->runbook->id.s),
			       rb_file_component(a, s->id));
}

const struct rb_section *rb_scenario_section(const struct rb_scenario *s, enum rb_section_kind k)
{
	for (size_t i = 0; i < s->nsections; i++)
		if (s->sections[i].kind == k)
			return &s->sections[i];
	return NULL;
}

bool rb_section_estimate(const struct rb_section *sec, long *lo, long *hi)
{
	if (!sec->steps) {
		*lo += sec->estimate_lo;
		*hi += sec->estimate_hi;
		return sec->estimate_any;
	}
	bool any = false;
	for (size_t i = 0; i < sec->nsteps; i++)
		if (sec->steps[i].estimate.set) {
			any = true;
			*lo += sec->steps[i].estimate.lo;
			*hi += sec->steps[i].estimate.hi;
		}
	return any;
}

bool rb_section_has_step(const struct rb_section *sec, const char *id)
{
	if (sec->steps) {
		for (size_t i = 0; i < sec->nsteps; i++)
			if (!strcmp(sec->steps[i].id, id))
				return true;
		return false;
	}
	/* a summary: steps are "<kind>.<n>" for n in 1..nsteps (parse.c) */
	const char *kind = rb_section_kind_name(sec->kind);
	size_t n = strlen(kind);
	if (strncmp(id, kind, n) || id[n] != '.' || id[n + 1] < '1' || id[n + 1] > '9')
		return false;
	char *end;
	unsigned long k = strtoul(id + n + 1, &end, 10);
	return !*end && k >= 1 && k <= sec->nsteps;
}

/* True when frag is unit u's id or the anchor of one of its steps. */
static bool unit_has_anchor(const struct rb_scenario *u, const char *frag)
{
	size_t n = strlen(u->id);
	if (strncmp(frag, u->id, n))
		return false;
	if (!frag[n])
		return true;
	for (size_t j = 0; frag[n] == '.' && j < u->nsections; j++)
		if (rb_section_has_step(&u->sections[j], frag + n + 1))
			return true;
	return false;
}

size_t rb_runbook_anchor_names(const struct rb_runbook *rb, const char **out)
{
	size_t n = 0;
	for (size_t i = 0; i < rb->nanchors; i++)
		out[n++] = rb->anchors[i].id;
	for (size_t i = 0; i < rb->nscenarios; i++)
		out[n++] = rb->scenarios[i].id;
	for (size_t i = 0; i < rb->nprocedures; i++)
		out[n++] = rb->procedures[i].id;
	return n;
}

bool rb_runbook_has_anchor(const struct rb_runbook *rb, const char *frag)
{
	for (size_t i = 0; i < rb->nanchors; i++)
		if (!strcmp(rb->anchors[i].id, frag))
			return true;
	for (size_t i = 0; i < rb->nscenarios; i++)
		if (unit_has_anchor(&rb->scenarios[i], frag))
			return true;
	for (size_t i = 0; i < rb->nprocedures; i++)
		if (unit_has_anchor(&rb->procedures[i], frag))
			return true;
	return false;
}
