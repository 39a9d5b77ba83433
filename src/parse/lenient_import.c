/* lenient_import.c: for `rbc import`, whose book is the one file: a
 * freehand step's candidate call of another document, resolved by reading
 * the Markdown file it links to (parse_file.c) rather than the book. */
#include "parse/lenient.h"
#include "parse/parse.h"
#include "parse/parse_file.h"
#include "model/build.h"
#include "model/procedure.h"
#include <string.h>

/* The procedure that a link to another document names: the one its
 * fragment names, or the only one of a document that holds no scenario
 * (as rb_call_target reads it in a book). */
static const struct rb_scenario *linked_procedure(const struct rb_runbook *other, const char *fragment)
{
	if (fragment)
		return rb_runbook_procedure(other, fragment);
	return other->nprocedures == 1 && !other->nscenarios ? &other->procedures[0] : NULL;
}

/* The procedure that link target (FILE#fragment, FILE a Markdown file
 * read from dir/FILE) names there: true with its title and id in *title
 * and *id (in b's arena); false when it names none. The other file's
 * findings are not reported. */
static bool file_procedure(struct rb_build *b, const char *target, const char *fragment, const char *dir,
			   const char **title, const char **id)
{
	const char *hash = strchr(target, '#');
	size_t n = hash ? (size_t)(hash - target) : strlen(target);
	if (n < 4 || strncmp(target + n - 3, ".md", 3))
		return false;
	const char *file = rb_arena_strndup(&b->arena, target, n);
	const char *path = dir ? rb_arena_printf(&b->arena, "%s/%s", dir, file) : file;
	struct rb_build child;
	rb_build_fork(b, &child);       /* its diagnostics are the other file's, not ours */
	struct rb_runbook *other = rb_parse_file(&child, path, file, path);
	const struct rb_scenario *p = other ? linked_procedure(other, fragment) : NULL;
	if (p) {
		*title = rb_arena_strdup(&b->arena, p->title);
		*id = rb_arena_printf(&b->arena, "%s#%s", file, p->id);
	}
	if (other)
		rb_parse_free_doc(other);
	rb_build_discard(&child);
	return p != NULL;
}

/* Drop sec's candidate calls of other documents, by link or by words:
 * their steps call nothing, their links are ordinary links (rbc import
 * reads the files they link to instead; words alone name no file). */
static void drop_candidates(struct rb_runbook *rb, struct rb_section *sec)
{
	size_t kept = 0;
	for (size_t i = 0; i < sec->ncalls; i++) {
		const struct rb_call *c = sec->calls[i];
		if (!c->lenient || (c->path && !strcmp(c->path, rb->path))) {
			sec->calls[kept++] = c;
			continue;
		}
		if (c->step && c->step <= sec->nsteps)
			sec->steps[c->step - 1].call = NULL;
		for (size_t l = 0; l < rb->nlinks; l++)
			if (rb->links[l].target == c->target)
				rb->links[l].call = false;
	}
	sec->ncalls = kept;
}

void rb_lenient_import_calls(struct rb_build *b, struct rb_runbook *rb, const char *dir)
{
	for (int p = 0; rb->legacy && p < 2; p++) {
		struct rb_scenario *all = p ? rb->procedures : rb->scenarios;
		size_t m = p ? rb->nprocedures : rb->nscenarios;
		for (size_t i = 0; i < m; i++)
			for (size_t j = 0; j < all[i].nsections; j++)
				drop_candidates(rb, &all[i].sections[j]);
	}
	for (size_t l = 0; rb->legacy && l < rb->nlinks; l++) {
		const struct rb_link *link = &rb->links[l];
		struct rb_section *sec;
		const struct rb_scenario *unit;
		struct rb_step *st;
		const char *title, *target;
		if (link->kind != RB_LINK_DOC || link->call || !(st = rb_lenient_step_at(rb, link->loc.line, &sec, &unit)) ||
		    !file_procedure(b, link->target, link->fragment, dir, &title, &target))
			continue;
		const char *hash = strchr(target, '#');
		rb_lenient_add_call(b, sec, st, title, target, rb_arena_strndup(&b->arena, target, (size_t)(hash - target)), hash + 1,
			 rb_arena_printf(&b->arena, "links to a document holding, so runs, procedure '%s'", title));
	}
}
