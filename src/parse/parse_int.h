/* parse_int.h: what parse.c (the first pass: scenarios, sections, steps)
 * and parse_refs.c (the second pass: anchors, links, mentions) share.
 * Private to src/parse/; nothing outside the parser includes it. */
#ifndef RB_PARSE_INT_H
#define RB_PARSE_INT_H
#include "model/build.h"
#include <cmark-gfm.h>

/* Grow an arena array to hold one more element; returns the new slot,
 * zeroed (parse.c). */
void *rb_parse_push(struct rb_arena *a, void **arr, size_t *n, size_t *cap, size_t size);
#define PUSH(a, arr, n, cap) ((__typeof__(arr))rb_parse_push((a), (void **)&(arr), &(n), &(cap), sizeof *(arr)))
/* Resolve n bytes of target against the folder of book path from, with
 * . and .. segments normalised; NULL when it leaves the book
 * (parse_refs.c). */
char *rb_parse_join_path(struct rb_build *b, const char *from, const char *target, size_t n);
/* The first n bytes of a URL path with %XX escapes decoded, in the arena
 * (parse_refs.c). */
const char *rb_parse_percent_decode(struct rb_build *b, const char *s, size_t n);
/* The second pass over root: anchors, in-book links and images, @contact
 * mentions and ignore comments into rb (parse_refs.c). */
void rb_parse_collect_refs(struct rb_build *b, struct rb_runbook *rb, cmark_node *root);

#endif
