/* rules_model.h: the model as read-only Lua tables (rules_model.c). */
#ifndef RB_RULES_MODEL_H
#define RB_RULES_MODEL_H
#include "model/model.h"
#include <lua.h>

/* Replace the table on top of the stack with a read-only proxy. */
void rb_rules_freeze(lua_State *L);
/* Push {text, min, max, file, line, col} for a duration. */
void rb_rules_push_duration(lua_State *L, const struct rb_duration *d);
/* Push a YAML value as Lua: scalars as strings (numbers when they read
 * as one and were not quoted), lists and maps as read-only tables; nil
 * for NULL, null, or nesting past 32 (depth: the caller's, 0 at the top). */
void rb_rules_push_value(lua_State *L, const struct rb_value *v, int depth);
/* Push the whole book read-only; its runbooks are made on first use. */
void rb_rules_push_book(lua_State *L, const struct rb_book *book);

/* Read summary sum (model/summary.h: the book was read with the bounded
 * reader) again in full for the rules, push the value that owns that
 * memory and frees it when collected, and return the full runbook (sum
 * itself when the file cannot be read as it was). In rules.c. */
const struct rb_runbook *rb_rules_read_full(lua_State *L, const struct rb_runbook *sum);
/* The procedure a step's call runs in the pass's book (procedure.h:
 * rb_call_target), or NULL when it names none. In rules.c. */
const struct rb_scenario *rb_rules_call_target(lua_State *L, const struct rb_call *call);

/* The runbook (contact) behind the model node at idx, or NULL when it is
 * not a runbook (contact) node. */
const struct rb_runbook *rb_rules_runbook_at(lua_State *L, int idx);
const struct rb_contact *rb_rules_contact_at(lua_State *L, int idx);

/* next(t, k) for rules: model nodes and read-only tables iterate their
 * contents (as pairs does); other tables as Lua's own next. */
int rb_rules_next(lua_State *L);

#endif
