/* test_load.c: rb_load_book reads every runbook file through the reader
 * the command gives it (read/load.h), knowing nothing of lint or caches:
 * one call per file in walk order on a child build, the introduction
 * through intro, read strictly, and a NULL from the reader leaves the
 * file out of the book. */
#include "harness.h"
#include "read/load.h"
#include "parse/parse_file.h"
#include "parse/md_doc.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

/* What the test reader saw. */
struct seen {
	pthread_mutex_t lock;
	char calls[512];           /* "rel;" per runbook call, in call order */
	int nintro;
	bool intro_strict;
	const struct rb_build *parent;
	bool on_parent;            /* a runbook call got the loader's own build */
};

/* Test reader: records the call, leaves "skip.md" out, reads the rest lean. */
static struct rb_runbook *record(void *ctx, struct rb_build *b, const char *path, const char *rel,
				 const char *display)
{
	struct seen *s = ctx;
	pthread_mutex_lock(&s->lock);
	snprintf(s->calls + strlen(s->calls), sizeof s->calls - strlen(s->calls), "%s;", rel);
	s->on_parent |= b == s->parent;
	pthread_mutex_unlock(&s->lock);
	if (!strcmp(rel, "skip.md"))
		return NULL;
	return rb_parse_file_lean(NULL, b, path, rel, display);
}

/* Test intro reader: counts, and notes that it ran strictly. */
static struct rb_runbook *record_intro(void *ctx, struct rb_build *b, const char *path, const char *rel,
				       const char *display)
{
	struct seen *s = ctx;
	s->nintro++;
	s->intro_strict = b->opt.strict;
	return rb_parse_file_lean(NULL, b, path, rel, display);
}

/* Write text to dir/name. */
static void put(const char *dir, const char *name, const char *text)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

UNIT_SUITE(test_load)
static void test_load(void)
{
	const char *dir = "tests/out/unit-load-book";
	mkdir("tests/out", 0755);
	mkdir(dir, 0755);
	mkdir("tests/out/unit-load-book/sub", 0755);
	const char *rb = "---\nid: %s\ntitle: T\nowner: x\n---\n# T\n\n## Scenario: S\n\n### Detection\n\nd\n";
	char text[256];
	snprintf(text, sizeof text, rb, "zed");
	put(dir, "zed.md", text);
	snprintf(text, sizeof text, rb, "alpha");
	put(dir, "alpha.md", text);
	snprintf(text, sizeof text, rb, "deep");
	put(dir, "sub/deep.md", text);
	put(dir, "skip.md", text);
	put(dir, "README.md", "# Intro\n\nSee [alpha](alpha.md).\n");

	struct rb_build b;
	rb_build_init(&b);
	b.opt.book = dir;
	b.opt.quiet = true;
	b.opt.jobs = 2;
	struct seen s = {.parent = &b};
	pthread_mutex_init(&s.lock, NULL);
	struct rb_reader r = {record, record_intro, &s};
	OK("load/reader-book-read", rb_load_book(&b, &r));
	/* the pool may call in any order; the book keeps walk order */
	OK("load/reader-each-file-once", strlen(s.calls) == strlen("alpha.md;skip.md;sub/deep.md;zed.md;") &&
	   strstr(s.calls, "alpha.md;") && strstr(s.calls, "skip.md;") && strstr(s.calls, "sub/deep.md;") &&
	   strstr(s.calls, "zed.md;") && !strstr(s.calls, "README"));
	OK("load/reader-child-builds", !s.on_parent);
	OK("load/reader-intro-once-strict", s.nintro == 1 && s.intro_strict && b.book.intro && !b.opt.strict);
	OK("load/reader-null-leaves-file-out", b.book.nrunbooks == 3);
	OK("load/reader-walk-order", b.book.nrunbooks == 3 && !strcmp(b.book.runbooks[0]->path, "alpha.md") &&
	   !strcmp(b.book.runbooks[1]->path, "sub/deep.md") && !strcmp(b.book.runbooks[2]->path, "zed.md"));
	OK("load/reader-lean-frees-tree", b.book.nrunbooks && b.book.runbooks[0]->doc &&
	   !b.book.runbooks[0]->doc->root && b.book.runbooks[0]->body_parsed);
	pthread_mutex_destroy(&s.lock);
	rb_build_free(&b);
}
