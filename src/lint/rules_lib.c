/* rules_lib.c: what a rule can call. The sandbox (only base, string,
 * table, math and utf8; no loaders, string.dump, rawset or print; pcall
 * and xpcall that cannot swallow a spent budget; setmetatable without
 * __gc; read-only libraries) and the rbc library (report, date, duration,
 * days_between, contact, tier_policy, placeholder, sections, review,
 * settings, as_of). */
#include "model/format_words.h"
#include "model/review.h"
#include "lint/rules_core.h"
#include "lint/rules_model.h"
#include "base/util.h"
#include <lauxlib.h>
#include <lualib.h>
#include <limits.h>
#include <math.h>
#include <string.h>

/* An optional integer field k of the table at idx as a line or column:
 * 0 when absent; a Lua error when it is not a whole number from 0 to
 * UINT_MAX. */
static unsigned opt_position(lua_State *L, int idx, const char *k)
{
	lua_getfield(L, idx, k);
	if (lua_isnoneornil(L, -1)) {
		lua_pop(L, 1);
		return 0;
	}
	int isnum = 0;
	lua_Integer v = lua_tointegerx(L, -1, &isnum);
	if (!isnum || v < 0 || (lua_Unsigned)v > UINT_MAX)
		luaL_error(L, "'%s' must be a whole number from 0 to %I", k, (lua_Integer)UINT_MAX);
	lua_pop(L, 1);
	return (unsigned)v;
}

/* The position a finding points at: node's file/line/col, overridden by
 * an optional {line=, col=} table. The file string stays on the stack
 * (pushed last), so it lives until lib_report returns. */
static struct rb_loc node_loc(lua_State *L, struct rules_ctx *ctx, int node, int over)
{
	struct rb_loc loc = {ctx->current->file, 0, 0};
	luaL_checktype(L, node, LUA_TTABLE);
	loc.line = opt_position(L, over ? over : node, "line");
	loc.col = opt_position(L, over ? over : node, "col");
	if (over && !loc.line)
		loc.line = opt_position(L, node, "line");
	lua_getfield(L, node, "file");
	if (lua_type(L, -1) == LUA_TSTRING)
		loc.file = lua_tostring(L, -1);
	return loc;
}

/* The level= of the {line=, col=, level=} table at over: -1 when absent. */
static int opt_level(lua_State *L, int over)
{
	static const char *const names[] = {"note", "warning", "error", NULL};
	if (!over)
		return -1;
	lua_getfield(L, over, "level");
	const char *lv = lua_tostring(L, -1);
	for (int i = 0; lv && names[i]; i++)
		if (!strcmp(lv, names[i])) {
			lua_pop(L, 1);
			return i;
		}
	if (lv)
		luaL_error(L, "level must be error, warning or note, not '%s'", lv);
	lua_pop(L, 1);
	return -1;
}

/* rbc.report(node, [{line=, col=, level=},] fmt, ...): record a finding.
 * A rule keeps at most RB_RULES_MAX_FINDINGS (the rest are counted), and
 * what they take outside Lua counts against lua: memory:. */
static int lib_report(lua_State *L)
{
	struct rules_ctx *ctx = rb_rules_ctx(L);
	struct rule *r = ctx->current;
	int over = lua_istable(L, 2) ? 2 : 0;
	int fi = over ? 3 : 2;
	int level = opt_level(L, over);
	int n = lua_gettop(L);
	lua_getfield(L, LUA_REGISTRYINDEX, "rbc.format");
	for (int i = fi; i <= n; i++)
		lua_pushvalue(L, i);
	lua_call(L, n - fi + 1, 1);
	const char *msg = luaL_checkstring(L, -1);
	struct rb_loc loc = node_loc(L, ctx, 1, over);
	if (ctx->contact_unknowable)
		return 0;
	if (r->nfound >= RB_RULES_MAX_FINDINGS) {
		r->dropped++;
		return 0;
	}
	size_t cost = sizeof(struct rb_diag) + strlen(msg) + 1 + (loc.file != r->file ? strlen(loc.file) + 1 : 0);
	if (ctx->used + ctx->charged + cost > ctx->limit) {
		ctx->over_memory = true;
		return luaL_error(L, "out of memory: its %zu findings and its Lua data passed lua: memory: "
				  "(%zu bytes; to raise it, run rbc with --lua-limits memory=SIZE)", r->nfound, ctx->limit);
	}
	r->nfound++;
	r->charged += cost;
	ctx->charged += cost;
	rb_rules_keep(ctx, loc, msg, level);
	return 0;
}

/* rbc.date("2026-01-31") → days since 1970, or nil. */
static int lib_date(lua_State *L)
{
	long days;
	if (!rb_parse_date(luaL_checkstring(L, 1), &days))
		return 0;
	lua_pushinteger(L, days);
	return 1;
}

/* rbc.duration("10-15 minutes") → lo, hi seconds, or nil. */
static int lib_duration(lua_State *L)
{
	long lo, hi;
	if (!rb_parse_duration(luaL_checkstring(L, 1), &lo, &hi))
		return 0;
	lua_pushinteger(L, lo);
	lua_pushinteger(L, hi);
	return 2;
}

/* Day numbers rbc.days_between takes: about 270,000 years either side
 * of 1970, far past any ISO date, so no difference can overflow. */
#define RB_RULES_MAX_DAYS 100000000

/* Argument i as a day number: an ISO date, or a whole number of days
 * within RB_RULES_MAX_DAYS (a Lua error otherwise: floats that are not
 * whole, NaN, infinities, math.maxinteger). */
static long arg_days(lua_State *L, int i)
{
	if (lua_type(L, i) == LUA_TNUMBER) {
		int isnum = 0;
		lua_Integer n = lua_tointegerx(L, i, &isnum);
		if (!isnum || n < -RB_RULES_MAX_DAYS || n > RB_RULES_MAX_DAYS)
			luaL_argerror(L, i, lua_pushfstring(L, "a day number must be a whole number from %d to %d",
				-RB_RULES_MAX_DAYS, RB_RULES_MAX_DAYS));
		return (long)n;
	}
	long d;
	if (!rb_parse_date(luaL_checkstring(L, i), &d))
		luaL_argerror(L, i, "not an ISO date");
	return d;
}

/* rbc.days_between(a, b): b - a in days; dates as ISO strings or days. */
static int lib_days_between(lua_State *L)
{
	lua_pushinteger(L, arg_days(L, 2) - arg_days(L, 1));
	return 1;
}

/* rbc.contact(id) → the contact table, or nil. When contacts.yaml did not
 * load, nil says nothing about id: the call's findings from here on are
 * dropped rather than blame every id (the loader notes it once). */
static int lib_contact(lua_State *L)
{
	const char *id = luaL_checkstring(L, 1);
	struct rules_ctx *ctx = rb_rules_ctx(L);
	if (ctx->b->book.contacts_broken)
		ctx->contact_unknowable = true;
	lua_getfield(L, LUA_REGISTRYINDEX, "rbc.contacts");
	lua_getfield(L, -1, id);
	return 1;
}

/* rbc.tier_policy(tier) → {rto=, rpo=} durations from rbc.yaml, or nil.
 * The table is read-only and made once per tier (kept in the registry's
 * "rbc.tiers"), as scenario-rto asks for it on every scenario. */
static int lib_tier_policy(lua_State *L)
{
	struct rules_ctx *ctx = rb_rules_ctx(L);
	lua_Integer t = luaL_checkinteger(L, 1);
	if (t < 1 || t > 3)
		return 0;
	if (lua_getfield(L, LUA_REGISTRYINDEX, "rbc.tiers") != LUA_TTABLE) {
		lua_pop(L, 1);
		lua_createtable(L, 3, 0);
		lua_pushvalue(L, -1);
		lua_setfield(L, LUA_REGISTRYINDEX, "rbc.tiers");
	}
	if (lua_rawgeti(L, -1, t) == LUA_TTABLE)
		return 1;
	lua_pop(L, 1);
	const struct rb_tier_policy *p = &ctx->b->book.config.tiers[t];
	lua_newtable(L);
	if (p->rto.set) {
		rb_rules_push_duration(L, &p->rto);
		lua_setfield(L, -2, "rto");
	}
	if (p->rpo.set) {
		rb_rules_push_duration(L, &p->rpo);
		lua_setfield(L, -2, "rpo");
	}
	rb_rules_freeze(L);
	lua_pushvalue(L, -1);
	lua_rawseti(L, -3, t);
	return 1;
}

/* rbc.placeholder(s) → the placeholder s holds ("TBD", ...), or nil. */
static int lib_placeholder(lua_State *L)
{
	const char *p = rb_review_placeholder(luaL_checkstring(L, 1));
	if (!p)
		return 0;
	lua_pushstring(L, p);
	return 1;
}

/* rbc.review(node [, window]) → the review status of a runbook or the
 * verification status of a contact as of rbc.as_of, from review.c (the
 * computation the site, the handbook and `rbc stale` use): {state =
 * "fresh"|"due"|"overdue"|"never", every = days, due = ISO date,
 * due_days = days since 1970, days_left = due - as_of}; due, due_days and
 * days_left are absent when state is "never". "due" means due within
 * window days (30 when nil; any number, rounded down). */
static int lib_review(lua_State *L)
{
	struct rules_ctx *ctx = rb_rules_ctx(L);
	lua_Number w = luaL_optnumber(L, 2, RB_REVIEW_WINDOW_DAYS);
	luaL_argcheck(L, w == w, 2, "a number of days, not NaN");
	long window = w > 1e8 ? 100000000L : w < -1e8 ? -100000000L : (long)floor(w);
	const struct rb_runbook *rb = rb_rules_runbook_at(L, 1);
	const struct rb_contact *c = rb ? NULL : rb_rules_contact_at(L, 1);
	luaL_argexpected(L, rb || c, 1, "runbook or contact");
	struct rb_review r = rb ? rb_review_runbook(ctx->b, rb, window) : rb_review_contact(ctx->b, c, window);
	lua_createtable(L, 0, 5);
	lua_pushstring(L, rb_review_state_name(r.state));
	lua_setfield(L, -2, "state");
	lua_pushinteger(L, r.every);
	lua_setfield(L, -2, "every");
	if (r.state != RB_REVIEW_NEVER) {
		char iso[16];
		rb_format_date(r.due, iso, sizeof iso);
		lua_pushstring(L, iso);
		lua_setfield(L, -2, "due");
		lua_pushinteger(L, r.due);
		lua_setfield(L, -2, "due_days");
		lua_pushinteger(L, r.days_left);
		lua_setfield(L, -2, "days_left");
	}
	return 1;
}

/* rbc.sections() → the format's section kinds in order, each
 * {name = "symptoms", title = "Symptoms", required = true} (format_words.h):
 * a new table on every call, the rule's to keep or change. */
static int lib_sections(lua_State *L)
{
	lua_createtable(L, RB_SEC_OTHER, 0);
	for (int k = 0; k < RB_SEC_OTHER; k++) {
		const struct rb_section_word *w = rb_format_words_section((enum rb_section_kind)k);
		lua_createtable(L, 0, 3);
		lua_pushstring(L, w->name);
		lua_setfield(L, -2, "name");
		lua_pushstring(L, w->title);
		lua_setfield(L, -2, "title");
		lua_pushboolean(L, w->required);
		lua_setfield(L, -2, "required");
		lua_rawseti(L, -2, k + 1);
	}
	return 1;
}

/* The end of a sandboxed pcall/xpcall: a spent budget, an allocation
 * refused by the memory cap, or findings past that cap is raised again,
 * so a rule cannot catch it; other errors return false and the error, as
 * Lua's own pcall does. */
static int finish_pcall(lua_State *L, int status, lua_KContext extra)
{
	struct rules_ctx *ctx = rb_rules_ctx(L);
	if (ctx->over_budget || ctx->over_memory || status == LUA_ERRMEM)
		return lua_error(L);
	if (status != LUA_OK && status != LUA_YIELD) {
		lua_pushboolean(L, 0);
		lua_pushvalue(L, -2);
		return 2;
	}
	return lua_gettop(L) - (int)extra;
}

/* pcall(f, ...) for rules: see finish_pcall. */
static int sandbox_pcall(lua_State *L)
{
	luaL_checkany(L, 1);
	lua_pushboolean(L, 1);
	lua_insert(L, 1);
	int status = lua_pcallk(L, lua_gettop(L) - 2, LUA_MULTRET, 0, 0, finish_pcall);
	return finish_pcall(L, status, 0);
}

/* xpcall(f, handler, ...) for rules: see finish_pcall. */
static int sandbox_xpcall(lua_State *L)
{
	int n = lua_gettop(L);
	luaL_checktype(L, 2, LUA_TFUNCTION);
	lua_pushboolean(L, 1);
	lua_pushvalue(L, 1);
	lua_rotate(L, 3, 2);
	int status = lua_pcallk(L, n - 2, LUA_MULTRET, 2, 2, finish_pcall);
	return finish_pcall(L, status, 2);
}

/* setmetatable(t, mt) for rules: refuses __gc, whose finalizer would run
 * outside any hook call and so outside the instruction budget. */
static int sandbox_setmetatable(lua_State *L)
{
	if (lua_istable(L, 2) && lua_getfield(L, 2, "__gc") != LUA_TNIL)
		return luaL_error(L, "rules may not set __gc metamethods");
	lua_settop(L, 2);
	lua_getfield(L, LUA_REGISTRYINDEX, "rbc.setmetatable");
	lua_insert(L, 1);
	lua_call(L, 2, 1);
	return 1;
}

static const luaL_Reg rbc_lib[] = {
	{"report", lib_report}, {"date", lib_date}, {"duration", lib_duration},
	{"days_between", lib_days_between}, {"contact", lib_contact},
	{"tier_policy", lib_tier_policy}, {"placeholder", lib_placeholder}, {"sections", lib_sections},
	{"review", lib_review}, {NULL, NULL}};

/* Replace global name with a read-only proxy of its table, so that no
 * rule can change a library another rule uses. */
static void freeze_global(lua_State *L, const char *name)
{
	lua_getglobal(L, name);
	rb_rules_freeze(L);
	lua_setglobal(L, name);
}

/* Open the allowed libraries and strip what could reach outside: the
 * loaders, string.dump, collectgarbage, rawset and print (stdout carries
 * the report) go; pcall, xpcall and
 * setmetatable are replaced by the guarded versions above, and next by one
 * that sees through the model's read-only tables; the libraries
 * and the global table become read-only, and the string metatable is
 * hidden from getmetatable. The globals' proxy is left in the registry
 * as "rbc.globals" for the rules' _ENV to read through. */
void rb_rules_open_sandbox(lua_State *L)
{
	static const luaL_Reg libs[] = {{LUA_GNAME, luaopen_base}, {LUA_STRLIBNAME, luaopen_string},
		{LUA_TABLIBNAME, luaopen_table}, {LUA_MATHLIBNAME, luaopen_math},
		{LUA_UTF8LIBNAME, luaopen_utf8}, {NULL, NULL}};
	for (const luaL_Reg *l = libs; l->func; l++) {
		luaL_requiref(L, l->name, l->func, 1);
		lua_pop(L, 1);
	}
	static const char *const drop[] = {"dofile", "loadfile", "load", "require", "collectgarbage",
		"loadstring", "rawset", "_G", "print", NULL};
	for (int i = 0; drop[i]; i++) {
		lua_pushnil(L);
		lua_setglobal(L, drop[i]);
	}
	lua_getglobal(L, "setmetatable");
	lua_setfield(L, LUA_REGISTRYINDEX, "rbc.setmetatable");
	static const luaL_Reg guarded[] = {{"pcall", sandbox_pcall}, {"xpcall", sandbox_xpcall},
		{"setmetatable", sandbox_setmetatable}, {"next", rb_rules_next}, {NULL, NULL}};
	lua_pushglobaltable(L);
	luaL_setfuncs(L, guarded, 0);
	lua_pop(L, 1);
	lua_getglobal(L, "string");
	lua_pushnil(L);
	lua_setfield(L, -2, "dump");
	lua_getfield(L, -1, "format");
	lua_setfield(L, LUA_REGISTRYINDEX, "rbc.format");
	lua_pop(L, 1);
	lua_pushliteral(L, "");
	lua_getmetatable(L, -1);
	lua_pushliteral(L, "read-only");
	lua_setfield(L, -2, "__metatable");
	lua_pop(L, 2);
	for (const luaL_Reg *l = libs + 1; l->func; l++)
		freeze_global(L, l->name);
	lua_pushglobaltable(L);
	rb_rules_freeze(L);
	lua_setfield(L, LUA_REGISTRYINDEX, "rbc.globals");
}

void rb_rules_push_env(lua_State *L, struct rules_ctx *ctx, const char *id)
{
	lua_newtable(L);
	lua_pushvalue(L, -1);
	lua_setfield(L, -2, "_G");
	lua_newtable(L);
	lua_getfield(L, LUA_REGISTRYINDEX, "rbc.globals");
	lua_setfield(L, -2, "__index");
	lua_setmetatable(L, -2);
	luaL_newlib(L, rbc_lib);
	char iso[16];
	rb_format_date(ctx->b->as_of, iso, sizeof iso);
	lua_pushstring(L, iso);
	lua_setfield(L, -2, "as_of");
	lua_pushinteger(L, ctx->b->as_of);
	lua_setfield(L, -2, "as_of_days");
	const struct rb_config *c = &ctx->b->book.config;
	lua_newtable(L);
	for (size_t i = 0; id && i < c->nrules; i++)
		if (!strcmp(c->rules[i].id, id) && c->rules[i].value && c->rules[i].value->kind == RB_V_MAP) {
			lua_pop(L, 1);
			rb_rules_push_value(L, c->rules[i].value, 0);
		}
	lua_setfield(L, -2, "settings");
	lua_setfield(L, -2, "rbc");
}

