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
#include "read/load.h"

/* The cache reader's ctx (struct rb_reader, load.h). */
struct rb_xref {
	const char *dir;          /* the cache folder; NULL: no cache, every file is a miss */
	struct rb_reader miss;    /* reads a file in full when its entry does not match */
};
/* Find or make the cache folder of b's book and set x->dir (NULL, and no
 * caching, when there is no HOME or the folder is not a plain folder of
 * this user). Returns x->dir. */
const char *rb_xref_open(struct rb_build *b, struct rb_xref *x);
/* An rb_read_fn (ctx: struct rb_xref): read the runbook at path as a stub
 * (rb->stub: id, anchors, scenario and step ids only) when its cache entry
 * matches its bytes; otherwise read it in full with x->miss.runbook and
 * store its summary. NULL when the file is not a runbook (as the miss
 * reader, with the same diagnostics). */
rb_read_fn rb_xref_runbook;

#endif
