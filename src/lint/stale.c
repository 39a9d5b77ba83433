/* stale.c: the staleness report's findings. One pass over the book
 * collects runbooks to review, contacts to confirm and owners to fix; the
 * git pass (stale_git.c) adds history findings; then the list is filtered
 * by owner and sorted so each owner gets one list, most urgent first. */
#include "lint/stale.h"
#include "model/review.h"
#include "lint/stale_git.h"
#include "base/util.h"
#include <limits.h>
#include <stdlib.h>
#include <string.h>

const char *rb_stale_kind_name(enum rb_stale_kind k)
{
	static const char *const names[RB_STALE__COUNT] = {
		"overdue", "due", "never", "changed", "bumped", "contact-overdue", "contact-due",
		"contact-never", "placeholder", "owner-unknown", "no-owner"};
	return names[k];
}

/* A growable list of findings used while collecting. */
struct rb_stale_list {
	struct rb_stale_finding *v;
	size_t n, cap;
};

/* Append a zeroed finding of kind to l, in b's arena. */
static struct rb_stale_finding *stale_add(struct rb_build *b, struct rb_stale_list *l, enum rb_stale_kind kind)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		struct rb_stale_finding *v = rb_arena_alloc(&b->arena, cap * sizeof *v);
		if (l->n)
			memcpy(v, l->v, l->n * sizeof *v);
		l->v = v;
		l->cap = cap;
	}
	struct rb_stale_finding *f = &l->v[l->n++];
	memset(f, 0, sizeof *f);
	f->kind = kind;
	f->last = f->due = f->commit_day = -1;
	return f;
}

/* An owner id as written, without a leading '@'; NULL when empty. */
static const char *owner_key(const char *s)
{
	if (s && s[0] == '@')
		s++;
	return s && *s ? s : NULL;
}

const char *rb_stale_owner(const struct rb_runbook *rb)
{
	const char *owner = owner_key(rb->owner.s);
	return owner ? owner : RB_STALE_NOBODY;
}

static const char *date_str(struct rb_build *b, long days)
{
	char d[16];
	rb_format_date(days, d, sizeof d);
	return rb_arena_strdup(&b->arena, d);
}

/* Count a review state into counts. */
static void count_state(struct rb_stale_counts *c, enum rb_review_state s)
{
	switch (s) {
	case RB_REVIEW_FRESH: c->fresh++; break;
	case RB_REVIEW_DUE: c->due++; break;
	case RB_REVIEW_OVERDUE: c->overdue++; break;
	case RB_REVIEW_NEVER: c->never++; break;
	}
}

/* The review finding for one runbook, if it is not fresh. */
static void runbook_review(struct rb_build *b, struct rb_stale_list *l, const struct rb_runbook *rb,
			   const struct rb_review *rv)
{
	static const enum rb_stale_kind kinds[] = {RB_STALE__COUNT, RB_STALE_DUE, RB_STALE_OVERDUE, RB_STALE_NEVER};
	if (rv->state == RB_REVIEW_FRESH)
		return;
	struct rb_stale_finding *f = stale_add(b, l, kinds[rv->state]);
	f->owner = rb_stale_owner(rb);
	f->subject_type = "runbook";
	f->subject = rb->path;
	f->title = rb->title.s;
	f->tier = rb->tier;
	f->loc = rb->reviewed.set ? rb->reviewed.loc : (struct rb_loc){rb->file, 1, 1};
	if (rv->state == RB_REVIEW_NEVER) {
		f->detail = "never reviewed: review it and add 'reviewed: YYYY-MM-DD' to its front matter";
		return;
	}
	f->last = rb->reviewed.days;
	f->due = rv->due;
	f->days_overdue = -rv->days_left;
	if (rv->state == RB_REVIEW_OVERDUE)
		f->detail = rb_arena_printf(&b->arena, "review it: due %s, %ld day%s overdue", date_str(b, rv->due),
					    -rv->days_left, rv->days_left == -1 ? "" : "s");
	else
		f->detail = rb_arena_printf(&b->arena, "review it by %s (%ld day%s left)", date_str(b, rv->due),
					    rv->days_left, rv->days_left == 1 ? "" : "s");
}

/* An owner finding (missing, or not in contacts.yaml) for a runbook or
 * one of its scenarios (sc != NULL). */
static void owner_finding(struct rb_build *b, struct rb_stale_list *l, const struct rb_runbook *rb,
			  const struct rb_scenario *sc, const char *owner, struct rb_loc loc)
{
	struct rb_stale_finding *f = stale_add(b, l, owner ? RB_STALE_OWNER_UNKNOWN : RB_STALE_NO_OWNER);
	f->owner = owner ? owner : RB_STALE_NOBODY;
	f->subject_type = sc ? "scenario" : "runbook";
	f->subject = sc ? rb_arena_printf(&b->arena, "%s#%s", rb->path, sc->id) : rb->path;
	f->title = sc ? sc->title : rb->title.s;
	f->tier = rb->tier;
	f->loc = loc;
	if (owner)
		f->detail = rb_arena_printf(&b->arena, "owner '%s' is not in contacts.yaml: add the contact or fix the owner",
					    owner);
	else if (sc)
		f->detail = "no owner: add **Owner:** to the scenario or 'owner:' to the runbook";
	else
		f->detail = "no owner: add 'owner:' to the front matter";
}

/* Owners of a runbook and of its scenarios: missing or unknown. */
static void runbook_owners(struct rb_build *b, struct rb_stale_list *l, const struct rb_runbook *rb)
{
	const char *owner = owner_key(rb->owner.s);
	struct rb_loc top = {rb->file, 1, 1};
	if (!owner)
		owner_finding(b, l, rb, NULL, NULL, top);
	else if (!rb_book_contact(&b->book, owner))
		owner_finding(b, l, rb, NULL, owner, rb->owner.loc);
	for (size_t i = 0; i < rb->nscenarios; i++) {
		const struct rb_scenario *sc = &rb->scenarios[i];
		const char *so = owner_key(sc->owner.s);
		if (so && !rb_book_contact(&b->book, so))
			owner_finding(b, l, rb, sc, so, sc->owner.loc);
		else if (!so && !owner)
			owner_finding(b, l, rb, sc, NULL, sc->loc);
	}
}

/* The lowest (most critical) tier among the runbooks and scenarios a
 * contact owns; 0 when it owns none with a tier. */
static int contact_tier(const struct rb_book *book, const char *id)
{
	int best = 0;
	for (size_t i = 0; i < book->nrunbooks; i++) {
		const struct rb_runbook *rb = book->runbooks[i];
		const char *ro = owner_key(rb->owner.s);
		bool owns = ro && !strcmp(ro, id);
		for (size_t j = 0; !owns && j < rb->nscenarios; j++) {
			const char *so = owner_key(rb->scenarios[j].owner.s);
			owns = so && !strcmp(so, id);
		}
		if (owns && rb->tier > 0 && (best == 0 || rb->tier < best))
			best = rb->tier;
	}
	return best;
}

/* Verification and placeholder findings for one contact. */
static void contact_findings(struct rb_build *b, struct rb_stale_list *l, const struct rb_contact *c,
			     const struct rb_review *rv)
{
	static const enum rb_stale_kind kinds[] = {RB_STALE__COUNT, RB_STALE_CONTACT_DUE, RB_STALE_CONTACT_OVERDUE,
						   RB_STALE_CONTACT_NEVER};
	int tier = contact_tier(&b->book, c->id);
	if (rv->state != RB_REVIEW_FRESH) {
		struct rb_stale_finding *f = stale_add(b, l, kinds[rv->state]);
		f->owner = c->id;
		f->subject_type = "contact";
		f->subject = c->id;
		f->title = c->name.s;
		f->tier = tier;
		f->loc = c->verified.set ? c->verified.loc : c->loc;
		if (rv->state == RB_REVIEW_NEVER) {
			f->detail = "never verified: confirm the details and add 'verified: YYYY-MM-DD'";
		} else {
			f->last = c->verified.days;
			f->due = rv->due;
			f->days_overdue = -rv->days_left;
			f->detail = rv->state == RB_REVIEW_OVERDUE
				? rb_arena_printf(&b->arena, "confirm the details: due %s, %ld day%s overdue",
						  date_str(b, rv->due), -rv->days_left, rv->days_left == -1 ? "" : "s")
				: rb_arena_printf(&b->arena, "confirm the details by %s (%ld day%s left)",
						  date_str(b, rv->due), rv->days_left, rv->days_left == 1 ? "" : "s");
		}
	}
	const struct { const char *field; const struct rb_text *t; } fields[] = {
		{"name", &c->name}, {"role", &c->role}, {"email", &c->email}, {"phone", &c->phone}, {"pager", &c->pager}};
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
		const char *ph = rb_review_placeholder(fields[i].t->s);
		if (!ph)
			continue;
		struct rb_stale_finding *f = stale_add(b, l, RB_STALE_PLACEHOLDER);
		f->owner = c->id;
		f->subject_type = "contact";
		f->subject = c->id;
		f->title = c->name.s;
		f->tier = tier;
		f->loc = fields[i].t->loc;
		f->detail = rb_arena_printf(&b->arena, "%s holds the placeholder '%s': replace it with the real value",
					    fields[i].field, ph);
	}
}

/* Sort key within a tier: never reviewed first, then most days overdue,
 * then the findings without a date. */
static long urgency(const struct rb_stale_finding *f)
{
	if (f->kind == RB_STALE_NEVER || f->kind == RB_STALE_CONTACT_NEVER)
		return LONG_MAX;
	if (f->due >= 0)
		return f->days_overdue;
	return LONG_MIN;
}

static int cmp_findings(const void *pa, const void *pb)
{
	const struct rb_stale_finding *a = pa, *b = pb;
	bool na = !strcmp(a->owner, RB_STALE_NOBODY), nb = !strcmp(b->owner, RB_STALE_NOBODY);
	if (na != nb)
		return na ? 1 : -1;
	int c = strcmp(a->owner, b->owner);
	if (c)
		return c;
	int ta = a->tier ? a->tier : 99, tb = b->tier ? b->tier : 99;
	if (ta != tb)
		return ta < tb ? -1 : 1;
	long ua = urgency(a), ub = urgency(b);
	if (ua != ub)
		return ua > ub ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	c = strcmp(a->subject, b->subject);
	return c ? c : strcmp(a->detail, b->detail);
}

/* Whether a runbook or contact belongs in the counts under --owner. */
static bool owned_by(const char *owner, const char *filter)
{
	return !filter || (owner && !strcmp(owner, filter));
}

/* Turn what the history says about each runbook into findings. */
static void add_findings(struct rb_build *b, struct rb_stale_list *l, const struct rb_stale_history *files, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct rb_stale_history *f = &files[i];
		const struct rb_runbook *rb = f->rb;
		char d[16], rd[16];
		rb_format_date(rb->reviewed.days, rd, sizeof rd);
		for (int k = 0; k < 2; k++) {
			bool changed = k == 0;
			if (changed ? !f->nchanged : !(f->review_seen && f->review_bump_only))
				continue;
			struct rb_stale_finding *x = stale_add(b, l, changed ? RB_STALE_CHANGED : RB_STALE_BUMPED);
			x->owner = rb_stale_owner(rb);
			x->subject_type = "runbook";
			x->subject = rb->path;
			x->title = rb->title.s;
			x->tier = rb->tier;
			x->loc = rb->reviewed.loc;
			x->last = rb->reviewed.days;
			x->commit = rb_arena_strdup(&b->arena, changed ? f->changed_commit : f->review_commit);
			x->commit_day = changed ? f->changed_day : f->review_day;
			rb_format_date(x->commit_day, d, sizeof d);
			x->detail = changed
				? rb_arena_printf(&b->arena, "changed in %zu commit%s after its review on %s (newest: %s on %s): review the changes",
						  f->nchanged, f->nchanged == 1 ? "" : "s", rd, x->commit, d)
				: rb_arena_printf(&b->arena, "reviewed date set to %s in commit %s on %s, which changed nothing else: confirm the review",
						  rd, x->commit, d);
		}
	}
}

/* Read the history and add its CHANGED and BUMPED findings; sets
 * r->git_checked and r->git_note. */
static void history_findings(struct rb_build *b, struct rb_stale_report *r, struct rb_stale_list *l)
{
	if (!b->book.nrunbooks) {
		r->git_note = "history not checked: the book has no runbooks";
		return;
	}
	struct rb_stale_history *files;
	size_t n, ncommits;
	int st = rb_stale_git_read(b, &files, &n, &ncommits);
	if (st != 0) {
		r->git_note = st < 0 ? "history not checked: git is not installed"
				     : "history not checked: the book is not inside a git repository with commits";
		return;
	}
	add_findings(b, l, files, n);
	r->git_checked = true;
	r->git_note = rb_arena_printf(&b->arena, "history checked: %zu commit%s", ncommits, ncommits == 1 ? "" : "s");
}

void rb_stale_collect(struct rb_build *b, struct rb_stale_report *r, long window_days, const char *owner)
{
	struct rb_stale_list l = {0};
	struct rb_quarter q = rb_review_quarter(b->as_of);
	memset(r, 0, sizeof *r);
	rb_review_quarter_name(&q, r->quarter, sizeof r->quarter);
	r->as_of = b->as_of;
	r->window_days = window_days;
	r->window_end = b->as_of + window_days;
	r->owner_filter = owner_key(owner);
	for (size_t i = 0; i < b->book.nrunbooks; i++) {
		const struct rb_runbook *rb = b->book.runbooks[i];
		struct rb_review rv = rb_review_runbook(b, rb, window_days);
		if (owned_by(owner_key(rb->owner.s), r->owner_filter))
			count_state(&r->runbooks, rv.state);
		runbook_review(b, &l, rb, &rv);
		runbook_owners(b, &l, rb);
	}
	for (size_t i = 0; i < b->book.ncontacts; i++) {
		const struct rb_contact *c = &b->book.contacts[i];
		struct rb_review rv = rb_review_contact(b, c, window_days);
		if (owned_by(c->id, r->owner_filter))
			count_state(&r->contacts, rv.state);
		contact_findings(b, &l, c, &rv);
	}
	history_findings(b, r, &l);
	size_t keep = 0;
	for (size_t i = 0; i < l.n; i++)
		if (owned_by(l.v[i].owner, r->owner_filter))
			l.v[keep++] = l.v[i];
	if (keep)
		qsort(l.v, keep, sizeof *l.v, cmp_findings);
	r->findings = l.v;
	r->nfindings = keep;
}

bool rb_stale_fails(const struct rb_stale_report *r, const char *level)
{
	if (!level)
		return false;
	bool due = !strcmp(level, "due");
	for (size_t i = 0; i < r->nfindings; i++) {
		switch (r->findings[i].kind) {
		case RB_STALE_OVERDUE: case RB_STALE_NEVER:
		case RB_STALE_CONTACT_OVERDUE: case RB_STALE_CONTACT_NEVER:
			return true;
		case RB_STALE_DUE: case RB_STALE_CONTACT_DUE:
			if (due)
				return true;
			break;
		default:
			break;
		}
	}
	return false;
}
