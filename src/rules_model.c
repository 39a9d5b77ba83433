/* rules_model.c: the book model as read-only Lua tables for the rules.
 * Each table is an empty proxy whose metatable holds the data in __index
 * and refuses writes; pairs and # see through it. Built once per run. */
#include "rules_model.h"
#include "util.h"
#include <lauxlib.h>
#include <stdio.h>

/* Read-only tables: the data lives in the metatable's __index. */
static int ro_newindex(lua_State *L)
{
	return luaL_error(L, "the model is read-only (tried to set '%s')", luaL_tolstring(L, 2, NULL));
}

static void push_data(lua_State *L, int idx)
{
	lua_getmetatable(L, idx);
	lua_getfield(L, -1, "__index");
	lua_remove(L, -2);
}

static int ro_len(lua_State *L)
{
	push_data(L, 1);
	lua_pushinteger(L, (lua_Integer)lua_rawlen(L, -1));
	return 1;
}

static int ro_next(lua_State *L)
{
	push_data(L, 1);
	lua_pushvalue(L, 2);
	if (!lua_next(L, -2))
		return 0;
	return 2;
}

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

static void set_str(lua_State *L, const char *k, const char *v)
{
	if (!v)
		return;
	lua_pushstring(L, v);
	lua_setfield(L, -2, k);
}

static void set_int(lua_State *L, const char *k, long v)
{
	lua_pushinteger(L, v);
	lua_setfield(L, -2, k);
}

static void set_bool(lua_State *L, const char *k, bool v)
{
	lua_pushboolean(L, v);
	lua_setfield(L, -2, k);
}

static void set_loc(lua_State *L, struct rb_loc loc)
{
	set_str(L, "file", loc.file);
	set_int(L, "line", loc.line);
	set_int(L, "col", loc.col);
}

/* A position table {file, line, col} under key k (when the line is known). */
static void set_loc_field(lua_State *L, const char *k, struct rb_loc loc)
{
	if (!loc.line)
		return;
	lua_newtable(L);
	set_loc(L, loc);
	rb_rules_freeze(L);
	lua_setfield(L, -2, k);
}

/* text field k plus k_loc */
static void set_text(lua_State *L, const char *k, const struct rb_text *t)
{
	if (!t->s)
		return;
	set_str(L, k, t->s);
	char lk[64];
	snprintf(lk, sizeof lk, "%s_loc", k);
	set_loc_field(L, lk, t->loc);
}

void rb_rules_push_duration(lua_State *L, const struct rb_duration *d)
{
	lua_newtable(L);
	set_str(L, "text", d->text);
	set_int(L, "min", d->lo);
	set_int(L, "max", d->hi);
	set_loc(L, d->loc);
	rb_rules_freeze(L);
}

static void set_duration(lua_State *L, const char *k, const struct rb_duration *d)
{
	if (!d->set)
		return;
	rb_rules_push_duration(L, d);
	lua_setfield(L, -2, k);
}

static void set_date(lua_State *L, const char *k, const struct rb_date *d)
{
	if (!d->set)
		return;
	char iso[16];
	rb_format_date(d->days, iso, sizeof iso);
	set_str(L, k, iso);
	char lk[64];
	snprintf(lk, sizeof lk, "%s_loc", k);
	set_loc_field(L, lk, d->loc);
}

static void push_step(lua_State *L, const struct rb_step *st)
{
	lua_newtable(L);
	set_loc(L, st->loc);
	set_str(L, "id", st->id);
	set_int(L, "index", st->index);
	set_str(L, "title", st->title);
	set_str(L, "text", st->text);
	set_duration(L, "estimate", &st->estimate);
	set_bool(L, "destructive", st->destructive);
	lua_createtable(L, (int)st->ncommands, 0);
	for (size_t i = 0; i < st->ncommands; i++) {
		const struct rb_command *c = &st->commands[i];
		lua_newtable(L);
		set_loc(L, c->loc);
		set_str(L, "lang", c->lang);
		set_str(L, "info", c->info);
		set_str(L, "text", c->text);
		set_bool(L, "shell", c->shell);
		set_bool(L, "norun", c->norun);
		set_bool(L, "destructive", c->destructive);
		rb_rules_freeze(L);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	rb_rules_freeze(L);
	lua_setfield(L, -2, "commands");
	rb_rules_freeze(L);
}

static void push_section(lua_State *L, const struct rb_section *s)
{
	lua_newtable(L);
	set_loc(L, s->loc);
	set_str(L, "kind", rb_section_kind_name(s->kind));
	set_str(L, "title", s->title);
	set_str(L, "text", s->text);
	set_bool(L, "empty", s->empty);
	set_int(L, "first_line", s->first_line);
	set_int(L, "last_line", s->last_line);
	lua_createtable(L, (int)s->nsteps, 0);
	for (size_t i = 0; i < s->nsteps; i++) {
		push_step(L, &s->steps[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	rb_rules_freeze(L);
	lua_setfield(L, -2, "steps");
	rb_rules_freeze(L);
}

/* A scenario; the runbook proxy is at index rbi. */
static void push_scenario(lua_State *L, const struct rb_scenario *sc, int rbi)
{
	lua_newtable(L);
	set_loc(L, sc->loc);
	set_str(L, "id", sc->id);
	set_str(L, "title", sc->title);
	if (sc->meta_loc.line)
		set_int(L, "meta_line", sc->meta_loc.line);
	set_text(L, "severity", &sc->severity);
	set_duration(L, "rto", &sc->rto);
	set_duration(L, "rpo", &sc->rpo);
	set_text(L, "owner", &sc->owner);
	set_str(L, "owner_effective", sc->owner_effective);
	set_text(L, "alerts", &sc->alerts);
	set_int(L, "first_line", sc->first_line);
	set_int(L, "last_line", sc->last_line);
	lua_pushvalue(L, rbi);
	lua_setfield(L, -2, "runbook");
	lua_createtable(L, (int)sc->nsections, 0);
	for (size_t i = 0; i < sc->nsections; i++) {
		push_section(L, &sc->sections[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	rb_rules_freeze(L);
	lua_setfield(L, -2, "sections");
	rb_rules_freeze(L);
}

/* A runbook: the raw table is filled after the proxy exists so scenarios
 * can point back at it. Leaves the proxy on the stack. */
static void push_runbook(lua_State *L, const struct rb_runbook *rb)
{
	lua_newtable(L);
	int raw = lua_gettop(L);
	lua_pushvalue(L, raw);
	rb_rules_freeze(L);
	int proxy = lua_gettop(L);
	lua_pushvalue(L, raw);
	set_str(L, "file", rb->file);
	set_int(L, "line", 1);
	set_int(L, "col", 1);
	set_str(L, "path", rb->path);
	set_str(L, "format", rb->format == RB_FMT_YAML ? "yaml" : "markdown");
	set_text(L, "id", &rb->id);
	set_text(L, "title", &rb->title);
	set_text(L, "service", &rb->service);
	set_text(L, "owner", &rb->owner);
	if (rb->tier) {
		set_int(L, "tier", rb->tier);
		set_loc_field(L, "tier_loc", rb->tier_loc);
	}
	set_date(L, "reviewed", &rb->reviewed);
	set_duration(L, "review_every", &rb->review_every);
	set_duration(L, "rto", &rb->rto);
	set_duration(L, "rpo", &rb->rpo);
	lua_createtable(L, (int)rb->ntags, 0);
	for (size_t i = 0; i < rb->ntags; i++) {
		lua_pushstring(L, rb->tags[i].s ? rb->tags[i].s : "");
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	rb_rules_freeze(L);
	lua_setfield(L, -2, "tags");
	lua_createtable(L, (int)rb->nscenarios, 0);
	for (size_t i = 0; i < rb->nscenarios; i++) {
		push_scenario(L, &rb->scenarios[i], proxy);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	rb_rules_freeze(L);
	lua_setfield(L, -2, "scenarios");
	lua_settop(L, proxy);
	lua_remove(L, raw);
}

static void push_contact(lua_State *L, const struct rb_contact *c)
{
	lua_newtable(L);
	set_loc(L, c->loc);
	set_str(L, "id", c->id);
	set_text(L, "name", &c->name);
	set_text(L, "role", &c->role);
	set_text(L, "email", &c->email);
	set_text(L, "phone", &c->phone);
	set_text(L, "pager", &c->pager);
	set_date(L, "verified", &c->verified);
	rb_rules_freeze(L);
}

/* The book table: runbooks, contacts, config; kept in the registry as "rbc.book". */
void rb_rules_push_book(lua_State *L, const struct rb_book *book)
{
	lua_newtable(L);
	set_str(L, "root", book->root);
	set_str(L, "file", book->config.path ? book->config.path : book->root);
	set_int(L, "line", book->config.path ? 1 : 0);
	set_int(L, "col", book->config.path ? 1 : 0);
	set_text(L, "title", &book->config.title);
	set_duration(L, "review_every", &book->config.review_every);
	set_duration(L, "contact_verify_every", &book->config.contact_verify_every);
	set_str(L, "contacts_file", book->contacts_path);
	lua_createtable(L, (int)book->nrunbooks, 0);
	lua_Integer n = 0;
	for (size_t i = 0; i < book->nrunbooks; i++) {
		if (book->runbooks[i]->stub)
			continue;   /* lint FILE...: not a FILE, and no book rule can look */
		push_runbook(L, book->runbooks[i]);
		lua_rawseti(L, -2, ++n);
	}
	rb_rules_freeze(L);
	lua_setfield(L, -2, "runbooks");
	lua_createtable(L, (int)book->ncontacts, 0);
	for (size_t i = 0; i < book->ncontacts; i++) {
		push_contact(L, &book->contacts[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	rb_rules_freeze(L);
	lua_setfield(L, -2, "contacts");
	rb_rules_freeze(L);
}

