/* summary_cache.h: the runbooks' summaries kept between builds, in the
 * build cache's folder (doc/cache.md, "The summary cache"). A runbook
 * whose file hashes as it did when its summary was saved, in a book whose
 * other inputs of reading (rbc's own bytes, the options, rbc.yaml and
 * every file that is not a Markdown runbook) hash as they did then, is
 * not parsed again: its summary and the diagnostics reading it gave are
 * loaded from the cache. It is a reader (struct rb_reader, load.h) in
 * front of the summary reader (parse_file.h). */
#ifndef RB_SUMMARY_CACHE_H
#define RB_SUMMARY_CACHE_H
#include <stdbool.h>
#include "cli/cache_store.h"
#include "parse/parse_file.h"
#include "read/fingerprint.h"

/* One build's view of the summary cache. */
struct rb_summary_cache {
	const char *dir;          /* the cache folder; NULL: every file is read */
	struct rb_fingerprint base;   /* what every key starts from */
	const struct rb_strmap *entry;   /* book path -> index into whats */
	char *const *whats;       /* each entry's kind and content hash (fingerprint.h) */
	struct rb_parse_file_keep *keep;   /* the summary reader's, for a miss */
	struct rb_cache_store store;   /* "summaries" */
};

/* Set sc up for a build reading the book whose entries the build cache
 * fingerprinted (entry: path -> index into whats): base is the build's
 * fixed key part, dir the build cache folder (NULL: no cache, every
 * runbook is parsed), keep the summary reader's arena, carried (may be
 * NULL) the store as the last build of this process left it
 * (rb_cache_store_carry), taken instead of reading the file. */
void rb_summary_cache_open(struct rb_summary_cache *sc, const char *dir, const struct rb_fingerprint *base,
			   char *const *rels, char *const *whats, size_t nentries, const struct rb_strmap *entry,
			   struct rb_parse_file_keep *keep, struct rb_cache_store *carried);
/* An rb_read_fn (ctx: struct rb_summary_cache): the runbook's summary
 * from the cache when its key is there, else from rb_parse_file_summary
 * (and kept for the next build). */
rb_read_fn rb_summary_cache_runbook;
/* Keep what this build read afresh for the next: added at the end of the
 * cache file, or the file written anew with only this build's entries
 * when a quarter of it went unused. */
void rb_summary_cache_save(struct rb_summary_cache *sc);
void rb_summary_cache_free(struct rb_summary_cache *sc);

#endif
