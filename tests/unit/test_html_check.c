/* test_html_check.c: the site's HTML check. A clean site passes; each kind
 * of fault (parse error, duplicate id, missing page, missing fragment,
 * script URLs however spelled, event handlers, inline scripts, absolute
 * paths) is reported at its page and line; HTML5 elements, "../" paths,
 * percent-encoding and assets resolve. */
#include "harness.h"
#include "model/build.h"
#include "render/html_check.h"
#include <stdlib.h>
#include <sys/stat.h>

#define HEAD "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>t</title></head><body>\n"
#define TAIL "</body></html>\n"

struct page {
	const char *rel, *html;
};

/* How the checker gets its pages: in memory, on the caller's thread or on
 * its own, or from files (the site's big pages), on its own thread. */
enum mode { DIRECT, THREADED, FILES, NMODES };
static const char *const mode_names[] = {"direct", "threaded", "files"};

/* A checker in mode m with the assets and pages given to it. */
static struct rb_html_check *check_all(struct rb_build *b, const struct page *pages, const char *const *assets,
				       enum mode m)
{
	struct rb_html_check *chk = rb_html_check_new(b, m != DIRECT);
	for (size_t i = 0; assets && assets[i]; i++)
		rb_html_check_asset(chk, assets[i]);
	mkdir("tests/out", 0755);
	mkdir("tests/out/html-check", 0755);
	for (size_t i = 0; pages[i].rel; i++) {
		size_t len = strlen(pages[i].html);
		if (m != FILES) {
			rb_html_check_page(chk, pages[i].rel, strdup(pages[i].html), len);
			continue;
		}
		char path[64];
		snprintf(path, sizeof path, "tests/out/html-check/%zu.html", i);
		FILE *f = fopen(path, "wb");
		if (!f || fwrite(pages[i].html, 1, len, f) != len)
			printf("FAIL unit/html-check/files: cannot write %s\n", path);
		if (f)
			fclose(f);
		rb_html_check_file(chk, pages[i].rel, strdup(path));
	}
	return chk;
}

/* Check pages (and assets) in a fresh build in mode m; returns "OK", or
 * "rel:line detail" of the first diagnostic. */
static void run_mode(const struct page *pages, const char *const *assets, enum mode m, char *msg, size_t size)
{
	struct rb_build b;
	rb_build_init(&b);
	struct rb_html_check *chk = check_all(&b, pages, assets, m);
	bool ok = rb_html_check_finish(chk, true);
	if (ok && !b.diags.n)
		snprintf(msg, size, "OK");
	else if (!b.diags.n)
		snprintf(msg, size, "failed without a diagnostic");
	else
		snprintf(msg, size, "%s:%u %s", b.diags.v[0].loc.file, b.diags.v[0].loc.line,
			 b.diags.v[0].detail ? b.diags.v[0].detail : "");
	rb_build_free(&b);
}

/* run_mode in every mode, which must agree (malloc'd result). */
static char *run(const struct page *pages, const char *const *assets)
{
	char first[600], other[600], both[1300];
	run_mode(pages, assets, DIRECT, first, sizeof first);
	for (enum mode m = THREADED; m < NMODES; m++) {
		run_mode(pages, assets, m, other, sizeof other);
		if (strcmp(first, other)) {
			snprintf(both, sizeof both, "modes differ: %s | %s: %s", first, mode_names[m], other);
			return strdup(both);
		}
	}
	return strdup(first);
}

/* Every diagnostic of a check, one "rel:line:col detail" a line, in the
 * order the checker gave them (malloc'd); complete as for finish. */
static char *all_mode(const struct page *pages, const char *const *assets, enum mode m, bool complete)
{
	struct rb_build b;
	rb_build_init(&b);
	struct rb_html_check *chk = check_all(&b, pages, assets, m);
	bool ok = rb_html_check_finish(chk, complete);
	size_t size = 64;
	for (size_t i = 0; i < b.diags.n; i++)
		size += strlen(b.diags.v[i].loc.file) + strlen(b.diags.v[i].detail ? b.diags.v[i].detail : "") + 32;
	char *out = malloc(size), *p = out;
	p += sprintf(p, "%s\n", ok ? "ok" : "failed");
	for (size_t i = 0; i < b.diags.n; i++)
		p += sprintf(p, "%s:%u:%u %s\n", b.diags.v[i].loc.file, b.diags.v[i].loc.line, b.diags.v[i].loc.col,
			     b.diags.v[i].detail ? b.diags.v[i].detail : "");
	rb_build_free(&b);
	return out;
}

/* all_mode in every mode, which must agree. */
static void expect_some(const char *name, const struct page *pages, const char *const *assets, bool complete,
			const char *want)
{
	char *first = all_mode(pages, assets, DIRECT, complete);
	bool same = true;
	for (enum mode m = THREADED; m < NMODES && same; m++) {
		char *other = all_mode(pages, assets, m, complete);
		same = !strcmp(first, other);
		if (!same)
			printf("FAIL unit/%s: modes differ:\ndirect:\n%s---\n%s:\n%s", name, first, mode_names[m], other);
		free(other);
	}
	if (same)
		STR_EQ(name, first, want);
	free(first);
}

/* expect_some for a complete site. */
static void expect_all(const char *name, const struct page *pages, const char *const *assets, const char *want)
{
	expect_some(name, pages, assets, true, want);
}

/* Several pages in three folders, with findings of every kind: page
 * findings come first in the order found, then link findings in the order
 * of the links; links to pages checked later, to pages checked earlier and
 * to the page itself resolve alike. */
static void test_all_findings(void)
{
	const struct page pages[] = {
		{"index.html", HEAD "<a href=\"sub/later.html#l1\">fwd</a><a href=\"sub/later.html#nope\">x</a>\n"
		 "<a href=\"gone.html\">x</a><h2 id=\"d\">d</h2><h2 id=\"d\">again</h2>\n"
		 "<a href=\"#d\">self</a><a href=\"#missing\">x</a><a href=\"index.html#missing2\">x</a>"
		 "<a href=\"index.html#d\">ok</a>\n<a href=\"assets/site.css#x\">x</a><a href=\"/abs\">x</a>"
		 "<a href=\"ftp://x/y\">x</a><a href=\"javascript:void(0)\">x</a>\n<a href=\"../up.html\">x</a>"
		 "<img alt=\"\" src=\"assets/site.css\" onerror=\"x()\"><a href=\"sub/later.html?q=1#l1\">ok</a>\n"
		 "<a href=\"#top\">t</a><a href=\"#\">t</a><a href=\"\">e</a><a href=\"sub/later.html#%6C1\">enc</a>"
		 "<a href=\"#d%\">x</a><a href=\"gone.html\">again</a>\n<a href=\"HTTPS://example.org/\">ext</a>"
		 "<a href=\"tel:123\">t</a><a href=\"scripts/a%20b.sh\">sh</a><a href=\"scripts/a b.sh#x\">x</a>"
		 "<a href=\"sub/./later.html#l1\">dot</a><a href=\"sub/../index.html#d\">dotdot</a>\n" TAIL},
		{"sub/later.html", HEAD "<p id=\"l1\">l</p><a href=\"../index.html#d\">back</a>\n"
		 "<a href=\"../index.html#gone\">x</a><a href=\"../gone.html\">x</a><a href=\"../sub/later.html#l1\">ok</a>\n"
		 "<a href=\"later.html#zz\">x</a><a href=\"../sub2/p.html\">fwd</a><a href=\"../sub2/none.html\">x</a>\n"
		 "<a href=\"other.html#o1\">fwd</a><a href=\"#l1\">self</a><p id=\"l1\">dup</p>\n" TAIL},
		{"sub/other.html", HEAD "<p id=\"o1\">o</p><a href=\"../gone.html\">x</a><a href=\"../index.html#gone\">x</a>\n"
		 "<a href=\"#l1\">x</a><a href=\"later.html#l1\">ok</a><a href=\"later.html#zz\">x</a>\n" TAIL},
		{"sub2/p.html", HEAD "<p id=\"\xc3\xa9\">e</p><a href=\"#%C3%A9\">ok</a><a href=\"../sub/later.html\">ok</a>\n"
		 "<a href=\"../gone.html\">x</a><a href=\"p.html#%C3%A9\">ok</a><a href=\"../index.html#d\">ok</a>\n" TAIL},
		{NULL, NULL},
	};
	const char *const assets[] = {"assets/site.css", "scripts/a b.sh", NULL};
	expect_all("html-check/all-findings", pages, assets,
		   "failed\n"
		   "index.html:4:1 id 'd' is used twice on this page\n"
		   "index.html:6:1 URL with a script or data scheme: 'javascript:void(0)'\n"
		   "index.html:7:1 event handler attribute 'onerror'; the site runs no inline script\n"
		   "sub/later.html:6:1 id 'l1' is used twice on this page\n"
		   "index.html:3:1 link to an id the page does not have: 'sub/later.html#nope'\n"
		   "index.html:4:1 link to a file the site does not have: 'gone.html'\n"
		   "index.html:5:1 link to an id the page does not have: '#missing'\n"
		   "index.html:5:1 link to an id the page does not have: 'index.html#missing2'\n"
		   "index.html:6:1 fragment on a file that is not a page: 'assets/site.css#x'\n"
		   "index.html:6:1 absolute path '/abs'; the site uses relative URLs only\n"
		   "index.html:6:1 link with a scheme the site does not use: 'ftp://x/y'\n"
		   "index.html:7:1 link to a file the site does not have: '../up.html'\n"
		   "index.html:8:1 link to an id the page does not have: '#d%'\n"
		   "index.html:8:1 link to a file the site does not have: 'gone.html'\n"
		   "index.html:9:1 fragment on a file that is not a page: 'scripts/a b.sh#x'\n"
		   "sub/later.html:4:1 link to an id the page does not have: '../index.html#gone'\n"
		   "sub/later.html:4:1 link to a file the site does not have: '../gone.html'\n"
		   "sub/later.html:5:1 link to an id the page does not have: 'later.html#zz'\n"
		   "sub/later.html:5:1 link to a file the site does not have: '../sub2/none.html'\n"
		   "sub/other.html:3:1 link to a file the site does not have: '../gone.html'\n"
		   "sub/other.html:3:1 link to an id the page does not have: '../index.html#gone'\n"
		   "sub/other.html:4:1 link to an id the page does not have: '#l1'\n"
		   "sub/other.html:4:1 link to an id the page does not have: 'later.html#zz'\n"
		   "sub2/p.html:4:1 link to a file the site does not have: '../gone.html'\n");
	/* A build that stopped part way: the same findings but the links to
	 * files never given, which may be pages not written yet ('../up.html'
	 * leaves the site, so it is wrong whatever comes). */
	expect_some("html-check/incomplete-site", pages, assets, false,
		    "failed\n"
		    "index.html:4:1 id 'd' is used twice on this page\n"
		    "index.html:6:1 URL with a script or data scheme: 'javascript:void(0)'\n"
		    "index.html:7:1 event handler attribute 'onerror'; the site runs no inline script\n"
		    "sub/later.html:6:1 id 'l1' is used twice on this page\n"
		    "index.html:3:1 link to an id the page does not have: 'sub/later.html#nope'\n"
		    "index.html:5:1 link to an id the page does not have: '#missing'\n"
		    "index.html:5:1 link to an id the page does not have: 'index.html#missing2'\n"
		    "index.html:6:1 fragment on a file that is not a page: 'assets/site.css#x'\n"
		    "index.html:6:1 absolute path '/abs'; the site uses relative URLs only\n"
		    "index.html:6:1 link with a scheme the site does not use: 'ftp://x/y'\n"
		    "index.html:7:1 link to a file the site does not have: '../up.html'\n"
		    "index.html:8:1 link to an id the page does not have: '#d%'\n"
		    "index.html:9:1 fragment on a file that is not a page: 'scripts/a b.sh#x'\n"
		    "sub/later.html:4:1 link to an id the page does not have: '../index.html#gone'\n"
		    "sub/later.html:5:1 link to an id the page does not have: 'later.html#zz'\n"
		    "sub/other.html:3:1 link to an id the page does not have: '../index.html#gone'\n"
		    "sub/other.html:4:1 link to an id the page does not have: '#l1'\n"
		    "sub/other.html:4:1 link to an id the page does not have: 'later.html#zz'\n");
}

/* Bytes that are not UTF-8, a meta charset that names another encoding
 * (the pages are UTF-8 whatever they say), and a page with more parse
 * errors than are shown. */
static void test_encodings(void)
{
	static char many[4096];
	char *p = many + sprintf(many, HEAD);
	for (int i = 0; i < 25; i++)
		p += sprintf(p, "<p>a &bogus%d b</p>\n", i);
	sprintf(p, TAIL);
	const struct page pages[] = {
		{"bad.html", HEAD "<p id=\"a\">x \xff y</p>\n<p id=\"b\">\xc3\x28 z</p><a href=\"#b\">b</a>"
		 "<a href=\"#c\">c</a>\n<p id=\"\xc3\xa9\">\xe2\x82</p><a href=\"#%C3%A9\">e</a>\n" TAIL},
		{"latin.html", "<!DOCTYPE html>\n<html><head><meta charset=\"iso-8859-1\"><title>t</title></head><body>\n"
		 "<p id=\"\xc3\xa9\">e</p><a href=\"#%C3%A9\">e</a><a href=\"#%E9\">x</a>\n" TAIL},
		{"equiv.html", "<!DOCTYPE html>\n<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
		 "charset=windows-1252\"><title>t</title></head><body>\n<p id=\"\xe2\x82\xac\">e</p>"
		 "<a href=\"#%E2%82%AC\">e</a><a href=\"latin.html#%C3%A9\">e</a>\n" TAIL},
		{"nohead.html", "<p id=\"q\">\xc3\xa9</p><a href=\"#q\">q</a><p id=\"\xc3\xa0\">a</p><a href=\"#%C3%A0\">a</a>"},
		{"bom.html", "\xef\xbb\xbf" HEAD "<p id=\"r\">r</p><a href=\"#r\">r</a><a href=\"#s\">s</a>\n" TAIL},
		{"bom2.html", "\xef\xbb\xbf\xef\xbb\xbf" HEAD "<p id=\"t\">t</p><a href=\"#t\">t</a>\n" TAIL},
		{"nonchar.html", "<p>a</p>\n\xef\xbf\xbe <!-- c --> <p id=\"u\">\xef\xbf\xbf</p><a href=\"#u\">u</a>"},
		{"surrogate.html", "<p>a</p>\n<p id=\"v\">\xed\xa0\x80</p><a href=\"#v\">v</a><a href=\"#w\">w</a>"},
		{"many.html", many},
		{NULL, NULL},
	};
	expect_all("html-check/encodings", pages, NULL,
		   "failed\n"
		   "bad.html:3:13 the page does not parse: Input is not proper UTF-8, indicate encoding !\n"
		   "bad.html:4:11 the page does not parse: Input is not proper UTF-8, indicate encoding !\n"
		   "bad.html:5:11 the page does not parse: Input is not proper UTF-8, indicate encoding !\n"
		   "bad.html:5:12 the page does not parse: Input is not proper UTF-8, indicate encoding !\n"
		   "nonchar.html:2:1 the page does not parse: Char 0xFFFE out of allowed range\n"
		   "nonchar.html:2:1 the page does not parse: Invalid char in CDATA 0xFFFE\n"
		   "nonchar.html:2:24 the page does not parse: Char 0xFFFF out of allowed range\n"
		   "nonchar.html:2:24 the page does not parse: Invalid char in CDATA 0xFFFF\n"
		   "surrogate.html:2:11 the page does not parse: Char 0xD800 out of allowed range\n"
		   "surrogate.html:2:11 the page does not parse: Invalid char in CDATA 0xD800\n"
		   "many.html:3:13 the page does not parse: htmlParseEntityRef: expecting ';'\n"
		   "many.html:4:13 the page does not parse: htmlParseEntityRef: expecting ';'\n"
		   "many.html:5:13 the page does not parse: htmlParseEntityRef: expecting ';'\n"
		   "many.html:6:13 the page does not parse: htmlParseEntityRef: expecting ';'\n"
		   "many.html:7:13 the page does not parse: htmlParseEntityRef: expecting ';'\n"
		   "many.html:8:13 the page does not parse: htmlParseEntityRef: expecting ';'\n"
		   "many.html:9:13 the page does not parse: htmlParseEntityRef: expecting ';'\n"
		   "many.html:10:13 the page does not parse: htmlParseEntityRef: expecting ';'\n"
		   "many.html:11:13 the page does not parse: htmlParseEntityRef: expecting ';'\n"
		   "many.html:12:13 the page does not parse: htmlParseEntityRef: expecting ';'\n"
		   "many.html:13:14 the page does not parse: htmlParseEntityRef: expecting ';'\n"
		   "many.html:14:14 the page does not parse: htmlParseEntityRef: expecting ';'\n"
		   "many.html:15:14 the page does not parse: htmlParseEntityRef: expecting ';'\n"
		   "many.html:16:14 the page does not parse: htmlParseEntityRef: expecting ';'\n"
		   "many.html:17:14 the page does not parse: htmlParseEntityRef: expecting ';'\n"
		   "many.html:18:14 the page does not parse: htmlParseEntityRef: expecting ';'\n"
		   "many.html:19:14 the page does not parse: htmlParseEntityRef: expecting ';'\n"
		   "many.html:20:14 the page does not parse: htmlParseEntityRef: expecting ';'\n"
		   "many.html:21:14 the page does not parse: htmlParseEntityRef: expecting ';'\n"
		   "many.html:22:14 the page does not parse: htmlParseEntityRef: expecting ';'\n"
		   "many.html:1:1 more parse errors on this page are not shown\n"
		   "bad.html:4:1 link to an id the page does not have: '#c'\n"
		   "latin.html:3:1 link to an id the page does not have: '#%E9'\n"
		   "bom.html:3:1 link to an id the page does not have: '#s'\n"
		   "surrogate.html:2:1 link to an id the page does not have: '#w'\n");
}

/* A path given first as an asset and then as a page stays an asset for
 * links: the first registration stands. */
static void test_first_registration(void)
{
	const struct page pages[] = {
		{"a.html", HEAD "<p id=\"x\">x</p>\n" TAIL},
		{"b.html", HEAD "<a href=\"a.html#x\">x</a><a href=\"a.html\">ok</a>\n" TAIL},
		{NULL, NULL},
	};
	const char *const assets[] = {"a.html", NULL};
	expect_all("html-check/first-registration", pages, assets,
		   "failed\n"
		   "b.html:3:1 fragment on a file that is not a page: 'a.html#x'\n");
}

/* Many pages with many ids, each linking to ids of pages before and after
 * it: every link to an id a page has passes, every other is reported. */
/* A page of 300 KB read from a file gives the findings it gives in
 * memory, with every kind of fault landing at every offset of libxml2's
 * read chunks: lines of growing length mix two- and four-byte characters,
 * bad entities, stray bytes, bad nesting, repeated ids and broken links.
 * The parse-error cap is per page, so the faults are spread over pages. */
static void test_file_chunks(void)
{
	enum { PAGES = 12, SIZE = 300000 };
	static char html[PAGES][SIZE + 4096], names[PAGES][32];
	struct page pages[PAGES + 1] = {{NULL, NULL}};
	for (int i = 0; i < PAGES; i++) {
		snprintf(names[i], sizeof names[i], "p%d.html", i);
		char *p = html[i] + sprintf(html[i], HEAD);
		for (int line = 0; p - html[i] < SIZE; line++) {
			int pad = (line * 7 + i * 13) % 97;
			p += sprintf(p, "<p id=\"l%d\">%.*s\xc3\xa9\xf0\x9f\x98\x80", line % 1500, pad,
				     "....................................................................................................");
			if (line % 211 == i)
				p += sprintf(p, line % 2 ? " &amp x" : " \xff bad");
			if (line % 347 == i * 3)
				p += sprintf(p, "<b><i>x</b></i>");
			p += sprintf(p, "<a href=\"#l%d\">x</a></p>\n", (line * 5) % 1700);
		}
		sprintf(p, TAIL);
		pages[i] = (struct page){names[i], html[i]};
	}
	char *first = all_mode(pages, NULL, DIRECT, true), *files = all_mode(pages, NULL, FILES, true);
	size_t lines = 0;
	for (const char *c = first; *c; c++)
		lines += *c == '\n';
	if (lines < 100)
		printf("FAIL unit/html-check/file-chunks: only %zu findings; the test lost its faults\n", lines);
	else
		STR_EQ("html-check/file-chunks", files, first);
	free(first);
	free(files);
}

static void test_many_ids(void)
{
	enum { PAGES = 40, IDS = 300 };
	static char html[PAGES][IDS * 40 + 1024], names[PAGES][32];
	struct page pages[PAGES + 1] = {{NULL, NULL}};
	char want[PAGES * 96] = "failed\n", *w = want + strlen(want);
	for (int i = 0; i < PAGES; i++) {
		snprintf(names[i], sizeof names[i], "d%d/p%d.html", i % 3, i);
		char *p = html[i] + sprintf(html[i], HEAD);
		for (int k = 0; k < IDS; k++)
			p += sprintf(p, "<p id=\"i%d-%d\">x</p>", i, (k * 37) % IDS);
		int a = (i * 7 + 3) % PAGES, b = (i * 11 + 5) % PAGES;
		p += sprintf(p, "\n<a href=\"../d%d/p%d.html#i%d-%d\">a</a>", a % 3, a, a, (i * 13) % IDS);
		p += sprintf(p, "<a href=\"../d%d/p%d.html#i%d-%d\">b</a>\n" TAIL, b % 3, b, b, IDS + i);
		pages[i] = (struct page){names[i], html[i]};
		w += sprintf(w, "%s:4:1 link to an id the page does not have: '../d%d/p%d.html#i%d-%d'\n", names[i],
			     b % 3, b, b, IDS + i);
	}
	expect_all("html-check/many-ids", pages, NULL, want);
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
	       "index.html:3 URL with a script or data scheme: ' JaVa\\x09Script:alert(1)'");
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
	test_all_findings();
	test_encodings();
	test_first_registration();
	test_many_ids();
	test_file_chunks();
}
