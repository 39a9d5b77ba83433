/* test_strmap.c: the string hash map behind heading anchors. */
#include "harness.h"
#include "base/strmap.h"
#include <stdio.h>
#include <stdlib.h>

UNIT_SUITE(strmap)
static void strmap(void)
{
	struct rb_strmap m = {0};
	unsigned v = 7;
	OK("strmap/empty-get", !rb_strmap_get(&m, "a", &v) && v == 7);
	rb_strmap_put(&m, "a", 1);
	OK("strmap/get", rb_strmap_get(&m, "a", &v) && v == 1);
	rb_strmap_put(&m, "a", 2);
	OK("strmap/replace", rb_strmap_get(&m, "a", &v) && v == 2 && m.n == 1);
	/* 5,000 keys force several grows; every one must still be found */
	static char keys[5000][16];
	for (unsigned i = 0; i < 5000; i++) {
		snprintf(keys[i], sizeof keys[i], "k-%u", i);
		rb_strmap_put(&m, keys[i], i);
	}
	bool all = m.n == 5001;
	for (unsigned i = 0; i < 5000 && all; i++)
		all = rb_strmap_get(&m, keys[i], &v) && v == i;
	OK("strmap/grow-keeps-all", all);
	OK("strmap/absent", !rb_strmap_get(&m, "k-5000", &v));
	rb_strmap_clear(&m);   /* big: freed */
	OK("strmap/clear-big", m.cap == 0 && m.n == 0 && !rb_strmap_get(&m, "k-1", &v));
	for (unsigned i = 0; i < 100; i++)
		rb_strmap_put(&m, keys[i], i);
	size_t cap = m.cap;
	rb_strmap_clear(&m);   /* small: kept, emptied */
	OK("strmap/clear-small", m.cap == cap && m.n == 0 && !rb_strmap_get(&m, "k-1", &v));
	rb_strmap_put(&m, keys[7], 70);
	OK("strmap/after-clear", rb_strmap_get(&m, "k-7", &v) && v == 70 && m.n == 1 && !rb_strmap_get(&m, "k-8", &v));
	rb_strmap_free(&m);
	OK("strmap/free", m.cap == 0 && !rb_strmap_get(&m, "a", &v));
}
