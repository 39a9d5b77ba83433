/* build_cache.h: the persistent state of `rbc build` (doc/cache.md), kept
 * in the cache folder $XDG_CACHE_HOME/rbc/build-<hash of the book>/. It
 * knows the fingerprint of everything the build reads, what the last
 * successful build into the same OUT wrote (each file's stat stamp), its
 * diagnostics, and for each runbook its unit key and where its parts of
 * the joined files (model.json, the search index, the handbook) are. The
 * engine (build_engine.c) asks it whether the whole build can be answered
 * from the state, and whether one runbook's outputs can be kept. */
#ifndef RB_BUILD_CACHE_H
#define RB_BUILD_CACHE_H
#include <stdbool.h>
#include <stddef.h>
#include "model/build.h"
#include "read/fingerprint.h"
#include "base/buf.h"
#include "base/strmap.h"
#include "cli/summary_cache.h"
#include "cli/unit_keys.h"
#include "read/load.h"
#include "render/output.h"

/* The joined files, in the order of the arrays below. */
#define RB_BUILD_CACHE_NJOINED 3

/* A runbook's outputs as the last build made them: its unit key and
 * where its parts of the joined files are in the old OUT. */
struct rb_build_cache_unit {
	char key[33];
	size_t at[RB_BUILD_CACHE_NJOINED], len[RB_BUILD_CACHE_NJOINED];
};

/* What a process that builds one book again and again (rbc serve) keeps
 * from one build to the next: the stores of the cache folder dir, in
 * memory (cache_store.h's rb_cache_store_carry), so that a rebuild does
 * not read them from the file again. */
struct rb_build_cache_warm {
	char *dir;                /* their cache folder (malloc'd); NULL: none kept */
	bool have_summaries, have_checks;
	struct rb_cache_store summaries, checks;
};

/* What the engine knows of the cache for one build. Fields are
 * build_cache.c's own, but for out and dir (read-only). */
struct rb_build_cache {
	const char *dir;          /* the cache folder; NULL: no cache */
	const char *state;        /* the state file's name in it */
	char key[33];             /* the fingerprint of this build's inputs */
	const char *out;          /* OUT as given */
	struct rb_buf files;      /* the "out" lines of the new state */
	struct rb_buf units;      /* the "unit" lines of the new state */
	void (*changed)(void *ctx, const char *rel);
	void *ctx;
	struct rb_fingerprint fixed;   /* the key's part before the book's files */
	char **rels, **whats;     /* the book's entries as fingerprinted */
	size_t nentries, capentries;
	struct rb_strmap entry;   /* rel -> index into rels */
	struct rb_unit_keys keys;   /* each runbook unit's key, once the summaries are read */
	char *state_text;         /* the last build's state, mapped by open (the old units' paths point in) */
	size_t state_len;         /* its mapping's length */
	bool state_same;          /* OUT's files are as that state lists them */
	bool reuse;               /* OUT is as the last build left it */
	char outdir[64];          /* OUT's device and inode then */
	struct rb_build_cache_unit *old;   /* the last build's units */
	size_t nold;
	struct rb_strmap old_by_path;    /* runbook path -> index into old */
	int fds[RB_BUILD_CACHE_NJOINED];   /* the old OUT's joined files, or -1 */
	size_t sizes[RB_BUILD_CACHE_NJOINED];   /* their sizes when opened */
	struct rb_summary_cache summaries;   /* once rb_build_cache_reader made it */
	struct rb_cache_store checks;   /* runbook pages' HTML check records, by unit key */
	bool checks_open;
	struct rb_build *b;       /* the build, for the check records' unit keys */
	struct rb_strmap page_of; /* page path -> runbook index, made with the context */
	struct rb_build_cache_warm *warm;   /* set by the engine after open: the stores
				     kept from the last build, given the new ones when
				     c is freed; NULL: the stores are read from their files */
	bool saved_summaries, saved_checks;   /* rb_build_cache_finish saved them */
};

/* Set c up for a build of b into out: find the cache folder and this
 * build's key (c->dir NULL: build without a cache, as with --no-cache).
 * With a cache it also maps the state of the last build into OUT and
 * checks every file of OUT against it, on the build's threads while the
 * book is hashed and git rev-parse runs (the no-change rebuild's cost).
 * changed(ctx, rel) is passed each OUT file whose bytes changed. */
void rb_build_cache_open(struct rb_build *b, struct rb_build_cache *c, const char *out,
			 void (*changed)(void *ctx, const char *rel), void *ctx);
/* Use the state open found. When OUT is as that build left it: with this
 * build's key, give b its diagnostics and return its exit status; with
 * another key, note its units for early cutoff and return -1. Otherwise
 * -1, and b is as it was. */
int rb_build_cache_replay(struct rb_build *b, struct rb_build_cache *c);
/* The reader of the book's runbooks for this build: each runbook's
 * summary from the summary cache, or read with the summary reader (keep
 * its arena) and kept for the next build. */
struct rb_reader rb_build_cache_reader(struct rb_build_cache *c, struct rb_parse_file_keep *keep);
/* Before writing OUT (o open, its lock held): drop early cutoff if OUT
 * was replaced meanwhile, and have o report each file it leaves in OUT. */
void rb_build_cache_output(struct rb_build_cache *c, struct rb_output *o);
/* Once the new OUT is in place (o committed): tell c's changed callback
 * with rel NULL that every change was given and OUT is whole, then take
 * the stat stamps of OUT's files for the state (after the callback, so
 * that a client told of the changes need not wait for the 8,000 stats of
 * a 1,000-runbook book). */
void rb_build_cache_published(struct rb_build_cache *c);
/* Every runbook unit's key (unit_keys.h), once the book's summaries are read. */
void rb_build_cache_context(struct rb_build *b, struct rb_build_cache *c);
/* When runbook i's unit key is the one recorded: where its parts of the
 * joined files are in the old OUT into part[] (the files stay open until
 * c is freed; their bytes are copied file to file, never read), and true
 * (its page and scripts are still the old OUT's). False when it must be
 * rendered. */
bool rb_build_cache_unit_parts(struct rb_build *b, struct rb_build_cache *c, size_t i,
			       struct rb_output_range part[RB_BUILD_CACHE_NJOINED]);
/* The HTML check's record of runbook i's page as the last build checked
 * it, when its unit key is the one recorded (*len its length); NULL when
 * there is none: the page is then parsed again. */
const char *rb_build_cache_check(struct rb_build_cache *c, size_t i, size_t *len);
/* rb_html_check_keep's keep (ctx: the cache): keep the record of each
 * runbook page checked for the next build, by its unit key. Runs on the
 * checker's thread: it only reads what rb_build_cache_context made. */
void rb_build_cache_check_keep(void *ctx, const char *rel, const char *record, size_t len);
/* Note runbook i's unit for the next build: its parts of the joined files
 * begin at at[] and end at end[]. */
void rb_build_cache_unit_record(struct rb_build *b, struct rb_build_cache *c, size_t i,
				const size_t at[RB_BUILD_CACHE_NJOINED], const size_t end[RB_BUILD_CACHE_NJOINED]);
/* After a build that returned code, when the book still hashes as it did
 * before it: keep the summaries it read, and record its state when it
 * succeeded. */
void rb_build_cache_finish(struct rb_build *b, struct rb_build_cache *c, int code);
/* Free what c holds; its stores go to c->warm, when set. */
void rb_build_cache_free(struct rb_build_cache *c);
/* Free what w holds. */
void rb_build_cache_warm_free(struct rb_build_cache_warm *w);

#endif
