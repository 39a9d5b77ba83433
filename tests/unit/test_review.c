/* test_review.c: quarter math, the report window, due dates across leap
 * years and the shared placeholder detector. */
#include "harness.h"
#include "model/review.h"
#include "base/util.h"

static long D(const char *s)
{
	long d = -1;
	rb_parse_date(s, &d);
	return d;
}

static const char *date(long days)
{
	static char buf[16];
	rb_format_date(days, buf, sizeof buf);
	return buf;
}

static const char *qname(const char *day)
{
	static char buf[16];
	struct rb_quarter q = rb_review_quarter(D(day));
	rb_review_quarter_name(&q, buf, sizeof buf);
	return buf;
}

UNIT_SUITE(quarters)
static void quarters(void)
{
	STR_EQ("quarter/last day of Q1", qname("2026-03-31"), "2026-Q1");
	STR_EQ("quarter/first day of Q2", qname("2026-04-01"), "2026-Q2");
	STR_EQ("quarter/new year's day", qname("2026-01-01"), "2026-Q1");
	STR_EQ("quarter/Q4", qname("2026-11-15"), "2026-Q4");
	STR_EQ("quarter/2028-12-31", qname("2028-12-31"), "2028-Q4");
	STR_EQ("quarter/2029-01-01", qname("2029-01-01"), "2029-Q1");
	struct rb_quarter q = rb_review_quarter(D("2026-03-31"));
	STR_EQ("quarter/Q1 first", date(q.first), "2026-01-01");
	STR_EQ("quarter/Q1 last", date(q.last), "2026-03-31");
	q = rb_review_quarter(D("2026-04-01"));
	STR_EQ("quarter/Q2 first", date(q.first), "2026-04-01");
	STR_EQ("quarter/Q2 last", date(q.last), "2026-06-30");
	q = rb_review_quarter(D("2026-08-15"));
	STR_EQ("quarter/Q3 last", date(q.last), "2026-09-30");
	q = rb_review_quarter(D("2028-12-31"));
	STR_EQ("quarter/Q4 2028 last", date(q.last), "2028-12-31");
	OK("quarter/Q4 2028 first", q.first == D("2028-10-01"));
	q = rb_review_quarter(D("2024-02-29"));
	STR_EQ("quarter/leap Q1 last", date(q.last), "2024-03-31");
	OK("quarter/leap Q1 has 91 days", q.last - q.first + 1 == 91);
	q = rb_review_quarter(D("2026-02-28"));
	OK("quarter/common Q1 has 90 days", q.last - q.first + 1 == 90);
	q = rb_review_quarter(D("1970-01-01"));
	OK("quarter/epoch", q.first == 0 && q.q == 1 && q.year == 1970);
}

UNIT_SUITE(windows)
static void windows(void)
{
	struct rb_build b;
	rb_build_init(&b);
	long w = -1;
	b.as_of = D("2026-03-31");
	OK("window/last day of quarter is 0", rb_review_window(&b, NULL, &w) && w == 0);
	b.as_of = D("2026-04-01");
	OK("window/first day of Q2 runs to 06-30", rb_review_window(&b, NULL, &w) && w == 90);
	b.as_of = D("2028-12-31");
	OK("window/2028-12-31 is 0", rb_review_window(&b, NULL, &w) && w == 0);
	b.as_of = D("2024-02-29");
	OK("window/leap day to 03-31", rb_review_window(&b, NULL, &w) && w == 31);
	OK("window/--within 30d", rb_review_window(&b, "30d", &w) && w == 30);
	OK("window/--within 2 weeks", rb_review_window(&b, "2 weeks", &w) && w == 14);
	OK("window/--within rejects words", !rb_review_window(&b, "soon", &w));
	OK("window/--within rejects ranges", !rb_review_window(&b, "10-15 days", &w));
	rb_build_free(&b);
}

/* The state of a runbook reviewed on `reviewed`, every `every_days`, as of
 * `as_of`, with a window; the due date goes into *due. */
static enum rb_review_state state(const char *reviewed, long every_days, const char *as_of, long window,
				  long *due)
{
	struct rb_build b;
	rb_build_init(&b);
	struct rb_runbook rb = {0};
	rb.reviewed.set = true;
	rb.reviewed.days = D(reviewed);
	rb.review_every = (struct rb_duration){true, every_days * 86400, every_days * 86400, NULL, {0}};
	b.as_of = D(as_of);
	struct rb_review r = rb_review_runbook(&b, &rb, window);
	*due = r.due;
	rb_build_free(&b);
	return r.state;
}

UNIT_SUITE(due_dates)
static void due_dates(void)
{
	long due;
	OK("due/leap day + 90d", state("2024-02-29", 90, "2024-05-29", 0, &due) == RB_REVIEW_DUE);
	STR_EQ("due/leap day + 90d date", date(due), "2024-05-29");
	OK("due/day after is overdue", state("2024-02-29", 90, "2024-05-30", 0, &due) == RB_REVIEW_OVERDUE);
	OK("due/2028-02-29 + 365d", state("2028-02-29", 365, "2029-02-28", 0, &due) == RB_REVIEW_DUE);
	STR_EQ("due/2028-02-29 + 365d date", date(due), "2029-02-28");
	/* Due 2026-04-01: outside Q1's window on its last day, due on Q2's first. */
	OK("due/03-31 does not see Q2", state("2026-01-01", 90, "2026-03-31", 0, &due) == RB_REVIEW_FRESH);
	STR_EQ("due/2026-01-01 + 90d", date(due), "2026-04-01");
	OK("due/04-01 is due today", state("2026-01-01", 90, "2026-04-01", 90, &due) == RB_REVIEW_DUE);
	OK("due/04-02 is overdue", state("2026-01-01", 90, "2026-04-02", 89, &due) == RB_REVIEW_OVERDUE);
	struct rb_review r = {.state = RB_REVIEW_OVERDUE, .days_left = -7};
	OK("due/days overdue", rb_review_days_overdue(&r) == 7);
	r.state = RB_REVIEW_DUE;
	r.days_left = 3;
	OK("due/days overdue when due", rb_review_days_overdue(&r) == 0);
}

/* The interval: review_every's upper end, else the defaults (90 days for a
 * runbook, 180 for a contact, as rbc.yaml's defaults and the Lua rules
 * through rbc.review). */
UNIT_SUITE(intervals)
static void intervals(void)
{
	struct rb_build b;
	rb_build_init(&b);
	b.as_of = D("2026-05-01");
	struct rb_runbook rb = {0};
	rb.reviewed = (struct rb_date){.set = true, .days = D("2026-01-01")};
	struct rb_review r = rb_review_runbook(&b, &rb, 30);
	OK("interval/runbook default 90", r.every == 90 && r.state == RB_REVIEW_OVERDUE);
	STR_EQ("interval/runbook default due", date(r.due), "2026-04-01");
	rb.review_every = (struct rb_duration){true, 30 * 86400L, 150 * 86400L, "30-150d", {0}};
	r = rb_review_runbook(&b, &rb, 30);
	OK("interval/upper end", r.every == 150 && r.state == RB_REVIEW_DUE && r.days_left == 30);
	/* a contact verified 120 days ago with no contact_verify_every: 180 */
	struct rb_contact c = {0};
	c.verified = (struct rb_date){.set = true, .days = D("2026-01-01")};
	b.book.config.contact_verify_every.set = false;
	r = rb_review_contact(&b, &c, 30);
	OK("interval/contact default 180", r.state == RB_REVIEW_FRESH && r.every == 180);
	b.book.config.contact_verify_every = (struct rb_duration){true, 100 * 86400L, 100 * 86400L, "100d", {0}};
	r = rb_review_contact(&b, &c, 30);
	OK("interval/contact_verify_every", r.state == RB_REVIEW_OVERDUE && r.days_left == -20);
	c.verified.set = false;
	r = rb_review_contact(&b, &c, 30);
	OK("interval/never", r.state == RB_REVIEW_NEVER && r.every == 100);
	rb_build_free(&b);
}

static const char *ph(const char *s)
{
	const char *p = rb_review_placeholder(s);
	return p ? p : "-";
}

UNIT_SUITE(placeholders)
static void placeholders(void)
{
	STR_EQ("placeholder/TBD", ph("TBD"), "TBD");
	STR_EQ("placeholder/tbd lower case", ph("tbd"), "TBD");
	STR_EQ("placeholder/TODO in text", ph("TODO: ask Sam"), "TODO");
	STR_EQ("placeholder/phone mask", ph("+1-XXX-XXX-XXXX"), "+1-XXX-XXX-XXXX");
	STR_EQ("placeholder/other mask", ph("+44 20 XXXX XXXX"), "XXX");
	STR_EQ("placeholder/XXX", ph("XXX"), "XXX");
	STR_EQ("placeholder/token", ph("pagerduty:YOUR_TOKEN"), "YOUR_TOKEN");
	STR_EQ("placeholder/example.com", ph("ops@example.com"), "example.com");
	STR_EQ("placeholder/sub.example.com", ph("ops@mail.example.com"), "example.com");
	STR_EQ("placeholder/not example.community", ph("ops@example.community"), "-");
	STR_EQ("placeholder/not corp.example", ph("ops@corp.example"), "-");
	STR_EQ("placeholder/not myexample.com", ph("ops@myexample.com"), "-");
	STR_EQ("placeholder/not Todd", ph("Todd Xxxavier"), "-");
	STR_EQ("placeholder/not Maxx", ph("Maxx"), "-");
	STR_EQ("placeholder/not a real phone", ph("+44 20 7946 0101"), "-");
	STR_EQ("placeholder/NULL", ph(NULL), "-");
}
