/* check.c: built-in checks over the whole book that Lua cannot see well:
 * link and anchor resolution, contact mentions, titles and scenarios. */
#include "lint/check.h"
#include "read/bookfs.h"
#include "read/load.h"
#include "base/util.h"
#include "base/pool.h"
#include <ctype.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>
#include <limits.h>
#include <sys/stat.h>

/* The name in the folder dir of the book most like name (a renamed or
 * misspelt file), in b's arena; NULL when none is close. */
static const char *near_file(struct rb_build *b, const char *dir, const char *name)
{
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	size_t n = 0, cap = 0;
	const char **names = NULL;
	for (struct dirent *e; (e = readdir(d)) && n < 4096;) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap)
			names = rb_xrealloc(names, (cap = cap ? 2 * cap : 32) * sizeof *names);
		names[n++] = rb_arena_strdup(&b->arena, e->d_name);
	}
	closedir(d);
	const char *near = rb_nearest(name, names, n);
	free(names);
	return near;
}

/* " (did you mean 'x'?)" for a link whose file part should have been
 * near, keeping the rest of the target as written; "" when near is NULL. */
static const char *file_hint(struct rb_build *b, const char *target, const char *near)
{
	if (!near)
		return "";
	size_t plen = strcspn(target, "#?");
	size_t dir = plen;
	while (dir && target[dir - 1] != '/')
		dir--;
	return rb_arena_printf(&b->arena, " (did you mean '%.*s%s%s'?)", (int)dir, target, near, target + plen);
}

/* " (did you mean '#x'?)" for a fragment close to one of to's anchors,
 * scenario or procedure ids; "" when none is close. */
static const char *anchor_hint(struct rb_build *b, const struct rb_runbook *to, const char *frag)
{
	size_t cap = to->nanchors + to->nscenarios + to->nprocedures + 1;
	const char **ids = rb_arena_alloc(&b->arena, cap * sizeof *ids);
	size_t n = rb_runbook_anchor_names(to, ids);
	const char *near = rb_nearest(frag, ids, n);
	return near ? rb_arena_printf(&b->arena, " (did you mean '#%s'?)", near) : "";
}

enum rb_book_file rb_check_book_file(struct rb_build *b, const char *rel)
{
	char *full = rb_arena_printf(&b->arena, "%s/%s", b->book.root, rel);
	struct stat st;
	if (stat(full, &st) != 0)
		return RB_FILE_MISSING;
	if (rb_bookfs_excluded(b, rel, S_ISDIR(st.st_mode)))
		return RB_FILE_EXCLUDED;
	char root[PATH_MAX], real[PATH_MAX];
	if (!realpath(b->book.root, root) || !realpath(full, real))
		return RB_FILE_MISSING;
	size_t n = strlen(root);
	if (strncmp(real, root, n) || (real[n] != '/' && real[n] != '\0'))
		return RB_FILE_OUTSIDE;
	return S_ISDIR(st.st_mode) ? RB_FILE_DIR : S_ISREG(st.st_mode) ? RB_FILE_REGULAR : RB_FILE_SPECIAL;
}

/* "; did you mean 'TARGET/README.md'?" when the folder dir (book-relative,
 * written target in the link) has an intro runbook (README.md or
 * index.md), else "". */
static const char *folder_hint(struct rb_build *b, const char *dir, const char *target)
{
	static const char *const intro[] = {"README.md", "readme.md", "index.md"};
	for (size_t i = 0; i < sizeof intro / sizeof *intro; i++) {
		const char *rel = *dir ? rb_arena_printf(&b->arena, "%s/%s", dir, intro[i]) : intro[i];
		if (rb_book_runbook_by_path(&b->book, rel))
			return rb_arena_printf(&b->arena, "; did you mean '%s%s%s'?", target,
					       *target && target[strlen(target) - 1] == '/' ? "" : "/", intro[i]);
	}
	return "";
}

/* Check one link: the file must be a runbook of the book (or exist), and
 * the fragment must be one of its anchors. A mention must name a contact
 * (one of ids, the book's contact ids), unless contacts.yaml did not load
 * (that is reported once, by the loader). */
static void check_link(struct rb_build *b, const struct rb_link *l, const char *const *ids, size_t nids)
{
	if (l->kind == RB_LINK_CONTACT) {
		if (b->book.contacts_broken || rb_book_contact(&b->book, l->fragment))
			return;
		const char *near = rb_nearest(l->fragment, ids, nids);
		if (near)
			rb_diag(b, RB_D_CONTACT_UNKNOWN, l->loc, "'%s' is not in contacts.yaml; did you mean '@%s'?",
				l->target, near);
		else
			rb_diag(b, RB_D_CONTACT_UNKNOWN, l->loc,
				"'%s' is not in contacts.yaml; add it there, or write it as `code` if it is not a contact",
				l->target);
		return;
	}
	if (l->call && l->fragment && rb_starts_with(l->fragment, "procedure-"))
		return;     /* a call: check_proc.c checks it as one */
	if (!l->path) {
		rb_diag(b, RB_D_LINK_BROKEN, l->loc, "'%s' points outside the book", l->target);
		return;
	}
	const struct rb_runbook *to = rb_book_runbook_by_path(&b->book, l->path);
	if (!to) {
		enum rb_book_file kind = rb_check_book_file(b, l->path);
		if (kind == RB_FILE_MISSING) {
			char *full = rb_arena_printf(&b->arena, "%s/%s", b->book.root, l->path);
			char *slash = strrchr(full, '/');
			*slash = '\0';
			rb_diag(b, RB_D_LINK_BROKEN, l->loc, "'%s': no such file in the book%s", l->target,
				file_hint(b, l->target, near_file(b, full, slash + 1)));
		} else if (kind == RB_FILE_OUTSIDE) {
			rb_diag(b, RB_D_LINK_BROKEN, l->loc, "'%s' leads out of the book through a symbolic link; "
				"copy the file into the book", l->target);
		} else if (kind == RB_FILE_SPECIAL) {
			rb_diag(b, RB_D_LINK_BROKEN, l->loc, "'%s' is not a regular file", l->target);
		} else if (kind == RB_FILE_EXCLUDED) {
			rb_diag(b, RB_D_LINK_BROKEN, l->loc, "'%s' is excluded from the book by rbc.yaml's exclude:, "
				"so the site will not have it", l->target);
		} else if (kind == RB_FILE_DIR) {
			rb_diag(b, RB_D_LINK_BROKEN, l->loc, "'%s' is a folder, and the site has no page for a folder; "
				"link to a file in it%s", l->target, folder_hint(b, l->path, l->target));
		} else if (l->fragment) {
			rb_diag(b, RB_D_LINK_BROKEN, l->loc, "'%s': only runbooks have anchors", l->target);
		}
		return;
	}
	if (l->fragment && !rb_runbook_has_anchor(to, l->fragment))
		rb_diag(b, RB_D_LINK_BROKEN, l->loc, "'%s': %s has no heading with anchor '#%s'%s", l->target,
			to->file, l->fragment, anchor_hint(b, to, l->fragment));
}

/* Every runbook needs a title and scenarios to be useful, and a review
 * date that has happened (by --as-of, or today). */
static void check_shape(struct rb_build *b, const struct rb_runbook *rb)
{
	struct rb_loc top = {rb->file, 1, 1};
	if (rb->reviewed.set && rb->reviewed.days > b->as_of) {
		char today[16];
		rb_format_date(b->as_of, today, sizeof today);
		rb_diag(b, RB_D_FUTURE_DATE, rb->reviewed.loc, "reviewed: %s is after %s%s", rb->reviewed.text,
			today, b->opt.as_of ? " (--as-of)" : getenv("SOURCE_DATE_EPOCH") ? " (SOURCE_DATE_EPOCH)" : ", today");
	}
	if (!rb->body_parsed)
		return;     /* the body was refused; that error says enough */
	if (!rb->title.s)
		rb_diag(b, RB_D_NO_TITLE, top, NULL);
	if (!rb->nscenarios && !rb->nprocedures)
		rb_diag(b, RB_D_NO_SCENARIOS, top, NULL);
}

/* The checks of one runbook, each on its own child build (pool.h). */
struct check_task {
	struct rb_build *b;
	struct rb_build *child;      /* one per runbook */
	const char **ids;            /* the contacts' ids, for did-you-mean */
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
		check_link(c, &rb->links[j], t->ids, t->b->book.ncontacts);
}

/* No two scenarios of the book may share a step script. Paths are
 * compared with ASCII case folded, as a case-insensitive file system
 * (macOS, Windows) would; each clash is reported at the later scenario,
 * naming the earlier one. */
static void check_script_names(struct rb_build *b)
{
	struct rb_arena tmp;            /* the folded paths: gone on return */
	struct rb_strmap first = {0};   /* folded path -> index into all */
	const struct rb_scenario **all = NULL;
	size_t n = 0, cap = 0;
	rb_arena_init(&tmp);
	for (size_t r = 0; r < b->book.nrunbooks; r++) {
		const struct rb_runbook *rb = b->book.runbooks[r];
		for (size_t i = 0; i < rb->nscenarios; i++) {
			const struct rb_scenario *s = &rb->scenarios[i];
			char *path = (char *)rb_scenario_script_path(&tmp, s, "scripts/");
			for (char *p = path; *p; p++)
				*p = (char)tolower((unsigned char)*p);
			unsigned j;
			if (rb_strmap_get(&first, path, &j) && !strcmp(all[j]->id, s->id) &&
			    !strcmp(all[j]->runbook->id.s, rb->id.s))
				continue;       /* the same ids: duplicate-id says so already */
			if (rb_strmap_get(&first, path, &j)) {
				const char *mine = rb_scenario_script_path(&tmp, s, "scripts/");
				const char *theirs = rb_scenario_script_path(&tmp, all[j], "scripts/");
				rb_diag(b, RB_D_SCRIPT_CLASH, s->loc, "scenario '%s' and scenario '%s' at %s:%u:%u would "
					"%s %s%s%s; give one of them another id with {#other-id}", s->title ? s->title : s->id,
					all[j]->title ? all[j]->title : all[j]->id, all[j]->loc.file, all[j]->loc.line, all[j]->loc.col,
					strcmp(mine, theirs) ? "be" : "both be", mine, strcmp(mine, theirs) ? " and " : "",
					strcmp(mine, theirs) ? rb_arena_printf(&tmp, "%s, one file where case does not "
									   "count (macOS, Windows)", theirs) : "");
				continue;
			}
			if (n == cap)
				all = rb_xrealloc(all, (cap = cap ? 2 * cap : 16) * sizeof *all);
			all[n] = s;
			rb_strmap_put(&first, path, (unsigned)n++);
		}
	}
	free(all);
	rb_strmap_free(&first);
	rb_arena_free(&tmp);
}

void rb_check_book(struct rb_build *b)
{
	size_t n = b->book.nrunbooks;
	struct check_task t = {b, rb_xcalloc(n ? n : 1, sizeof *t.child), NULL};
	t.ids = rb_arena_alloc(&b->arena, (b->book.ncontacts + 1) * sizeof *t.ids);
	for (size_t i = 0; i < b->book.ncontacts; i++)
		t.ids[i] = b->book.contacts[i].id;
	rb_pool_run(b->opt.jobs ? b->opt.jobs : rb_pool_default_jobs(), n, check_task, NULL, &t, NULL);
	for (size_t i = 0; i < n; i++)
		rb_build_join(b, &t.child[i]);
	free(t.child);
	check_script_names(b);
	rb_check_procedures(b);
	const struct rb_runbook *intro = b->book.intro;
	for (size_t j = 0; intro && j < intro->nlinks; j++)
		check_link(b, &intro->links[j], t.ids, b->book.ncontacts);
}
