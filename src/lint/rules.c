/* rules.c: the Lua rule runtime. One Lua 5.4 state per pass (a pass runs
 * every rule, or one shard of them: see rules_guard.h) with a capped
 * allocator, text-only chunks, an instruction budget per hook call that
 * a pcall inside the rule cannot swallow, and every hook call under
 * lua_pcall. Loads the rules, walks the model and calls their hooks; the
 * sandbox and the rbc library they call are in rules_lib.c. A failing
 * rule becomes a diagnostic at the rule file's line; the other rules
 * still run. */
#include "lint/rules.h"
#include "read/bookfs.h"
#include "read/meta.h"
#include "lint/rules_core.h"
#include "lint/rules_guard.h"
#include "lint/rules_model.h"
#include <dirent.h>
#include <lauxlib.h>
#include <lua.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct builtin_rule {
	const char *name;
	const char *text;
};

static const struct builtin_rule builtin_rules[] = {
#include "rules_builtin.inc"
};

/* The capped allocator: refuses growth past ctx->limit bytes, less what
 * the running rule's findings take (ctx->charged). */
static void *capped_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	struct rules_ctx *ctx = ud;
	size_t old = ptr ? osize : 0;
	if (nsize == 0) {
		free(ptr);
		ctx->used -= old;
		return NULL;
	}
	if (nsize > old && ctx->used - old + nsize + ctx->charged > ctx->limit)
		return NULL;
	void *p = realloc(ptr, nsize);
	if (p)
		ctx->used = ctx->used - old + nsize;
	return p;
}

/* The count hook: once the budget is spent it raises on every later tick
 * until the hook call ends, so a pcall in the rule cannot swallow it. */
static void budget_hook(lua_State *L, lua_Debug *ar)
{
	(void)ar;
	struct rules_ctx *ctx = rb_rules_ctx(L);
	ctx->over_budget = true;
	lua_sethook(L, budget_hook, LUA_MASKCOUNT, 1000);
	luaL_error(L, "instruction budget of %d exceeded (lua: instructions:; to raise it, run rbc with "
		   "--lua-limits instructions=N)", (int)ctx->budget);
}

/* The message handler: records the line in the rule's own file and
 * returns a short traceback. */
static int traceback_handler(lua_State *L)
{
	struct rules_ctx *ctx = rb_rules_ctx(L);
	const char *msg = lua_tostring(L, 1);
	if (!msg)
		msg = lua_pushfstring(L, "error object is a %s value, not a message", luaL_typename(L, 1));
	lua_Debug ar;
	for (int lv = 0; ctx->current && lua_getstack(L, lv, &ar); lv++) {
		lua_getinfo(L, "Sl", &ar);
		if (ar.currentline > 0 && strcmp(ar.source, ctx->current->chunk) == 0) {
			ctx->err_line = (unsigned)ar.currentline;
			break;
		}
	}
	luaL_traceback(L, L, msg, 1);
	return 1;
}

/* Record a rule failure at the rule file's line. A rule that fails while
 * it loads takes the findings it reported meanwhile with it: say so. */
static void rule_failed(struct rules_ctx *ctx, struct rule *r, const char *what, const char *msg)
{
	struct rb_loc loc = {r->file, ctx->err_line ? ctx->err_line : 1, 1};
	const char *lost = ctx->npending ? rb_arena_printf(&ctx->b->arena, " (the %zu finding%s it reported "
		"while loading %s dropped with it)", ctx->npending, ctx->npending == 1 ? "" : "s",
		ctx->npending == 1 ? "was" : "were") : "";
	rb_diag(ctx->b, RB_D_RULE_FAILED, loc, "%s%s: %s%s", r->id ? r->id : r->file, what, msg, lost);
	ctx->npending = 0;
	r->failed = true;
}

/* Copy s (at most n-1 bytes, always terminated) into dst, unless dst
 * already holds it: *last is the string dst was last copied from. */
static void copy_str(char *dst, size_t n, const char *s, const char **last)
{
	if (s && s == *last)
		return;
	*last = s;
	snprintf(dst, n, "%s", s ? s : "");
}

/* Announce a hook call of r to the watchdog, if there is one. */
static void watch_begin(struct rules_ctx *ctx, const struct rule *r)
{
	struct rb_rules_watch *w = ctx->guard ? ctx->guard->watch : NULL;
	if (!w)
		return;
	copy_str(w->id, sizeof w->id, r->id ? r->id : r->file, &ctx->watched[0]);
	copy_str(w->file, sizeof w->file, r->file, &ctx->watched[1]);
	copy_str(w->where, sizeof w->where, ctx->where, &ctx->watched[2]);
	__atomic_store_n(&w->started_ms, rb_rules_now_ms(), __ATOMIC_SEQ_CST);
	__atomic_store_n(&w->running, 1, __ATOMIC_SEQ_CST);
}

/* Tell the watchdog the hook call returned. */
static void watch_end(struct rules_ctx *ctx)
{
	if (ctx->guard && ctx->guard->watch)
		__atomic_store_n(&ctx->guard->watch->running, 0, __ATOMIC_SEQ_CST);
}

/* Give every diagnostic recorded since the last call the position of the
 * call under way, then make {at, rule} the current one. */
static void move_to(struct rules_ctx *ctx, const unsigned at[4], unsigned rule)
{
	for (size_t i = ctx->first_diag + ctx->norder; i < ctx->b->diags.n; i++) {
		if (ctx->norder == ctx->caporder) {
			ctx->caporder = ctx->caporder ? 2 * ctx->caporder : 64;
			ctx->order = rb_xrealloc(ctx->order, ctx->caporder * sizeof *ctx->order);
		}
		ctx->order[ctx->norder++] = ctx->pos;
	}
	memcpy(ctx->pos.at, at, sizeof ctx->pos.at);
	ctx->pos.rule = rule;
}

/* Arm the budget, the memory cap, the watchdog and the handler, call the
 * function below nargs arguments on the stack top under lua_pcall; what
 * says what was under way (" (runbook hook)"; "" while the rule file
 * runs). False, with the rule's failure recorded, when it failed. */
static bool protected_call(lua_State *L, struct rules_ctx *ctx, struct rule *r, int nargs, int nres,
			   const char *what)
{
	int base = lua_gettop(L) - nargs;
	lua_pushcfunction(L, traceback_handler);
	lua_insert(L, base);
	ctx->current = r;
	ctx->err_line = 0;
	ctx->over_budget = ctx->over_memory = false;
	ctx->contact_unknowable = false;
	ctx->charged = r->charged;
	watch_begin(ctx, r);
	lua_sethook(L, budget_hook, LUA_MASKCOUNT, (int)ctx->budget);
	int rc = lua_pcall(L, nargs, nres, base);
	lua_sethook(L, NULL, 0, 0);
	watch_end(ctx);
	ctx->charged = 0;
	lua_remove(L, base);
	if (rc == LUA_OK && !ctx->over_budget)
		return true;
	const char *msg = rc == LUA_OK ? "instruction budget exceeded" :
		rc == LUA_ERRMEM ? "out of memory (lua: memory:; to raise it, run rbc with --lua-limits memory=SIZE)" :
		lua_tostring(L, -1);
	rule_failed(ctx, r, what, msg ? msg : "error");
	if (rc != LUA_OK)
		lua_pop(L, 1);
	else
		lua_pop(L, nres);
	return false;
}

/* A copy (arena) of the string field k of the plain table on the stack
 * top, or NULL. */
static const char *table_string(lua_State *L, struct rb_build *b, const char *k)
{
	lua_getfield(L, -1, k);
	const char *s = lua_type(L, -1) == LUA_TSTRING ? rb_arena_strdup(&b->arena, lua_tostring(L, -1)) : NULL;
	lua_pop(L, 1);
	return s;
}

static const char *const hooks[] = {"book", "runbook", "scenario", "step", "contact", NULL};
static const char *const hook_what[] = {" (book hook)", " (runbook hook)", " (scenario hook)", " (step hook)",
	" (contact hook)"};
enum { H_BOOK, H_RUNBOOK, H_SCENARIO, H_STEP, H_CONTACT };

/* lua_CFunction: read the rule table (argument 1) once into a plain
 * table, returned: id, summary, severity and the hooks, as they read,
 * __index included. Called through protected_call, so a rule whose table
 * loops, raises or stalls while being read fails like a hook; nothing
 * reads the rule's own table after this. */
static int read_rule_table(lua_State *L)
{
	static const char *const keys[] = {"id", "summary", "severity", "opt_in"};
	lua_settop(L, 1);
	lua_newtable(L);
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		lua_getfield(L, 1, keys[i]);   /* may run __index */
		lua_setfield(L, 2, keys[i]);   /* a plain table: raw */
	}
	for (int i = 0; hooks[i]; i++) {
		lua_getfield(L, 1, hooks[i]);
		lua_setfield(L, 2, hooks[i]);
	}
	return 1;
}

/* Check the plain rule table on the stack top (read_rule_table); fill r;
 * false with a diagnostic. */
static bool validate_rule(lua_State *L, struct rules_ctx *ctx, struct rule *r)
{
	r->id = table_string(L, ctx->b, "id");
	r->summary = table_string(L, ctx->b, "summary");
	const char *sev = table_string(L, ctx->b, "severity");
	const char *bad = !r->id ? "'id' must be a string" : NULL;
	enum rb_level lv = RB_WARNING;
	if (sev && !strcmp(sev, "error"))
		lv = RB_ERROR;
	else if (sev && !strcmp(sev, "note"))
		lv = RB_NOTE;
	else if (sev && strcmp(sev, "warning"))
		bad = "'severity' must be error, warning or note";
	for (int i = 0; !bad && hooks[i]; i++) {
		lua_getfield(L, -1, hooks[i]);
		if (!lua_isnil(L, -1) && !lua_isfunction(L, -1))
			bad = lua_pushfstring(L, "'%s' must be a function", hooks[i]);
		lua_pop(L, 1);
	}
	if (bad) {
		ctx->err_line = 1;
		rule_failed(ctx, r, "", bad);
		return false;
	}
	r->level = rb_diag_level(ctx->b, r->id, lv);
	r->configured = rb_diag_level(ctx->b, r->id, RB_OFF) != RB_OFF ||
		rb_diag_level(ctx->b, r->id, RB_NOTE) != RB_NOTE;
	lua_getfield(L, -1, "opt_in");
	if (lua_toboolean(L, -1) && !r->configured)
		r->level = RB_OFF;   /* opt_in = true: runs only when rbc.yaml sets its level */
	lua_pop(L, 1);
	return true;
}

/* Run the rule chunk on the stack top and read the table it returns
 * under protected_call; replaces the chunk with the plain rule table.
 * False, with the rule's failure recorded and the chunk popped, otherwise. */
static bool run_rule_file(lua_State *L, struct rules_ctx *ctx, struct rule *r)
{
	int top = lua_gettop(L) - 1;
	bool ok = protected_call(L, ctx, r, 0, 1, "");
	if (ok && !lua_istable(L, -1)) {
		ctx->err_line = 1;
		rule_failed(ctx, r, "", lua_pushfstring(L, "a rule file must return a table {id=, summary=, "
			"severity=, ...}, not a %s", luaL_typename(L, -1)));
		ok = false;
	}
	if (ok) {
		lua_pushcfunction(L, read_rule_table);
		lua_insert(L, -2);
		ok = protected_call(L, ctx, r, 1, 1, " (reading its table)") && validate_rule(L, ctx, r);
	}
	if (!ok)
		lua_settop(L, top);
	return ok;
}

/* Load one rule file (text only) into its own _ENV and run it; a rule
 * with the id of an earlier one replaces it. */
static void load_rule(lua_State *L, struct rules_ctx *ctx, const char *file, const char *text, size_t len)
{
	for (size_t i = 0; ctx->guard && i < ctx->guard->nskip; i++)
		if (!strcmp(ctx->guard->skip[i], file))
			return;
	static const unsigned loading[4] = {0, 0, 0, 0};
	move_to(ctx, loading, ctx->loaded++);
	struct rule r = {0};
	r.file = file;
	r.chunk = rb_arena_printf(&ctx->b->arena, "@%s", file);
	r.ref = r.env = LUA_NOREF;
	if (luaL_loadbufferx(L, text, len, r.chunk, "t") != LUA_OK) {
		const char *m = lua_tostring(L, -1);
		const char *colon = m ? strstr(m, ".lua:") : NULL;
		ctx->err_line = colon ? (unsigned)atoi(colon + 5) : 1;
		rule_failed(ctx, &r, "", m ? m : "cannot load");
		lua_pop(L, 1);
		return;
	}
	rb_rules_push_env(L, ctx, NULL);
	lua_pushvalue(L, -1);
	r.env = luaL_ref(L, LUA_REGISTRYINDEX);
	lua_setupvalue(L, -2, 1);
	ctx->npending = 0;
	if (!run_rule_file(L, ctx, &r))
		return;
	r.ref = luaL_ref(L, LUA_REGISTRYINDEX);
	for (size_t i = 0; i < ctx->npending; i++)   /* what it reported before its id was known */
		rb_rules_emit(ctx, &r, ctx->pending[i].loc, ctx->pending[i].msg, ctx->pending[i].level);
	ctx->npending = 0;
	/* the rule's own settings now that its id is known */
	lua_rawgeti(L, LUA_REGISTRYINDEX, r.env);
	lua_getfield(L, -1, "rbc");
	rb_rules_push_env(L, ctx, r.id);
	lua_getfield(L, -1, "rbc");
	lua_getfield(L, -1, "settings");
	lua_setfield(L, -4, "settings");
	lua_pop(L, 4);
	size_t at = 0;
	while (at < ctx->nrules && strcmp(ctx->rules[at].id, r.id))
		at++;
	if (at == ctx->caprules) {
		ctx->caprules = ctx->caprules ? 2 * ctx->caprules : 16;
		ctx->rules = rb_xrealloc(ctx->rules, ctx->caprules * sizeof *ctx->rules);
	}
	unsigned nshards = ctx->guard && ctx->guard->nshards > 1 ? ctx->guard->nshards : 1;
	r.elsewhere = at % nshards != (ctx->guard ? ctx->guard->shard : 0);
	ctx->rules[at] = r;
	if (at == ctx->nrules)
		ctx->nrules++;
}

/* Read a rule file (at most 1 MiB); NULL, with a diagnostic, when it is
 * not a plain file of the book (bookfs.h), unreadable or too large. */
static char *read_rule_file(struct rb_build *b, const char *path, size_t *len)
{
	FILE *f = rb_bookfs_fopen(b, path, path);
	if (!f)
		return NULL;
	size_t cap = 1024 * 1024 + 1;
	char *buf = rb_xmalloc(cap);
	*len = fread(buf, 1, cap, f);
	bool bad = ferror(f) || *len == cap;
	fclose(f);
	if (bad) {
		rb_diag(b, RB_D_IO, (struct rb_loc){path, 1, 1}, "cannot read rule file, or it is over 1 MiB");
		free(buf);
		return NULL;
	}
	return buf;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The book's own lua/NAME.lua, in name order. */
static void load_book_rules(lua_State *L, struct rules_ctx *ctx)
{
	struct rb_build *b = ctx->b;
	char *dir = rb_arena_printf(&b->arena, "%s/lua", b->book.root);
	DIR *d = opendir(dir);
	if (!d)
		return;
	const char **names = NULL;
	size_t n = 0, cap = 0;
	for (struct dirent *e; (e = readdir(d));) {
		size_t l = strlen(e->d_name);
		if (l < 5 || e->d_name[0] == '.' || strcmp(e->d_name + l - 4, ".lua"))
			continue;
		if (n == cap)
			names = rb_xrealloc(names, (cap = cap ? 2 * cap : 16) * sizeof *names);
		names[n++] = rb_arena_strdup(&b->arena, e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp_name);
	for (size_t i = 0; i < n; i++) {
		char *file = rb_arena_printf(&b->arena, "%s/%s", dir, names[i]);
		size_t len;
		char *text = read_rule_file(b, file, &len);
		if (text)
			load_rule(L, ctx, file, text, len);
		free(text);
	}
	free(names);
}

/* Call hook number h of every live rule with the values on the stack top. */
static void call_hook(lua_State *L, struct rules_ctx *ctx, int h, int nargs)
{
	int top = lua_gettop(L);
	for (size_t i = 0; i < ctx->nrules; i++) {
		struct rule *r = &ctx->rules[i];
		if (r->failed || r->level == RB_OFF || r->elsewhere)
			continue;
		lua_rawgeti(L, LUA_REGISTRYINDEX, r->ref);
		lua_getfield(L, -1, hooks[h]);   /* the plain table: no metamethods */
		lua_remove(L, -2);
		if (!lua_isfunction(L, -1)) {
			lua_pop(L, 1);
			continue;
		}
		for (int a = 0; a < nargs; a++)
			lua_pushvalue(L, top - nargs + 1 + a);
		move_to(ctx, ctx->at, (unsigned)i);
		protected_call(L, ctx, r, nargs, 0, hook_what[h]);
		lua_settop(L, top);
	}
}

/* A copy (arena) of the string field k of the table at idx, or NULL. */
static const char *field_text(lua_State *L, struct rules_ctx *ctx, int idx, const char *k)
{
	lua_getfield(L, idx, k);
	const char *v = lua_tostring(L, -1);
	v = v ? rb_arena_strdup(&ctx->b->arena, v) : NULL;
	lua_pop(L, 1);
	return v;
}

/* True when a live rule has hook number h. */
static bool any_rule_has(lua_State *L, struct rules_ctx *ctx, int h)
{
	bool found = false;
	for (size_t i = 0; !found && i < ctx->nrules; i++) {
		struct rule *r = &ctx->rules[i];
		if (r->failed || r->level == RB_OFF || r->elsewhere)
			continue;
		lua_rawgeti(L, LUA_REGISTRYINDEX, r->ref);
		lua_getfield(L, -1, hooks[h]);
		found = lua_isfunction(L, -1);
		lua_pop(L, 2);
	}
	return found;
}

/* Call the step hooks on each step of the scenario at sc (runbook at rb). */
static void walk_steps(lua_State *L, struct rules_ctx *ctx, int sc, int rb)
{
	lua_getfield(L, sc, "sections");
	for (lua_Integer k = 1; lua_geti(L, -1, k) != LUA_TNIL; k++) {
		lua_getfield(L, -1, "steps");
		for (lua_Integer m = 1; lua_geti(L, -1, m) != LUA_TNIL; m++) {
			ctx->at[2] = (unsigned)k;
			ctx->at[3] = (unsigned)m;
			lua_pushvalue(L, sc);
			lua_pushvalue(L, rb);
			call_hook(L, ctx, H_STEP, 3);
			lua_pop(L, 3);
		}
		lua_pop(L, 3);
	}
	lua_pop(L, 2);
	ctx->at[2] = ctx->at[3] = 0;
}

/* Call the runbook, scenario and step hooks on the runbook at rb. The
 * model's nodes are made as the walk reaches them, so levels no rule has
 * a hook for are not walked. */
static void walk_runbook(lua_State *L, struct rules_ctx *ctx, int book, int rb, bool scenarios, bool steps)
{
	ctx->where = field_text(L, ctx, rb, "file");
	lua_pushvalue(L, book);
	call_hook(L, ctx, H_RUNBOOK, 2);
	if (!scenarios && !steps)
		return;
	lua_getfield(L, rb, "scenarios");
	for (lua_Integer j = 1; lua_geti(L, -1, j) != LUA_TNIL; j++) {
		int sc = lua_gettop(L);
		ctx->at[1] = (unsigned)j;
		if (scenarios) {
			lua_pushvalue(L, rb);
			call_hook(L, ctx, H_SCENARIO, 2);
		}
		if (steps)
			walk_steps(L, ctx, sc, rb);
		lua_settop(L, sc - 1);
	}
	lua_pop(L, 1);
	ctx->at[1] = 0;
}

/* Walk the model: book, then each runbook, scenario, step; then contacts. */
static void walk(lua_State *L, struct rules_ctx *ctx)
{
	bool scenarios = any_rule_has(L, ctx, H_SCENARIO), steps = any_rule_has(L, ctx, H_STEP);
	lua_getfield(L, LUA_REGISTRYINDEX, "rbc.book");
	int book = lua_gettop(L);
	ctx->at[0] = 1;
	call_hook(L, ctx, H_BOOK, 1);
	lua_getfield(L, book, "runbooks");
	for (lua_Integer i = 1; lua_geti(L, -1, i) != LUA_TNIL; i++) {
		int rb = lua_gettop(L);
		ctx->at[0]++;
		walk_runbook(L, ctx, book, rb, scenarios, steps);
		lua_settop(L, rb - 1);
	}
	lua_settop(L, book);
	lua_getfield(L, book, "contacts");
	for (lua_Integer i = 1; lua_geti(L, -1, i) != LUA_TNIL; i++) {
		ctx->at[0]++;
		ctx->where = field_text(L, ctx, lua_gettop(L), "file");
		lua_pushvalue(L, book);
		call_hook(L, ctx, H_CONTACT, 2);
		lua_pop(L, 2);
	}
	lua_settop(L, book - 1);
}

/* One finding per rule that reported more than RB_RULES_MAX_FINDINGS,
 * saying how many were dropped; placed after everything the walk made,
 * in rule order, so every -j gives the same output. */
static void report_dropped(struct rules_ctx *ctx)
{
	unsigned end[4] = {ctx->at[0] + 1, 0, 0, 0};
	for (size_t i = 0; i < ctx->nrules; i++) {
		const struct rule *r = &ctx->rules[i];
		if (!r->dropped || r->elsewhere)
			continue;
		move_to(ctx, end, (unsigned)i);
		struct rb_loc loc = {r->file, 1, 1};
		rb_rules_emit(ctx, r, loc, rb_arena_printf(&ctx->b->arena, "%zu more findings of '%s' were dropped: "
			"a rule keeps at most %d", r->dropped, r->id, RB_RULES_MAX_FINDINGS), -1);
	}
}

/* Build the model tables and the contact index in the registry. */
static int setup_model(lua_State *L)
{
	struct rules_ctx *ctx = rb_rules_ctx(L);
	rb_rules_push_book(L, &ctx->b->book);
	lua_newtable(L);
	lua_getfield(L, -2, "contacts");
	for (lua_Integer i = 1; lua_geti(L, -1, i) != LUA_TNIL; i++) {
		lua_getfield(L, -1, "id");
		lua_pushvalue(L, -2);
		lua_settable(L, -5);
		lua_pop(L, 1);
	}
	lua_pop(L, 2);
	lua_setfield(L, LUA_REGISTRYINDEX, "rbc.contacts");
	lua_setfield(L, LUA_REGISTRYINDEX, "rbc.book");
	return 0;
}

/* Hand the pass's rule list and diagnostic positions to out, and free
 * what the pass kept. */
static void finish_pass(struct rules_ctx *ctx, struct rb_rules_pass *out)
{
	move_to(ctx, ctx->at, 0);
	out->pos = ctx->order;
	out->rules = rb_arena_alloc(&ctx->b->arena, (ctx->nrules + 1) * sizeof *out->rules);
	for (size_t i = 0; i < ctx->nrules; i++)
		out->rules[i] = (struct rb_rule_info){ctx->rules[i].id, ctx->rules[i].summary};
	out->nrules = ctx->nrules;
	free(ctx->rules);
	free(ctx->pending);
}

void rb_rules_run_here(struct rb_build *b, const struct rb_rules_guard *g, struct rb_rules_pass *out)
{
	struct rules_ctx ctx = {0};
	ctx.b = b;
	ctx.guard = g;
	ctx.first_diag = b->diags.n;
	ctx.limit = (size_t)rb_meta_lua_limit(b, RB_LUA_MEMORY);
	ctx.budget = rb_meta_lua_limit(b, RB_LUA_INSTRUCTIONS);   /* at most 10^9: fits the hook's int */
	lua_State *L = lua_newstate(capped_alloc, &ctx);
	struct rb_loc top = {b->book.root, 0, 0};
	if (!L) {
		rb_diag(b, RB_D_RULE_FAILED, top, "cannot start Lua (lua: memory: too small?)");
		finish_pass(&ctx, out);
		return;
	}
	rb_rules_open_sandbox(L);
	lua_pushcfunction(L, setup_model);
	if (lua_pcall(L, 0, 0, 0) != LUA_OK) {
		rb_diag(b, RB_D_RULE_FAILED, top, "cannot build the model for the rules: %s (raise lua: memory:)",
			lua_tostring(L, -1));
		lua_close(L);
		finish_pass(&ctx, out);
		return;
	}
	for (size_t i = 0; i < sizeof builtin_rules / sizeof *builtin_rules; i++) {
		const char *file = rb_arena_printf(&b->arena, "lua/%s", builtin_rules[i].name);
		load_rule(L, &ctx, file, builtin_rules[i].text, strlen(builtin_rules[i].text));
	}
	load_book_rules(L, &ctx);
	walk(L, &ctx);
	report_dropped(&ctx);
	lua_close(L);
	finish_pass(&ctx, out);
}
