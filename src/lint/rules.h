/* rules.h: the Lua rule runtime. Built-in rules (lua/ compiled in) and the
 * book's own lua/NAME.lua run in a sandbox over a read-only model and record
 * findings as diagnostics. See doc/rules.md. */
#ifndef RB_RULES_H
#define RB_RULES_H
#include "model/build.h"

/* One rule known to the run: id and summary, for SARIF's rule list. */
struct rb_rule_info {
	const char *id;
	const char *summary;
};

#endif
