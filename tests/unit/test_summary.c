/* test_summary.c: a runbook's summary saved by rb_runbook_summary_save
 * and loaded back by rb_runbook_summary_load is the summary it was: the
 * same summary bytes (rb_runbook_summary_write), the same saved bytes,
 * and the fields the write leaves out (source hash, digests, which owner
 * is effective, a link's call mark). Every runbook of the demo book is
 * tried, and a cut or damaged save is refused. */
#include "harness.h"
#include "parse/parse.h"
#include "parse/parse_file.h"
#include "model/summary.h"
#include "base/buf.h"
#include <stdio.h>
#include <stdlib.h>

/* A sink into a buffer. */
static void to_buf(void *ctx, const void *data, size_t len)
{
	rb_buf_add(ctx, data, len);
}

/* True when the summary of the runbook at rel in the demo book survives
 * a save and a load; *tried counts the runbooks read. */
static bool round_trip(const char *rel, int *tried)
{
	struct rb_build b;
	rb_build_init(&b);
	b.opt.book = "runbooks";
	char path[256];
	snprintf(path, sizeof path, "runbooks/%s", rel);
	struct rb_runbook *full = rb_parse_file(&b, path, rel, path);
	if (!full) {
		rb_build_free(&b);
		return false;
	}
	struct rb_runbook *sum = rb_runbook_summary(&b.arena, full);
	rb_parse_free_doc(full);
	struct rb_buf saved, again, w1, w2;
	rb_buf_init(&saved), rb_buf_init(&again), rb_buf_init(&w1), rb_buf_init(&w2);
	rb_runbook_summary_save(sum, to_buf, &saved);
	struct rb_runbook *back = rb_runbook_summary_load(&b.arena, saved.data, saved.len);
	bool ok = back != NULL;
	if (ok) {
		rb_runbook_summary_save(back, to_buf, &again);
		rb_runbook_summary_write(sum, to_buf, &w1);
		rb_runbook_summary_write(back, to_buf, &w2);
		ok = again.len == saved.len && !memcmp(again.data, saved.data, saved.len) && w1.len == w2.len &&
		     !memcmp(w1.data, w2.data, w1.len) && back->source_hash == sum->source_hash && back->summary &&
		     back->nlinks == sum->nlinks;
		for (size_t i = 0; ok && i < sum->nlinks; i++)
			ok = back->links[i].call == sum->links[i].call;
		for (size_t i = 0; ok && i < sum->nscenarios; i++)
			ok = !strcmp(back->scenarios[i].digest, sum->scenarios[i].digest) &&
			     (back->scenarios[i].owner_effective == back->scenarios[i].owner.s) ==
				     (sum->scenarios[i].owner_effective == sum->scenarios[i].owner.s) &&
			     back->scenarios[i].runbook == back;
		/* cut short, or with one byte more: refused, never read past the end */
		ok = ok && !rb_runbook_summary_load(&b.arena, saved.data, saved.len - 1);
		rb_buf_add(&saved, "x", 1);
		ok = ok && !rb_runbook_summary_load(&b.arena, saved.data, saved.len);
	}
	rb_buf_free(&saved), rb_buf_free(&again), rb_buf_free(&w1), rb_buf_free(&w2);
	rb_build_free(&b);
	(*tried)++;
	return ok;
}

UNIT_SUITE(summary_suite)
static void summary_suite(void)
{
	static const char *const rels[] = {"orders-db.md", "shared-procedures.md", "web-deploy.md", "session-cache.md",
					   "region-failover.md", "object-storage.yaml", "credential-leak.md", NULL};
	int tried = 0;
	bool all = true;
	for (size_t i = 0; rels[i]; i++) {
		bool ok = round_trip(rels[i], &tried);
		if (!ok)
			printf("FAIL unit/summary-save-load: %s does not survive\n", rels[i]);
		all = all && ok;
	}
	OK("summary-save-load-round-trip", all && tried == 7);
	struct rb_arena a;
	rb_arena_init(&a);
	OK("summary-load-refuses-garbage", !rb_runbook_summary_load(&a, "\x01\x02", 2));
	rb_arena_free(&a);
}
