/* mojibake.h: UTF-8 text that was once decoded as Windows-1252 and saved
 * again as UTF-8 ("ðŸ“‹" for 📋, "â”Œ" for ┌, "â€™" for ’): finding it
 * and undoing it. Pure functions over bytes; no state. */
#ifndef RB_MOJIBAKE_H
#define RB_MOJIBAKE_H
#include <stddef.h>
#include "base/buf.h"

/* Length in bytes of the mojibake sequence starting at s (at most n bytes
 * long), or 0 when none starts there. On success *orig holds the bytes of
 * the character it stood for (1 to 4 bytes) and *olen their count. */
size_t rb_mojibake_at(const char *s, size_t n, unsigned char orig[4], size_t *olen);
/* Append s with every mojibake sequence repaired to out; returns the
 * number of sequences repaired. */
size_t rb_mojibake_fix(const char *s, size_t n, struct rb_buf *out);

struct rb_build;
/* Warn about mojibake in a file's text: one warning per affected line (up
 * to a cap, then one summary). data is the file's text as read. */
void rb_mojibake_check(struct rb_build *b, const char *file, const char *data, size_t len,
		       unsigned first_line);

#endif
