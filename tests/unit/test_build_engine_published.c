/* test_build_engine_published.c: the engine tells its changed callback,
 * with rel NULL, that the new OUT is whole as soon as it is in place
 * (build_engine.h): after every changed path, once per build, and before
 * it records its state for the next build (the stat stamps of OUT's
 * files and the state file), so that rbc serve sends its reload event
 * without waiting for them. */
#include "harness.h"
#include "cli/build_engine.h"
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DIR "tests/out/unit-engine-published"

/* What the callback saw of one build. */
struct seen {
	int changed;              /* paths given before the NULL */
	int published;            /* NULL calls */
	int after;                /* paths given after the NULL */
	char *state_then;         /* the state file's bytes at the NULL (malloc'd) */
	char *index_then;         /* OUT/index.html's bytes at the NULL (malloc'd) */
};

/* The bytes of the build state file in the test's cache folder, or NULL. */
static char *state_bytes(void)
{
	glob_t g;
	char *s = NULL;
	if (glob(DIR "/cache/rbc/build-*/state-*", 0, NULL, &g) == 0 && g.gl_pathc == 1)
		s = unit_slurp(g.gl_pathv[0], NULL);
	globfree(&g);
	return s;
}

/* The engine's changed callback: count, and at the NULL keep what the
 * state and OUT/index.html hold then. */
static void changed(void *ctx, const char *rel)
{
	struct seen *s = ctx;
	if (rel) {
		s->published ? s->after++ : s->changed++;
		return;
	}
	s->published++;
	free(s->state_then), free(s->index_then);
	s->state_then = state_bytes();
	s->index_then = unit_slurp(DIR "/site/index.html", NULL);
}

/* Build the book in DIR/book into DIR/site with engine e. */
static int build(struct rb_build_engine *e, struct seen *s)
{
	struct rb_build b;
	rb_build_init(&b);
	b.opt.book = DIR "/book";
	b.opt.as_of = "2026-11-22";
	b.opt.quiet = true;
	*s = (struct seen){0};
	int code = rb_build_engine_build(e, &b, DIR "/site", changed, s);
	rb_build_free(&b);
	return code;
}

UNIT_SUITE(build_engine_published)
static void build_engine_published(void)
{
	if (system("rm -rf " DIR " && mkdir -p " DIR " && cp -r runbooks " DIR "/book") != 0) {
		OK("engine-published/setup", false);
		return;
	}
	const char *xdg = getenv("XDG_CACHE_HOME");
	char *saved = xdg ? strdup(xdg) : NULL;
	char cache[4096];
	if (!getcwd(cache, sizeof cache - 64)) {
		OK("engine-published/cwd", false);
		free(saved);
		return;
	}
	strcat(cache, "/" DIR "/cache");   /* the cache folder must be absolute */
	setenv("XDG_CACHE_HOME", cache, 1);
	struct rb_build_engine *e = rb_build_engine_new(8);
	struct seen s;
	OK("engine-published/first-built", build(e, &s) == 0);
	OK("engine-published/first-once", s.published == 1 && s.changed > 0 && s.after == 0);
	char *state_before = state_bytes();
	OK("engine-published/first-state", state_before != NULL);
	/* an edit of one title: the runbook's page and the index change */
	OK("engine-published/edit", system("sed -i 's/^title: .*/title: Orders DB renamed/' " DIR
					   "/book/orders-db.md") == 0);
	OK("engine-published/rebuilt", build(e, &s) == 0);
	OK("engine-published/once-after-changes", s.published == 1 && s.changed > 0 && s.after == 0);
	char *index_now = unit_slurp(DIR "/site/index.html", NULL), *state_now = state_bytes();
	OK("engine-published/out-whole", s.index_then && index_now && !strcmp(s.index_then, index_now) &&
	   strstr(index_now, "Orders DB renamed"));
	OK("engine-published/before-state", s.state_then && state_before && !strcmp(s.state_then, state_before) &&
	   state_now && strcmp(state_now, state_before));
	free(index_now), free(state_now), free(state_before);
	free(s.state_then), free(s.index_then);
	/* a rebuild with nothing changed puts no new OUT in place: no NULL */
	OK("engine-published/unchanged-built", build(e, &s) == 0);
	OK("engine-published/unchanged-silent", s.published == 0 && s.changed == 0);
	free(s.state_then), free(s.index_then);
	rb_build_engine_free(e);
	if (saved)
		setenv("XDG_CACHE_HOME", saved, 1), free(saved);
	else
		unsetenv("XDG_CACHE_HOME");
}
