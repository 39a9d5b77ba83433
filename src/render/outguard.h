/* outguard.h: what keeps `-o OUT` from destroying what rbc did not write.
 * OUT may not be the book, hold the book, or lie inside it (unless
 * rbc.yaml's exclude: leaves it out of the book). OUT/.rbc-manifest lists
 * the files the last build wrote; only those may go. Files the user put
 * into OUT are hard-linked into the new tree before the swap, so they
 * survive it, and a non-empty OUT without a manifest is refused unless
 * --force-clean adopts it. See doc/robustness.md. */
#ifndef RB_OUTGUARD_H
#define RB_OUTGUARD_H
#include <stdbool.h>
#include <stddef.h>
#include "base/buf.h"
#include "model/build.h"

/* The manifest's name inside OUT. */
#define RB_MANIFEST ".rbc-manifest"

/* The files of the old OUT that rbc wrote (sorted, malloc'd), or every
 * file when all is set (--force-clean). */
struct rb_outguard {
	char **owned;
	size_t n;
	bool all;
};

/* True when OUT (as given) may be written for the book b->opt.book:
 * compared by real paths. False with a diagnostic naming both. */
bool rb_outguard_place(struct rb_build *b, const char *out);
/* Read OUT/.rbc-manifest into g. False with a diagnostic when OUT holds
 * files but no manifest (and not --force-clean), or the manifest is not a
 * plain file of relative paths inside OUT. */
bool rb_outguard_read(struct rb_build *b, const char *out, struct rb_outguard *g);
/* True when g owns the file rel of the old OUT (the last build wrote it,
 * or --force-clean adopts every file). */
bool rb_outguard_owns(const struct rb_outguard *g, const char *rel);
/* Hard-link every file of OUT that g does not own into the new tree tmp
 * at the same path. False with a diagnostic when one cannot be kept, or
 * the new build wrote a file at its path. */
bool rb_outguard_keep(struct rb_build *b, const struct rb_outguard *g, const char *out, const char *tmp);
/* The manifest text for the n written paths rels (sorted here). */
void rb_outguard_format(struct rb_buf *out, const char **rels, size_t n);
void rb_outguard_free(struct rb_outguard *g);

#endif
