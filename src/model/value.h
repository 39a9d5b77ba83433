/* value.h: a YAML value tree with positions, built by yaml.c from libyaml
 * events. No library types: scalars are strings, maps keep key order. */
#ifndef RB_VALUE_H
#define RB_VALUE_H
#include <stddef.h>
#include <stdbool.h>
#include "model/diag.h"

enum rb_value_kind { RB_V_NULL, RB_V_SCALAR, RB_V_SEQ, RB_V_MAP };

struct rb_value {
	enum rb_value_kind kind;
	struct rb_loc loc;        /* where the value starts */
	const char *str;          /* scalar text (RB_V_SCALAR), else NULL */
	bool quoted;              /* scalar was quoted: never a number/bool/null */
	size_t n;                 /* items in a sequence, or pairs in a map */
	struct rb_value **items;  /* sequence items, or map values */
	const char **keys;        /* map keys (RB_V_MAP only) */
	struct rb_loc *key_locs;  /* where each key starts */
};

/* Look a key up in a map; NULL when absent or v is not a map. */
const struct rb_value *rb_value_get(const struct rb_value *v, const char *key);
/* Human name of a kind: "a string", "a list", "a mapping", "null". */
const char *rb_value_kind_name(enum rb_value_kind k);

#endif
