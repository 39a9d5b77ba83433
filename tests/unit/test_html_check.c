/* test_html_check.c: the site's HTML check. A clean site passes; each kind
 * of fault (parse error, duplicate id, missing page, missing fragment,
 * script URLs however spelled, event handlers, inline scripts, absolute
 * paths) is reported at its page and line; HTML5 elements, "../" paths,
 * percent-encoding and assets resolve. */
#include "harness.h"
#include "build.h"
#include "html_check.h"
#include <stdlib.h>

#define HEAD "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>t</title></head><body>\n"
#define TAIL "</body></html>\n"

struct page {
	const char *rel, *html;
};

/* Check pages (and assets) in a fresh build, on the checker's own thread
 * or not; returns "OK", or "rel:line detail" of the first diagnostic. */
static void run_mode(const struct page *pages, const char *const *assets, bool threaded, char *msg, size_t size)
{
	struct rb_build b;
	rb_build_init(&b);
	struct rb_html_check *chk = rb_html_check_new(&b, threaded);
	for (size_t i = 0; assets && assets[i]; i++)
		rb_html_check_asset(chk, assets[i]);
	for (size_t i = 0; pages[i].rel; i++)
		rb_html_check_page(chk, pages[i].rel, pages[i].html, strlen(pages[i].html));
	bool ok = rb_html_check_finish(chk);
	if (ok && !b.ndiags)
		snprintf(msg, size, "OK");
	else if (!b.ndiags)
		snprintf(msg, size, "failed without a diagnostic");
	else
		snprintf(msg, size, "%s:%u %s", b.diags[0].loc.file, b.diags[0].loc.line,
			 b.diags[0].detail ? b.diags[0].detail : "");
	rb_build_free(&b);
}

/* run_mode in both modes, which must agree (malloc'd result). */
static char *run(const struct page *pages, const char *const *assets)
{
	char direct[600], threaded[600], both[1300];
	run_mode(pages, assets, false, direct, sizeof direct);
	run_mode(pages, assets, true, threaded, sizeof threaded);
	if (strcmp(direct, threaded))
		snprintf(both, sizeof both, "modes differ: %s | %s", direct, threaded);
	return strdup(strcmp(direct, threaded) ? both : direct);
}

/* One page (index.html) beside a clean second page sub/b.html. */
static void expect(const char *name, const char *body, const char *want)
{
	static char page[4096];
	snprintf(page, sizeof page, HEAD "%s" TAIL, body);
	const struct page pages[] = {
		{"index.html", page},
		{"sub/b.html", HEAD "<main><h1 id=\"top-b\">B</h1><p id=\"x y\">spaced</p></main>" TAIL},
		{NULL, NULL},
	};
	const char *const assets[] = {"assets/site.css", "scripts/a b.sh", NULL};
	char *got = run(pages, assets);
	STR_EQ(name, got, want);
	free(got);
}

UNIT_SUITE(test_html_check)
static void test_html_check(void)
{
	expect("html-check/clean", "<nav><a href=\"sub/b.html#top-b\">b</a></nav><main id=\"m\"><section>"
	       "<a href=\"#m\">self</a><a href=\"https://example.org/x\">ext</a><a href=\"mailto:a@b.c\">m</a>"
	       "<a href=\"index.html?q=x\">q</a><a href=\"#\">top</a><button type=\"button\" hidden>Copy</button>"
	       "<link rel=\"stylesheet\" href=\"assets/site.css\"><a href=\"scripts/a%20b.sh\">sh</a>"
	       "<a href=\"sub/b.html#x%20y\">enc</a></section></main>", "OK");
	expect("html-check/mismatched-tag", "<p>one\n<em>two</p>\n</div>", "index.html:4 the page does not parse: "
	       "Opening and ending tag mismatch: p and em");
	expect("html-check/duplicate-id", "<h2 id=\"a\">x</h2>\n<h2 id=\"a\">y</h2>",
	       "index.html:4 id 'a' is used twice on this page");
	expect("html-check/missing-page", "<a href=\"sub/c.html\">c</a>",
	       "index.html:3 link to a file the site does not have: 'sub/c.html'");
	expect("html-check/missing-fragment", "<a href=\"sub/b.html#nope\">c</a>",
	       "index.html:3 link to an id the page does not have: 'sub/b.html#nope'");
	expect("html-check/javascript-url", "<a href=\"javascript:alert(1)\">x</a>",
	       "index.html:3 URL with a script or data scheme: 'javascript:alert(1)'");
	expect("html-check/javascript-mixed-case-space", "<a href=\" JaVa&#x09;Script:alert(1)\">x</a>",
	       "index.html:3 URL with a script or data scheme: ' JaVa\tScript:alert(1)'");
	expect("html-check/data-src", "<img alt=\"\" src=\"data:image/png;base64,AAAA\">",
	       "index.html:3 URL with a script or data scheme: 'data:image/png;base64,AAAA'");
	expect("html-check/event-handler", "<img alt=\"\" src=\"assets/site.css\" onerror=\"alert(1)\">",
	       "index.html:3 event handler attribute 'onerror'; the site runs no inline script");
	expect("html-check/inline-script", "<script>alert(1)</script>",
	       "index.html:3 a script without src; the site loads only its own script files");
	expect("html-check/script-missing-file", "<script src=\"assets/gone.js\"></script>",
	       "index.html:3 link to a file the site does not have: 'assets/gone.js'");
	expect("html-check/absolute-path", "<a href=\"/etc/passwd\">x</a>",
	       "index.html:3 absolute path '/etc/passwd'; the site uses relative URLs only");
	expect("html-check/file-url", "<a href=\"file:///etc/passwd\">x</a>",
	       "index.html:3 link with a scheme the site does not use: 'file:///etc/passwd'");
	expect("html-check/climbs-out", "<a href=\"../index.html\">x</a>",
	       "index.html:3 link to a file the site does not have: '../index.html'");
	expect("html-check/fragment-on-asset", "<a href=\"assets/site.css#x\">x</a>",
	       "index.html:3 fragment on a file that is not a page: 'assets/site.css#x'");
	expect("html-check/bad-entity", "<p>a &bogus b</p>", "index.html:3 the page does not parse: "
	       "htmlParseEntityRef: expecting ';'");

	/* "../" from a page in a folder, and a big page */
	size_t n = 1 << 20;
	char *big = malloc(n + 512);
	char *p = big + sprintf(big, HEAD "<main>");
	while ((size_t)(p - big) < n)
		p += sprintf(p, "<p>line <a href=\"../index.html#top\">up</a></p>\n");
	sprintf(p, "</main>" TAIL);
	const struct page pages[] = {{"index.html", HEAD "<p id=\"top\">x</p>" TAIL}, {"a/big.html", big}, {NULL, NULL}};
	char *got = run(pages, NULL);
	STR_EQ("html-check/big-page-up-links", got, "OK");
	free(got);
	free(big);
}
