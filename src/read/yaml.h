/* yaml.h: read YAML text into an rb_value tree with positions. */
#ifndef RB_YAML_H
#define RB_YAML_H
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

#endif
