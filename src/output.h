/* output.h: writing an output folder atomically. Files are written into a
 * temporary folder beside OUT; commit swaps it into place (renameat2
 * RENAME_EXCHANGE where available), so a failed or killed build leaves
 * the previous OUT whole. A lock file beside OUT makes a second build
 * wait. Files whose bytes did not change keep their old mtime, and files
 * not written this time disappear. */
#ifndef RB_OUTPUT_H
#define RB_OUTPUT_H
#include <stdbool.h>
#include <stddef.h>
#include "build.h"

struct rb_output;

/* Start writing OUT. NULL (with a diagnostic) when OUT's parent is not
 * writable or the lock cannot be taken. */
struct rb_output *rb_output_open(struct rb_build *b, const char *out);
/* Write one file at a '/'-separated path relative to OUT, creating its
 * folders. mode is e.g. 0644 or 0755. False (with a diagnostic) on error. */
bool rb_output_write(struct rb_output *o, const char *rel, const void *data, size_t len, int mode);
/* The temporary folder being written (for tools that write files themselves). */
const char *rb_output_dir(const struct rb_output *o);
/* Swap the new folder into place and release the lock. False on error,
 * in which case the old OUT is untouched. Frees o. */
bool rb_output_commit(struct rb_output *o);
/* Throw the new folder away, keep the old OUT, release the lock. Frees o. */
void rb_output_abort(struct rb_output *o);

#endif
