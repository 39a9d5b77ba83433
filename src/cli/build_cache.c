/* build_cache.c: the persistent state of `rbc build` (build_cache.h,
 * doc/cache.md). Before reading the book, the engine hashes everything
 * the build reads (fingerprint.h: rbc's own bytes, the options, the as-of
 * day, the book's commit and every file of the book) and compares it with
 * the state the last successful build into the same OUT left in the cache
 * folder:
 *
 *   rbc-build-state 1 <rbc version>
 *   key <32 hex digits>
 *   outdir <device> <inode>
 *   out <size> <mtime> <ctime> <inode> <device> <OUT-relative path>
 *   unit <key> <model.json at> <length> <search index at> <length>
 *        <handbook.html at> <length> <runbook's book path>
 *   diag <code> <level> <line> <col> <id> <file> <message> <detail>
 *
 * (fields of diag lines are escaped: \t \n \\ and \0 for a missing detail).
 * When the key is the same and every file of OUT still has the stat stamp
 * it had when that build finished, the build's result is that build's:
 * its diagnostics are given again and nothing is read or written.
 *
 * Early cutoff: when only the key differs (OUT is still as the last build
 * left it), each runbook's own outputs are keyed by its unit key
 * (unit_keys.h): the build's context (everything above, but with each
 * runbook file's bytes left out), every runbook's path, id and tags, the
 * runbook file's bytes, and the summaries of the runbooks it links to,
 * calls (nested) or is linked from. A runbook whose unit key is the one
 * recorded is not read again: the engine keeps its page and step scripts
 * from the old OUT, and copies its parts of model.json, the search index
 * and the handbook from where the last build wrote them there (the unit
 * line says where). An edit inside a step's text leaves every summary as
 * it was: only that runbook is read and rendered again; a title edit
 * renders again the runbooks on either end of its links. */
#include "cli/build_cache.h"
#include "read/cache_dir.h"
#include "read/stamp.h"
#include "model/summary.h"
#include "render/output.h"
#include "render/render_html.h"
#include "render/md_html.h"
#include "render/render_script.h"
#include "base/sha256.h"
#include "base/pool.h"
#include "base/util.h"
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STATE_MAX (256L << 20)

/* The joined files, in struct rb_build_cache_unit's order. */
static const char *const joined[RB_BUILD_CACHE_NJOINED] = {"model.json", "assets/search-index.js", "handbook.html"};

/* --- the stores kept in memory between the builds of one process --- */

/* The store kept from the last build (summaries, or the checks) when it
 * belongs to this build's cache folder; NULL: it is read from its file. */
static struct rb_cache_store *warm_store(struct rb_build_cache *c, bool summaries)
{
	struct rb_build_cache_warm *w = c->warm;
	if (!w || !w->dir || !c->dir || strcmp(w->dir, c->dir))
		return NULL;
	return summaries ? (w->have_summaries ? &w->summaries : NULL) : (w->have_checks ? &w->checks : NULL);
}

void rb_build_cache_warm_free(struct rb_build_cache_warm *w)
{
	if (w->have_summaries)
		rb_cache_store_free(&w->summaries);
	if (w->have_checks)
		rb_cache_store_free(&w->checks);
	free(w->dir);
	*w = (struct rb_build_cache_warm){0};
}

/* Give c->warm this build's stores, as the next build would read them
 * from their files. */
static void keep_warm(struct rb_build_cache *c)
{
	struct rb_build_cache_warm *w = c->warm;
	if (w->dir && strcmp(w->dir, c->dir))
		rb_build_cache_warm_free(w);   /* another cache folder: what was kept is no use */
	if (!w->dir)
		w->dir = rb_xstrdup(c->dir);
	if (c->summaries.keep) {   /* opened */
		if (w->have_summaries)
			rb_cache_store_free(&w->summaries);
		w->have_summaries = true;
		rb_cache_store_carry(&w->summaries, &c->summaries.store, c->saved_summaries, w->dir);
	}
	if (c->checks_open) {
		if (w->have_checks)
			rb_cache_store_free(&w->checks);
		w->have_checks = true;
		rb_cache_store_carry(&w->checks, &c->checks, c->saved_checks, w->dir);
	}
}

/* OUT's absolute path (it need not exist yet), malloc'd. */
static char *absolute_out(const char *out)
{
	char *real = realpath(out, NULL);
	if (real)
		return real;
	char *c1 = rb_xstrdup(out), *c2 = rb_xstrdup(out);
	char *parent = realpath(dirname(c1), NULL), *abs = NULL;
	if (parent) {
		abs = rb_xmalloc(strlen(parent) + strlen(c2) + 2);
		sprintf(abs, "%s/%s", parent, basename(c2));
	}
	free(parent), free(c1), free(c2);
	return abs;
}

/* Add to f the folder at path as one to skip, when it exists. */
static void skip_dir(struct rb_fingerprint_skip *skip, size_t *n, const char *path)
{
	struct stat st;
	if (path && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		skip[(*n)++] = (struct rb_fingerprint_skip){(unsigned long long)st.st_dev, (unsigned long long)st.st_ino};
}

/* rb_fingerprint_tree's entry: keep the book's entries for the units. */
static void note_entry(void *ctx, const char *rel, const char *what)
{
	struct rb_build_cache *c = ctx;
	if (c->nentries == c->capentries) {
		c->capentries = c->capentries ? c->capentries * 2 : 256;
		c->rels = rb_xrealloc(c->rels, c->capentries * sizeof *c->rels);
		c->whats = rb_xrealloc(c->whats, c->capentries * sizeof *c->whats);
	}
	c->rels[c->nentries] = rb_xstrdup(rel);
	c->whats[c->nentries] = rb_xstrdup(what);
	c->nentries++;
}

/* Hash everything the build reads into c->key. False (no caching) when
 * rbc's own file or the book cannot be hashed. git rev-parse (git, when
 * the caller started it; NULL: started here) runs while the book's files
 * are stat'ed: the book's entries go into a fingerprint of their own,
 * added to the key after the fixed part, which ends with the commit. */
static bool fingerprint(struct rb_build *b, struct rb_build_cache *c, struct rb_git_job *git)
{
	struct rb_git_job own;
	if (!git)
		rb_script_commit_start(b, git = &own);
	struct rb_fingerprint_skip skip[2];
	size_t nskip = 0;
	skip_dir(skip, &nskip, c->out);
	char *top = rb_arena_printf(&b->arena, "%s/..", c->dir);   /* the rbc cache, should it be in the book */
	skip_dir(skip, &nskip, top);
	struct rb_fingerprint tree;
	rb_fingerprint_init(&tree);
	bool ok = rb_fingerprint_tree(b, &tree, b->opt.book, c->dir, skip, nskip, note_entry, c);
	struct rb_fingerprint f;
	rb_fingerprint_init(&f);
	rb_fingerprint_str(&f, "rbc-build-state 1 " RB_VERSION);
	char *exe = realpath("/proc/self/exe", NULL);
	ok = exe && rb_fingerprint_file(b, &f, exe, c->dir) && ok;
	free(exe);
	char opts[512];
	snprintf(opts, sizeof opts, "as_of=%ld strict=%d fix=%d force=%d", b->as_of, b->opt.strict,
		 b->opt.fix_encoding, b->opt.force_clean);
	rb_fingerprint_str(&f, opts);
	for (int i = 0; i < RB_LUA_NLIMITS; i++)
		rb_fingerprint_add(&f, &b->opt.lua_max[i], sizeof b->opt.lua_max[i]);
	rb_fingerprint_str(&f, b->opt.book);
	rb_fingerprint_str(&f, c->out);
	rb_fingerprint_str(&f, b->opt.paper);
	rb_fingerprint_str(&f, rb_script_commit_finish(b, git));
	c->fixed = f;
	char hex[33];
	rb_fingerprint_hex(&tree, hex);
	rb_fingerprint_str(&f, hex);
	rb_fingerprint_hex(&f, c->key);
	return ok;
}

/* Append s to out with tab, newline and backslash escaped; NULL is \0. */
static void put_field(struct rb_buf *out, const char *s)
{
	rb_buf_putc(out, '\t');
	if (!s) {
		rb_buf_puts(out, "\\0");
		return;
	}
	for (; *s; s++) {
		if (*s == '\t')
			rb_buf_puts(out, "\\t");
		else if (*s == '\n')
			rb_buf_puts(out, "\\n");
		else if (*s == '\\')
			rb_buf_puts(out, "\\\\");
		else
			rb_buf_putc(out, *s);
	}
}

/* Cut the next tab-separated field off *p and unescape it in place;
 * NULL for \0. *p is NULL after the last field (then *bad when asked for
 * one more). */
static char *take_field(char **p, bool *bad)
{
	if (!*p) {
		*bad = true;
		return NULL;
	}
	char *s = *p, *tab = strchr(s, '\t');
	*p = tab ? tab + 1 : NULL;
	if (tab)
		*tab = '\0';
	if (!strcmp(s, "\\0"))
		return NULL;
	char *d = s;
	for (char *q = s; *q; q++) {
		if (*q == '\\' && q[1]) {
			q++;
			*d++ = *q == 't' ? '\t' : *q == 'n' ? '\n' : *q;
		} else {
			*d++ = *q;
		}
	}
	*d = '\0';
	return s;
}

/* OUT's own device and inode as text ("" when it is no folder). */
static void dir_id(const char *path, char *out, size_t n)
{
	struct stat st;
	if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		out[0] = '\0';
	else
		snprintf(out, n, "%llu %llu", (unsigned long long)st.st_dev, (unsigned long long)st.st_ino);
}

/* Give the state text's diagnostics to b (they become b's). False when a
 * line is malformed. */
static bool replay_diag(struct rb_build *b, char *line)
{
	int code, level;
	unsigned l, col;
	int used = 0;
	if (sscanf(line, "%d %d %u %u%n", &code, &level, &l, &col, &used) != 4 || code < 0 || level < RB_NOTE ||
	    level > RB_ERROR)
		return false;
	char *p = line[used] == '\t' ? line + used + 1 : NULL;
	bool bad = false;
	char *id = take_field(&p, &bad), *file = take_field(&p, &bad), *msg = take_field(&p, &bad);
	char *detail = take_field(&p, &bad);
	if (bad || !id || !msg)
		return false;
	struct rb_diag d = {.code = (enum rb_code)code, .level = (enum rb_level)level, .id = id,
			    .loc = {file, l, col}, .message = msg, .detail = detail};
	rb_diag_add(b, &d);
	return true;
}

/* Read the "unit" line (after "unit ") of the last build into c->old. */
static void old_unit(struct rb_build_cache *c, char *line)
{
	struct rb_build_cache_unit u;
	int used = 0;
	if (sscanf(line, "%32s %zu %zu %zu %zu %zu %zu%n", u.key, &u.at[0], &u.len[0], &u.at[1], &u.len[1], &u.at[2],
		   &u.len[2], &used) != 7 || strlen(u.key) != 32 || line[used] != '\t')
		return;
	char *p = line + used + 1;
	bool bad = false;
	char *path = take_field(&p, &bad);
	if (!path || bad)
		return;
	c->old = rb_xrealloc(c->old, (c->nold + 1) * sizeof *c->old);
	c->old[c->nold] = u;
	rb_strmap_put(&c->old_by_path, path, (unsigned)c->nold++);   /* path lives in c->state_text */
}

/* Forget the diagnostics given to b by a replay that went wrong. */
static void drop_diags(struct rb_build *b)
{
	rb_diags_free(&b->diags);
}

/* The state's last line is "sum HEX", the sha256 of every byte before it:
 * a damaged state (offsets that still look valid, a flipped digit) would
 * otherwise be trusted. When TEXT (n bytes) ends in a sum line, cut it off
 * (TEXT then reads as the state proper), copy its HEX into sum and return
 * the state proper's length; 0 when there is none. state_sum_ok checks it
 * (~3 ms for a 1,000-runbook state, so it runs beside open's other work). */
static size_t state_sum_cut(char *text, size_t n, char sum[RB_SHA256_HEX])
{
	size_t line = 4 + RB_SHA256_HEX - 1 + 1;   /* "sum " HEX '\n' */
	if (n < line || strncmp(text + n - line, "sum ", 4) || text[n - 1] != '\n')
		return 0;
	memcpy(sum, text + n - line + 4, RB_SHA256_HEX - 1);
	sum[RB_SHA256_HEX - 1] = '\0';
	text[n - line] = '\0';
	return n - line;
}

/* True when the state proper (n bytes of TEXT) has the sum sum. */
static bool state_sum_ok(const char *text, size_t n, const char *sum)
{
	char want[RB_SHA256_HEX];
	rb_sha256_of(text, n, want);
	return !memcmp(want, sum, RB_SHA256_HEX - 1);
}

/* Let go of the state text c holds. */
static void state_drop(struct rb_build_cache *c)
{
	rb_cache_dir_unmap(c->state_text, c->state_len);
	c->state_text = NULL;
}

/* The state's first line, and the start of its second ("key "). */
static void state_head(char *head, size_t n)
{
	snprintf(head, n, "rbc-build-state 1 %s\nkey ", RB_VERSION);
}

/* Map the state of the last build into OUT as c->state_text when it
 * ends in a sum line (cut off into sum, for state_sum_ok; *n the length
 * before it); the lines after its head when the head is this rbc's and
 * names OUT's folder as it is now (NULL otherwise). */
static char *state_read(struct rb_build_cache *c, char sum[RB_SHA256_HEX], size_t *n)
{
	c->state_text = rb_cache_dir_map(c->dir, c->state, STATE_MAX, &c->state_len);
	if (c->state_text && !(*n = state_sum_cut(c->state_text, c->state_len, sum)))
		state_drop(c);   /* damaged: build as if there were no state */
	char *text = c->state_text, head[128], id[64];
	if (!text)
		return NULL;
	state_head(head, sizeof head);
	size_t hl = strlen(head);
	if (*n <= hl + 33 || strncmp(text, head, hl) || strncmp(text + hl + 32, "\noutdir ", 8))
		return NULL;
	char *p = text + hl + 32 + 8, *nl = strchr(p, '\n');
	dir_id(c->out, id, sizeof id);
	if (!nl || !id[0] || (size_t)(nl - p) != strlen(id) || strncmp(p, id, strlen(id)))
		return NULL;
	return nl + 1;
}

/* The work of rb_build_cache_open, on the build's threads: task 0 is the
 * fingerprint, task 1 the state's sum, each other task the stat stamps of
 * a chunk of OUT's files (in state order; four chunks a thread, at least
 * OUT_CHUNK_MIN files each), so the two cores share the ~8,000 stats of a
 * 1,000-runbook book. */
#define OUT_CHUNK_MIN 128
struct open_work {
	struct rb_build *b;
	struct rb_build_cache *c;
	struct rb_git_job *git;   /* git rev-parse, started before */
	bool fingerprinted;       /* task 0's answer */
	const char *sum;          /* the state's sum line's HEX */
	size_t sum_len;           /* the length it sums */
	bool sum_ok;              /* task 1's answer */
	const char **lines;       /* the state's "out" lines, each ending in '\n' */
	size_t nlines, chunk;
	atomic_bool differ;       /* a file of OUT is not as the state lists it */
};

/* True when the file of the state's "out" line q (up to its '\n') has the
 * stamp the line gives. */
static bool out_same(struct rb_stamper *st, const char *q)
{
	const char *nl = strchr(q, '\n'), *tab = memchr(q, '\t', (size_t)(nl - q));
	if (!tab)
		return false;
	char stamp[RB_STAMP_MAX];
	rb_stamper_get(st, tab + 1, (size_t)(nl - tab - 1), stamp, sizeof stamp);
	return (size_t)(tab - q - 4) == strlen(stamp) && !strncmp(q + 4, stamp, strlen(stamp));
}

/* rb_pool_run's task i of an open_work. */
static void open_task(void *ctx, size_t i)
{
	struct open_work *w = ctx;
	if (i == 0) {
		w->fingerprinted = fingerprint(w->b, w->c, w->git);
		return;
	}
	if (i == 1) {
		w->sum_ok = w->c->state_text && state_sum_ok(w->c->state_text, w->sum_len, w->sum);
		return;
	}
	size_t from = (i - 2) * w->chunk, to = from + w->chunk < w->nlines ? from + w->chunk : w->nlines;
	struct rb_stamper st;
	rb_stamper_init(&st, w->c->out);
	for (size_t k = from; k < to && !atomic_load_explicit(&w->differ, memory_order_relaxed); k++)
		if (!out_same(&st, w->lines[k]))
			atomic_store_explicit(&w->differ, true, memory_order_relaxed);
	rb_stamper_end(&st);
}

/* Hash the build's inputs into c->key while the files the last build
 * left in OUT are checked against the state (c->state_same). False when
 * the inputs cannot be hashed. */
static bool fingerprint_and_check(struct rb_build *b, struct rb_build_cache *c)
{
	struct rb_git_job git;
	rb_script_commit_start(b, &git);   /* it runs while the state is read and OUT is checked */
	char sum[RB_SHA256_HEX];
	struct open_work w = {.b = b, .c = c, .git = &git, .sum = sum};
	atomic_init(&w.differ, false);
	char *body = state_read(c, sum, &w.sum_len);
	size_t cap = 0;
	for (char *q = body; q && *q;) {
		char *nl = strchr(q, '\n');
		if (!nl)
			break;
		if (!strncmp(q, "out ", 4)) {
			if (w.nlines == cap)
				w.lines = rb_xrealloc(w.lines, (cap = cap ? cap * 2 : 1024) * sizeof *w.lines);
			w.lines[w.nlines++] = q;
		}
		q = nl + 1;
	}
	int jobs = b->opt.jobs ? b->opt.jobs : rb_pool_default_jobs();
	w.chunk = w.nlines / (4 * (size_t)(jobs > 1 ? jobs : 1)) + 1;
	if (w.chunk < OUT_CHUNK_MIN)
		w.chunk = OUT_CHUNK_MIN;
	rb_pool_run(jobs, 2 + (w.nlines + w.chunk - 1) / w.chunk, open_task, NULL, &w, NULL);
	free(w.lines);
	c->state_same = body && w.sum_ok && !atomic_load(&w.differ);
	return w.fingerprinted;
}

/* Give the last build's result (see build_cache.h) when OUT is as it
 * left it: with this build's key, its diagnostics and exit status; with
 * another key, its units for early cutoff (c->reuse), and -1. */
int rb_build_cache_replay(struct rb_build *b, struct rb_build_cache *c)
{
	char *text = c->state_text, head[128];
	if (!text || !c->state_same) {
		state_drop(c);
		return -1;
	}
	state_head(head, sizeof head);
	bool same = true, same_key = !strncmp(text + strlen(head), c->key, 32);
	/* the units or the diagnostics (a line is cut only when it is read:
	 * the pages of the state left alone are never copied) */
	for (char *q = text; same && *q;) {
		char *nl = strchr(q, '\n');
		if (!nl)
			break;
		if (same_key && !strncmp(q, "diag ", 5)) {
			*nl = '\0';
			same = replay_diag(b, q + 5);   /* false: a bad state, build afresh */
		} else if (!same_key && !strncmp(q, "unit ", 5)) {
			*nl = '\0';
			old_unit(c, q + 5);
		}
		q = nl + 1;
	}
	if (same && same_key) {
		state_drop(c);
		return RB_EXIT_OK;
	}
	if (same_key) {
		drop_diags(b);
		state_drop(c);
		return -1;
	}
	c->reuse = true;   /* the units' paths point into c->state_text, kept to the end */
	dir_id(c->out, c->outdir, sizeof c->outdir);
	for (int j = 0; j < RB_BUILD_CACHE_NJOINED; j++) {
		char *path = rb_arena_printf(&b->arena, "%s/%s", c->out, joined[j]);
		c->fds[j] = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		struct stat st;
		if (c->fds[j] >= 0 && (fstat(c->fds[j], &st) != 0 || !S_ISREG(st.st_mode)))
			close(c->fds[j]), c->fds[j] = -1;
		c->sizes[j] = c->fds[j] >= 0 ? (size_t)st.st_size : 0;
	}
	return -1;
}

/* --- early cutoff: a runbook's outputs kept from the last build --- */

/* The units' keys (unit_keys.h): the fixed part of the key and the book's
 * entries with each runbook file's bytes left out make their context. */
void rb_build_cache_context(struct rb_build *b, struct rb_build_cache *c)
{
	if (!c->dir)
		return;
	c->b = b;
	static const char checks_head[] = "rbc-checks 1 " RB_VERSION "\n";
	rb_cache_store_reopen(&c->checks, c->dir, "checks", checks_head, warm_store(c, false));
	c->checks_open = true;
	for (size_t i = 0; i < b->book.nrunbooks; i++)   /* here: the checker thread keeps pages as it checks them */
		rb_strmap_put(&c->page_of, rb_html_page_of(b, b->book.runbooks[i]->path), (unsigned)i);
	struct rb_strmap runbook = {0};
	for (size_t i = 0; i < b->book.nrunbooks; i++)
		rb_strmap_put(&runbook, b->book.runbooks[i]->path, (unsigned)i);
	struct rb_fingerprint context = c->fixed;
	for (size_t k = 0; k < c->nentries; k++) {
		unsigned i;
		rb_fingerprint_str(&context, c->rels[k]);
		rb_fingerprint_str(&context, rb_strmap_get(&runbook, c->rels[k], &i) ? "runbook" : c->whats[k]);
	}
	rb_strmap_free(&runbook);
	const char **file = rb_xcalloc(b->book.nrunbooks + 1, sizeof *file);
	for (size_t i = 0; i < b->book.nrunbooks; i++) {
		unsigned k;
		if (rb_strmap_get(&c->entry, b->book.runbooks[i]->path, &k) && c->whats[k][0] == 'f')
			file[i] = c->whats[k];
	}
	rb_unit_keys_make(&c->keys, &b->book, &context, file);
	free(file);
}

/* Runbook i's unit key into out[33]; false when it has none (no cache,
 * or its file was not hashed as a regular file). */
static bool unit_key(const struct rb_build_cache *c, size_t i, char out[33])
{
	return c->dir && rb_unit_keys_get(&c->keys, i, out);
}


void rb_build_cache_unit_record(struct rb_build *b, struct rb_build_cache *c, size_t i,
				const size_t at[RB_BUILD_CACHE_NJOINED], const size_t end[RB_BUILD_CACHE_NJOINED])
{
	char key[33];
	if (!unit_key(c, i, key))
		return;
	rb_buf_printf(&c->units, "unit %s %zu %zu %zu %zu %zu %zu", key, at[0], end[0] - at[0], at[1], end[1] - at[1],
		      at[2], end[2] - at[2]);
	put_field(&c->units, b->book.runbooks[i]->path);
	rb_buf_putc(&c->units, '\n');
}

const char *rb_build_cache_check(struct rb_build_cache *c, size_t i, size_t *len)
{
	char key[33];
	return c->checks_open && unit_key(c, i, key) ? rb_cache_store_get(&c->checks, key, len) : NULL;
}

void rb_build_cache_check_keep(void *ctx, const char *rel, const char *record, size_t len)
{
	struct rb_build_cache *c = ctx;
	if (!c->checks_open)
		return;
	unsigned i;
	char key[33];
	if (rb_strmap_get(&c->page_of, rel, &i) && unit_key(c, i, key))
		rb_cache_store_put(&c->checks, key, record, len);
}

/* Free what the cache held for the build. */
void rb_build_cache_free(struct rb_build_cache *c)
{
	if (c->warm && c->dir)
		keep_warm(c);
	for (size_t k = 0; k < c->nentries; k++)
		free(c->rels[k]), free(c->whats[k]);
	free(c->rels);
	free(c->whats);
	rb_strmap_free(&c->entry);
	rb_strmap_free(&c->old_by_path);
	free(c->old);
	state_drop(c);
	for (int j = 0; j < RB_BUILD_CACHE_NJOINED; j++)
		if (c->fds[j] >= 0)
			close(c->fds[j]);
	rb_buf_free(&c->files);
	rb_buf_free(&c->units);
	rb_summary_cache_free(&c->summaries);
	if (c->checks_open)
		rb_cache_store_free(&c->checks);
	rb_strmap_free(&c->page_of);
	rb_unit_keys_free(&c->keys);
}

/* output.h's report: pass changes on, and note each file of the new OUT
 * for rb_build_cache_published to stamp (c->files: its paths, each
 * ending in '\n'). */
static void note_file(void *ctx, const char *rel, bool changed)
{
	struct rb_build_cache *c = ctx;
	if (changed && c->changed)
		c->changed(c->ctx, rel);
	rb_buf_puts(&c->files, rel);
	rb_buf_putc(&c->files, '\n');
}

void rb_build_cache_published(struct rb_build_cache *c)
{
	if (c->changed)
		c->changed(c->ctx, NULL);   /* OUT is whole: the client may look now */
	struct rb_buf lines, path;
	rb_buf_init(&lines);
	rb_buf_init(&path);
	for (char *rel = c->files.data, *nl; rel && rel < c->files.data + c->files.len; rel = nl + 1) {
		nl = memchr(rel, '\n', c->files.len - (size_t)(rel - c->files.data));
		rb_buf_reset(&path);
		rb_buf_printf(&path, "%s/%.*s", c->out, (int)(nl - rel), rel);
		char stamp[160];
		rb_stamp_of(rb_buf_cstr(&path), stamp, sizeof stamp);
		if (stamp[0])
			rb_buf_printf(&lines, "out %s\t%.*s\n", stamp, (int)(nl - rel), rel);
	}
	rb_buf_free(&path);
	rb_buf_free(&c->files);
	c->files = lines;
}

/* Record this successful build's state: its key, OUT, its diagnostics. */
static void save_state(struct rb_build *b, struct rb_build_cache *c)
{
	struct rb_buf s;
	rb_buf_init(&s);
	char id[64];
	dir_id(c->out, id, sizeof id);
	rb_buf_printf(&s, "rbc-build-state 1 %s\nkey %s\noutdir %s\n", RB_VERSION, c->key, id);
	if (c->files.len)
		rb_buf_add(&s, c->files.data, c->files.len);
	if (c->units.len)
		rb_buf_add(&s, c->units.data, c->units.len);
	rb_diag_sort(b);
	for (size_t i = 0; i < b->diags.n; i++) {
		const struct rb_diag *d = &b->diags.v[i];
		rb_buf_printf(&s, "diag %d %d %u %u", (int)d->code, (int)d->level, d->loc.line, d->loc.col);
		put_field(&s, d->id);
		put_field(&s, d->loc.file);
		put_field(&s, d->message);
		put_field(&s, d->detail);
		rb_buf_putc(&s, '\n');
	}
	char sum[RB_SHA256_HEX];
	rb_sha256_of(s.data, s.len, sum);
	rb_buf_printf(&s, "sum %s\n", sum);
	if (!id[0] || !rb_cache_dir_write(c->dir, c->state, s.data, s.len))
		(void)0;   /* the cache only saves time: the next build is a full one */
	rb_buf_free(&s);
}

/* True when the book hashes as it did before the build: a file edited
 * while rbc read it is then built from bytes its key does not name, and
 * the state is not recorded (the next build runs in full). */
static bool inputs_unchanged(struct rb_build *b, struct rb_build_cache *c)
{
	struct rb_build_cache again = {.dir = c->dir, .out = c->out};
	char before[33];
	memcpy(before, c->key, sizeof before);
	bool same = fingerprint(b, &again, NULL) && !strcmp(again.key, before);
	for (size_t k = 0; k < again.nentries; k++)
		free(again.rels[k]), free(again.whats[k]);
	free(again.rels);
	free(again.whats);
	return same;
}

void rb_build_cache_open(struct rb_build *b, struct rb_build_cache *c, const char *out,
			 void (*changed)(void *ctx, const char *rel), void *ctx)
{
	*c = (struct rb_build_cache){.out = out, .changed = changed, .ctx = ctx, .fds = {-1, -1, -1}};
	rb_buf_init(&c->files);
	rb_buf_init(&c->units);
	char *book = realpath(b->opt.book, NULL), *abs = absolute_out(out);
	if (!b->opt.no_cache && book && abs) {
		c->dir = rb_cache_dir_open(b, "build", book);
		uint64_t h = rb_hash64(abs, strlen(abs));
		c->state = rb_arena_printf(&b->arena, "state-%016llx", (unsigned long long)h);
	}
	if (c->dir && !fingerprint_and_check(b, c))
		c->dir = NULL;
	for (size_t k = 0; c->dir && k < c->nentries; k++)
		rb_strmap_put(&c->entry, c->rels[k], (unsigned)k);
	free(book), free(abs);
}

/* Where runbook i's parts of the joined files are, when its unit key is
 * the one recorded and they lie inside the old files (a damaged state's
 * offsets past a file's end are not taken). */
bool rb_build_cache_unit_parts(struct rb_build *b, struct rb_build_cache *c, size_t i,
			       struct rb_output_range part[RB_BUILD_CACHE_NJOINED])
{
	char key[33];
	unsigned k;
	const struct rb_runbook *rb = b->book.runbooks[i];
	if (!c->reuse || !unit_key(c, i, key) || !rb_strmap_get(&c->old_by_path, rb->path, &k) ||
	    strcmp(c->old[k].key, key))
		return false;
	for (int j = 0; j < RB_BUILD_CACHE_NJOINED; j++) {
		size_t at = c->old[k].at[j], len = c->old[k].len[j];
		if (c->fds[j] < 0 || at > c->sizes[j] || len > c->sizes[j] - at)
			return false;
		part[j] = (struct rb_output_range){c->fds[j], at, len};
	}
	return true;
}

/* Before OUT is written: keep early cutoff only for the OUT the state names. */
void rb_build_cache_output(struct rb_build_cache *c, struct rb_output *o)
{
	char now[64];
	dir_id(c->out, now, sizeof now);
	if (strcmp(now, c->outdir))
		c->reuse = false;   /* another build swapped OUT while this one waited for the lock */
	if (c->reuse)
		rb_output_in_place(o);   /* OUT is as the state says: only what changes moves in */
	rb_output_report(o, note_file, c);
}

/* Record the state of a build that succeeded on inputs that stayed put. */
void rb_build_cache_finish(struct rb_build *b, struct rb_build_cache *c, int code)
{
	if (!c->dir || !inputs_unchanged(b, c))
		return;
	rb_summary_cache_save(&c->summaries);   /* good for the next build, even one after errors */
	c->saved_summaries = true;
	if (code == RB_EXIT_OK) {
		save_state(b, c);
		if (c->checks_open)
			rb_cache_store_save(&c->checks);
		c->saved_checks = true;
	}
}

struct rb_reader rb_build_cache_reader(struct rb_build_cache *c, struct rb_parse_file_keep *keep)
{
	rb_summary_cache_open(&c->summaries, c->dir, &c->fixed, c->rels, c->whats, c->nentries, &c->entry, keep,
			      warm_store(c, true));
	return (struct rb_reader){rb_summary_cache_runbook, rb_parse_file_lean, &c->summaries};
}
