/* strmap.h: a small string → unsigned hash map (open addressing, malloc'd).
 * Keys are borrowed, not copied: they must outlive the map. Used where a
 * linear search would make pathological input quadratic (heading anchors). */
#ifndef RB_STRMAP_H
#define RB_STRMAP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rb_strmap_slot;
struct rb_strmap {
	struct rb_strmap_slot *slots;
	size_t cap, n;
};

void rb_strmap_free(struct rb_strmap *m);
/* Empty m for new keys: a small table (up to 4,096 slots) is kept and
 * cleared, so that a map filled and emptied again and again (one page's
 * ids after another) does not grow from nothing each time; a bigger one
 * is freed. */
void rb_strmap_clear(struct rb_strmap *m);
/* The value stored under key in *val; false when absent. */
bool rb_strmap_get(const struct rb_strmap *m, const char *key, unsigned *val);
/* Store val under key (replacing any value). */
void rb_strmap_put(struct rb_strmap *m, const char *key, unsigned val);
/* FNV-1a over the string's bytes: the map's hash, also used by html-check
 * to remember a page's ids by hash alone (html_links.c). */
uint64_t rb_strmap_hash(const char *s);

#endif
