/* test_front.c: the commands' common front (cli/front.h): the lean load
 * that alerts, stale and dump share reads the book, runs the checks and
 * keeps no parse tree; a book that cannot be read is refused. */
#include "harness.h"
#include "cli/front.h"
#include "parse/md_doc.h"
#include "model/diag.h"
#include <stdio.h>
#include <sys/stat.h>

UNIT_SUITE(test_front)
static void test_front(void)
{
	const char *dir = "tests/out/unit-front-book";
	mkdir("tests/out", 0755);
	mkdir(dir, 0755);
	FILE *f = fopen("tests/out/unit-front-book/db.md", "w");
	if (f) {
		fputs("---\nid: db\ntitle: DB\nowner: x\n---\n# DB\n\n## Scenario: Lag\n\n### Detection\n\nd\n", f);
		fclose(f);
	}
	struct rb_build b;
	rb_build_init(&b);
	b.opt.book = dir;
	b.opt.quiet = true;
	b.opt.as_of = "2026-12-01";
	OK("front/lean-load-reads", rb_front_load_lean(&b) && b.book.nrunbooks == 1);
	OK("front/lean-load-as-of", b.as_of > 0);
	OK("front/lean-load-no-tree", b.book.nrunbooks == 1 && b.book.runbooks[0]->body_parsed &&
	   (!b.book.runbooks[0]->doc || !b.book.runbooks[0]->doc->root));
	rb_build_free(&b);

	rb_build_init(&b);
	b.opt.book = "tests/out/unit-front-no-such-book";
	b.opt.quiet = true;
	FILE *saved = stderr;
	stderr = fopen("/dev/null", "w");   /* the refusal prints its diagnostics */
	bool loaded = rb_front_load_lean(&b);
	fclose(stderr);
	stderr = saved;
	OK("front/lean-load-refuses-missing-book", !loaded && rb_diag_count(&b, RB_ERROR) > 0);
	rb_build_free(&b);
}
