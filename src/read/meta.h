/* meta.h: typed reading of YAML values into the model: runbook front
 * matter, rbc.yaml settings, contacts.yaml and the YAML runbook form.
 * Every wrong value becomes a diagnostic at its own line:col. */
#ifndef RB_META_H
#define RB_META_H
#include "model/build.h"
#include "base/buf.h"
#include "read/meta_value.h"


/* Apply front matter to a runbook (unknown keys warn with a suggestion).
 * yaml_form allows the YAML runbook's extra keys (description, scenarios). */
void rb_meta_front_matter(struct rb_build *b, struct rb_runbook *rb,
			  const struct rb_value *front, bool yaml_form);
/* Read rbc.yaml's root into the config; defaults are set first. */
void rb_meta_config_defaults(struct rb_config *cfg);
void rb_meta_config(struct rb_build *b, const struct rb_value *root, struct rb_config *cfg);
/* The Lua sandbox's limits (doc/rules.md): limit k's name in rbc.yaml
 * and --lua-limits; the index of the limit named by the n bytes at name,
 * or -1; the most --lua-limits may set; the most rbc.yaml may set (the
 * built-in default, or what --lua-limits gave); and the limit in force. */
const char *rb_meta_lua_name(int k);
int rb_meta_lua_find(const char *name, size_t n);
long rb_meta_lua_ceiling(int k);
long rb_meta_lua_max(const struct rb_build *b, int k);
long rb_meta_lua_limit(const struct rb_build *b, int k);
/* Read contacts.yaml's root into the book. */
void rb_meta_contacts(struct rb_build *b, const struct rb_value *root, struct rb_book *book);
/* Turn a YAML runbook's description and scenarios into canonical Markdown,
 * recording for each Markdown line the YAML position it came from. */
void rb_meta_yaml_body(struct rb_build *b, const struct rb_value *root, struct rb_buf *md,
		       struct rb_loc **line_map, size_t *nlines);

#endif
