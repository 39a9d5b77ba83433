/* dump.h: the model as JSON (jansson). */
#ifndef RB_DUMP_H
#define RB_DUMP_H
#include <jansson.h>
#include "build.h"

/* The whole model as one JSON object; the caller owns the reference. */
json_t *rb_dump_model(const struct rb_build *b);
/* The same document, compact, written in parts through put (the top
 * level, then one runbook at a time) so that the whole tree never exists
 * at once; fix (may be NULL) edits each part before it is written.
 * False when a part cannot be made. */
bool rb_dump_model_stream(const struct rb_build *b, void (*fix)(json_t *, void *),
			  void (*put)(void *, const char *, size_t), void *ctx);

#endif
