/* yaml.h: read YAML text into an rb_value tree with positions. */
#ifndef RB_YAML_H
#define RB_YAML_H
#include <stdbool.h>
#include <stddef.h>
#include "model/build.h"
#include "model/value.h"

/* Parse one YAML document. line_offset is added to every line (front
 * matter starts below the '---'). Anchors, aliases, tabs in indentation,
 * duplicate keys and nesting deeper than RB_MAX_YAML_DEPTH are refused.
 * Returns the root value (RB_V_NULL for an empty document), or NULL after
 * recording an error. All memory is in the build's arena. */
const struct rb_value *rb_yaml_parse(struct rb_build *b, const char *file,
				     const char *text, size_t len, unsigned line_offset);

/* Parse a stream of YAML documents ('---' between them), each root into
 * *docs (arena; RB_V_NULL for an empty document). With alias_cap > 0,
 * anchors, aliases and merge keys ('<<: *base') are expanded, and a file
 * whose expanded tree would pass alias_cap values is refused; with 0
 * they are refused as rb_yaml_parse does. False after a diagnostic. */
bool rb_yaml_parse_stream(struct rb_build *b, const char *file, const char *text, size_t len,
			  size_t alias_cap, const struct rb_value ***docs, size_t *ndocs);

#endif
