/* lint_cache.h: the results of `rbc lint`, kept between runs so that
 * linting a book that did not change runs neither the reader, the
 * built-in checks nor the Lua rules (doc/cache.md). What is kept is what
 * the book says before FILE operands and the baseline choose from it:
 * every diagnostic after rbc-ignore comments, the rules that loaded and
 * the runbooks' file names. It is keyed by everything that made it: rbc's
 * own executable and version, the options that change findings (BOOK as
 * written, --as-of and where the day came from, --strict, --lua-limits)
 * and every file under the book folder (rules, rbc.yaml, runbooks ...),
 * hashed again on every run. The folder is
 * $XDG_CACHE_HOME/rbc/lint-<hash of the book's real path>/ (cache_dir.h). */
#ifndef RB_LINT_CACHE_H
#define RB_LINT_CACHE_H
#include "lint/rules.h"

/* One run's view of the cache. */
struct rb_lint_cache {
	const char *dir;      /* the cache folder; NULL: no cache for this run */
	char key[33];         /* the fingerprint of this run's inputs */
};

/* Find the cache folder of b's book and this run's key (b->as_of must be
 * set). c->dir is NULL, and nothing is cached, with --no-cache, without
 * HOME, or when the book cannot be hashed. */
void rb_lint_cache_open(struct rb_build *b, struct rb_lint_cache *c);
/* When the kept results have this run's key, give b their diagnostics
 * and runbook file names (b->book.runbooks: names only), *rules the rule
 * list, and return true. False, with b as it was, otherwise. */
bool rb_lint_cache_replay(struct rb_build *b, const struct rb_lint_cache *c, struct rb_rule_info **rules,
			  size_t *nrules);
/* Keep b's results (its diagnostics, rules and runbook names) under c's
 * key, unless a rule stalled or the rule pass broke (those depend on the
 * machine's load, not on the inputs) or the book changed while rbc read
 * it. Saving only ever saves time: failures are silent. */
void rb_lint_cache_save(struct rb_build *b, const struct rb_lint_cache *c, const struct rb_rule_info *rules,
			size_t nrules);

#endif
