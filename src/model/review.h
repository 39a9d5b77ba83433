/* review.h: review status of runbooks and contacts as of a date: the one
 * review-window computation. Shared by lint (the Lua rules reach it as
 * rbc.review), the site badges, the print handbook and the staleness
 * report. */
#ifndef RB_REVIEW_H
#define RB_REVIEW_H
#include "model/build.h"

/* A runbook is reviewed every 90 days and a contact verified every 180
 * unless rbc.yaml (review_every, contact_verify_every) or the runbook says
 * otherwise; "due" means due within 30 days for lint, the badges and the
 * print handbook. */
enum { RB_REVIEW_EVERY_DAYS = 90, RB_VERIFY_EVERY_DAYS = 180, RB_REVIEW_WINDOW_DAYS = 30 };

enum rb_review_state { RB_REVIEW_FRESH, RB_REVIEW_DUE, RB_REVIEW_OVERDUE, RB_REVIEW_NEVER };

struct rb_review {
	enum rb_review_state state;
	long every;        /* the interval in days (review_every's upper end) */
	long due;          /* days since epoch; valid unless NEVER */
	long days_left;    /* due - as_of: negative when overdue */
};

/* A runbook's review status as of b->as_of; "due" means due within
 * window_days. */
struct rb_review rb_review_runbook(const struct rb_build *b, const struct rb_runbook *rb, long window_days);
/* A contact's verification status against contact_verify_every. */
struct rb_review rb_review_contact(const struct rb_build *b, const struct rb_contact *c, long window_days);
const char *rb_review_state_name(enum rb_review_state s);   /* "fresh", "due", "overdue", "never" */

/* A calendar quarter: Q1 is January to March. */
struct rb_quarter {
	long year;
	int q;             /* 1..4 */
	long first, last;  /* days since epoch, both inclusive */
};

/* The quarter that holds `days`. */
struct rb_quarter rb_review_quarter(long days);
/* "2026-Q4" into out (n >= 16). */
void rb_review_quarter_name(const struct rb_quarter *q, char *out, size_t n);
/* The report window in days from b->as_of: `within` ("30d", "2 weeks")
 * when given, else up to the last day of the as-of quarter. False when
 * `within` is not a duration. */
bool rb_review_window(const struct rb_build *b, const char *within, long *window_days);
/* Days past the due date (0 unless overdue). */
long rb_review_days_overdue(const struct rb_review *r);
/* The placeholder a contact value holds ("TBD", "TODO", "XXX",
 * "+1-XXX-XXX-XXXX", "YOUR_TOKEN", "example.com"), or NULL. Shared by the
 * staleness report and the contact-current lint rule so both agree. */
const char *rb_review_placeholder(const char *value);

#endif
