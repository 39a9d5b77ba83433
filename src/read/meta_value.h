/* meta_value.h: one YAML value → a typed model field, with a diagnostic
 * at the value's line:col when it is of the wrong kind or unparseable. */
#ifndef RB_META_VALUE_H
#define RB_META_VALUE_H
#include "model/build.h"

/* Scalar → text. Reports a wrong type (naming key) and returns false. */
bool rb_meta_text(struct rb_build *b, const struct rb_value *v, const char *key, struct rb_text *out);
bool rb_meta_duration(struct rb_build *b, const struct rb_value *v, const char *key, struct rb_duration *out);
bool rb_meta_date(struct rb_build *b, const struct rb_value *v, const char *key, struct rb_date *out);
/* Report that v (for key) is not the expected kind of value (want: "a list"...). */
void rb_meta_wrong_type(struct rb_build *b, const struct rb_value *v, const char *key, const char *want);

#endif
