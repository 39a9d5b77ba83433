/* rules_model.c: the book model as read-only Lua tables for the rules.
 *
 * Model nodes are made on first use, straight from the C structs. A node
 * is an empty-looking proxy table holding one hidden entry, a userdata
 * with the node's kind and C pointer, under a key no rule can name; all
 * proxies share one metatable whose __index reads fields from the struct
 * (each kind's fields are a table in rules_fields.c).
 * Nested nodes (lists, durations, positions) are made when first indexed
 * and cached in the userdata, so the same field gives the same table. The
 * book's runbook list caches weakly: a runbook nobody refers to any more is
 * collected, and memory follows what the rules keep, not the book's size.
 *
 * rb_rules_freeze() makes other tables (libraries, settings) read-only: an
 * empty proxy whose metatable holds the data in __index. */
#include "lint/rules_model.h"
#include "lint/rules_fields.h"
#include "lint/rules_ctx.h"
#include "model/alert.h"
#include "model/drill.h"
#include "model/procedure.h"
#include "parse/parse_file.h"
#include "base/util.h"
#include <lauxlib.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* ---- read-only copies of ordinary tables --------------------------------- */

/* __newindex of every read-only table: always an error naming the key. */
static int ro_newindex(lua_State *L)
{
	return luaL_error(L, "the model is read-only (tried to set '%s')", luaL_tolstring(L, 2, NULL));
}

/* Push the data table behind the frozen proxy at idx. */
static void push_data(lua_State *L, int idx)
{
	lua_getmetatable(L, idx);
	lua_getfield(L, -1, "__index");
	lua_remove(L, -2);
}

/* __len of a frozen proxy: its data's length. */
static int ro_len(lua_State *L)
{
	push_data(L, 1);
	lua_pushinteger(L, (lua_Integer)lua_rawlen(L, -1));
	return 1;
}

/* next() over a frozen proxy's data; one nil at the end, as Lua's next. */
static int ro_next(lua_State *L)
{
	push_data(L, 1);
	lua_pushvalue(L, 2);
	if (!lua_next(L, -2)) {
		lua_pushnil(L);   /* as Lua's next: one nil at the end */
		return 1;
	}
	return 2;
}

/* __pairs of a frozen proxy: ro_next over it. */
static int ro_pairs(lua_State *L)
{
	lua_pushcfunction(L, ro_next);
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	return 3;
}

/* Replace the table on top with a read-only proxy of it. */
void rb_rules_freeze(lua_State *L)
{
	lua_newtable(L);                 /* proxy */
	lua_newtable(L);                 /* metatable */
	lua_pushvalue(L, -3);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, ro_newindex);
	lua_setfield(L, -2, "__newindex");
	lua_pushcfunction(L, ro_len);
	lua_setfield(L, -2, "__len");
	lua_pushcfunction(L, ro_pairs);
	lua_setfield(L, -2, "__pairs");
	lua_pushliteral(L, "read-only");
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, -2);
	lua_remove(L, -2);
}

void rb_rules_push_value(lua_State *L, const struct rb_value *v, int depth)
{
	if (!v || v->kind == RB_V_NULL || depth > 32) {
		lua_pushnil(L);
		return;
	}
	if (v->kind == RB_V_SCALAR) {
		if (v->quoted || !lua_stringtonumber(L, v->str))
			lua_pushstring(L, v->str);
		return;
	}
	lua_newtable(L);
	for (size_t i = 0; i < v->n; i++) {
		rb_rules_push_value(L, v->items[i], depth + 1);
		if (v->kind == RB_V_MAP)
			lua_setfield(L, -2, v->keys[i]);
		else
			lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	rb_rules_freeze(L);
}

/* ---- making nodes (their kinds and fields: rules_fields.h) ------------- */

/* What the proxy's hidden userdata holds. User value 1 is the cache of
 * nested nodes (made on first use); user value 2 the parent proxy (a
 * scenario's runbook) or, for the runbook list, the array it points into. */
struct node {
	enum kind kind;
	size_t n;              /* lists: the number of items */
	const void *ptr;       /* the struct, or the list's first element */
};

/* The hidden entry's key. Lua code cannot make a light userdata, and
 * next() on a proxy goes through node_next, so no rule can name this key
 * or reach the userdata under it: a table with an entry here is a proxy
 * that push_node made, and the entry is its struct node. */
static const char handle_key;
/* The registry key of the proxies' shared metatable: a light-userdata
 * key, so that making a node costs no string lookup. */
static const char proxy_mt_key;

/* Push a proxy for a node of kind k at ptr (n items for lists); parent is
 * a stack index for user value 2, or 0. User value 3 is the node's owner
 * (inherit_owner). */
static void push_node(lua_State *L, enum kind k, const void *ptr, size_t n, int parent)
{
	if (parent)
		parent = lua_absindex(L, parent);
	lua_createtable(L, 0, 1);
	struct node *nd = lua_newuserdatauv(L, sizeof *nd, 3);
	*nd = (struct node){k, n, ptr};
	if (parent) {
		lua_pushvalue(L, parent);
		lua_setiuservalue(L, -2, 2);
	}
	lua_rawsetp(L, -2, &handle_key);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &proxy_mt_key);
	lua_setmetatable(L, -2);
}

/* The node behind the proxy at idx, or NULL when it is not a model node. */
static struct node *to_node(lua_State *L, int idx)
{
	if (lua_type(L, idx) != LUA_TTABLE)
		return NULL;
	lua_rawgetp(L, idx, &handle_key);
	struct node *nd = lua_touserdata(L, -1);   /* see handle_key */
	lua_pop(L, 1);
	return nd;
}

/* The node behind the proxy at idx; raises an error when there is none. */
static struct node *check_node(lua_State *L, int idx)
{
	struct node *nd = to_node(L, idx);
	if (!nd)
		luaL_error(L, "not a model table");
	return nd;
}

const struct rb_runbook *rb_rules_runbook_at(lua_State *L, int idx)
{
	const struct node *nd = to_node(L, idx);
	return nd && nd->kind == K_RUNBOOK ? nd->ptr : NULL;
}

const struct rb_contact *rb_rules_contact_at(lua_State *L, int idx)
{
	const struct node *nd = to_node(L, idx);
	return nd && nd->kind == K_CONTACT ? nd->ptr : NULL;
}

/* Push the cache (user value 1) of the proxy at idx (node nd, or NULL
 * for an object), making it when absent; the runbook list's cache holds
 * its items weakly. */
static void push_cache(lua_State *L, int idx, const struct node *nd)
{
	idx = lua_absindex(L, idx);
	lua_rawgetp(L, idx, &handle_key);
	if (lua_getiuservalue(L, -1, 1) == LUA_TTABLE) {
		lua_remove(L, -2);
		return;
	}
	lua_pop(L, 1);
	lua_newtable(L);
	if (nd && nd->kind == K_RUNBOOKS) {
		lua_createtable(L, 0, 1);
		lua_pushliteral(L, "v");
		lua_setfield(L, -2, "__mode");
		lua_setmetatable(L, -2);
	}
	lua_pushvalue(L, -1);
	lua_setiuservalue(L, -3, 1);
	lua_remove(L, -2);
}

/* Push user value 2 (the parent) of the proxy at idx. */
static void push_parent(lua_State *L, int idx)
{
	lua_rawgetp(L, idx, &handle_key);
	lua_getiuservalue(L, -1, 2);
	lua_remove(L, -2);
}

/* Set user value 3 of the node proxy at to (absolute) to the value on
 * the stack top, and pop it. */
static void set_owner(lua_State *L, int to)
{
	lua_rawgetp(L, to, &handle_key);
	lua_insert(L, -2);
	lua_setiuservalue(L, -2, 3);
	lua_pop(L, 1);
}

/* Give the node proxy on the stack top the owner of the node proxy at
 * from (absolute): a runbook read again for the rules (rb_rules_read_full)
 * stays in memory while any node into it is alive. */
static void inherit_owner(lua_State *L, int from)
{
	lua_rawgetp(L, from, &handle_key);
	lua_getiuservalue(L, -1, 3);
	lua_remove(L, -2);
	if (lua_isnil(L, -1))
		lua_pop(L, 1);
	else
		set_owner(L, lua_absindex(L, -2));
}

/* Push the node of runbook rb, an item of the book's list: a summary is
 * read again in full, and owns the memory that holds it. */
static void push_runbook(lua_State *L, const struct rb_runbook *rb)
{
	if (!rb->summary) {
		push_node(L, K_RUNBOOK, rb, 0, 0);
		return;
	}
	rb = rb_rules_read_full(L, rb);   /* pushes the owner */
	push_node(L, K_RUNBOOK, rb, 0, 0);
	lua_insert(L, -2);
	set_owner(L, lua_absindex(L, -2));
}

/* Push the node of scenario (or procedure) sc of a summarised runbook:
 * the same scenario of the runbook read again in full, which it owns. */
static void push_full_scenario(lua_State *L, const struct rb_scenario *sc)
{
	const struct rb_runbook *sum = sc->runbook, *rb = rb_rules_read_full(L, sum);   /* pushes the owner */
	if (rb != sum && sc >= sum->scenarios && sc < sum->scenarios + sum->nscenarios &&
	    rb->nscenarios == sum->nscenarios)
		sc = &rb->scenarios[sc - sum->scenarios];
	else if (rb != sum && sc >= sum->procedures && sc < sum->procedures + sum->nprocedures &&
		 rb->nprocedures == sum->nprocedures)
		sc = &rb->procedures[sc - sum->procedures];
	push_node(L, K_SCENARIO, sc, 0, 0);
	lua_insert(L, -2);
	set_owner(L, lua_absindex(L, -2));
}

/* Push the node of procedure p that a call runs, its runbook (read
 * again in full when it is a summary) as its parent, which owns it. */
static void push_called(lua_State *L, const struct rb_scenario *p)
{
	const struct rb_runbook *sum = p->runbook;
	push_runbook(L, sum);
	int parent = lua_absindex(L, -1);
	const struct rb_runbook *rb = rb_rules_runbook_at(L, parent);
	if (rb && rb != sum && p >= sum->procedures && p < sum->procedures + sum->nprocedures &&
	    rb->nprocedures == sum->nprocedures)
		p = &rb->procedures[p - sum->procedures];
	push_node(L, K_SCENARIO, p, 0, parent);
	inherit_owner(L, parent);
	lua_remove(L, parent);
}

/* The call a step's field shows (at: its pointer), or NULL: a lenient
 * call shows only when it names a procedure, as `rbc dump` does; a
 * canonical one always (procedure-call-broken reports a broken one). */
static const struct rb_call *shown_call(lua_State *L, const void *at)
{
	const struct rb_call *call = *(const struct rb_call *const *)at;
	return call && (!call->lenient || rb_rules_call_target(L, call)) ? call : NULL;
}

/* Push item i (1-based) of the list node nd at idx: a cached node, a
 * tag string, or nil past the end. */
static void push_item(lua_State *L, int idx, const struct node *nd, lua_Integer i)
{
	idx = lua_absindex(L, idx);
	if (i < 1 || (size_t)i > nd->n) {
		lua_pushnil(L);
		return;
	}
	size_t at = (size_t)i - 1;
	if (nd->kind == K_TAGS) {
		const struct rb_text *t = (const struct rb_text *)nd->ptr + at;
		lua_pushstring(L, t->s ? t->s : "");
		return;
	}
	push_cache(L, idx, nd);
	if (lua_rawgeti(L, -1, i) != LUA_TNIL) {
		lua_remove(L, -2);
		return;
	}
	lua_pop(L, 1);
	switch (nd->kind) {
	case K_RUNBOOKS: push_runbook(L, ((const struct rb_runbook *const *)nd->ptr)[at]); break;
	case K_SCENARIOS: push_parent(L, idx);
		push_node(L, K_SCENARIO, (const struct rb_scenario *)nd->ptr + at, 0, -1);
		lua_remove(L, -2);
		break;
	case K_SECTIONS: push_node(L, K_SECTION, (const struct rb_section *)nd->ptr + at, 0, 0); break;
	case K_STEPS: push_node(L, K_STEP, (const struct rb_step *)nd->ptr + at, 0, 0); break;
	case K_COMMANDS: push_node(L, K_COMMAND, (const struct rb_command *)nd->ptr + at, 0, 0); break;
	case K_CONTACTS: push_node(L, K_CONTACT, (const struct rb_contact *)nd->ptr + at, 0, 0); break;
	case K_ALERTS: push_node(L, K_ALERT, (const struct rb_alert *)nd->ptr + at, 0, 0); break;
	case K_ALERT_REFS: push_node(L, K_ALERT_REF, (const struct rb_alert_ref *)nd->ptr + at, 0, 0); break;
	case K_IGNORES: push_node(L, K_IGNORE, (const struct rb_alert_ignore *)nd->ptr + at, 0, 0); break;
	default: lua_pushnil(L); break;
	}
	if (nd->kind != K_RUNBOOKS && !lua_isnil(L, -1))
		inherit_owner(L, idx);
	lua_pushvalue(L, -1);
	lua_rawseti(L, -3, i);
	lua_remove(L, -2);
}

/* Push the nested node of field f of the object at idx (struct at base),
 * cached under the field's name. */
static void push_nested(lua_State *L, int idx, const struct field *f, const char *base)
{
	idx = lua_absindex(L, idx);
	push_cache(L, idx, NULL);
	if (lua_getfield(L, -1, f->name) != LUA_TNIL) {
		lua_remove(L, -2);
		return;
	}
	lua_pop(L, 1);
	const void *at = base + f->off;
	bool owned = false;   /* the node owns memory of its own (a runbook read again) */
	switch (f->type) {
	case F_DURATION: push_node(L, K_DURATION, at, 0, 0); break;
	case F_TEXT_LOC: push_node(L, K_LOC, &((const struct rb_text *)at)->loc, 0, 0); break;
	case F_DATE_LOC: push_node(L, K_LOC, &((const struct rb_date *)at)->loc, 0, 0); break;
	case F_LOC_IF: push_node(L, K_LOC, at, 0, 0); break;
	case F_VALUE: rb_rules_push_value(L, *(const struct rb_value *const *)at, 0); break;
	case F_NODE: {
		const void *p = *(const void *const *)at;
		if (f->list == K_RUNBOOK && ((const struct rb_runbook *)p)->summary) {
			push_runbook(L, p);   /* an alert's runbook: owns its memory */
			owned = true;
		} else if (f->list == K_SCENARIO && ((const struct rb_scenario *)p)->runbook->summary) {
			push_full_scenario(L, p);
			owned = true;
		} else {
			push_node(L, f->list, p, 0, 0);
		}
		break;
	}
	case F_CALL: push_node(L, K_CALL, *(const void *const *)at, 0, 0); break;
	case F_CALL_PROC:
		push_called(L, rb_rules_call_target(L, (const struct rb_call *)(const void *)base));
		owned = true;
		break;
	case F_LIST: {
		size_t n = *(const size_t *)(base + f->off2);
		push_node(L, f->list, *(const void *const *)at, n, f->list == K_SCENARIOS ? idx : 0);
		break;
	}
	default: lua_pushnil(L); break;
	}
	if (f->type != F_VALUE && !owned && !lua_isnil(L, -1))
		inherit_owner(L, idx);
	lua_pushvalue(L, -1);
	lua_setfield(L, -3, f->name);
	lua_remove(L, -2);
}

/* True when the nested node of field f (value at at) exists: a text's
 * position when the text is there, a date's when set, a set duration, a
 * position with a line. */
static bool nested_present(const struct field *f, const void *at)
{
	switch (f->type) {
	case F_TEXT_LOC: return ((const struct rb_text *)at)->s && ((const struct rb_text *)at)->loc.line;
	case F_DATE_LOC: return ((const struct rb_date *)at)->set && ((const struct rb_date *)at)->loc.line;
	case F_DURATION: return ((const struct rb_duration *)at)->set;
	case F_LOC_IF: return ((const struct rb_loc *)at)->line != 0;
	case F_VALUE:
	case F_NODE: return *(const void *const *)at != NULL;
	default: return true;
	}
}

/* Push long v as field type t: F_LONG_IF as is, F_DAY_IF (days) as an
 * ISO date, F_TIME_DAY and F_TIME (seconds since 1970) as the ISO date or
 * the ISO UTC time ("2026-11-02T10:00:00Z"). */
static void push_time(lua_State *L, enum ftype t, long v)
{
	char iso[32], day[16];
	if (t == F_LONG_IF) {
		lua_pushinteger(L, v);
		return;
	}
	rb_format_date(t == F_DAY_IF ? v : v / 86400, day, sizeof day);
	if (t != F_TIME) {
		lua_pushstring(L, day);
		return;
	}
	snprintf(iso, sizeof iso, "%sT%02ld:%02ld:%02ldZ", day, v % 86400 / 3600, v % 3600 / 60, v % 60);
	lua_pushstring(L, iso);
}

/* Push the value of field f of the object at idx whose struct is base;
 * nil when the model has no value there. */
static void push_field(lua_State *L, int idx, const struct field *f, const char *base)
{
	const void *at = base + f->off;
	const struct rb_loc *loc = at;
	switch (f->type) {
	case F_STR: lua_pushstring(L, *(const char *const *)at); return;
	case F_TEXT: lua_pushstring(L, ((const struct rb_text *)at)->s); return;
	case F_DATE: {
		const struct rb_date *d = at;
		char iso[16];
		if (!d->set) {
			lua_pushnil(L);
			return;
		}
		rb_format_date(d->days, iso, sizeof iso);
		lua_pushstring(L, iso);
		return;
	}
	case F_FILE: lua_pushstring(L, loc->file); return;
	case F_LINE: lua_pushinteger(L, loc->line); return;
	case F_COL: lua_pushinteger(L, loc->col); return;
	case F_LINE_IF: loc->line ? lua_pushinteger(L, loc->line) : lua_pushnil(L); return;
	case F_UINT: lua_pushinteger(L, *(const unsigned *)at); return;
	case F_INT_IF: {
		int v = *(const int *)at;
		v ? lua_pushinteger(L, v) : lua_pushnil(L);
		return;
	}
	case F_LONG: lua_pushinteger(L, *(const long *)at); return;
	case F_BOOL: lua_pushboolean(L, *(const bool *)at); return;
	case F_ONE: lua_pushinteger(L, 1); return;
	case F_FORMAT: lua_pushstring(L, *(const enum rb_format *)at == RB_FMT_YAML ? "yaml" : "markdown"); return;
	case F_SECTION_KIND: lua_pushstring(L, rb_section_kind_name(*(const enum rb_section_kind *)at)); return;
	case F_PARENT: push_parent(L, idx); return;
	case F_SHAPE: lua_pushstring(L, rb_alert_shape_name(*(const enum rb_alert_shape *)at)); return;
	case F_LINK_KIND: lua_pushstring(L, rb_alert_link_name(*(const enum rb_alert_link *)at)); return;
	case F_SIZE: lua_pushinteger(L, (lua_Integer)*(const size_t *)at); return;
	case F_INT: lua_pushinteger(L, *(const int *)at); return;
	case F_LONG_IF:
	case F_DAY_IF:
	case F_TIME_DAY:
	case F_TIME:
		if (*(const long *)at < 0)
			break;
		push_time(L, f->type, *(const long *)at);
		return;
	case F_DRILL_STATUS: lua_pushstring(L, rb_drill_status_slug(*(const enum rb_drill_status *)at)); return;
	case F_DRILL_MESSAGE:
	case F_DRILL_LEVEL: {
		enum rb_code code;
		if (!rb_drill_status_diag(*(const enum rb_drill_status *)at, &code))
			break;
		lua_pushstring(L, f->type == F_DRILL_MESSAGE ? rb_diag_text(code)
				  : rb_level_name(rb_diag_default_level(code)));
		return;
	}
	case F_DRILL_CURRENT: {
		const struct rb_drill_run *run = (const void *)base;
		lua_pushboolean(L, run->sc && !strcmp(run->scenario_sha256, run->sc->digest));
		return;
	}
	case F_ESTIMATE_MIN:
	case F_ESTIMATE_MAX: {
		long lo = 0, hi = 0;
		if (!rb_section_estimate((const struct rb_section *)base, &lo, &hi))
			break;
		lua_pushinteger(L, f->type == F_ESTIMATE_MIN ? lo : hi);
		return;
	}
	case F_TEXT_LOC:
	case F_DATE_LOC:
	case F_DURATION:
	case F_LOC_IF:
	case F_VALUE:
	case F_NODE:
		if (!nested_present(f, at))
			break;
		push_nested(L, idx, f, base);
		return;
	case F_LIST: push_nested(L, idx, f, base); return;
	case F_CALL:
		if (!shown_call(L, at))
			break;
		push_nested(L, idx, f, base);
		return;
	case F_CALL_PROC:
		if (!rb_rules_call_target(L, (const struct rb_call *)(const void *)base))
			break;
		push_nested(L, idx, f, base);
		return;
	case F_CALL_WORDS: {
		const struct rb_call *call = (const void *)base;
		if (!rb_call_words(call))
			break;
		lua_pushstring(L, call->text);
		return;
	}
	}
	lua_pushnil(L);
}

/* ---- the proxies' metamethods ------------------------------------------- */

/* True for the list kinds, indexed 1..n. */
static bool is_list(enum kind k)
{
	return k >= K_RUNBOOKS;
}

/* The field of nd named by the string at idx, or NULL. */
static const struct field *find_field(lua_State *L, const struct node *nd, int idx)
{
	if (lua_type(L, idx) != LUA_TSTRING)
		return NULL;
	const char *k = lua_tostring(L, idx);
	for (const struct field *f = rb_rules_fields_of(nd->kind); f && f->name; f++)
		if (f->name[0] == k[0] && !strcmp(f->name, k))
			return f;
	return NULL;
}

/* __index: a field of an object node, or item i of a list node; nil
 * for anything else. */
static int node_index(lua_State *L)
{
	struct node *nd = check_node(L, 1);
	if (is_list(nd->kind)) {
		int isnum = 0;
		lua_Integer i = lua_tointegerx(L, 2, &isnum);
		isnum ? push_item(L, 1, nd, i) : lua_pushnil(L);
		return 1;
	}
	const struct field *f = find_field(L, nd, 2);
	f ? push_field(L, 1, f, nd->ptr) : lua_pushnil(L);
	return 1;
}

/* __len: a list's item count; 0 for an object node, as for a record. */
static int node_len(lua_State *L)
{
	struct node *nd = check_node(L, 1);
	lua_pushinteger(L, is_list(nd->kind) ? (lua_Integer)nd->n : 0);
	return 1;
}

/* next() over the node at 1 after the key at 2: fields in declaration
 * order (skipping absent ones), or list items in order. */
static int node_next(lua_State *L)
{
	struct node *nd = check_node(L, 1);
	lua_settop(L, 2);
	if (is_list(nd->kind)) {
		lua_Integer k = lua_isnil(L, 2) ? 0 : luaL_checkinteger(L, 2);
		if (k < 0 || (size_t)k >= nd->n) {   /* also math.maxinteger: no k + 1 overflow */
			lua_pushnil(L);
			return 1;
		}
		lua_pushinteger(L, k + 1);
		push_item(L, 1, nd, k + 1);
		return 2;
	}
	const struct field *f = rb_rules_fields_of(nd->kind);
	if (!lua_isnil(L, 2)) {
		f = find_field(L, nd, 2);
		if (!f)
			return luaL_error(L, "invalid key to 'next'");
		f++;
	}
	for (; f->name; f++) {
		push_field(L, 1, f, nd->ptr);
		if (!lua_isnil(L, -1)) {
			lua_pushstring(L, f->name);
			lua_insert(L, -2);
			return 2;
		}
		lua_pop(L, 1);
	}
	lua_pushnil(L);
	return 1;
}

/* __pairs: node_next over the node. */
static int node_pairs(lua_State *L)
{
	check_node(L, 1);
	lua_pushcfunction(L, node_next);
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	return 3;
}

int rb_rules_next(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 2);
	if (to_node(L, 1))
		return node_next(L);
	if (lua_getmetatable(L, 1)) {
		lua_getfield(L, -1, "__newindex");
		bool frozen = lua_tocfunction(L, -1) == ro_newindex;
		lua_pop(L, 2);
		if (frozen)
			return ro_next(L);
	}
	if (lua_next(L, 1))
		return 2;
	lua_pushnil(L);
	return 1;
}

/* Register the proxies' shared metatable (once per state). */
static void register_node_types(lua_State *L)
{
	if (lua_rawgetp(L, LUA_REGISTRYINDEX, &proxy_mt_key) == LUA_TNIL) {
		static const luaL_Reg mm[] = {{"__index", node_index}, {"__newindex", ro_newindex},
			{"__len", node_len}, {"__pairs", node_pairs}, {NULL, NULL}};
		lua_newtable(L);
		luaL_setfuncs(L, mm, 0);
		lua_pushliteral(L, "read-only");
		lua_setfield(L, -2, "__metatable");
		lua_rawsetp(L, LUA_REGISTRYINDEX, &proxy_mt_key);
	}
	lua_pop(L, 1);
}

/* ---- entry points -------------------------------------------------------- */

/* A duration node (tier policies); d must outlive the Lua state. */
void rb_rules_push_duration(lua_State *L, const struct rb_duration *d)
{
	register_node_types(L);
	push_node(L, K_DURATION, d, 0, 0);
}

/* Push the list of the book's runbooks, without the stubs of `rbc lint
 * FILE...` (no rule may look at those). */
static void push_runbook_list(lua_State *L, const struct rb_book *book)
{
	size_t n = 0;
	for (size_t i = 0; i < book->nrunbooks; i++)
		n += !book->runbooks[i]->stub;
	const struct rb_runbook **items = lua_newuserdatauv(L, (n ? n : 1) * sizeof *items, 0);
	n = 0;
	for (size_t i = 0; i < book->nrunbooks; i++)
		if (!book->runbooks[i]->stub)
			items[n++] = book->runbooks[i];
	push_node(L, K_RUNBOOKS, items, n, -1);   /* the array lives as long as the list */
	lua_remove(L, -2);
}

/* The book table: runbooks, contacts, config; kept in the registry as "rbc.book". */
void rb_rules_push_book(lua_State *L, const struct rb_book *book)
{
	register_node_types(L);
	lua_newtable(L);
	const struct rb_config *c = &book->config;
	lua_pushstring(L, book->root);
	lua_setfield(L, -2, "root");
	lua_pushstring(L, c->path ? c->path : book->root);
	lua_setfield(L, -2, "file");
	lua_pushinteger(L, c->path ? 1 : 0);
	lua_setfield(L, -2, "line");
	lua_pushinteger(L, c->path ? 1 : 0);
	lua_setfield(L, -2, "col");
	if (c->title.s) {
		lua_pushstring(L, c->title.s);
		lua_setfield(L, -2, "title");
		if (c->title.loc.line) {
			push_node(L, K_LOC, &c->title.loc, 0, 0);
			lua_setfield(L, -2, "title_loc");
		}
	}
	if (c->review_every.set) {
		push_node(L, K_DURATION, &c->review_every, 0, 0);
		lua_setfield(L, -2, "review_every");
	}
	if (c->contact_verify_every.set) {
		push_node(L, K_DURATION, &c->contact_verify_every, 0, 0);
		lua_setfield(L, -2, "contact_verify_every");
	}
	if (book->contacts_path) {
		lua_pushstring(L, book->contacts_path);
		lua_setfield(L, -2, "contacts_file");
	}
	push_runbook_list(L, book);
	lua_setfield(L, -2, "runbooks");
	push_node(L, K_CONTACTS, book->contacts, book->ncontacts, 0);
	lua_setfield(L, -2, "contacts");
	lua_pushboolean(L, c->alerts.set);
	lua_setfield(L, -2, "alerts_configured");
	lua_pushboolean(L, book->alert_files_broken);
	lua_setfield(L, -2, "alert_files_broken");
	push_node(L, K_ALERTS, book->alerts, book->nalerts, 0);
	lua_setfield(L, -2, "alerts");
	push_node(L, K_ALERT_REFS, book->alert_refs, book->nalert_refs, 0);
	lua_setfield(L, -2, "alert_refs");
	push_node(L, K_IGNORES, c->alerts.ignore, c->alerts.nignore, 0);
	lua_setfield(L, -2, "alert_ignores");
	rb_rules_freeze(L);
}

/* A runbook read again in full for the rules (rb_rules_read_full): its
 * own build, whose memory goes when the Lua value holding it is
 * collected. */
struct full_read {
	struct rb_build scratch;
	bool live;
};

/* __gc of a struct full_read: free what it read. */
static int full_read_gc(lua_State *L)
{
	struct full_read *f = lua_touserdata(L, 1);
	if (f && f->live)
		rb_build_discard(&f->scratch);
	if (f)
		f->live = false;
	return 0;
}

static const char full_read_mt;   /* registry key of its metatable */

const struct rb_runbook *rb_rules_read_full(lua_State *L, const struct rb_runbook *sum)
{
	struct rules_ctx *ctx = rb_rules_ctx(L);
	struct full_read *f = lua_newuserdatauv(L, sizeof *f, 0);
	f->live = false;
	if (lua_rawgetp(L, LUA_REGISTRYINDEX, &full_read_mt) == LUA_TNIL) {
		lua_pop(L, 1);
		lua_createtable(L, 0, 1);
		lua_pushcfunction(L, full_read_gc);
		lua_setfield(L, -2, "__gc");
		lua_pushvalue(L, -1);
		lua_rawsetp(L, LUA_REGISTRYINDEX, &full_read_mt);
	}
	lua_setmetatable(L, -2);
	rb_build_fork(ctx->b, &f->scratch);   /* its diagnostics: the first read reported them */
	f->live = true;
	const char *path = rb_arena_printf(&f->scratch.arena, "%s/%s", ctx->b->book.root, sum->path);
	struct rb_runbook *rb = rb_parse_file_lean(NULL, &f->scratch, path, sum->path, sum->file);
	if (!rb || rb->source_hash != sum->source_hash) {
		rb_diag(ctx->b, RB_D_CHANGED_LINT, (struct rb_loc){sum->file, 0, 0}, NULL);
		return sum;
	}
	/* what the book set after reading: the id it may have made unique by
	 * path (load.c), each scenario's drill facts (drills.c) */
	rb->id = sum->id;
	for (size_t k = 0; k < rb->nscenarios && k < sum->nscenarios; k++)
		rb->scenarios[k].drill = sum->scenarios[k].drill;
	/* the Lua heap does not see this memory: pace the collector by it */
	lua_gc(L, LUA_GCSTEP, (int)(f->scratch.arena.total >> 10 < 1000000 ? f->scratch.arena.total >> 10 : 1000000));
	return rb;
}

const struct rb_scenario *rb_rules_call_target(lua_State *L, const struct rb_call *call)
{
	return rb_call_target(&rb_rules_ctx(L)->b->book, call);
}
