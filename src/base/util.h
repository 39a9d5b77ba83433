/* util.h: small pure helpers shared by the stages: durations, dates, slugs,
 * UTF-8 validation and string distance. None of them keeps state. */
#ifndef RB_UTIL_H
#define RB_UTIL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/arena.h"

/* Parse "15m", "15 min", "1 hour", "4h", "90d", "< 1 hour", "10-15 minutes",
 * "2-4 hours", "1h30m", "P0"... Returns false when s is not a duration. */
bool rb_parse_duration(const char *s, long *lo, long *hi);
/* The longest duration rb_parse_duration accepts, in seconds (~31 million
 * years): "1h 1h 1h ..." repeated cannot overflow a long. */
#define RB_MAX_DURATION_SECS 1e15
/* Format seconds compactly: "15m", "4h", "1h30m", "90d". */
void rb_format_duration(long secs, char *out, size_t n);
/* Parse an ISO date YYYY-MM-DD (strictly valid); days since 1970-01-01. */
bool rb_parse_date(const char *s, long *days);
void rb_format_date(long days, char *out, size_t n);   /* needs n >= 11 */
long rb_days_from_civil(long y, unsigned m, unsigned d);
void rb_civil_from_days(long days, long *y, unsigned *m, unsigned *d);
/* Parse a positive whole number with an optional k, M or G suffix
 * (times 1024, 1024^2, 1024^3); false when s is not one or it does not
 * fit a long. */
bool rb_parse_amount(const char *s, long *out);
/* Today (UTC) honouring SOURCE_DATE_EPOCH. */
long rb_today(void);

/* GitHub's heading slug: lowercase, drop punctuation except '-' and '_',
 * spaces become '-'. Non-ASCII letters are kept. */
char *rb_slug(struct rb_arena *a, const char *text);
/* True when s is a plain id: [A-Za-z0-9._-]+ */
bool rb_is_plain_id(const char *s);
/* id (UTF-8) as one portable path component in arena a: ASCII letters,
 * digits, '.', '_' and '-' stay, each other character becomes 'u' and its
 * code point in 4 or more lowercase hex digits ("Ö" → "u00d6"), any other
 * byte '-', and a leading '.' becomes '_'. "unnamed" for an empty id. */
char *rb_file_component(struct rb_arena *a, const char *id);

/* One lane of a fast non-cryptographic hash: 8 bytes at a time, multiply
 * and rotate, from h with odd multiplier mul; finish the lane with
 * rb_hash64_finish. rb_hash64 is one lane, finished. */
uint64_t rb_hash64_mix(uint64_t h, uint64_t mul, const void *data, size_t len);
uint64_t rb_hash64_finish(uint64_t h);
uint64_t rb_hash64(const void *data, size_t len);
/* From offset i (at most n), past every whole 8-byte word of ASCII: the
 * offset of the first word holding a byte >= 0x80, or of the last < 8
 * bytes. Scanners use it to step over plain text quickly. */
size_t rb_skip_ascii8(const char *s, size_t i, size_t n);
/* The UTF-8 sequence at s (n bytes available): its length (1-4) with its
 * code point in *cp (may be NULL), or 0 when it is not well-formed (a bad
 * lead or continuation byte, cut short, overlong, a surrogate, > U+10FFFF). */
size_t rb_utf8_decode(const char *s, size_t n, unsigned *cp);
/* Offset of the first invalid UTF-8 byte, or (size_t)-1 when valid. */
size_t rb_utf8_invalid(const char *s, size_t n);
/* Optimal string alignment distance, capped at 100. */
unsigned rb_edit_distance(const char *a, const char *b);
/* The candidate a typo of word most likely meant, or NULL: the nearest
 * within edit distance 1 (words under 8 bytes) or 2, on a tie the one
 * with the word's first letter, then of the closest length; else one
 * that word abbreviates ("Sev" → "Severity") or that begins word before
 * a non-letter ("reviewed_on").
 * The one did-you-mean helper: every suggestion comes from here. */
const char *rb_nearest(const char *word, const char *const *cands, size_t n);

/* Trim ASCII space in place; returns s. */
char *rb_trim(char *s);
bool rb_str_ieq(const char *a, const char *b);
bool rb_starts_with(const char *s, const char *prefix);
/* True when url starts with a scheme as RFC 3986 spells one ("http:",
 * "mailto:", "x-y+z.1:"): a letter, then letters, digits, '+', '-' or
 * '.', then ':'. The reader and the site's link check share this rule. */
bool rb_url_has_scheme(const char *url);
/* Append s[0..n) to out with its %XX escapes decoded. */
struct rb_buf;
void rb_url_decode(struct rb_buf *out, const char *s, size_t n);
/* True when path names a directory (following symlinks). */
bool rb_is_dir(const char *path);
/* The next "@contact-id" mention in s at or after p (the '@'), with the
 * id's length in *n; NULL when none is left. Shared by parse and md_html. */
const char *rb_mention_next(const char *s, const char *p, size_t *n);

#endif
