/* rules_guard.h: what the rule runtime (rules.c) and its watchdog
 * (rules_watchdog.c) share. The watchdog runs the rule pass in a forked
 * child; the child announces each hook call in a shared page, and the
 * parent kills a call that outlives lua: timeout_ms. Private to the two. */
#ifndef RB_RULES_GUARD_H
#define RB_RULES_GUARD_H
#include "rules.h"

/* The shared page: written by the child, read by the parent. */
struct rb_rules_watch {
	int running;               /* 1 while a hook call runs (atomic) */
	long long started_ms;      /* CLOCK_MONOTONIC at its start (atomic) */
	char id[64];               /* the rule's id, or its file while loading */
	char file[256];            /* the rule file */
	char where[256];           /* the runbook or contact being checked */
};

/* How one pass runs: watch may be NULL (no watchdog); skip lists rule
 * files to leave out because they stalled in an earlier pass. */
struct rb_rules_guard {
	struct rb_rules_watch *watch;
	const char *const *skip;
	size_t nskip;
};

/* Run the rule pass in this process (rules.c). */
void rb_rules_run_here(struct rb_build *b, const struct rb_rules_guard *g, struct rb_rule_info **out,
		       size_t *nout);
/* Milliseconds on CLOCK_MONOTONIC. */
long long rb_rules_now_ms(void);

#endif
