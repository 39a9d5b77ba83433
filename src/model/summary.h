/* summary.h: the part of a runbook that the rest of the book needs, copied
 * out of its full model so that the full model can be freed at once.
 *
 * `rbc build` of a big book keeps only summaries between reading and
 * rendering: the whole book's pages (index, contacts, RTO matrix, review,
 * tags, search, backlinks) and the link checks need each runbook's front
 * matter, scenarios with their metadata, links, anchors, step ids and step
 * estimates and its Symptoms text, and nothing else. A runbook's page,
 * handbook chapter, scripts and model entry are rendered from a fresh full
 * read of the file (cmd_build.c), one runbook at a time.
 *
 * A summary is a struct rb_runbook like any other, with these holes: no
 * body, parse tree, front matter value or lenient plan; sections hold no
 * text (but Symptoms) and no steps, only their count and the sum of their
 * estimates (model.h: rb_section_estimate, rb_section_has_step). */
#ifndef RB_SUMMARY_H
#define RB_SUMMARY_H
#include "base/arena.h"
#include "model/model.h"

/* Copy rb's summary into arena a (every string too, so rb's own memory
 * may go) and return it; rb->summary is true on the copy. */
struct rb_runbook *rb_runbook_summary(struct rb_arena *a, const struct rb_runbook *rb);

/* Every field of summary rb (the fields rb_runbook_summary keeps), but
 * its source hash, written through put(ctx, data, len) in one fixed
 * order: two summaries give the same bytes exactly when they hold the
 * same values, procedures whole and each section's calls included. The
 * build cache hashes it for early cutoff: a runbook edited only where its
 * summary cannot see (a scenario step's text) leaves the pages made from
 * the summaries as they were. */
void rb_runbook_summary_write(const struct rb_runbook *rb, void (*put)(void *ctx, const void *data, size_t len),
			      void *ctx);

/* The same fields and, beside them, what reading them back needs (the
 * source hash, scenario digests, which owner a scenario's effective owner
 * is): bytes for rb_runbook_summary_load, which the build cache keeps
 * between builds (one rbc version: the format is its own). */
void rb_runbook_summary_save(const struct rb_runbook *rb, void (*put)(void *ctx, const void *data, size_t len),
			     void *ctx);
/* The summary saved as data[0..len) by rb_runbook_summary_save, made in
 * arena a as rb_runbook_summary would have made it; NULL when the bytes
 * are not a whole saved summary. */
struct rb_runbook *rb_runbook_summary_load(struct rb_arena *a, const void *data, size_t len);

#endif
