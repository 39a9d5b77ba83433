/* dump.h: the model as JSON, the layout of `rbc dump` and model.json. */
#ifndef RB_DUMP_H
#define RB_DUMP_H
#include <stddef.h>
#include "model/build.h"
#include "base/buf.h"
#include <stdbool.h>

/* Write the whole model through put(ctx, text, len), in pieces as it is
 * made (memory stays small for any book). indent: 0 compact, else spaces
 * per level. root (may be NULL): the book folder to strip from file names,
 * so that they are book-relative. */
void rb_dump_model(const struct rb_build *b, int indent, const char *root,
		   void (*put)(void *, const char *, size_t), void *ctx);
/* The same in three steps, for a caller that holds one full runbook at a
 * time (cmd_build.c): begin writes everything up to the runbook list,
 * each rb_dump_runbook one runbook, end the rest (and frees d). */
struct rb_dump;
struct rb_dump *rb_dump_begin(const struct rb_build *b, int indent, const char *root,
			      void (*put)(void *, const char *, size_t), void *ctx);
void rb_dump_runbook(struct rb_dump *d, const struct rb_runbook *rb);
void rb_dump_end(struct rb_dump *d);
/* Send what is buffered, so that the text put so far ends where the next
 * runbook's begins (the build cache cuts model.json at these points). */
void rb_dump_flush(struct rb_dump *d);
/* Runbook rb's text as rb_dump_runbook would put it into a dump of b
 * begun with indent and root, appended to out (on any thread; the
 * separator before it when it is not the first runbook), for
 * rb_dump_replay. */
void rb_dump_runbook_text(const struct rb_build *b, int indent, const char *root, const struct rb_runbook *rb,
			  bool first, struct rb_buf *out);
/* One runbook's text as an earlier rb_dump_runbook put it, in its place. */
void rb_dump_replay(struct rb_dump *d, const char *text, size_t len);
/* The same, for text that put(arg) sends to the dump's sink itself
 * (rb_jw_replay_by). */
void rb_dump_replay_by(struct rb_dump *d, size_t len, void (*put)(void *arg), void *arg);

#endif
