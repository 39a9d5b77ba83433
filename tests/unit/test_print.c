/* test_print.c: the print handbook built in-process from the fixture
 * books in tests/print/, parsed back with libxml2's HTML parser: no parse
 * errors, unique ids, every "#fragment" resolves, nothing loads from the
 * network, and the hostile book's canaries never become markup. */
#include "harness.h"
#include "cli/front.h"
#include "lint/check.h"
#include "cli/cli.h"
#include "render/output.h"
#include "parse/parse.h"
#include "parse/parse_file.h"
#include "render/render_print.h"
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Build BOOK's handbook into OUT; the file's bytes (malloc'd) or NULL. */
static char *build_handbook(const char *book, const char *out, const char *paper, size_t *len)
{
	struct rb_build b;
	rb_parse_init();
	rb_build_init(&b);
	b.opt.book = book;
	b.opt.out = out;
	b.opt.paper = paper;
	b.opt.quiet = true;
	b.opt.as_of = "2026-11-20";
	mkdir("tests/out", 0755);
	struct rb_reader full = {rb_parse_file_full, rb_parse_file_full, NULL};
	bool ok = rb_front_load(&b, &full) && rb_diag_exit(&b) == RB_EXIT_OK;
	struct rb_output *o = ok ? rb_output_open(&b, out) : NULL;
	if (o && !rb_render_print(&b, o)) {
		rb_output_abort(o);
		o = NULL;
	}
	ok = o && rb_output_commit(o);
	if (!ok)
		rb_diag_print_all(&b, stderr);
	rb_parse_file_free_trees(&b.book);
	rb_build_free(&b);
	if (!ok)
		return NULL;
	char path[512];
	snprintf(path, sizeof path, "%s/handbook.html", out);
	return unit_slurp(path, len);
}

/* What the tree walk found. */
struct scan {
	int errors;              /* parse errors other than HTML5 tag names */
	char first_error[200];
	char **ids;
	size_t nids;
	char **frags;            /* href="#x" targets */
	size_t nfrags;
	int dup_ids, scripts, handlers, bad_urls, remote, imgs;
	char dup[200];
};

/* libxml2's HTML parser is HTML 4: <nav>, <section> and <header> are
 * "unknown tags" (XML_HTML_UNKNOWN_TAG), not errors. */
static void on_error(void *ctx, const xmlError *e)
{
	struct scan *s = ctx;
	if (e->code == XML_HTML_UNKNOWN_TAG)
		return;
	if (!s->errors++)
		snprintf(s->first_error, sizeof s->first_error, "line %d: %s", e->line, e->message);
}

static bool has_scheme(const char *v, const char *scheme)
{
	while (*v && (unsigned char)*v <= ' ')
		v++;
	return !strncasecmp(v, scheme, strlen(scheme));
}

static void walk(struct scan *s, xmlNode *n)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		const char *tag = (const char *)n->name;
		if (!strcasecmp(tag, "script") || !strcasecmp(tag, "iframe") || !strcasecmp(tag, "object") ||
		    !strcasecmp(tag, "embed") || !strcasecmp(tag, "link"))
			s->scripts++;
		if (!strcasecmp(tag, "img"))
			s->imgs++;
		for (xmlAttr *a = n->properties; a; a = a->next) {
			const char *name = (const char *)a->name;
			xmlChar *v = xmlNodeGetContent((xmlNode *)a);
			const char *val = v ? (const char *)v : "";
			if (!strncasecmp(name, "on", 2))
				s->handlers++;
			if ((!strcasecmp(name, "href") || !strcasecmp(name, "src")) &&
			    (has_scheme(val, "javascript:") || has_scheme(val, "vbscript:") || has_scheme(val, "data:")))
				s->bad_urls++;
			if (!strcasecmp(name, "src") && strchr(val, ':'))
				s->remote++;
			if (!strcasecmp(name, "id")) {
				for (size_t i = 0; i < s->nids; i++)
					if (!strcmp(s->ids[i], val) && !s->dup_ids++)
						snprintf(s->dup, sizeof s->dup, "%s", val);
				s->ids = realloc(s->ids, (s->nids + 1) * sizeof *s->ids);
				s->ids[s->nids++] = strdup(val);
			}
			if (!strcasecmp(name, "href") && val[0] == '#') {
				s->frags = realloc(s->frags, (s->nfrags + 1) * sizeof *s->frags);
				s->frags[s->nfrags++] = strdup(val + 1);
			}
			xmlFree(v);
		}
		walk(s, n->children);
	}
}

/* Fragments that match no id (the first one into miss), as a count. */
static int unresolved(const struct scan *s, char *miss, size_t n)
{
	int bad = 0;
	for (size_t i = 0; i < s->nfrags; i++) {
		bool found = false;
		for (size_t j = 0; j < s->nids && !found; j++)
			found = !strcmp(s->frags[i], s->ids[j]);
		if (!found && !bad++)
			snprintf(miss, n, "%s", s->frags[i]);
	}
	return bad;
}

static void scan_free(struct scan *s)
{
	for (size_t i = 0; i < s->nids; i++)
		free(s->ids[i]);
	for (size_t i = 0; i < s->nfrags; i++)
		free(s->frags[i]);
	free(s->ids);
	free(s->frags);
}

/* Parse html and fill s; false when the parser gave no document. */
static bool scan_html(const char *html, size_t len, struct scan *s)
{
	memset(s, 0, sizeof *s);
	xmlSetStructuredErrorFunc(s, (xmlStructuredErrorFunc)on_error);
	htmlDocPtr doc = htmlReadMemory(html, (int)len, "handbook.html", "utf-8", HTML_PARSE_NONET);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (!doc)
		return false;
	walk(s, xmlDocGetRootElement(doc));
	xmlFreeDoc(doc);
	return true;
}

/* The checks every handbook passes, named after `what`. */
static void check_handbook(const char *what, const char *html, size_t len)
{
	char name[128], miss[256] = "";
	struct scan s;
	snprintf(name, sizeof name, "print/%s/parses", what);
	if (!html || !scan_html(html, len, &s)) {
		OK(name, false);
		return;
	}
	OK(name, true);
	snprintf(name, sizeof name, "print/%s/no-parse-errors", what);
	if (s.errors)
		printf("FAIL unit/%s: %d errors, first %s\n", name, s.errors, s.first_error);
	else
		OK(name, true);
	snprintf(name, sizeof name, "print/%s/unique-ids", what);
	if (s.dup_ids)
		printf("FAIL unit/%s: duplicate id '%s'\n", name, s.dup);
	else
		OK(name, s.nids > 0);
	snprintf(name, sizeof name, "print/%s/fragments-resolve", what);
	if (unresolved(&s, miss, sizeof miss))
		printf("FAIL unit/%s: nothing has id '%s'\n", name, miss);
	else
		OK(name, s.nfrags > 0);
	snprintf(name, sizeof name, "print/%s/no-script-elements", what);
	OK(name, s.scripts == 0);
	snprintf(name, sizeof name, "print/%s/no-event-handlers", what);
	OK(name, s.handlers == 0);
	snprintf(name, sizeof name, "print/%s/no-script-urls", what);
	OK(name, s.bad_urls == 0);
	snprintf(name, sizeof name, "print/%s/nothing-remote", what);
	OK(name, s.remote == 0 && !strstr(html, "url(") && !strstr(html, "@import"));
	scan_free(&s);
}

/* The checker itself finds what it looks for in a known-bad page. */
UNIT_SUITE(print_checker)
static void print_checker(void)
{
	static const char bad[] = "<!DOCTYPE html><html><head><title>x</title></head><body><p id=a>x</p>"
				  "<p id=a><a href=\"#nope\" onclick=x>y</a></span></p><script>1</script>"
				  "<img src=\"https://t.example/x.png\"></body></html>";
	struct scan s;
	char miss[64] = "";
	OK("print/checker/parses", scan_html(bad, sizeof bad - 1, &s));
	OK("print/checker/finds-parse-error", s.errors > 0);
	OK("print/checker/finds-duplicate-id", s.dup_ids == 1 && !strcmp(s.dup, "a"));
	OK("print/checker/finds-unresolved", unresolved(&s, miss, sizeof miss) == 1 && !strcmp(miss, "nope"));
	OK("print/checker/finds-script-handler-remote", s.scripts == 1 && s.handlers == 1 && s.remote == 1);
	scan_free(&s);
}

UNIT_SUITE(print_handbook)
static void print_handbook(void)
{
	size_t len = 0, len2 = 0;
	char *html = build_handbook("tests/print/book", "tests/out/unit-print-book", NULL, &len);
	check_handbook("book", html, len);
	OK("print/book/step-anchor", html && strstr(html, " id=\"ovens/scenario-oven-will-not-heat.recovery.2\""));
	OK("print/book/in-file-runbook-link", html && strstr(html, "href=\"#till/scenario-till-frozen\""));
	OK("print/book/in-runbook-step-link", html && strstr(html, "href=\"#till/scenario-till-frozen.recovery.1\""));
	OK("print/book/mention-to-contact-row",
	   html && strstr(html, "href=\"#contact:bakery-manager\"") && strstr(html, "id=\"contact:bakery-manager\""));
	OK("print/book/no-copy-button", html && !strstr(html, "<button"));
	OK("print/book/no-paper-rule-by-default", html && !strstr(html, "<style>@page"));
	char *again = build_handbook("tests/print/book", "tests/out/unit-print-book2", NULL, &len2);
	OK("print/book/byte-identical", html && again && len == len2 && !memcmp(html, again, len));
	free(again);
	free(html);

	html = build_handbook("tests/print/book", "tests/out/unit-print-letter", "letter", &len);
	OK("print/letter/page-size-rule", html && strstr(html, "<style>@page { size: letter; }</style>"));
	free(html);

	html = build_handbook("runbooks", "tests/out/unit-print-demo", NULL, &len);
	check_handbook("demo", html, len);
	OK("print/demo/every-runbook", html && strstr(html, "id=\"orders-db\"") && strstr(html, "id=\"object-storage\""));
	free(html);

	html = build_handbook("tests/print/hostile", "tests/out/unit-print-hostile", NULL, &len);
	check_handbook("hostile", html, len);
	OK("print/hostile/no-img", html && !strstr(html, "<img"));
	OK("print/hostile/title-escaped",
	   html && strstr(html, "&quot;&gt;&lt;script&gt;window.__pwned=6&lt;/script&gt;") &&
		   !strstr(html, "<script"));
	free(html);
}
