/* html_check.c: the site's pages parsed back with libxml2 (html_check.h).
 * One parser context per page, errors collected through that context's
 * own structured-error hook (no process-wide handler); the tree is walked
 * once for ids and links and freed. Links are resolved at the end, when
 * every page and asset of the site is known. libxml2 stays in this file. */
#include "html_check.h"
#include "buf.h"
#include "strmap.h"
#include "util.h"
#include <libxml/HTMLparser.h>
#include <libxml/xmlerror.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { MAX_ERRORS_PER_PAGE = 20 };

/* An internal link to resolve once all pages are known. */
struct link {
	unsigned page;            /* index into pages */
	unsigned line;
	const char *url;          /* arena */
};

struct rb_html_check {
	struct rb_build *b;
	struct rb_arena arena;    /* page names, ids, links */
	struct rb_strmap files;   /* page or asset path -> index (assets: ~0u) */
	struct rb_strmap ids;     /* "<page index>#<id>" -> 0 */
	const char **pages;       /* page index -> path */
	size_t npages, cappages;
	struct link *links;
	size_t nlinks, caplinks;
	bool failed;
	/* the page being parsed */
	const char *rel;
	unsigned page;
	unsigned errors;
};

struct rb_html_check *rb_html_check_new(struct rb_build *b)
{
	struct rb_html_check *chk = rb_xcalloc(1, sizeof *chk);
	chk->b = b;
	rb_arena_init(&chk->arena);
	return chk;
}

/* An html-check error at the current page, line and column. */
static void report(struct rb_html_check *chk, const char *rel, unsigned line, unsigned col, const char *fmt,
		   const char *arg)
{
	struct rb_loc loc = {rb_arena_strdup(&chk->b->arena, rel), line, col};
	rb_diag(chk->b, RB_D_HTML_CHECK, loc, fmt, arg);
	chk->failed = true;
}

/* libxml2's structured error hook for one page's parser context. HTML5
 * element names (nav, main, section...) are unknown to its HTML 4 parser
 * and are not errors here; everything else is. */
static void on_parse_error(void *data, xmlErrorPtr err)
{
	xmlParserCtxtPtr ctxt = data;
	struct rb_html_check *chk = ctxt ? ctxt->_private : NULL;
	if (!chk || !err || err->level < XML_ERR_ERROR || err->code == XML_HTML_UNKNOWN_TAG)
		return;
	if (++chk->errors > MAX_ERRORS_PER_PAGE)
		return;
	char *msg = rb_arena_strdup(&chk->arena, err->message ? err->message : "parse error");
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	report(chk, chk->rel, err->line > 0 ? (unsigned)err->line : 1, err->int2 > 0 ? (unsigned)err->int2 : 1,
	       "the page does not parse: %s", msg);
}

/* True when url (as in the attribute) starts with a scheme that runs or
 * embeds code: javascript:, vbscript:, data:. Whitespace and control
 * bytes inside the scheme are ignored, as browsers do. */
static bool dangerous_scheme(const char *url)
{
	char scheme[16];
	size_t n = 0;
	for (const char *p = url; *p && *p != ':' && n < sizeof scheme - 1; p++)
		if ((unsigned char)*p > ' ')
			scheme[n++] = (char)((*p >= 'A' && *p <= 'Z') ? *p - 'A' + 'a' : *p);
	scheme[n] = '\0';
	if (!strchr(url, ':'))
		return false;
	return !strcmp(scheme, "javascript") || !strcmp(scheme, "vbscript") || !strcmp(scheme, "data");
}

/* Record an id of the current page; a repeat is an error. */
static void add_id(struct rb_html_check *chk, const char *id, unsigned line)
{
	char *key = rb_arena_printf(&chk->arena, "%u#%s", chk->page, id);
	unsigned dummy;
	if (rb_strmap_get(&chk->ids, key, &dummy))
		report(chk, chk->rel, line, 1, "id '%s' is used twice on this page", id);
	else
		rb_strmap_put(&chk->ids, key, 0);
}

/* Record a link of the current page for the final resolution. */
static void add_link(struct rb_html_check *chk, const char *url, unsigned line)
{
	if (chk->nlinks == chk->caplinks) {
		chk->caplinks = chk->caplinks ? chk->caplinks * 2 : 256;
		chk->links = rb_xrealloc(chk->links, chk->caplinks * sizeof *chk->links);
	}
	chk->links[chk->nlinks++] = (struct link){chk->page, line, rb_arena_strdup(&chk->arena, url)};
}

/* Check one element's attributes. */
static void check_attributes(struct rb_html_check *chk, xmlNodePtr el, unsigned line)
{
	for (xmlAttrPtr a = el->properties; a; a = a->next) {
		const char *name = (const char *)a->name;
		xmlChar *value = xmlNodeGetContent((xmlNodePtr)a);
		const char *v = value ? (const char *)value : "";
		if (!strncasecmp(name, "on", 2))
			report(chk, chk->rel, line, 1, "event handler attribute '%s'; the site runs no inline script", name);
		else if (!strcasecmp(name, "id"))
			add_id(chk, v, line);
		else if (!strcasecmp(name, "href") || !strcasecmp(name, "src") || !strcasecmp(name, "action")) {
			if (dangerous_scheme(v))
				report(chk, chk->rel, line, 1, "URL with a script or data scheme: '%s'", v);
			else
				add_link(chk, v, line);
		}
		xmlFree(value);
	}
}

/* A <script> must load a file of the site and hold nothing itself. */
static void check_script(struct rb_html_check *chk, xmlNodePtr el, unsigned line)
{
	xmlChar *src = xmlGetProp(el, (const xmlChar *)"src");
	xmlChar *text = xmlNodeGetContent(el);
	bool inline_code = text && *rb_trim((char *)text);
	if (!src)
		report(chk, chk->rel, line, 1, "%s", "a script without src; the site loads only its own script files");
	else if (inline_code)
		report(chk, chk->rel, line, 1, "%s", "a script with inline code");
	xmlFree(src);
	xmlFree(text);
}

/* Walk the tree: ids, links, scripts, event handlers. Iterative, so a
 * deeply nested page cannot overflow the stack. */
static void walk(struct rb_html_check *chk, xmlNodePtr root)
{
	xmlNodePtr n = root;
	while (n) {
		if (n->type == XML_ELEMENT_NODE) {
			unsigned line = (unsigned)xmlGetLineNo(n);
			line = line ? line : 1;
			check_attributes(chk, n, line);
			if (!strcasecmp((const char *)n->name, "script"))
				check_script(chk, n, line);
		}
		if (n->children && n->type == XML_ELEMENT_NODE) {
			n = n->children;
			continue;
		}
		while (n && !n->next && n != root)
			n = n->parent;
		if (!n || n == root)
			break;
		n = n->next;
	}
}

/* Register path as a file of the site; returns its page index or ~0u. */
static unsigned add_file(struct rb_html_check *chk, const char *rel, bool page)
{
	const char *key = rb_arena_strdup(&chk->arena, rel);
	unsigned index = ~0u;
	if (page) {
		if (chk->npages == chk->cappages) {
			chk->cappages = chk->cappages ? chk->cappages * 2 : 64;
			chk->pages = rb_xrealloc(chk->pages, chk->cappages * sizeof *chk->pages);
		}
		index = (unsigned)chk->npages;
		chk->pages[chk->npages++] = key;
	}
	rb_strmap_put(&chk->files, key, index);
	return index;
}

void rb_html_check_asset(struct rb_html_check *chk, const char *rel)
{
	add_file(chk, rel, false);
}

void rb_html_check_page(struct rb_html_check *chk, const char *rel, const char *html, size_t len)
{
	chk->page = add_file(chk, rel, true);
	chk->rel = chk->pages[chk->page];
	chk->errors = 0;
	htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
	if (!ctxt) {
		report(chk, rel, 1, 1, "%s", "out of memory while checking the page");
		return;
	}
	ctxt->_private = chk;
	ctxt->sax->serror = on_parse_error;
	ctxt->sax->initialized = XML_SAX2_MAGIC;
	ctxt->vctxt.error = NULL;
	htmlDocPtr doc = htmlCtxtReadMemory(ctxt, html, (int)(len > 0x7fffffff ? 0x7fffffff : len), rel, "UTF-8",
					    HTML_PARSE_NONET | HTML_PARSE_NOWARNING | HTML_PARSE_NOBLANKS);
	if (chk->errors > MAX_ERRORS_PER_PAGE)
		report(chk, rel, 1, 1, "%s", "more parse errors on this page are not shown");
	if (doc) {
		walk(chk, xmlDocGetRootElement(doc));
		xmlFreeDoc(doc);
	} else {
		report(chk, rel, 1, 1, "%s", "libxml2 could not read the page at all");
	}
	htmlFreeParserCtxt(ctxt);
}

/* The value of a hex digit, or -1. */
static int hex_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Append s[0..n) to out with %XX sequences decoded. */
static void percent_decode(struct rb_buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int hi, lo;
		if (s[i] == '%' && i + 2 < n && (hi = hex_digit(s[i + 1])) >= 0 && (lo = hex_digit(s[i + 2])) >= 0) {
			rb_buf_putc(out, hi * 16 + lo);
			i += 2;
		} else {
			rb_buf_putc(out, s[i]);
		}
	}
}

/* The site path a relative URL path names from page `from`: the page's
 * folder joined with path, "." and ".." resolved. NULL when it climbs out
 * of the site. Caller frees. */
static char *resolve(const char *from, const char *path, size_t n)
{
	struct rb_buf joined, out;
	rb_buf_init(&joined);
	rb_buf_init(&out);
	const char *slash = strrchr(from, '/');
	if (slash)
		rb_buf_add(&joined, from, (size_t)(slash - from) + 1);
	percent_decode(&joined, path, n);
	const char *p = rb_buf_cstr(&joined);
	bool outside = false;
	while (*p && !outside) {
		const char *end = strchr(p, '/');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == 2 && !strncmp(p, "..", 2)) {
			char *last = out.len ? memrchr(out.data, '/', out.len - 1) : NULL;
			outside = !out.len;
			out.len = last ? (size_t)(last - out.data) + 1 : 0;
		} else if (!(len == 1 && *p == '.') && len) {
			rb_buf_add(&out, p, len);
			if (end)
				rb_buf_putc(&out, '/');
		}
		p = end ? end + 1 : p + len;
	}
	char *r = outside ? NULL : rb_xstrdup(rb_buf_cstr(&out));
	rb_buf_free(&joined);
	rb_buf_free(&out);
	return r;
}

/* True when url starts with a scheme ("http:", "mailto:"). */
static bool has_scheme(const char *url)
{
	const char *p = url;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	       (p > url && ((*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.')))
		p++;
	return p > url && *p == ':';
}

/* Resolve one link; report it when its file or fragment is missing. */
static void resolve_link(struct rb_html_check *chk, const struct link *l)
{
	const char *from = chk->pages[l->page], *url = l->url;
	if (has_scheme(url)) {
		static const char *const ok[] = {"http:", "https:", "mailto:", "tel:", NULL};
		for (size_t i = 0; ok[i]; i++)
			if (!strncasecmp(url, ok[i], strlen(ok[i])))
				return;
		report(chk, from, l->line, 1, "link with a scheme the site does not use: '%s'", url);
		return;
	}
	if (url[0] == '/') {
		report(chk, from, l->line, 1, "absolute path '%s'; the site uses relative URLs only", url);
		return;
	}
	size_t plen = strcspn(url, "?#");
	const char *hash = strchr(url, '#');
	unsigned target = l->page;
	if (plen) {
		char *path = resolve(from, url, plen);
		bool found = path && rb_strmap_get(&chk->files, path, &target);
		free(path);
		if (!found) {
			report(chk, from, l->line, 1, "link to a file the site does not have: '%s'", url);
			return;
		}
	}
	if (!hash || !hash[1] || !strcmp(hash, "#top"))
		return;
	if (target == ~0u) {
		report(chk, from, l->line, 1, "fragment on a file that is not a page: '%s'", url);
		return;
	}
	struct rb_buf key;
	rb_buf_init(&key);
	rb_buf_printf(&key, "%u#", target);
	percent_decode(&key, hash + 1, strlen(hash + 1));
	unsigned dummy;
	if (!rb_strmap_get(&chk->ids, rb_buf_cstr(&key), &dummy))
		report(chk, from, l->line, 1, "link to an id the page does not have: '%s'", url);
	rb_buf_free(&key);
}

bool rb_html_check_finish(struct rb_html_check *chk)
{
	for (size_t i = 0; i < chk->nlinks; i++)
		resolve_link(chk, &chk->links[i]);
	bool ok = !chk->failed;
	rb_strmap_free(&chk->files);
	rb_strmap_free(&chk->ids);
	free(chk->pages);
	free(chk->links);
	rb_arena_free(&chk->arena);
	free(chk);
	return ok;
}
