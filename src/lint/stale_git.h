/* stale_git.h: the book's git history against its review dates, as facts
 * per runbook; stale.c turns them into findings. */
#ifndef RB_STALE_GIT_H
#define RB_STALE_GIT_H
#include "model/build.h"

/* What the history says about one runbook that has a reviewed date. */
struct rb_stale_history {
	const struct rb_runbook *rb;
	bool review_seen;         /* the review commit R was found (older commits no longer matter) */
	bool review_bump_only;    /* R changed nothing but `reviewed:` */
	char review_commit[16];
	long review_day;
	size_t nchanged;          /* content commits after R and after the reviewed day */
	char changed_commit[16];  /* the newest of them */
	long changed_day;
};

/* Read the book's history with one `git log`: *out gets one entry per
 * runbook with a reviewed date (*nout of them, 0 when git failed) and
 * *ncommits the commits read. Returns 0, git's exit status, or -1 when
 * git could not be started. */
int rb_stale_git_read(struct rb_build *b, struct rb_stale_history **out, size_t *nout, size_t *ncommits);

#endif
