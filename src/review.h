/* review.h: review status of runbooks and contacts as of a date. Shared by
 * lint rules, the site badges and the staleness report. */
#ifndef RB_REVIEW_H
#define RB_REVIEW_H
#include "build.h"

enum rb_review_state { RB_REVIEW_FRESH, RB_REVIEW_DUE, RB_REVIEW_OVERDUE, RB_REVIEW_NEVER };

struct rb_review {
	enum rb_review_state state;
	long due;          /* days since epoch; valid unless NEVER */
	long days_left;    /* due - as_of: negative when overdue */
};

/* A runbook's review status as of b->as_of; "due" means due within
 * window_days (30 for lint and badges). */
struct rb_review rb_review_runbook(const struct rb_build *b, const struct rb_runbook *rb, long window_days);
/* A contact's verification status against contact_verify_every. */
struct rb_review rb_review_contact(const struct rb_build *b, const struct rb_contact *c, long window_days);
const char *rb_review_state_name(enum rb_review_state s);   /* "fresh", "due", "overdue", "never" */

#endif
