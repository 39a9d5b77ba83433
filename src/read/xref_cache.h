/* xref_cache.h: `rbc lint BOOK FILE...` reads the runbooks that are not
 * FILE operands only for what checking the FILEs needs from them: their
 * id and the anchors links may point at (headings, scenario and step ids).
 * That summary is cached per runbook outside the book, in
 * $XDG_CACHE_HOME/rbc/xref-<hash of the book's real path>/ (~/.cache when
 * XDG_CACHE_HOME is unset; folders 0700, never followed through a
 * symlink), so that nothing committed into a book can stand in for what
 * its runbooks say (a BOOK/.rbc-cache is never read). Keyed by
 * a hash of rbc's version, the reading options, the path and the file's
 * bytes; a runbook whose bytes changed is read in full and its entry
 * rewritten. The cache only ever saves time: delete it at will. */
#ifndef RB_XREF_CACHE_H
#define RB_XREF_CACHE_H
#include "model/build.h"

/* Read the runbook at path as a stub (rb->stub: id, anchors, scenario and
 * step ids only) when its cache entry matches its bytes; otherwise read it
 * in full with rb_load_runbook and store its summary. NULL when the file is
 * not a runbook (as rb_load_runbook, with the same diagnostics). */
/* Find or make the cache folder of b's book and set b->xref_dir (NULL,
 * and no caching, when there is no HOME or the folder is not a plain
 * folder of this user). */
const char *rb_xref_open(struct rb_build *b);
struct rb_runbook *rb_xref_runbook(struct rb_build *b, const char *path, const char *rel,
				   const char *display);

#endif
