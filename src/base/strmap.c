/* strmap.c: string → unsigned hash map with linear probing; see strmap.h. */
#include "base/strmap.h"
#include "base/arena.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct rb_strmap_slot {
	const char *key;         /* NULL: empty */
	unsigned val;
};

uint64_t rb_strmap_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

void rb_strmap_free(struct rb_strmap *m)
{
	free(m->slots);
	m->slots = NULL;
	m->cap = m->n = 0;
}

void rb_strmap_clear(struct rb_strmap *m)
{
	if (m->cap > 4096) {
		rb_strmap_free(m);
		return;
	}
	if (m->n)
		memset(m->slots, 0, m->cap * sizeof *m->slots);
	m->n = 0;
}

/* The slot holding key, or the empty slot where it would go (cap > 0). */
static struct rb_strmap_slot *find_slot(const struct rb_strmap *m, const char *key)
{
	size_t i = (size_t)rb_strmap_hash(key) & (m->cap - 1);
	while (m->slots[i].key && strcmp(m->slots[i].key, key))
		i = (i + 1) & (m->cap - 1);
	return &m->slots[i];
}

bool rb_strmap_get(const struct rb_strmap *m, const char *key, unsigned *val)
{
	if (!m->cap)
		return false;
	const struct rb_strmap_slot *s = find_slot(m, key);
	if (!s->key)
		return false;
	*val = s->val;
	return true;
}

/* Double the table (keeping it at most half full) and rehash. */
static void grow(struct rb_strmap *m)
{
	struct rb_strmap old = *m;
	m->cap = old.cap ? old.cap * 2 : 64;
	m->slots = rb_xcalloc(m->cap, sizeof *m->slots);
	m->n = 0;
	for (size_t i = 0; i < old.cap; i++)
		if (old.slots[i].key)
			rb_strmap_put(m, old.slots[i].key, old.slots[i].val);
	free(old.slots);
}

void rb_strmap_put(struct rb_strmap *m, const char *key, unsigned val)
{
	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	struct rb_strmap_slot *s = find_slot(m, key);
	if (!s->key) {
		s->key = key;
		m->n++;
	}
	s->val = val;
}
