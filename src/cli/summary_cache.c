/* summary_cache.c: the runbooks' summaries between builds (see
 * summary_cache.h). The cache file "summaries" in the build cache folder:
 *
 *   rbc-summaries 1 <rbc version>\n
 *   then per entry: <32 hex digits of its key> <8-byte length> <bytes>
 *
 * where the bytes are the summary (rb_runbook_summary_save) with its
 * length first, then the diagnostics reading the file gave: their count,
 * then each one's code, level, line, column, id, file, message, detail. */
#include "cli/summary_cache.h"
#include "read/cache_dir.h"
#include "model/summary.h"
#include "base/util.h"
#include <stdlib.h>
#include <string.h>

#define SUMMARIES_MAX (1L << 30)

/* The file's first line. */
static const char head[] = "rbc-summaries 1 " RB_VERSION "\n";

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

/* Index the cache file sc->old: each entry's key, place and length. */
static void index_old(struct rb_summary_cache *sc, size_t size)
{
	const char *p = sc->old + strlen(head), *end = sc->old + size;
	if (size < strlen(head) || memcmp(sc->old, head, strlen(head)))
		return;
	size_t cap = 0;
	while (end - p >= 32) {
		const char *key = p;
		p += 32;
		long long n;
		if (!get_num(&p, end, &n) || n < 0 || n > end - p)
			break;
		if (sc->nold == cap) {
			cap = cap ? cap * 2 : 256;
			sc->at = rb_xrealloc(sc->at, cap * sizeof *sc->at);
			sc->len = rb_xrealloc(sc->len, cap * sizeof *sc->len);
			sc->keys = rb_xrealloc(sc->keys, cap * sizeof *sc->keys);
		}
		memcpy(sc->keys[sc->nold], key, 32);
		sc->keys[sc->nold][32] = '\0';
		sc->at[sc->nold] = (size_t)(p - sc->old);
		sc->len[sc->nold] = (size_t)n;
		sc->nold++;
		p += n;
	}
	sc->whole = p == end;
	for (size_t k = 0; k < sc->nold; k++)   /* the map borrows its keys: index when keys stay put */
		rb_strmap_put(&sc->old_by_key, sc->keys[k], (unsigned)k);
	sc->used = rb_xcalloc(sc->nold + 1, sizeof *sc->used);
}

void rb_summary_cache_open(struct rb_summary_cache *sc, const char *dir, const struct rb_fingerprint *base,
			   char *const *rels, char *const *whats, size_t nentries, const struct rb_strmap *entry,
			   struct rb_parse_file_keep *keep)
{
	*sc = (struct rb_summary_cache){.dir = dir, .entry = entry, .whats = whats, .keep = keep};
	pthread_mutex_init(&sc->lock, NULL);
	rb_buf_init(&sc->fresh);
	if (!dir)
		return;
	sc->base = *base;
	rb_fingerprint_str(&sc->base, "summaries");
	for (size_t k = 0; k < nentries; k++)
		if (!markdown(rels[k])) {
			rb_fingerprint_str(&sc->base, rels[k]);
			rb_fingerprint_str(&sc->base, whats[k]);
		}
	size_t size = 0;
	sc->old = rb_cache_dir_read(dir, "summaries", SUMMARIES_MAX, &size);
	if (sc->old)
		index_old(sc, size);
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
	pthread_mutex_lock(&sc->lock);
	rb_buf_add(&sc->fresh, key, 32);
	long long n = (long long)e.len;
	rb_buf_add(&sc->fresh, &n, sizeof n);
	rb_buf_add(&sc->fresh, e.data, e.len);
	sc->nfresh++;
	pthread_mutex_unlock(&sc->lock);
	rb_buf_free(&e);
	rb_buf_free(&sum);
}

struct rb_runbook *rb_summary_cache_runbook(void *ctx, struct rb_build *b, const char *path, const char *rel,
					    const char *display)
{
	struct rb_summary_cache *sc = ctx;
	char key[33];
	unsigned k;
	bool keyed = file_key(sc, rel, display, key);
	if (keyed && rb_strmap_get(&sc->old_by_key, key, &k)) {
		/* a hit: made in b's own arena, which joins the book's */
		struct rb_runbook *rb = load_entry(b, sc->old + sc->at[k], sc->len[k]);
		if (rb) {
			sc->used[k] = true;   /* each task its own k */
			return rb;
		}
	}
	struct rb_runbook *rb = rb_parse_file_summary(sc->keep, b, path, rel, display);
	if (keyed)
		keep_entry(sc, b, key, rb);
	return rb;
}

void rb_summary_cache_save(struct rb_summary_cache *sc)
{
	size_t nused = 0;
	for (size_t k = 0; k < sc->nold; k++)
		nused += sc->used[k];
	if (!sc->dir || (!sc->nfresh && nused == sc->nold))
		return;
	/* new entries go at the end while at most a quarter of the file is
	 * entries no build used (an edit leaves its file's old entry behind);
	 * past that, or after a cut-off entry, the file is written anew */
	if (sc->old && sc->whole && nused >= sc->nold - sc->nold / 4 &&
	    (!sc->nfresh || rb_cache_dir_append(sc->dir, "summaries", sc->fresh.data, sc->fresh.len)))
		return;
	struct rb_buf out;
	rb_buf_init(&out);
	rb_buf_puts(&out, head);
	for (size_t k = 0; k < sc->nold; k++)
		if (sc->used[k]) {
			const char *at = sc->old + sc->at[k];
			rb_buf_add(&out, at - 32 - 8, 32 + 8 + sc->len[k]);   /* key, length and bytes as they were */
		}
	if (sc->fresh.len)
		rb_buf_add(&out, sc->fresh.data, sc->fresh.len);
	(void)rb_cache_dir_write(sc->dir, "summaries", out.data, out.len);   /* only ever saves time */
	rb_buf_free(&out);
}

void rb_summary_cache_free(struct rb_summary_cache *sc)
{
	if (!sc->keep)
		return;   /* never opened */
	free(sc->old);
	free(sc->at);
	free(sc->len);
	free(sc->used);
	free(sc->keys);
	rb_strmap_free(&sc->old_by_key);
	rb_buf_free(&sc->fresh);
	pthread_mutex_destroy(&sc->lock);
}
