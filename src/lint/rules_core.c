/* rules_core.c: the part of the Lua rule runtime that the in-process
 * pass (rules.c), the rbc library (rules_lib.c) and the guarded run
 * (rules_run.c) all stand on: recording a rule's finding, and the clock
 * hook calls are timed by. It calls none of them. */
#include "lint/rules_core.h"
#include "base/util.h"
#include <stdlib.h>
#include <time.h>

/* Milliseconds on CLOCK_MONOTONIC. */
long long rb_rules_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Record a finding of rule r at loc with the rule's level, or with an
 * explicit level= unless rbc.yaml sets the rule's level. */
void rb_rules_emit(struct rules_ctx *ctx, const struct rule *r, struct rb_loc loc, const char *msg, int level)
{
	enum rb_level lv = level >= 0 && !r->configured ? (enum rb_level)level : r->level;
	if (lv != RB_OFF)
		rb_diag_custom(ctx->b, RB_D_RULE, r->id, lv, loc, msg);
}

void rb_rules_keep(struct rules_ctx *ctx, struct rb_loc loc, const char *msg, int level)
{
	struct rule *r = ctx->current;
	struct rb_arena *a = &ctx->b->arena;
	loc.file = loc.file == r->file ? r->file : rb_arena_strdup(a, loc.file);
	if (r->id) {
		rb_rules_emit(ctx, r, loc, msg, level);
		return;
	}
	if (ctx->npending == ctx->cappending) {
		ctx->cappending = ctx->cappending ? 2 * ctx->cappending : 16;
		ctx->pending = rb_xrealloc(ctx->pending, ctx->cappending * sizeof *ctx->pending);
	}
	ctx->pending[ctx->npending++] = (struct rules_pending){loc, rb_arena_strdup(a, msg), level};
}
