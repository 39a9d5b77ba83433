/* front.c: the as-of date, loading and checking the book (see front.h). */
#include "cli/front.h"
#include "lint/check.h"
#include "base/util.h"
#include "parse/parse_file.h"
#include <stdio.h>

/* --as-of or today into b->as_of; false after a message on a bad date. */
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

/* The as-of date, the book through r, then the built-in checks. */
bool rb_front_load(struct rb_build *b, const struct rb_reader *r)
{
	if (!rb_front_as_of(b))
		return false;
	if (!rb_load_book(b, r))
		return false;
	rb_check_book(b);
	return true;
}

/* rb_front_load with the lean reader; prints the diagnostics on failure. */
bool rb_front_load_lean(struct rb_build *b)
{
	struct rb_reader lean = {rb_parse_file_lean, rb_parse_file_lean, NULL};
	if (rb_front_load(b, &lean))
		return true;
	rb_diag_print_all(b, stderr);
	return false;
}

/* out on stdout, flushed; false after perror when it cannot be written. */
bool rb_front_write_report(const struct rb_buf *out)
{
	size_t len = out->len;
	bool ok = fwrite(out->data ? out->data : "", 1, len, stdout) == len && fflush(stdout) == 0;
	if (!ok)
		perror("rbc: writing the report");
	return ok;
}
