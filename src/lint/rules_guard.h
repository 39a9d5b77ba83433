/* rules_guard.h: what the rule runtime (rules.c) and its watchdog
 * (rules_run.c) share. The watchdog runs the rule pass in a forked
 * child; the child announces each hook call in a shared page, and the
 * parent kills a call that outlives lua: timeout_ms. Private to the two. */
#ifndef RB_RULES_GUARD_H
#define RB_RULES_GUARD_H
#include "lint/rules.h"

/* The shared page: written by the child, read by the parent. */
struct rb_rules_watch {
	int running;               /* 1 while a hook call runs (atomic) */
	long long started_ms;      /* CLOCK_MONOTONIC at its start (atomic) */
	char id[64];               /* the rule's id, or its file while loading */
	char file[256];            /* the rule file */
	char where[256];           /* the runbook or contact being checked */
};

/* How one pass runs: watch may be NULL (no watchdog); skip lists rule
 * files to leave out because they stalled in an earlier pass. The rules
 * may be split over nshards passes (0 counts as 1): each loads every rule
 * but calls the hooks only of the rules whose index % nshards == shard,
 * so a rule still sees all its hooks, in order, in one Lua state. */
#define RB_RULES_MAX_SHARDS 8

struct rb_rules_guard {
	struct rb_rules_watch *watch;
	const char *const *skip;
	size_t nskip;
	unsigned shard, nshards;
};

/* Where in the walk a diagnostic was made: at[0] is 0 while the rules
 * load, 1 in the book hook, then counts up one per runbook and contact
 * walked; at[1..3] are the scenario, section and step (1-based, 0 above
 * that level); rule is the rule's index (its load order while loading).
 * Sorting by this key, then by emission, merges the findings of several
 * shards into the order a single pass makes them in. */
struct rb_rules_pos {
	unsigned at[4];
	unsigned rule;
};

/* What one pass produced besides its diagnostics. */
struct rb_rules_pass {
	struct rb_rule_info *rules;  /* arena: the rules that loaded */
	size_t nrules;
	struct rb_rules_pos *pos;    /* malloc'd: one per diagnostic the pass added */
};

/* Run the rule pass in this process (rules.c); fills *out. */
void rb_rules_run_here(struct rb_build *b, const struct rb_rules_guard *g, struct rb_rules_pass *out);

#endif
