/* harness.h: a tiny unit-test harness. Each check prints one
 * "PASS unit/NAME" or "FAIL unit/NAME: why" line for tests/run.sh. */
#ifndef RB_HARNESS_H
#define RB_HARNESS_H
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define OK(name, cond) \
	((cond) ? printf("PASS unit/%s\n", (name)) \
		: printf("FAIL unit/%s: %s (%s:%d)\n", (name), #cond, __FILE__, __LINE__))
#define STR_EQ(name, got, want) do { \
	const char *g_ = (got), *w_ = (want); \
	if (g_ && w_ && !strcmp(g_, w_)) printf("PASS unit/%s\n", (name)); \
	else printf("FAIL unit/%s: got \"%s\", want \"%s\" (%s:%d)\n", (name), g_ ? g_ : "(null)", \
		    w_ ? w_ : "(null)", __FILE__, __LINE__); \
} while (0)



/* A whole file, malloc'd and NUL-ended, its size in *len when len is not
 * NULL; NULL when it cannot be read. */
char *unit_slurp(const char *path, size_t *len);

/* Test files register their suites with UNIT_SUITE(fn); main runs them. */
void unit_register(void (*fn)(void));
#define UNIT_SUITE(fn) \
	static void fn(void); \
	__attribute__((constructor)) static void reg_##fn(void) { unit_register(fn); }
#endif
