/* rules_run.h: the rule pass under a wall-clock guard (rules_run.c). */
#ifndef RB_RULES_RUN_H
#define RB_RULES_RUN_H
#include "lint/rules.h"

/* Run every rule over b->book; findings and rule failures become
 * diagnostics. Fills *rules (arena) with the rules that loaded. */
void rb_rules_run(struct rb_build *b, struct rb_rule_info **rules, size_t *nrules);

#endif
