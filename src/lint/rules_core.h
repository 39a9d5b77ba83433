/* rules_core.h: what every part of the Lua rule runtime stands on
 * (rules_core.c). */
#ifndef RB_RULES_CORE_H
#define RB_RULES_CORE_H
#include "lint/rules_ctx.h"

/* Milliseconds on CLOCK_MONOTONIC. */
long long rb_rules_now_ms(void);
/* Record a finding of rule r at loc with the rule's level, or with an
 * explicit level= unless rbc.yaml sets the rule's level. */
void rb_rules_emit(struct rules_ctx *ctx, const struct rule *r, struct rb_loc loc, const char *msg, int level);
/* Keep a finding of ctx->current at loc (level: an explicit level=, or
 * -1 for the rule's own): recorded now when the rule's id is known, else
 * held until its table has been read (rules.c). */
void rb_rules_keep(struct rules_ctx *ctx, struct rb_loc loc, const char *msg, int level);

#endif
