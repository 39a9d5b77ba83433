/* html_links.c: the site's files, page ids and links (html_links.h), in
 * memory that grows by a few bytes a page, not by the site's text.
 *
 * Files: one map of paths (each page and asset name once).
 *
 * Ids: while a page is parsed, an exact set of its ids (a repeat on the
 * page is an error), emptied when the page ends. For the whole build only
 * a 64-bit hash of each id is kept, each page's hashes sorted and stored
 * after the previous page's: 8 bytes an id, looked up by a binary search
 * within the target page's hashes. A link to an id the page lacks passes
 * only if the fragment's hash equals the hash of one of that page's ids:
 * with n ids on the page, a chance of about n/2^64 per lookup (below
 * 10^-15 even for a page of 10,000 ids), for ids not made to collide. A
 * missed report that rare is the price of not keeping every id's text;
 * ids of one page are never confused with each other (that set is exact)
 * and a link into the page it is on is checked against that exact set.
 *
 * Links: a link is resolved at its page's end when what it names is known
 * by then (the page itself included, its ids being complete), and a good
 * link is forgotten. Only links to files not yet seen (mostly pages
 * rendered later) and broken links are kept, each as {page, line, URL
 * number}; the URL is interned per (folder of the page, URL as written),
 * so a URL written on many pages of a folder is kept once. At the end each
 * kept URL still unresolved is resolved once, and every kept link whose
 * URL is broken is reported, in link order: the same findings, in the
 * same order, as resolving every link at the end.
 *
 * Resolving early gives the answer resolving at the end would give because
 * what is known only grows: a path, once registered, stays what it was
 * registered as (the first registration stands), and a page's ids are
 * complete once it ends. */
#include "render/html_links.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/strmap.h"
#include "base/util.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NO_PAGE (~0u)          /* an asset's entry in files; no current page */
#define SELF_LINK (~0u)        /* a kept link to an id of the current page */

/* What a link comes to. V_UNKNOWN: it names a path not registered (yet);
 * V_SELF: an id of the current page, known when the page ends. */
enum verdict { V_OK, V_UNKNOWN, V_SELF, V_NO_FILE, V_NOT_PAGE, V_NO_ID, V_SCHEME, V_ABSOLUTE };

/* The finding for each broken verdict (one %s: the URL as written). */
static const char *const messages[] = {
	[V_NO_FILE] = "link to a file the site does not have: '%s'",
	[V_NOT_PAGE] = "fragment on a file that is not a page: '%s'",
	[V_NO_ID] = "link to an id the page does not have: '%s'",
	[V_SCHEME] = "link with a scheme the site does not use: '%s'",
	[V_ABSOLUTE] = "absolute path '%s'; the site uses relative URLs only",
};

struct page {
	const char *rel;          /* arena */
	size_t first_id;          /* its id hashes: ids[first_id, next page's first_id) */
};

/* A link kept for the end. */
struct link {
	unsigned page, line;
	unsigned url;             /* index into urls, or SELF_LINK until its page ends */
};

/* A URL as written on the pages of one folder, kept once. */
struct url {
	const char *text;         /* arena: the tail of its key in url_of */
	unsigned from;            /* a page of that folder */
	unsigned char verdict;
};

struct rb_html_links {
	struct rb_arena arena;    /* names, folders, kept URLs */
	struct rb_strmap files;   /* path -> page index, NO_PAGE for an asset */
	struct rb_strmap folders; /* a page's folder ("" or "a/b/") -> number */
	unsigned nfolders;
	struct rb_strmap url_of;  /* "<folder number>:<URL>" -> index into urls */
	struct page *pages;
	size_t npages, cappages;
	uint64_t *ids;            /* id hashes, see the header comment */
	size_t nids, capids;
	struct link *links;
	size_t nlinks, caplinks;
	struct url *urls;
	size_t nurls, capurls;
	/* the current page */
	unsigned page, folder;    /* page: NO_PAGE between pages */
	size_t first_link;        /* its first kept link */
	struct rb_arena page_arena;   /* its ids and its self links' URLs */
	struct rb_strmap page_ids;    /* its ids, exactly */
	const char **self;        /* the URLs of its SELF_LINK links, in order */
	size_t nself, capself;
	struct rb_buf key;        /* scratch: a folder, a decoded fragment, a URL's key */
};

/* v with room for one more of its n elements of size bytes (*cap of them). */
static void *reserve(void *v, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return v;
	*cap = *cap ? *cap * 2 : 64;
	return rb_xrealloc(v, *cap * size);
}

struct rb_html_links *rb_html_links_new(void)
{
	struct rb_html_links *l = rb_xcalloc(1, sizeof *l);
	rb_arena_init(&l->arena);
	rb_arena_init(&l->page_arena);
	rb_buf_init(&l->key);
	l->page = NO_PAGE;
	return l;
}

void rb_html_links_free(struct rb_html_links *l)
{
	rb_strmap_free(&l->files);
	rb_strmap_free(&l->folders);
	rb_strmap_free(&l->url_of);
	rb_strmap_free(&l->page_ids);
	free(l->pages);
	free(l->ids);
	free(l->links);
	free(l->urls);
	free(l->self);
	rb_buf_free(&l->key);
	rb_arena_free(&l->page_arena);
	rb_arena_free(&l->arena);
	free(l);
}

void rb_html_links_asset(struct rb_html_links *l, const char *rel)
{
	unsigned old;
	if (!rb_strmap_get(&l->files, rel, &old))
		rb_strmap_put(&l->files, rb_arena_strdup(&l->arena, rel), NO_PAGE);
}

/* The number of rel's folder (the path up to its last '/'), a new one for
 * a folder not seen before. */
static unsigned folder_of(struct rb_html_links *l, const char *rel)
{
	const char *slash = strrchr(rel, '/');
	rb_buf_reset(&l->key);
	rb_buf_add(&l->key, rel, slash ? (size_t)(slash - rel) + 1 : 0);
	unsigned n;
	if (!rb_strmap_get(&l->folders, rb_buf_cstr(&l->key), &n)) {
		n = l->nfolders++;
		rb_strmap_put(&l->folders, rb_arena_strdup(&l->arena, rb_buf_cstr(&l->key)), n);
	}
	return n;
}

const char *rb_html_links_begin(struct rb_html_links *l, const char *rel)
{
	const char *name = rb_arena_strdup(&l->arena, rel);
	l->pages = reserve(l->pages, l->npages, &l->cappages, sizeof *l->pages);
	l->page = (unsigned)l->npages;
	l->pages[l->npages++] = (struct page){name, l->nids};
	unsigned old;
	if (!rb_strmap_get(&l->files, rel, &old))
		rb_strmap_put(&l->files, name, l->page);
	l->folder = folder_of(l, rel);
	l->first_link = l->nlinks;
	return name;
}

bool rb_html_links_id(struct rb_html_links *l, const char *id)
{
	unsigned dummy;
	if (rb_strmap_get(&l->page_ids, id, &dummy))
		return false;
	rb_strmap_put(&l->page_ids, rb_arena_strdup(&l->page_arena, id), 0);
	l->ids = reserve(l->ids, l->nids, &l->capids, sizeof *l->ids);
	l->ids[l->nids++] = rb_strmap_hash(id);
	return true;
}

/* True when page (one that has ended) has an id with the hash of id. */
static bool page_has(const struct rb_html_links *l, unsigned page, const char *id)
{
	uint64_t h = rb_strmap_hash(id);
	size_t lo = l->pages[page].first_id;
	size_t end = page + 1 < l->npages ? l->pages[page + 1].first_id : l->nids, hi = end;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (l->ids[mid] < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < end && l->ids[lo] == h;
}

/* The fragment of url (after its first '#'), percent-decoded, in l->key. */
static const char *fragment(struct rb_html_links *l, const char *url)
{
	const char *hash = strchr(url, '#');
	rb_buf_reset(&l->key);
	rb_url_decode(&l->key, hash + 1, strlen(hash + 1));
	return rb_buf_cstr(&l->key);
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
	rb_url_decode(&joined, path, n);
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

/* What url (relative: no scheme, not absolute) on page `from` comes to
 * with the files and pages known so far. */
static enum verdict look_up(struct rb_html_links *l, unsigned from, const char *url)
{
	size_t plen = strcspn(url, "?#");
	const char *hash = strchr(url, '#');
	unsigned target = from;
	if (plen) {
		char *path = resolve(l->pages[from].rel, url, plen);
		bool found = path && rb_strmap_get(&l->files, path, &target);
		enum verdict missing = path ? V_UNKNOWN : V_NO_FILE;
		free(path);
		if (!found)
			return missing;
	}
	if (!hash || !hash[1] || !strcmp(hash, "#top"))
		return V_OK;
	if (target == NO_PAGE)
		return V_NOT_PAGE;
	if (target == l->page)
		return V_SELF;
	return page_has(l, target, fragment(l, url)) ? V_OK : V_NO_ID;
}

/* What url on the current page comes to so far: a scheme other than the
 * web's, mail's and phone's, or an absolute path, is wrong wherever it
 * points. */
static enum verdict classify(struct rb_html_links *l, const char *url)
{
	static const char *const ok[] = {"http:", "https:", "mailto:", "tel:", NULL};
	if (rb_url_has_scheme(url)) {
		for (size_t i = 0; ok[i]; i++)
			if (!strncasecmp(url, ok[i], strlen(ok[i])))
				return V_OK;
		return V_SCHEME;
	}
	if (url[0] == '/')
		return V_ABSOLUTE;
	return look_up(l, l->page, url);
}

/* The number of url as written in the current page's folder, kept with
 * verdict v (not V_OK) if it is new; a URL kept as V_UNKNOWN takes v. */
static unsigned intern(struct rb_html_links *l, const char *url, enum verdict v)
{
	rb_buf_reset(&l->key);
	rb_buf_printf(&l->key, "%u:", l->folder);
	size_t prefix = l->key.len;
	rb_buf_puts(&l->key, url);
	unsigned n;
	if (rb_strmap_get(&l->url_of, rb_buf_cstr(&l->key), &n)) {
		if (l->urls[n].verdict == V_UNKNOWN)
			l->urls[n].verdict = (unsigned char)v;
		return n;
	}
	char *key = rb_arena_strdup(&l->arena, rb_buf_cstr(&l->key));
	l->urls = reserve(l->urls, l->nurls, &l->capurls, sizeof *l->urls);
	n = (unsigned)l->nurls++;
	l->urls[n] = (struct url){key + prefix, l->page, (unsigned char)v};
	rb_strmap_put(&l->url_of, key, n);
	return n;
}

void rb_html_links_link(struct rb_html_links *l, const char *url, unsigned line)
{
	enum verdict v = classify(l, url);
	if (v == V_OK)
		return;
	unsigned u = SELF_LINK;
	if (v == V_SELF) {
		l->self = reserve(l->self, l->nself, &l->capself, sizeof *l->self);
		l->self[l->nself++] = rb_arena_strdup(&l->page_arena, url);
	} else {
		u = intern(l, url, v);
	}
	l->links = reserve(l->links, l->nlinks, &l->caplinks, sizeof *l->links);
	l->links[l->nlinks++] = (struct link){l->page, line, u};
}

/* Order of two id hashes, for qsort. */
static int hash_order(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* Settle the current page's links to its own ids: a good one is dropped
 * (the links after it move up), a broken one kept as V_NO_ID. */
static void settle_self_links(struct rb_html_links *l)
{
	size_t out = l->first_link, next = 0;
	for (size_t i = l->first_link; i < l->nlinks; i++) {
		struct link k = l->links[i];
		if (k.url == SELF_LINK) {
			const char *url = l->self[next++];
			unsigned dummy;
			if (rb_strmap_get(&l->page_ids, fragment(l, url), &dummy))
				continue;
			k.url = intern(l, url, V_NO_ID);
		}
		l->links[out++] = k;
	}
	l->nlinks = out;
	l->nself = 0;
}

void rb_html_links_end(struct rb_html_links *l)
{
	size_t first = l->pages[l->page].first_id;
	if (l->nids > first)
		qsort(l->ids + first, l->nids - first, sizeof *l->ids, hash_order);
	settle_self_links(l);
	rb_strmap_clear(&l->page_ids);
	rb_arena_free(&l->page_arena);
	rb_arena_init(&l->page_arena);
	l->page = NO_PAGE;
}

void rb_html_links_broken(struct rb_html_links *l, bool complete, void *ctx,
			  void (*broken)(void *ctx, const char *page, unsigned line, const char *fmt, const char *url))
{
	for (size_t i = 0; i < l->nlinks; i++) {
		const struct link *k = &l->links[i];
		struct url *u = &l->urls[k->url];
		if (u->verdict == V_UNKNOWN) {
			enum verdict v = look_up(l, u->from, u->text);
			u->verdict = (unsigned char)(v != V_UNKNOWN ? v : complete ? V_NO_FILE : V_OK);
		}
		if (u->verdict != V_OK)
			broken(ctx, l->pages[k->page].rel, k->line, messages[u->verdict], u->text);
	}
}
