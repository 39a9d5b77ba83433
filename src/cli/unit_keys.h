/* unit_keys.h: the key of each runbook's own outputs (its page, step
 * scripts, model.json entry, search entries and handbook chapter) for
 * early cutoff in the build cache (build_cache.h, doc/cache.md). A unit's
 * key covers what those outputs are made from, and no more:
 *
 *   - the build's context (rbc, options, as-of day, commit, templates,
 *     rbc.yaml, contacts, alert and drill files, the book's file list);
 *   - the book digest: every runbook's path, id and tags (ids are made
 *     unique by path, tag anchors unique across the book);
 *   - its own file's bytes, and whether it comes first;
 *   - the summaries of the runbooks it links to or calls, and of those
 *     their procedures call in turn (a call's estimate and script steps
 *     are the callee's, nested);
 *   - the summaries of the runbooks that link to it or call it
 *     (its backlinks and its procedures' "Used by").
 *
 * So a title or anchor edit re-renders the pages that show it, not the
 * whole book; an edit a summary cannot see re-renders only its runbook. */
#ifndef RB_UNIT_KEYS_H
#define RB_UNIT_KEYS_H
#include <stdbool.h>
#include <stddef.h>
#include "model/model.h"
#include "read/fingerprint.h"

/* Every runbook's unit key, by its index in the book. */
struct rb_unit_keys {
	char (*key)[33];          /* key[i]: 32 hex digits, "" when it has none */
	size_t n;
};

/* Make the key of each runbook of book into k: context is the build's
 * common part, file[i] what the fingerprint added for runbook i's file
 * ("f644 <hash>"), or NULL when it was not hashed as a regular file (it
 * then has no key). */
void rb_unit_keys_make(struct rb_unit_keys *k, const struct rb_book *book, const struct rb_fingerprint *context,
		       const char *const *file);
/* Runbook i's key into out[33]; false when it has none. */
bool rb_unit_keys_get(const struct rb_unit_keys *k, size_t i, char out[33]);
/* Free what k holds. */
void rb_unit_keys_free(struct rb_unit_keys *k);

#endif
