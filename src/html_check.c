/* html_check.c: the site's pages parsed back with libxml2 (html_check.h).
 * One parser context per page, errors collected through that context's
 * own structured-error hook (no process-wide handler); ids, links and
 * scripts are taken from SAX callbacks, so no tree is built. With a
 * thread, pages queue for it while the build renders the next ones.
 * Links are resolved at the end, when every page and asset of the site is
 * known. libxml2 stays in this file. */
#include "html_check.h"
#include "buf.h"
#include "strmap.h"
#include "util.h"
#include <libxml/HTMLparser.h>
#include <libxml/xmlerror.h>
#include <pthread.h>
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

/* An error found in a page, kept until rb_html_check_finish hands it to
 * the build (the checker may run on its own thread, and the build's arena
 * and diagnostics belong to the rendering thread meanwhile). */
struct finding {
	const char *rel;          /* arena */
	unsigned line, col;
	const char *message;      /* arena */
};

/* A page or asset waiting for the checker thread. */
struct job {
	char *rel, *html;         /* malloc'd; html NULL for an asset */
	size_t len;
};

enum { QUEUE_SIZE = 16 };

struct rb_html_check {
	struct rb_build *b;
	struct rb_arena arena;    /* page names, ids, links, findings */
	struct rb_strmap files;   /* page or asset path -> index (assets: ~0u) */
	struct rb_strmap ids;     /* "<page index>#<id>" -> 0 */
	const char **pages;       /* page index -> path */
	size_t npages, cappages;
	struct link *links;
	size_t nlinks, caplinks;
	struct finding *findings;
	size_t nfindings, capfindings;
	/* the page being parsed */
	const char *rel;
	unsigned page;
	unsigned errors;
	struct {
		bool open, src, code;   /* inside <script>; it has src; it has text */
		unsigned line;
	} script;
	/* the checker thread and its queue (threaded only) */
	bool threaded;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t changed;
	struct job queue[QUEUE_SIZE];
	size_t head, count;
	bool closing;
};

/* An html-check error at a page, line and column, kept for finish. */
static void report(struct rb_html_check *chk, const char *rel, unsigned line, unsigned col, const char *fmt,
		   const char *arg)
{
	if (chk->nfindings == chk->capfindings) {
		chk->capfindings = chk->capfindings ? chk->capfindings * 2 : 16;
		chk->findings = rb_xrealloc(chk->findings, chk->capfindings * sizeof *chk->findings);
	}
	chk->findings[chk->nfindings++] = (struct finding){rb_arena_strdup(&chk->arena, rel), line, col,
							    rb_arena_printf(&chk->arena, fmt, arg)};
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

/* Check one start tag's attributes (name/value pairs; a value may be NULL). */
static void check_attributes(struct rb_html_check *chk, const xmlChar **atts, unsigned line)
{
	for (size_t i = 0; atts && atts[i]; i += 2) {
		const char *name = (const char *)atts[i];
		const char *v = atts[i + 1] ? (const char *)atts[i + 1] : "";
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
	}
}

/* The checker of the parser context behind a SAX callback's ctx. */
static struct rb_html_check *checker_of(void *ctx)
{
	return ((htmlParserCtxtPtr)ctx)->_private;
}

/* SAX start tag: attributes are checked as they come; no tree is built. */
static void on_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
	struct rb_html_check *chk = checker_of(ctx);
	htmlParserCtxtPtr ctxt = ctx;
	unsigned line = ctxt->input && ctxt->input->line > 0 ? (unsigned)ctxt->input->line : 1;
	check_attributes(chk, atts, line);
	if (strcasecmp((const char *)name, "script"))
		return;
	chk->script.open = true;
	chk->script.line = line;
	chk->script.src = chk->script.code = false;
	for (size_t i = 0; atts && atts[i]; i += 2)
		if (!strcasecmp((const char *)atts[i], "src"))
			chk->script.src = true;
}

/* SAX text (and script content): only a script's own text matters. */
static void on_text(void *ctx, const xmlChar *text, int len)
{
	struct rb_html_check *chk = checker_of(ctx);
	for (int i = 0; chk->script.open && i < len && !chk->script.code; i++)
		if (!strchr(" \t\r\n\f", text[i]))
			chk->script.code = true;
}

/* SAX end tag: a <script> must load a file of the site and hold nothing
 * itself. */
static void on_end(void *ctx, const xmlChar *name)
{
	struct rb_html_check *chk = checker_of(ctx);
	if (!chk->script.open || strcasecmp((const char *)name, "script"))
		return;
	chk->script.open = false;
	if (!chk->script.src)
		report(chk, chk->rel, chk->script.line, 1, "%s",
		       "a script without src; the site loads only its own script files");
	else if (chk->script.code)
		report(chk, chk->rel, chk->script.line, 1, "%s", "a script with inline code");
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

/* Parse one page and record its ids and links (checker thread). The
 * parse runs through SAX callbacks only: no tree is built. */
static void check_page(struct rb_html_check *chk, const char *rel, const char *html, size_t len)
{
	chk->page = add_file(chk, rel, true);
	chk->rel = chk->pages[chk->page];
	chk->errors = 0;
	chk->script.open = false;
	htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
	if (!ctxt) {
		report(chk, rel, 1, 1, "%s", "out of memory while checking the page");
		return;
	}
	ctxt->_private = chk;
	htmlSAXHandler sax = {0};
	sax.startElement = on_start;
	sax.endElement = on_end;
	sax.characters = on_text;
	sax.cdataBlock = on_text;
	sax.serror = on_parse_error;
	sax.initialized = XML_SAX2_MAGIC;
	*ctxt->sax = sax;
	ctxt->vctxt.error = NULL;
	htmlDocPtr doc = htmlCtxtReadMemory(ctxt, html, (int)(len > 0x7fffffff ? 0x7fffffff : len), rel, "UTF-8",
					    HTML_PARSE_NONET | HTML_PARSE_NOWARNING | HTML_PARSE_NOBLANKS);
	if (chk->errors > MAX_ERRORS_PER_PAGE)
		report(chk, rel, 1, 1, "%s", "more parse errors on this page are not shown");
	xmlFreeDoc(doc);   /* NULL: the SAX handler builds none */
	htmlFreeParserCtxt(ctxt);
}

/* Do one queued job and free it. */
static void run_job(struct rb_html_check *chk, struct job *j)
{
	if (j->html)
		check_page(chk, j->rel, j->html, j->len);
	else
		add_file(chk, j->rel, false);
	free(j->rel);
	free(j->html);
}

/* The checker thread: take jobs in order until closed and drained. */
static void *checker_thread(void *arg)
{
	struct rb_html_check *chk = arg;
	pthread_mutex_lock(&chk->mu);
	for (;;) {
		while (!chk->count && !chk->closing)
			pthread_cond_wait(&chk->changed, &chk->mu);
		if (!chk->count)
			break;
		struct job j = chk->queue[chk->head];
		chk->head = (chk->head + 1) % QUEUE_SIZE;
		chk->count--;
		pthread_cond_broadcast(&chk->changed);
		pthread_mutex_unlock(&chk->mu);
		run_job(chk, &j);
		pthread_mutex_lock(&chk->mu);
	}
	pthread_mutex_unlock(&chk->mu);
	return NULL;
}

/* Hand a job to the checker thread (waiting while its queue is full), or
 * do it now when the checker has no thread. */
static void submit(struct rb_html_check *chk, const char *rel, const char *html, size_t len)
{
	struct job j = {rb_xstrdup(rel), NULL, len};
	if (html) {
		j.html = rb_xmalloc(len + 1);
		memcpy(j.html, html, len);
		j.html[len] = '\0';
	}
	if (!chk->threaded) {
		run_job(chk, &j);
		return;
	}
	pthread_mutex_lock(&chk->mu);
	while (chk->count == QUEUE_SIZE)
		pthread_cond_wait(&chk->changed, &chk->mu);
	chk->queue[(chk->head + chk->count) % QUEUE_SIZE] = j;
	chk->count++;
	pthread_cond_broadcast(&chk->changed);
	pthread_mutex_unlock(&chk->mu);
}

struct rb_html_check *rb_html_check_new(struct rb_build *b, bool threaded)
{
	struct rb_html_check *chk = rb_xcalloc(1, sizeof *chk);
	chk->b = b;
	rb_arena_init(&chk->arena);
	if (threaded) {
		xmlInitParser();   /* once, before any thread parses */
		pthread_mutex_init(&chk->mu, NULL);
		pthread_cond_init(&chk->changed, NULL);
		chk->threaded = pthread_create(&chk->thread, NULL, checker_thread, chk) == 0;
		if (!chk->threaded) {
			pthread_mutex_destroy(&chk->mu);
			pthread_cond_destroy(&chk->changed);
		}
	}
	return chk;
}

void rb_html_check_asset(struct rb_html_check *chk, const char *rel)
{
	submit(chk, rel, NULL, 0);
}

void rb_html_check_page(struct rb_html_check *chk, const char *rel, const char *html, size_t len)
{
	submit(chk, rel, html, len);
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

/* Stop the checker thread once its queue is empty. */
static void join_thread(struct rb_html_check *chk)
{
	if (!chk->threaded)
		return;
	pthread_mutex_lock(&chk->mu);
	chk->closing = true;
	pthread_cond_broadcast(&chk->changed);
	pthread_mutex_unlock(&chk->mu);
	pthread_join(chk->thread, NULL);
	pthread_mutex_destroy(&chk->mu);
	pthread_cond_destroy(&chk->changed);
}

bool rb_html_check_finish(struct rb_html_check *chk)
{
	join_thread(chk);
	for (size_t i = 0; i < chk->nlinks; i++)
		resolve_link(chk, &chk->links[i]);
	for (size_t i = 0; i < chk->nfindings; i++) {
		const struct finding *f = &chk->findings[i];
		struct rb_loc loc = {rb_arena_strdup(&chk->b->arena, f->rel), f->line, f->col};
		rb_diag(chk->b, RB_D_HTML_CHECK, loc, "%s", f->message);
	}
	bool ok = chk->nfindings == 0;
	rb_strmap_free(&chk->files);
	rb_strmap_free(&chk->ids);
	free(chk->pages);
	free(chk->links);
	free(chk->findings);
	rb_arena_free(&chk->arena);
	free(chk);
	return ok;
}
