/* rules_ctx.h: what rules.c (loading rules, walking the model) and
 * rules_lib.c (the sandbox and the rbc library the rules call) share: a
 * loaded rule and the state of one pass. Private to the two. */
#ifndef RB_RULES_CTX_H
#define RB_RULES_CTX_H
#include "lint/rules_guard.h"
#include <lua.h>

/* One loaded rule: its file, table (in the registry) and state. */
struct rule {
	const char *id, *summary;
	const char *file;          /* as shown in diagnostics */
	const char *chunk;         /* "@file" */
	enum rb_level level;       /* severity after rbc.yaml */
	int ref;                   /* registry ref of the rule table */
	int env;                   /* registry ref of its _ENV */
	bool failed;               /* stop calling it after the first failure */
	bool configured;           /* rbc.yaml rules: sets its level */
	bool elsewhere;            /* its hooks run in another shard */
	size_t nfound;             /* findings kept (at most RB_RULES_MAX_FINDINGS) */
	size_t dropped;            /* findings reported past that cap */
	size_t charged;            /* bytes its kept findings take outside Lua */
};

/* A rule keeps at most this many findings; past it, one summary finding
 * says how many more were dropped. */
#define RB_RULES_MAX_FINDINGS 10000

/* A finding reported while its rule loads, before its id is known: kept
 * (strings in the arena) until the rule table has been read. */
struct rules_pending {
	struct rb_loc loc;
	const char *msg;
	int level;                 /* an explicit level=, or -1 */
};

/* Everything the Lua side needs, reachable from the allocator's ud. */
struct rules_ctx {
	struct rb_build *b;
	size_t used, limit;
	size_t charged;            /* the running rule's findings: count against limit */
	long budget;
	bool over_budget;
	bool over_memory;          /* its findings passed the cap: a pcall rethrows */
	struct rules_pending *pending;   /* malloc'd: findings made while loading */
	size_t npending, cappending;
	struct rule *rules;
	size_t nrules, caprules;
	struct rule *current;
	const struct rb_rules_guard *guard;
	const char *where;         /* the runbook or contact being walked */
	unsigned err_line;         /* line in the current rule file, from the handler */
	bool contact_unknowable;   /* the call under way looked a contact up while
	                            * contacts.yaml did not load: its later findings
	                            * are dropped (the loader's note says why) */
	const char *watched[3];    /* what the watch page holds: id, file, where */
	unsigned at[4];            /* the walk's position (struct rb_rules_pos) */
	struct rb_rules_pos pos;   /* the position of the call under way */
	struct rb_rules_pos *order;  /* one per diagnostic since first_diag */
	size_t norder, caporder, first_diag;
	unsigned loaded;           /* rule files loaded so far */
};

/* The pass's state, kept as the Lua allocator's user data. */
static inline struct rules_ctx *rb_rules_ctx(lua_State *L)
{
	void *ud;
	lua_getallocf(L, &ud);
	return ud;
}

/* Open the allowed libraries in L and take away everything that could
 * reach outside the sandbox (rules_lib.c). */
void rb_rules_open_sandbox(lua_State *L);
/* Push a rule's _ENV: a fresh table reading through to the globals, with
 * its own rbc library table (as_of, and the settings of rule id from
 * rbc.yaml; none when id is NULL). */
void rb_rules_push_env(lua_State *L, struct rules_ctx *ctx, const char *id);

#endif
