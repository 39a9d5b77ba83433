/* main.c: runs every suite registered with UNIT_SUITE. */
#include "harness.h"
#include "parse/parse.h"

static void (*suites[256])(void);
static int nsuites;

void unit_register(void (*fn)(void))
{
	if (nsuites < 256)
		suites[nsuites++] = fn;
}

int main(void)
{
	rb_parse_init();   /* as rbc's main does: the GFM extensions */
	for (int i = 0; i < nsuites; i++)
		suites[i]();
	return 0;
}
