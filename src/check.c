/* check.c: built-in checks over the whole book that Lua cannot see well:
 * link and anchor resolution, contact mentions, titles and scenarios. */
#include "check.h"
#include "load.h"
#include "util.h"
#include "cli.h"
#include "pool.h"
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static bool has_anchor(const struct rb_runbook *rb, const char *frag)
{
	for (size_t i = 0; i < rb->nanchors; i++)
		if (!strcmp(rb->anchors[i].id, frag))
			return true;
	for (size_t i = 0; i < rb->nscenarios; i++) {
		const struct rb_scenario *sc = &rb->scenarios[i];
		if (!strcmp(sc->id, frag))
			return true;
		size_t n = strlen(sc->id);
		if (strncmp(frag, sc->id, n) || frag[n] != '.')
			continue;
		for (size_t j = 0; j < sc->nsections; j++)
			if (rb_section_has_step(&sc->sections[j], frag + n + 1))
				return true;
	}
	return false;
}

/* Check one link: the file must be a runbook of the book (or exist), and
 * the fragment must be one of its anchors. */
static void check_link(struct rb_build *b, const struct rb_runbook *rb, const struct rb_link *l)
{
	if (l->kind == RB_LINK_CONTACT) {
		if (!rb_book_contact(&b->book, l->fragment))
			rb_diag(b, RB_D_CONTACT_UNKNOWN, l->loc,
				"'%s' is not in contacts.yaml; add it there, or write it as `code` if it is not a contact",
				l->target);
		return;
	}
	if (!l->path) {
		rb_diag(b, RB_D_LINK_BROKEN, l->loc, "'%s' points outside the book", l->target);
		return;
	}
	const struct rb_runbook *to = rb_book_runbook_by_path(&b->book, l->path);
	if (!to) {
		char *full = rb_arena_printf(&b->arena, "%s/%s", b->book.root, l->path);
		if (!rb_is_dir(full) && access(full, F_OK) != 0)
			rb_diag(b, RB_D_LINK_BROKEN, l->loc, "'%s': no such file in the book", l->target);
		else if (l->fragment)
			rb_diag(b, RB_D_LINK_BROKEN, l->loc, "'%s': only runbooks have anchors", l->target);
		return;
	}
	if (l->fragment && !has_anchor(to, l->fragment))
		rb_diag(b, RB_D_LINK_BROKEN, l->loc, "'%s': %s has no heading with anchor '#%s'", l->target,
			to->file, l->fragment);
	(void)rb;
}

/* Every runbook needs a title and scenarios to be useful. */
static void check_shape(struct rb_build *b, const struct rb_runbook *rb)
{
	struct rb_loc top = {rb->file, 1, 1};
	if (!rb->body_parsed)
		return;     /* the body was refused; that error says enough */
	if (!rb->title.s)
		rb_diag(b, RB_D_NO_TITLE, top, NULL);
	if (!rb->nscenarios)
		rb_diag(b, RB_D_NO_SCENARIOS, top, NULL);
}

/* The checks of one runbook, each on its own child build (pool.h). */
struct check_task {
	struct rb_build *b;
	struct rb_build *child;      /* one per runbook */
};

/* Pool task: check runbook i against the whole (read-only) book. */
static void check_task(void *ctx, size_t i)
{
	struct check_task *t = ctx;
	struct rb_build *c = &t->child[i];
	const struct rb_runbook *rb = t->b->book.runbooks[i];
	rb_build_fork(t->b, c);
	check_shape(c, rb);
	for (size_t j = 0; j < rb->nlinks; j++)
		check_link(c, rb, &rb->links[j]);
}

void rb_check_book(struct rb_build *b)
{
	size_t n = b->book.nrunbooks;
	struct check_task t = {b, rb_xcalloc(n ? n : 1, sizeof *t.child)};
	rb_pool_run(b->opt.jobs ? b->opt.jobs : rb_pool_default_jobs(), n, check_task, NULL, &t, NULL);
	for (size_t i = 0; i < n; i++)
		rb_build_join(b, &t.child[i]);
	free(t.child);
}

bool rb_check_as_of(struct rb_build *b)
{
	if (!b->opt.as_of) {
		b->as_of = rb_today();
		return true;
	}
	if (!rb_parse_date(b->opt.as_of, &b->as_of)) {
		fprintf(stderr, "rbc: --as-of takes an ISO date such as 2026-01-31, not '%s'\n", b->opt.as_of);
		return false;
	}
	return true;
}

bool rb_check_load(struct rb_build *b)
{
	if (!rb_check_as_of(b))
		return false;
	if (!rb_load_book(b))
		return false;
	rb_check_book(b);
	return true;
}

int rb_check_exit(const struct rb_build *b)
{
	return b->any_diag && b->worst >= RB_ERROR ? RB_EXIT_FINDINGS : RB_EXIT_OK;
}
