/* review.c: due dates and review states. */
#include "review.h"

/* State of something last checked on `last` that must be checked every
 * `every` seconds. */
static struct rb_review review_state(const struct rb_build *b, const struct rb_date *last,
				     const struct rb_duration *every, long window_days)
{
	struct rb_review r = {RB_REVIEW_NEVER, 0, 0};
	if (!last->set)
		return r;
	r.due = last->days + (every->set ? every->hi / 86400 : 90);
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
	return review_state(b, &rb->reviewed, &rb->review_every, window_days);
}

struct rb_review rb_review_contact(const struct rb_build *b, const struct rb_contact *c, long window_days)
{
	return review_state(b, &c->verified, &b->book.config.contact_verify_every, window_days);
}

const char *rb_review_state_name(enum rb_review_state s)
{
	static const char *const names[] = {"fresh", "due", "overdue", "never"};
	return names[s];
}
