/* lint_cache.c: `rbc lint`'s kept results (lint_cache.h). The folder
 * holds "stamps" (fingerprint.h's memo of content hashes), "stamps-file"
 * (the same for rbc's own executable) and "state", the last whole-book
 * results:
 *
 *   rbc-lint-state 1 <rbc version>
 *   key <32 hex digits>
 *   then records in diag_wire.h's encoding, in order:
 *   F<file>              each runbook's file name, in book order
 *   R<id><summary>       each rule that loaded
 *   D<diagnostic>        each finding, in the order they were made
 *
 * The state is written whole (cache_dir.h) and believed only when its
 * key is this run's; anything malformed is a miss. */
#include "lint/lint_cache.h"
#include "model/diag_wire.h"
#include "read/cache_dir.h"
#include "read/fingerprint.h"
#include "base/buf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define STATE_MAX (256L << 20)
#define STATE_HEAD "rbc-lint-state 1 " RB_VERSION "\nkey "

/* Hash what a whole-book lint reads into out[33]; false when rbc's own
 * file or the book cannot be hashed. */
static bool fingerprint(struct rb_build *b, const char *dir, char out[33])
{
	struct rb_fingerprint f;
	rb_fingerprint_init(&f);
	rb_fingerprint_str(&f, "rbc-lint-state 1 " RB_VERSION);
	char *exe = realpath("/proc/self/exe", NULL);
	bool ok = exe && rb_fingerprint_file(b, &f, exe, dir);
	free(exe);
	/* where the day came from is in the future-date finding's text */
	const char *day_from = b->opt.as_of ? "as-of" : getenv("SOURCE_DATE_EPOCH") ? "sde" : "today";
	char opts[256];
	snprintf(opts, sizeof opts, "as_of=%ld from=%s strict=%d fix=%d", b->as_of, day_from, b->opt.strict,
		 b->opt.fix_encoding);
	rb_fingerprint_str(&f, opts);
	for (int i = 0; i < RB_LUA_NLIMITS; i++)
		rb_fingerprint_add(&f, &b->opt.lua_max[i], sizeof b->opt.lua_max[i]);
	rb_fingerprint_str(&f, b->opt.book);   /* findings name files by it */
	/* the rbc cache itself, should XDG_CACHE_HOME be inside the book */
	struct rb_fingerprint_skip skip[1];
	size_t nskip = 0;
	struct stat st;
	char *top = rb_arena_printf(&b->arena, "%s/..", dir);
	if (stat(top, &st) == 0 && S_ISDIR(st.st_mode))
		skip[nskip++] = (struct rb_fingerprint_skip){(unsigned long long)st.st_dev, (unsigned long long)st.st_ino};
	ok = ok && rb_fingerprint_tree(b, &f, b->opt.book, dir, skip, nskip, NULL, NULL);
	rb_fingerprint_hex(&f, out);
	return ok;
}

void rb_lint_cache_open(struct rb_build *b, struct rb_lint_cache *c)
{
	c->dir = NULL;
	c->key[0] = '\0';
	if (b->opt.no_cache)
		return;
	char *book = realpath(b->opt.book, NULL);
	c->dir = book ? rb_cache_dir_open(b, "lint", book) : NULL;
	free(book);
	if (c->dir && !fingerprint(b, c->dir, c->key))
		c->dir = NULL;
}

/* Append one runbook, known by its file name only, to *files. */
static void add_file(struct rb_build *b, struct rb_runbook ***files, size_t *n, size_t *cap, const char *file)
{
	if (*n == *cap) {
		struct rb_runbook **grown = rb_arena_alloc(&b->arena, (*cap = *cap ? 2 * *cap : 64) * sizeof *grown);
		if (*n)
			memcpy(grown, *files, *n * sizeof *grown);
		*files = grown;
	}
	struct rb_runbook *rb = rb_arena_alloc(&b->arena, sizeof *rb);
	rb->file = file;
	(*files)[(*n)++] = rb;
}

/* Decode the records between p and end (text that lives in b's arena:
 * the strings are used where they lie) into b; false when one is
 * malformed. */
static bool replay_records(struct rb_build *b, const char *p, const char *end, struct rb_rule_info **rules,
			   size_t *nrules)
{
	size_t nfiles = 0, capfiles = 0, capr = 0;
	struct rb_runbook **files = NULL;
	*rules = NULL;
	*nrules = 0;
	while (p < end) {
		char kind = *p++;
		if (kind == 'F') {
			const char *file;
			if (!rb_wire_get_str(NULL, &p, end, &file) || !file)
				return false;
			add_file(b, &files, &nfiles, &capfiles, file);
		} else if (kind == 'R') {
			struct rb_rule_info r;
			if (!rb_wire_get_str(NULL, &p, end, &r.id) || !rb_wire_get_str(NULL, &p, end, &r.summary) || !r.id)
				return false;
			if (*nrules == capr) {
				struct rb_rule_info *grown = rb_arena_alloc(&b->arena, (capr = capr ? 2 * capr : 16) * sizeof *grown);
				if (*nrules)
					memcpy(grown, *rules, *nrules * sizeof *grown);
				*rules = grown;
			}
			(*rules)[(*nrules)++] = r;
		} else if (kind == 'D') {
			struct rb_diag d;
			if (!rb_diag_wire_get(NULL, &p, end, &d))
				return false;
			rb_diags_push(&b->diags, d);   /* as recorded: visible, level final */
		} else {
			return false;
		}
	}
	b->book.runbooks = files;
	b->book.nrunbooks = nfiles;
	return true;
}

bool rb_lint_cache_replay(struct rb_build *b, const struct rb_lint_cache *c, struct rb_rule_info **rules,
			  size_t *nrules)
{
	if (!c->dir)
		return false;
	size_t len;
	char *text = rb_cache_dir_read(c->dir, "state", STATE_MAX, &len);
	size_t hl = strlen(STATE_HEAD);
	bool hit = text && len > hl + 33 && !memcmp(text, STATE_HEAD, hl) && !memcmp(text + hl, c->key, 32) &&
		   text[hl + 32] == '\n';
	if (hit) {
		size_t n = len - hl - 33;
		char *kept = rb_arena_alloc(&b->arena, n + 1);   /* the replayed strings point in */
		memcpy(kept, text + hl + 33, n);
		if (!replay_records(b, kept, kept + n, rules, nrules)) {
			rb_diags_free(&b->diags);   /* a damaged state: lint afresh */
			b->book.runbooks = NULL;
			b->book.nrunbooks = 0;
			*rules = NULL;
			*nrules = 0;
			hit = false;
		}
	}
	free(text);
	return hit;
}

/* Do b's findings depend on more than the inputs: a rule stopped by the
 * wall clock, or a rule pass that did not end (rules_run.c)? */
static bool machine_dependent(const struct rb_build *b)
{
	for (size_t i = 0; i < b->diags.n; i++) {
		const struct rb_diag *d = &b->diags.v[i];
		if (d->code == RB_D_RULE_STALLED || (d->code == RB_D_RULE_FAILED && d->loc.line == 0))
			return true;
	}
	return false;
}

void rb_lint_cache_save(struct rb_build *b, const struct rb_lint_cache *c, const struct rb_rule_info *rules,
			size_t nrules)
{
	char again[33];
	if (!c->dir || machine_dependent(b) || !fingerprint(b, c->dir, again) || strcmp(again, c->key))
		return;   /* a file changed while rbc read the book: its results name bytes the key does not */
	struct rb_buf s;
	rb_buf_init(&s);
	rb_buf_printf(&s, STATE_HEAD "%s\n", c->key);
	for (size_t i = 0; i < b->book.nrunbooks; i++) {
		rb_buf_putc(&s, 'F');
		rb_wire_put_str(&s, b->book.runbooks[i]->file);
	}
	for (size_t i = 0; i < nrules; i++) {
		rb_buf_putc(&s, 'R');
		rb_wire_put_str(&s, rules[i].id);
		rb_wire_put_str(&s, rules[i].summary);
	}
	for (size_t i = 0; i < b->diags.n; i++) {
		rb_buf_putc(&s, 'D');
		rb_diag_wire_put(&s, &b->diags.v[i]);
	}
	rb_cache_dir_write(c->dir, "state", s.data, s.len);
	rb_buf_free(&s);
}
