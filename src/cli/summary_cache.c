/* summary_cache.c: the runbooks' summaries between builds (see
 * summary_cache.h), in the store "summaries" of the build cache folder
 * (cache_store.h). An entry's bytes are the summary (rb_runbook_summary_save) with its
 * length first, then the diagnostics reading the file gave: their count,
 * then each one's code, level, line, column, id, file, message, detail. */
#include "cli/summary_cache.h"
#include "model/summary.h"
#include "base/util.h"
#include <stdlib.h>
#include <string.h>

/* The file's first line. */
static const char head[] = "rbc-summaries 2 " RB_VERSION "\n";

/* A number as 8 bytes into out. */
static void put_num(struct rb_buf *out, long long v)
{
	rb_buf_add(out, &v, sizeof v);
}

/* A string with its length first (-1: NULL). */
static void put_str(struct rb_buf *out, const char *s)
{
	put_num(out, s ? (long long)strlen(s) : -1);
	if (s)
		rb_buf_add(out, s, strlen(s));
}

/* The next 8-byte number at *p before end; false when there is none. */
static bool get_num(const char **p, const char *end, long long *v)
{
	if (end - *p < (ptrdiff_t)sizeof *v)
		return false;
	memcpy(v, *p, sizeof *v);
	*p += sizeof *v;
	return true;
}

/* The next string at *p (copied into arena a), NULL for a NULL one;
 * *ok false when the bytes run out. */
static const char *get_str(const char **p, const char *end, struct rb_arena *a, bool *ok)
{
	long long n;
	if (!get_num(p, end, &n) || n < -1 || n > end - *p) {
		*ok = false;
		return NULL;
	}
	if (n < 0)
		return NULL;
	const char *s = rb_arena_strndup(a, *p, (size_t)n);
	*p += n;
	return s;
}

/* rb_runbook_summary_save's sink: a buffer. */
static void put_bytes(void *ctx, const void *data, size_t len)
{
	rb_buf_add(ctx, data, len);
}

/* The key of the runbook at rel (shown as display) into out[33]; false
 * when the book's fingerprint has no regular file there. */
static bool file_key(const struct rb_summary_cache *sc, const char *rel, const char *display, char out[33])
{
	unsigned k;
	if (!sc->dir || !rb_strmap_get(sc->entry, rel, &k) || sc->whats[k][0] != 'f')
		return false;
	struct rb_fingerprint f = sc->base;
	rb_fingerprint_str(&f, rel);
	rb_fingerprint_str(&f, display);
	rb_fingerprint_str(&f, sc->whats[k]);
	rb_fingerprint_hex(&f, out);
	return true;
}

/* True when rel is a Markdown file: its bytes reach only its own summary. */
static bool markdown(const char *rel)
{
	size_t n = strlen(rel);
	return (n > 3 && !strcmp(rel + n - 3, ".md")) || (n > 9 && !strcmp(rel + n - 9, ".markdown"));
}

void rb_summary_cache_open(struct rb_summary_cache *sc, const char *dir, const struct rb_fingerprint *base,
			   char *const *rels, char *const *whats, size_t nentries, const struct rb_strmap *entry,
			   struct rb_parse_file_keep *keep, struct rb_cache_store *carried)
{
	*sc = (struct rb_summary_cache){.dir = dir, .entry = entry, .whats = whats, .keep = keep};
	if (!dir) {
		rb_cache_store_open(&sc->store, NULL, "summaries", head);
		return;
	}
	sc->base = *base;
	rb_fingerprint_str(&sc->base, "summaries");
	for (size_t k = 0; k < nentries; k++)
		if (!markdown(rels[k])) {
			rb_fingerprint_str(&sc->base, rels[k]);
			rb_fingerprint_str(&sc->base, whats[k]);
		}
	rb_cache_store_reopen(&sc->store, dir, "summaries", head, carried);
}

/* The runbook saved as data[0..len) into b: its summary, returned, and
 * its diagnostics; NULL (b untouched but for its arena) when damaged. */
static struct rb_runbook *load_entry(struct rb_build *b, const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	long long n, ndiags;
	if (!get_num(&p, end, &n) || n < 0 || n > end - p)
		return NULL;
	struct rb_runbook *rb = rb_runbook_summary_load(&b->arena, p, (size_t)n);
	p += n;
	if (!rb || !get_num(&p, end, &ndiags) || ndiags < 0 || ndiags > (end - p) / 32)
		return NULL;
	struct rb_diag *d = rb_xcalloc((size_t)ndiags + 1, sizeof *d);
	bool ok = true;
	for (long long i = 0; ok && i < ndiags; i++) {
		long long code = 0, level = 0, line = 0, col = 0;
		ok = get_num(&p, end, &code) && get_num(&p, end, &level) && get_num(&p, end, &line) &&
		     get_num(&p, end, &col) && level >= RB_NOTE && level <= RB_ERROR;
		d[i] = (struct rb_diag){.code = (enum rb_code)code, .level = (enum rb_level)level,
					.loc = {NULL, (unsigned)line, (unsigned)col}};
		d[i].id = get_str(&p, end, &b->arena, &ok);
		d[i].loc.file = get_str(&p, end, &b->arena, &ok);
		d[i].message = get_str(&p, end, &b->arena, &ok);
		d[i].detail = get_str(&p, end, &b->arena, &ok);
		ok = ok && d[i].id && d[i].message;
	}
	ok = ok && p == end;
	for (long long i = 0; ok && i < ndiags; i++)
		rb_diag_add(b, &d[i]);
	free(d);
	return ok ? rb : NULL;
}

/* Keep what reading rel gave (its summary, NULL when refused, and b's
 * diagnostics) under key for the next build. A refused file is not kept. */
static void keep_entry(struct rb_summary_cache *sc, struct rb_build *b, const char *key, const struct rb_runbook *rb)
{
	if (!rb)
		return;
	struct rb_buf e, sum;
	rb_buf_init(&e);
	rb_buf_init(&sum);
	rb_runbook_summary_save(rb, put_bytes, &sum);
	put_num(&e, (long long)sum.len);
	rb_buf_add(&e, sum.data ? sum.data : "", sum.len);
	put_num(&e, (long long)b->diags.n);
	for (size_t i = 0; i < b->diags.n; i++) {
		const struct rb_diag *d = &b->diags.v[i];
		put_num(&e, d->code);
		put_num(&e, d->level);
		put_num(&e, d->loc.line);
		put_num(&e, d->loc.col);
		put_str(&e, d->id);
		put_str(&e, d->loc.file);
		put_str(&e, d->message);
		put_str(&e, d->detail);
	}
	rb_cache_store_put(&sc->store, key, e.data, e.len);
	rb_buf_free(&e);
	rb_buf_free(&sum);
}

struct rb_runbook *rb_summary_cache_runbook(void *ctx, struct rb_build *b, const char *path, const char *rel,
					    const char *display)
{
	struct rb_summary_cache *sc = ctx;
	char key[33];
	size_t len = 0;
	bool keyed = file_key(sc, rel, display, key);
	const char *data = keyed ? rb_cache_store_get(&sc->store, key, &len) : NULL;
	if (data) {
		/* a hit: made in b's own arena, which joins the book's */
		struct rb_runbook *rb = load_entry(b, data, len);
		if (rb)
			return rb;
	}
	struct rb_runbook *rb = rb_parse_file_summary(sc->keep, b, path, rel, display);
	if (keyed)
		keep_entry(sc, b, key, rb);
	return rb;
}

void rb_summary_cache_save(struct rb_summary_cache *sc)
{
	rb_cache_store_save(&sc->store);
}

void rb_summary_cache_free(struct rb_summary_cache *sc)
{
	if (sc->keep)   /* opened */
		rb_cache_store_free(&sc->store);
}
