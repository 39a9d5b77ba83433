/* build_engine.h: `rbc build`'s engine, one call for the command and for
 * anything that builds in-process (rbc serve). It reads and checks the
 * book, renders every output into a temporary folder that replaces OUT
 * only when all of it was written (output.h), and keeps what it needs to
 * redo only what changed in the build cache (doc/cache.md):
 * $XDG_CACHE_HOME/rbc/build-<hash of the book's real path>/. A rebuild
 * whose inputs all hash as last time, into an OUT still as the last build
 * left it, reads no runbook and writes nothing. */
#ifndef RB_BUILD_ENGINE_H
#define RB_BUILD_ENGINE_H
#include <stdbool.h>
#include "model/build.h"

/* Build b's book (b->opt.book, read with b->opt; b fresh from
 * rb_build_init) into the folder out, as `rbc build BOOK -o OUT` does,
 * and leave the diagnostics in b, unprinted (rb_diag_print_all). With
 * b->opt.no_cache the cache is neither read nor written. changed (may be
 * NULL) is called with ctx, after the new OUT is in place, once for every
 * OUT-relative path whose bytes changed, that appeared or that went; it
 * is never called when the build failed or nothing changed. After the
 * last of them (and in any build that put a new OUT in place, when some
 * may have changed) it is called once with rel NULL: OUT is whole and
 * final, and what the engine still does (the stat stamps and the state it
 * records for the next build) changes nothing a client can see. Returns
 * RB_EXIT_OK, RB_EXIT_FINDINGS (errors in the book: OUT untouched) or
 * RB_EXIT_USAGE (OUT could not be written, a bad option). */
int rb_build_engine_run(struct rb_build *b, const char *out, void (*changed)(void *ctx, const char *rel),
			void *ctx);

/* The engine kept warm in one process that builds the same book again
 * and again (rbc serve): between its builds it keeps in memory what the
 * next build would otherwise read back from the cache folder (the
 * summary and page-check stores, build_cache.h), each entry still looked
 * up by the hashes of what it was made from, so what it keeps is never
 * stale. Its builds' outputs are those of rb_build_engine_run. */
struct rb_build_engine;

/* A new warm engine; keep_reads_mb is its budget for full reads kept
 * between the load and the render (doc/cache.md), unless RBC_KEEP_READS_MB
 * says otherwise. */
struct rb_build_engine *rb_build_engine_new(unsigned keep_reads_mb);
/* rb_build_engine_run with what e kept from its last build. */
int rb_build_engine_build(struct rb_build_engine *e, struct rb_build *b, const char *out,
			  void (*changed)(void *ctx, const char *rel), void *ctx);
void rb_build_engine_free(struct rb_build_engine *e);

#endif
