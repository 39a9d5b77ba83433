/* dump.h: the model as JSON (jansson). */
#ifndef RB_DUMP_H
#define RB_DUMP_H
#include <jansson.h>
#include "build.h"

/* The whole model as one JSON object; the caller owns the reference. */
json_t *rb_dump_model(const struct rb_build *b);

#endif
