/* test_html_check_replay.c: a page's record (rb_html_check_keep) replayed
 * with rb_html_check_replay gives what parsing the page gave: the same
 * findings at the same places (a parse error, a duplicate id, an event
 * handler, a broken link out of it) and the same ids for other pages'
 * links into it (none of them reported broken). */
#include "harness.h"
#include "model/build.h"
#include "render/html_check.h"
#include "base/buf.h"
#include <stdlib.h>

#define PAGE "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>t</title></head><body>\n" \
	     "<p id=\"a\">x</p>\n<p id=\"a\" onclick=\"f()\">y</p>\n<a href=\"b.html#b\">b</a>\n" \
	     "<a href=\"nowhere.html\">n</a>\n<p id=\"c\">z</p></div>\n</body></html>\n"
#define OTHER "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>t</title></head><body>\n" \
	      "<p id=\"b\">b</p>\n<a href=\"a.html#c\">c</a> <a href=\"a.html#gone\">g</a>\n</body></html>\n"

/* The record of a.html, kept by keep_a. */
struct kept {
	struct rb_buf rec;
	int n;
};

static void keep_a(void *ctx, const char *rel, const char *record, size_t len)
{
	struct kept *k = ctx;
	if (!strcmp(rel, "a.html")) {
		rb_buf_add(&k->rec, record, len);
		k->n++;
	}
}

/* Every diagnostic of b as "file:line:col message: detail\n". */
static char *diags_text(struct rb_build *b)
{
	struct rb_buf t;
	rb_buf_init(&t);
	rb_diag_sort(b);
	for (size_t i = 0; i < b->diags.n; i++)
		rb_buf_printf(&t, "%s:%u:%u %s: %s\n", b->diags.v[i].loc.file, b->diags.v[i].loc.line,
			      b->diags.v[i].loc.col, b->diags.v[i].message, b->diags.v[i].detail ? b->diags.v[i].detail : "");
	char *s = rb_xstrdup(t.data ? t.data : "");
	rb_buf_free(&t);
	return s;
}

UNIT_SUITE(html_check_replay_suite)
static void html_check_replay_suite(void)
{
	for (int threaded = 0; threaded < 2; threaded++) {
		struct rb_build b1, b2;
		rb_build_init(&b1), rb_build_init(&b2);
		struct kept k = {.n = 0};
		rb_buf_init(&k.rec);
		struct rb_html_check *chk = rb_html_check_new(&b1, threaded);
		rb_html_check_keep(chk, keep_a, &k);
		rb_html_check_page(chk, "a.html", strdup(PAGE), strlen(PAGE));
		rb_html_check_page(chk, "b.html", strdup(OTHER), strlen(OTHER));
		bool ok1 = rb_html_check_finish(chk, true);
		chk = rb_html_check_new(&b2, threaded);
		rb_html_check_replay(chk, "a.html", k.rec.data ? k.rec.data : "", k.rec.len);
		rb_html_check_page(chk, "b.html", strdup(OTHER), strlen(OTHER));
		bool ok2 = rb_html_check_finish(chk, true);
		char *t1 = diags_text(&b1), *t2 = diags_text(&b2);
		const char *name = threaded ? "html-check-replay-same-findings-threaded" : "html-check-replay-same-findings";
		OK(name, !ok1 && !ok2 && k.n == 1 && b1.diags.n >= 4 && !strcmp(t1, t2) && strstr(t1, "used twice") &&
			 strstr(t1, "gone") && !strstr(t1, "#c'") && strstr(t1, "onclick"));
		free(t1), free(t2);
		rb_buf_free(&k.rec);
		rb_build_free(&b1), rb_build_free(&b2);
	}
}
