/* html_check.c: the site's pages parsed back with libxml2 (html_check.h).
 * One parser context per page, errors collected through that context's
 * own structured-error hook (no process-wide handler); ids, links and
 * scripts are taken from SAX callbacks, so no tree is built. With a
 * thread, pages queue for it while the build renders the next ones.
 * The ids and links go to html_links.c, which keeps a few bytes of each
 * and resolves the links, every one that can be at its page's end and the
 * rest at the end, when every page and asset of the site is known.
 * libxml2 stays in this file. */
#include "render/html_check.h"
#include "render/html_links.h"
#include "base/buf.h"
#include "base/util.h"
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

enum { MAX_ERRORS_PER_PAGE = 20 };
enum { PARSE_OPTIONS = HTML_PARSE_NONET | HTML_PARSE_NOWARNING | HTML_PARSE_NOBLANKS };

/* An error found in a page, kept until rb_html_check_finish hands it to
 * the build (the checker may run on its own thread, and the build's arena
 * and diagnostics belong to the rendering thread meanwhile). */
struct finding {
	const char *rel;          /* the page's name, kept by links */
	unsigned line, col;
	const char *message;      /* arena */
};

/* A page or asset waiting for the checker thread: a page in memory
 * (html), a page to read from a file (path), or an asset (neither). */
struct job {
	char *rel, *html, *path;  /* malloc'd, the job's own */
	size_t len;
	bool replay;              /* html is a page's record (rb_html_check_replay) */
};

/* The queue holds up to QUEUE_SIZE jobs. An idle checker thread is woken
 * for a page to parse, or once WAKE_AT cheap jobs (assets, replayed
 * records: thousands of each in a big book's rebuild) wait, and then
 * takes every job queued at once: one wake-up and one lock round for a
 * batch, not for each job. */
enum { QUEUE_SIZE = 64, WAKE_AT = 16 };

struct rb_html_check {
	struct rb_build *b;
	struct rb_arena arena;    /* findings' messages */
	struct rb_html_links *links;  /* the site's files, ids and links */
	struct finding *findings;
	size_t nfindings, capfindings;
	/* the page being parsed */
	const char *rel;          /* its name, kept by links */
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
	bool idle;                /* the thread waits for jobs */
	bool closing;
	/* records of the pages checked (rb_html_check_keep), checker thread */
	void (*keep)(void *ctx, const char *rel, const char *record, size_t len);
	void *keep_ctx;
	struct rb_buf *record;    /* the page being parsed, when keeping */
	struct rb_buf kept;       /* its record, handed to keep once parsed */
};

/* Add one event of the page being parsed to its record: kind 'I' (an id),
 * 'L' (a link) or 'F' (a finding), line, column, text. */
static void record(struct rb_html_check *chk, char kind, unsigned line, unsigned col, const char *text)
{
	if (!chk->record)
		return;
	unsigned v[3] = {line, col, (unsigned)strlen(text)};
	rb_buf_putc(chk->record, kind);
	rb_buf_add(chk->record, v, sizeof v);
	rb_buf_add(chk->record, text, v[2]);
}

/* An html-check error at a page (its name as links keeps it), line and
 * column, kept for finish. */
static void report(struct rb_html_check *chk, const char *rel, unsigned line, unsigned col, const char *fmt,
		   const char *arg)
{
	if (chk->nfindings == chk->capfindings) {
		chk->capfindings = chk->capfindings ? chk->capfindings * 2 : 16;
		chk->findings = rb_xrealloc(chk->findings, chk->capfindings * sizeof *chk->findings);
	}
	chk->findings[chk->nfindings++] = (struct finding){rel, line, col, rb_arena_printf(&chk->arena, fmt, arg)};
	record(chk, 'F', line, col, chk->findings[chk->nfindings - 1].message);
}

/* An id of the page being parsed: a second one is a finding. */
static void page_id(struct rb_html_check *chk, const char *id, unsigned line)
{
	record(chk, 'I', line, 0, id);
	struct rb_buf *r = chk->record;
	chk->record = NULL;        /* the finding follows from the id on replay */
	if (!rb_html_links_id(chk->links, id))
		report(chk, chk->rel, line, 1, "id '%s' is used twice on this page", id);
	chk->record = r;
}

/* A link of the page being parsed. */
static void page_link(struct rb_html_check *chk, const char *url, unsigned line)
{
	record(chk, 'L', line, 0, url);
	rb_html_links_link(chk->links, url, line);
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

/* Check one start tag's attributes (name/value pairs; a value may be NULL). */
static void check_attributes(struct rb_html_check *chk, const xmlChar **atts, unsigned line)
{
	for (size_t i = 0; atts && atts[i]; i += 2) {
		const char *name = (const char *)atts[i];
		const char *v = atts[i + 1] ? (const char *)atts[i + 1] : "";
		if (!strncasecmp(name, "on", 2))
			report(chk, chk->rel, line, 1, "event handler attribute '%s'; the site runs no inline script", name);
		else if (!strcasecmp(name, "id"))
			page_id(chk, v, line);
		else if (!strcasecmp(name, "href") || !strcasecmp(name, "src") || !strcasecmp(name, "action")) {
			if (dangerous_scheme(v))
				report(chk, chk->rel, line, 1, "URL with a script or data scheme: '%s'", v);
			else
				page_link(chk, v, line);
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

/* True when s[0..n) is well-formed UTF-8 (rb_utf8_invalid's rules: no
 * overlong form, surrogate or code point past U+10FFFF) without a NUL. */
static bool plain_utf8(const char *s, size_t n)
{
	return !memchr(s, '\0', n) && rb_utf8_invalid(s, n) == (size_t)-1;
}

/* Parse html[0..len) through ctxt's SAX handler as UTF-8, whatever the
 * page declares. htmlCtxtReadMemory with the "UTF-8" decoder does that
 * with two copies of the page: its input buffer and the decoder's output,
 * which is a memcpy that checks nothing. Plain UTF-8 skips the decoder:
 * with the same input buffer, the parser set to UTF-8 as the decoder
 * would set it and the one byte order mark the decoder skips skipped, the
 * parse gives the same SAX events and errors with one copy (compared on
 * every page of a 1,000-runbook site and on 200,000 mutated pages). Any
 * other page takes htmlCtxtReadMemory, so bad bytes get the errors they
 * always got. (A buffer over the page itself, with no copy, is not an
 * option in libxml2 2.9: its static buffers lose their place when the
 * parser shrinks them.) */
static void parse(htmlParserCtxtPtr ctxt, const char *rel, const char *html, size_t len)
{
	if (len > INT_MAX || !plain_utf8(html, len)) {
		xmlFreeDoc(htmlCtxtReadMemory(ctxt, html, (int)(len > INT_MAX ? INT_MAX : len), rel, "UTF-8",
					      PARSE_OPTIONS));   /* NULL: the SAX handler builds no tree */
		return;
	}
	if (len >= 3 && !memcmp(html, "\xef\xbb\xbf", 3)) {
		html += 3;
		len -= 3;
	}
	htmlCtxtReset(ctxt);
	xmlParserInputBufferPtr buf = xmlParserInputBufferCreateMem(html, (int)len, XML_CHAR_ENCODING_NONE);
	xmlParserInputPtr in = buf ? xmlNewIOInputStream(ctxt, buf, XML_CHAR_ENCODING_NONE) : NULL;
	if (!in) {
		xmlFreeParserInputBuffer(buf);
		return;
	}
	inputPush(ctxt, in);
	htmlCtxtUseOptions(ctxt, PARSE_OPTIONS);
	ctxt->charset = XML_CHAR_ENCODING_UTF8;
	in->encoding = xmlStrdup(BAD_CAST "UTF-8");   /* a meta charset then changes nothing */
	in->filename = (char *)xmlStrdup(BAD_CAST rel);
	htmlParseDocument(ctxt);
	xmlFreeDoc(ctxt->myDoc);
	ctxt->myDoc = NULL;
}

/* libxml2's read callback for a page file (ctx: a pointer to its fd). */
static int read_page_file(void *ctx, char *buf, int len)
{
	ssize_t n;
	do
		n = read(*(int *)ctx, buf, (size_t)len);
	while (n < 0 && errno == EINTR);
	return n < 0 ? -1 : (int)n;
}

/* The whole of file fd in a malloc'd buffer, its size in *len; NULL
 * when it cannot be read. */
static char *read_whole(int fd, size_t *len)
{
	struct stat st;
	if (fstat(fd, &st) < 0 || st.st_size < 0)
		return NULL;
	char *data = rb_xmalloc((size_t)st.st_size + 1);
	size_t got = 0;
	ssize_t n = 1;
	while (got < (size_t)st.st_size && n != 0) {
		n = pread(fd, data + got, (size_t)st.st_size - got, (off_t)got);
		if (n > 0)
			got += (size_t)n;
		else if (n < 0 && errno != EINTR)
			break;
	}
	if (n < 0) {
		free(data);
		return NULL;
	}
	*len = got;
	return data;
}

/* Parse the page in file path through ctxt's SAX handler as UTF-8, with
 * the findings parse() would give for the same bytes in memory: libxml2
 * reads it a few KB at a time and drops what it has parsed, so a page of
 * any size takes little memory. A page that starts with a byte order mark
 * is read whole and given to parse(): libxml2 skips a second mark after
 * the first in memory, not from a file (a page from a template saved with
 * one, twice). */
static void parse_file(struct rb_html_check *chk, htmlParserCtxtPtr ctxt, const char *rel, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char head[3];
	char *whole = NULL;
	size_t len = 0;
	if (fd >= 0 && pread(fd, head, 3, 0) == 3 && !memcmp(head, "\xef\xbb\xbf", 3) && !(whole = read_whole(fd, &len))) {
		close(fd);
		fd = -1;
	}
	if (fd < 0) {
		report(chk, chk->rel, 1, 1, "cannot read the page back to check it: %s", strerror(errno));
		return;
	}
	if (whole)
		parse(ctxt, rel, whole, len);
	else   /* no close callback: fd is closed below, whatever libxml2 did */
		xmlFreeDoc(htmlCtxtReadIO(ctxt, read_page_file, NULL, &fd, rel, "UTF-8", PARSE_OPTIONS));
	free(whole);
	close(fd);
}

/* Parse one page, in memory (html, len) or in the file path, and record
 * its ids and links (checker thread). The parse runs through SAX
 * callbacks only: no tree is built. */
static void check_page(struct rb_html_check *chk, const char *rel, const char *html, size_t len, const char *path)
{
	chk->rel = rb_html_links_begin(chk->links, rel);
	chk->errors = 0;
	chk->script.open = false;
	htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
	if (!ctxt) {
		report(chk, chk->rel, 1, 1, "%s", "out of memory while checking the page");
		rb_html_links_end(chk->links);
		return;
	}
	ctxt->_private = chk;
	if (chk->keep) {
		rb_buf_reset(&chk->kept);
		chk->record = &chk->kept;
	}
	htmlSAXHandler sax = {0};
	sax.startElement = on_start;
	sax.endElement = on_end;
	sax.characters = on_text;
	sax.cdataBlock = on_text;
	sax.serror = on_parse_error;
	sax.initialized = XML_SAX2_MAGIC;
	*ctxt->sax = sax;
	ctxt->vctxt.error = NULL;
	if (path)
		parse_file(chk, ctxt, rel, path);
	else
		parse(ctxt, rel, html, len);
	if (chk->errors > MAX_ERRORS_PER_PAGE)
		report(chk, chk->rel, 1, 1, "%s", "more parse errors on this page are not shown");
	htmlFreeParserCtxt(ctxt);
	if (chk->record)   /* handed on now: a big book's records are not all held to the end */
		chk->keep(chk->keep_ctx, rel, chk->kept.data ? chk->kept.data : "", chk->kept.len);
	chk->record = NULL;
	rb_html_links_end(chk->links);
}

/* Give the links and findings of a page checked before, from its record
 * (rec[0..len): the events record() wrote), as its parse gave them. */
static void replay_page(struct rb_html_check *chk, const char *rel, const char *rec, size_t len)
{
	chk->rel = rb_html_links_begin(chk->links, rel);
	for (const char *p = rec, *end = rec + len; end - p >= (ptrdiff_t)(1 + 3 * sizeof(unsigned));) {
		unsigned v[3];
		char kind = *p;
		memcpy(v, p + 1, sizeof v);
		p += 1 + sizeof v;
		if (v[2] > (size_t)(end - p))
			break;
		char *text = rb_xmalloc(v[2] + 1);
		memcpy(text, p, v[2]);
		text[v[2]] = '\0';
		p += v[2];
		if (kind == 'I')
			page_id(chk, text, v[0]);
		else if (kind == 'L')
			rb_html_links_link(chk->links, text, v[0]);
		else
			report(chk, chk->rel, v[0], v[1], "%s", text);
		free(text);
	}
	rb_html_links_end(chk->links);
}

/* Do one queued job and free it. */
static void run_job(struct rb_html_check *chk, struct job *j)
{
	if (j->replay)
		replay_page(chk, j->rel, j->html, j->len);
	else if (j->html || j->path)
		check_page(chk, j->rel, j->html, j->len, j->path);
	else
		rb_html_links_asset(chk->links, j->rel);
	free(j->rel);
	free(j->html);
	free(j->path);
}

/* The checker thread: take jobs in order until closed and drained. */
static void *checker_thread(void *arg)
{
	struct rb_html_check *chk = arg;
	struct job batch[QUEUE_SIZE];
	pthread_mutex_lock(&chk->mu);
	for (;;) {
		while (!chk->count && !chk->closing) {
			chk->idle = true;
			pthread_cond_wait(&chk->changed, &chk->mu);
		}
		chk->idle = false;
		if (!chk->count)
			break;
		size_t n = chk->count;
		for (size_t k = 0; k < n; k++)
			batch[k] = chk->queue[(chk->head + k) % QUEUE_SIZE];
		chk->head = (chk->head + n) % QUEUE_SIZE;
		chk->count = 0;
		pthread_cond_broadcast(&chk->changed);   /* a full queue has room again */
		pthread_mutex_unlock(&chk->mu);
		for (size_t k = 0; k < n; k++)
			run_job(chk, &batch[k]);
		pthread_mutex_lock(&chk->mu);
	}
	pthread_mutex_unlock(&chk->mu);
	return NULL;
}

static void submit_job(struct rb_html_check *chk, struct job *jp);

/* Hand a job (html and path: taken, as struct job says) to the checker
 * thread, waiting while its queue is full, or do it now when the checker
 * has no thread. */
static void submit(struct rb_html_check *chk, const char *rel, char *html, size_t len, char *path)
{
	struct job j = {rb_xstrdup(rel), html, path, len, false};
	submit_job(chk, &j);
}

/* Queue job j (or do it now, without a thread). */
static void submit_job(struct rb_html_check *chk, struct job *jp)
{
	struct job j = *jp;
	if (!chk->threaded) {
		run_job(chk, &j);
		return;
	}
	pthread_mutex_lock(&chk->mu);
	while (chk->count == QUEUE_SIZE)
		pthread_cond_wait(&chk->changed, &chk->mu);
	chk->queue[(chk->head + chk->count) % QUEUE_SIZE] = j;
	chk->count++;
	bool parse = !j.replay && (j.html || j.path);
	if (chk->idle && (parse || chk->count >= WAKE_AT))
		pthread_cond_broadcast(&chk->changed);
	pthread_mutex_unlock(&chk->mu);
}

struct rb_html_check *rb_html_check_new(struct rb_build *b, bool threaded)
{
	struct rb_html_check *chk = rb_xcalloc(1, sizeof *chk);
	chk->b = b;
	rb_arena_init(&chk->arena);
	chk->links = rb_html_links_new();
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
	submit(chk, rel, NULL, 0, NULL);
}

void rb_html_check_page(struct rb_html_check *chk, const char *rel, char *html, size_t len)
{
	submit(chk, rel, html, len, NULL);
}

void rb_html_check_file(struct rb_html_check *chk, const char *rel, char *path)
{
	submit(chk, rel, NULL, 0, path);
}

void rb_html_check_keep(struct rb_html_check *chk, void (*keep)(void *ctx, const char *rel, const char *record,
								  size_t len), void *ctx)
{
	chk->keep = keep;
	chk->keep_ctx = ctx;
}

void rb_html_check_replay(struct rb_html_check *chk, const char *rel, const char *record, size_t len)
{
	char *copy = rb_xmalloc(len + 1);
	memcpy(copy, record, len);
	struct job j = {rb_xstrdup(rel), copy, NULL, len, true};
	submit_job(chk, &j);
}

/* A broken link, from html_links.c: a finding like any other. */
static void link_broken(void *ctx, const char *page, unsigned line, const char *fmt, const char *url)
{
	report(ctx, page, line, 1, fmt, url);
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

bool rb_html_check_finish(struct rb_html_check *chk, bool complete)
{
	join_thread(chk);
	rb_html_links_broken(chk->links, complete, chk, link_broken);
	for (size_t i = 0; i < chk->nfindings; i++) {
		const struct finding *f = &chk->findings[i];
		struct rb_loc loc = {rb_arena_strdup(&chk->b->arena, f->rel), f->line, f->col};
		rb_diag(chk->b, RB_D_HTML_CHECK, loc, "%s", f->message);
	}
	bool ok = chk->nfindings == 0;
	rb_buf_free(&chk->kept);
	free(chk->findings);
	rb_html_links_free(chk->links);
	rb_arena_free(&chk->arena);
	free(chk);
	return ok;
}
