/* main.c: runs every suite registered with UNIT_SUITE. */
#include "harness.h"
#include "parse/parse.h"
#include <stdlib.h>

static void (*suites[256])(void);
static int nsuites;

void unit_register(void (*fn)(void))
{
	if (nsuites < 256)
		suites[nsuites++] = fn;
}

char *unit_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *s = NULL;
	long n = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
	if (n >= 0 && fseek(f, 0, SEEK_SET) == 0 && (s = malloc((size_t)n + 1))) {
		size_t got = fread(s, 1, (size_t)n, f);
		s[got] = '\0';
		if (len)
			*len = got;
	}
	fclose(f);
	return s;
}

int main(void)
{
	rb_parse_init();   /* as rbc's main does: the GFM extensions */
	for (int i = 0; i < nsuites; i++)
		suites[i]();
	return 0;
}
