/* test_cache_store_carry.c: a cache store kept in memory from one build
 * to the next (rb_cache_store_carry, rb_cache_store_reopen; rbc serve):
 * the next build finds every entry the file would give it, with the same
 * bytes, and nothing the last build did not save, also when its new
 * entries went to the file as they came (spilled). */
#include "harness.h"
#include "cli/cache_store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char head[] = "rbc-unit-store 1\n";

/* A 32-hex-digit key made of one digit. */
static const char *key(char c)
{
	static char k[33];
	memset(k, c, 32);
	k[32] = '\0';
	return k;
}

/* True when st holds key c with the bytes want. */
static bool holds(struct rb_cache_store *st, char c, const char *want)
{
	size_t len = 0;
	const char *got = rb_cache_store_get(st, key(c), &len);
	return got && len == strlen(want) && !memcmp(got, want, len);
}

UNIT_SUITE(cache_store_carry)
static void cache_store_carry(void)
{
	const char *dir = "tests/out/unit-store-carry";
	mkdir("tests/out", 0755);
	mkdir(dir, 0700);
	unlink("tests/out/unit-store-carry/s");
	/* a first build writes three entries */
	struct rb_cache_store st, kept, next;
	rb_cache_store_open(&st, dir, "s", head);
	rb_cache_store_put(&st, key('a'), "alpha", 5);
	rb_cache_store_put(&st, key('b'), "beta", 4);
	rb_cache_store_put(&st, key('c'), "gamma", 5);
	rb_cache_store_save(&st);
	OK("store-carry/cold-carried", rb_cache_store_carry(&kept, &st, true, dir));   /* the file it wrote */
	rb_cache_store_free(&st);
	rb_cache_store_reopen(&next, dir, "s", head, &kept);
	OK("store-carry/cold-entries", holds(&next, 'a', "alpha") && holds(&next, 'b', "beta") && holds(&next, 'c', "gamma"));
	rb_cache_store_free(&next);
	rb_cache_store_free(&kept);

	/* a second build reads the file, uses them, adds one and saves (at
	 * the file's end) */
	rb_cache_store_open(&st, dir, "s", head);
	OK("store-carry/read", holds(&st, 'a', "alpha") && holds(&st, 'b', "beta") && holds(&st, 'c', "gamma"));
	rb_cache_store_put(&st, key('d'), "delta", 5);
	rb_cache_store_save(&st);
	OK("store-carry/carried", rb_cache_store_carry(&kept, &st, true, dir));
	rb_cache_store_free(&st);

	/* the third build takes the carried store instead of the file */
	unlink("tests/out/unit-store-carry/s");   /* so an entry found comes from memory */
	rb_cache_store_reopen(&next, dir, "s", head, &kept);
	OK("store-carry/old-kept", holds(&next, 'a', "alpha") && holds(&next, 'c', "gamma"));
	OK("store-carry/fresh-kept", holds(&next, 'd', "delta"));
	OK("store-carry/absent", !holds(&next, 'e', "x"));
	OK("store-carry/taken", kept.old == NULL);
	rb_cache_store_put(&next, key('e'), "epsilon", 7);
	OK("store-carry/new-held-in-memory", next.out.path == NULL);   /* as after a read: not spilled at once */
	/* not saved (a failed build): its new entry is dropped, the rest stays */
	OK("store-carry/unsaved", rb_cache_store_carry(&kept, &next, false, dir));
	rb_cache_store_free(&next);
	rb_cache_store_reopen(&next, dir, "s", head, &kept);
	OK("store-carry/unsaved-dropped", !holds(&next, 'e', "epsilon") && holds(&next, 'b', "beta"));
	/* new entries spilled to the file: memory does not have them all */
	next.buffer = 0;
	rb_cache_store_put(&next, key('f'), "phi", 3);
	rb_cache_store_save(&next);
	OK("store-carry/spilled-carried", rb_cache_store_carry(&kept, &next, true, dir));
	rb_cache_store_free(&next);
	unlink("tests/out/unit-store-carry/s");   /* what is found was kept */
	rb_cache_store_reopen(&next, dir, "s", head, &kept);
	OK("store-carry/spilled-read-back", holds(&next, 'f', "phi") && holds(&next, 'b', "beta"));
	/* another store's name or folder: the carried one is not taken */
	OK("store-carry/carried-again", rb_cache_store_carry(&kept, &next, true, dir));
	rb_cache_store_free(&next);
	rb_cache_store_reopen(&next, dir, "other", head, &kept);
	OK("store-carry/other-name", !holds(&next, 'a', "alpha") && kept.old != NULL);
	rb_cache_store_free(&next);
	rb_cache_store_free(&kept);
}
