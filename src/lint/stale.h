/* stale.h: the staleness report's model. rb_stale_collect walks the book
 * once and gathers every finding (runbooks to review, contacts to confirm,
 * missing or unknown owners, git history against review dates) into a
 * plain, sorted list that the renderers in render_report.c format. */
#ifndef RB_STALE_H
#define RB_STALE_H
#include "model/build.h"

#define RB_STALE_SCHEMA_VERSION 1
#define RB_STALE_NOBODY "(no owner)"

enum rb_stale_kind {
	RB_STALE_OVERDUE,          /* runbook: reviewed + review_every before as-of */
	RB_STALE_DUE,              /* runbook: falls due within the window */
	RB_STALE_NEVER,            /* runbook: no reviewed date */
	RB_STALE_CHANGED,          /* runbook: content committed after its review */
	RB_STALE_BUMPED,           /* runbook: reviewed date bumped alone */
	RB_STALE_CONTACT_OVERDUE,  /* contact: not verified within contact_verify_every */
	RB_STALE_CONTACT_DUE,      /* contact: verification falls due within the window */
	RB_STALE_CONTACT_NEVER,    /* contact: no verified date */
	RB_STALE_PLACEHOLDER,      /* contact: a value is a placeholder */
	RB_STALE_OWNER_UNKNOWN,    /* runbook or scenario: owner not in contacts.yaml */
	RB_STALE_NO_OWNER,         /* runbook or scenario: no owner at all */
	RB_STALE__COUNT
};

/* One thing someone has to do. Strings live in the build's arena. */
struct rb_stale_finding {
	enum rb_stale_kind kind;
	const char *owner;        /* the group: an owner id or RB_STALE_NOBODY */
	const char *subject_type; /* "runbook", "scenario" or "contact" */
	const char *subject;      /* runbook path, "path#scenario" or contact id */
	const char *title;        /* runbook or scenario title, contact name; may be NULL */
	int tier;                 /* 1..3; 0 when unknown */
	long last;                /* reviewed / verified day, -1 when none */
	long due;                 /* due day, -1 when none */
	long days_overdue;        /* > 0 overdue; <= 0 days left; 0 when no date */
	const char *detail;       /* one sentence saying what to do */
	const char *commit;       /* CHANGED / BUMPED: short commit id */
	long commit_day;          /* CHANGED / BUMPED: committer date, -1 otherwise */
	struct rb_loc loc;
};

struct rb_stale_counts {
	size_t fresh, due, overdue, never;
};

struct rb_stale_report {
	char quarter[16];         /* "2026-Q4" */
	long as_of;               /* days since epoch */
	long window_days;
	long window_end;          /* as_of + window_days */
	const char *owner_filter; /* --owner, or NULL */
	struct rb_stale_counts runbooks, contacts;
	bool git_checked;         /* the history was read */
	const char *git_note;     /* why not, or a summary; never NULL */
	size_t nfindings;
	struct rb_stale_finding *findings;   /* sorted: owner, tier, days overdue */
};

/* Collect the report for b->book as of b->as_of over window_days; when
 * owner is not NULL keep only what that owner holds. */
void rb_stale_collect(struct rb_build *b, struct rb_stale_report *r, long window_days, const char *owner);
/* The finding kind's stable name: "overdue", "due", "never", "changed",
 * "bumped", "contact-overdue", ... */
const char *rb_stale_kind_name(enum rb_stale_kind k);
/* True when any finding is of a kind --fail-on LEVEL ("overdue" or "due")
 * counts. */
bool rb_stale_fails(const struct rb_stale_report *r, const char *level);

/* The group a runbook's findings go to: its owner without '@', or
 * RB_STALE_NOBODY. */
const char *rb_stale_owner(const struct rb_runbook *rb);

#endif
