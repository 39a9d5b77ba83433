/* front.c: the as-of date, loading and checking the book (see front.h). */
#include "cli/front.h"
#include "lint/check.h"
#include "base/util.h"
#include <stdio.h>

bool rb_front_as_of(struct rb_build *b)
{
	if (!b->opt.as_of) {
		b->as_of = rb_today();
		return true;
	}
	if (!rb_parse_date(b->opt.as_of, &b->as_of)) {
		fprintf(stderr, "rbc: --as-of takes an ISO date such as 2026-01-31, not '%s'\n", b->opt.as_of);
		return false;
	}
	return true;
}

bool rb_front_load(struct rb_build *b, const struct rb_reader *r)
{
	if (!rb_front_as_of(b))
		return false;
	if (!rb_load_book(b, r))
		return false;
	rb_check_book(b);
	return true;
}
