/* review.c: due dates and review states. */
#include "model/review.h"
#include "base/util.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* State of something last checked on `last` that must be checked every
 * `every` (its upper end; fallback days when it is not set). */
static struct rb_review review_state(const struct rb_build *b, const struct rb_date *last,
				     const struct rb_duration *every, long fallback, long window_days)
{
	struct rb_review r = {RB_REVIEW_NEVER, every->set ? every->hi / 86400 : fallback, 0, 0};
	if (!last->set)
		return r;
	r.due = last->days + r.every;
	r.days_left = r.due - b->as_of;
	if (r.days_left < 0)
		r.state = RB_REVIEW_OVERDUE;
	else if (r.days_left <= window_days)
		r.state = RB_REVIEW_DUE;
	else
		r.state = RB_REVIEW_FRESH;
	return r;
}

struct rb_review rb_review_runbook(const struct rb_build *b, const struct rb_runbook *rb, long window_days)
{
	return review_state(b, &rb->reviewed, &rb->review_every, RB_REVIEW_EVERY_DAYS, window_days);
}

struct rb_review rb_review_contact(const struct rb_build *b, const struct rb_contact *c, long window_days)
{
	return review_state(b, &c->verified, &b->book.config.contact_verify_every, RB_VERIFY_EVERY_DAYS, window_days);
}

const char *rb_review_state_name(enum rb_review_state s)
{
	static const char *const names[] = {"fresh", "due", "overdue", "never"};
	return names[s];
}

struct rb_quarter rb_review_quarter(long days)
{
	long y;
	unsigned m, d;
	rb_civil_from_days(days, &y, &m, &d);
	struct rb_quarter q = {y, (int)((m - 1) / 3 + 1), 0, 0};
	unsigned first_month = (unsigned)(q.q - 1) * 3 + 1;
	q.first = rb_days_from_civil(y, first_month, 1);
	/* The day before the first day of the next quarter. */
	q.last = q.q == 4 ? rb_days_from_civil(y + 1, 1, 1) - 1 : rb_days_from_civil(y, first_month + 3, 1) - 1;
	return q;
}

void rb_review_quarter_name(const struct rb_quarter *q, char *out, size_t n)
{
	snprintf(out, n, "%04ld-Q%d", q->year, q->q);
}

bool rb_review_window(const struct rb_build *b, const char *within, long *window_days)
{
	if (!within) {
		*window_days = rb_review_quarter(b->as_of).last - b->as_of;
		return true;
	}
	long lo, hi;
	if (!rb_parse_duration(within, &lo, &hi) || lo != hi)
		return false;
	*window_days = hi / 86400;
	return true;
}

long rb_review_days_overdue(const struct rb_review *r)
{
	return r->state == RB_REVIEW_OVERDUE ? -r->days_left : 0;
}

/* Case-insensitive search for `word` in s at a word boundary: the
 * characters either side are not letters, digits or '_' (and, for a
 * domain, not '.'-joined letters either, so "example.com" does not match
 * "example.community"). */
static bool has_word(const char *s, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = s; *p; p++) {
		if (strncasecmp(p, word, n))
			continue;
		bool left = p == s || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
		unsigned char after = (unsigned char)p[n];
		bool right = !(isalnum(after) || after == '_' ||
			       (after == '.' && isalnum((unsigned char)p[n + 1])));
		if (left && right)
			return true;
	}
	return false;
}

/* True when s holds a word of three or more X's ("XXX", "XXXX"), as in
 * "+1-XXX-XXX-XXXX" or "555-XXXX". */
static bool has_x_run(const char *s)
{
	for (const char *p = s; *p; p++) {
		if (p != s && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
			continue;
		size_t n = strspn(p, "Xx");
		if (n >= 3 && !(isalnum((unsigned char)p[n]) || p[n] == '_'))
			return true;
	}
	return false;
}

const char *rb_review_placeholder(const char *value)
{
	static const char *const words[] = {"TBD", "TODO", "FIXME", "YOUR_TOKEN", "example.com",
					    "example.org", "example.net", "+1-XXX-XXX-XXXX"};
	if (!value)
		return NULL;
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (has_word(value, words[i]))
			return words[i];
	if (has_x_run(value))
		return "XXX";
	return NULL;
}
