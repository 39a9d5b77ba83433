/* pool.h: a small pthread pool for the per-runbook stages (read, parse,
 * check). Tasks are numbered 0..n-1 and run in any order on any thread;
 * callers keep each task's result in its own slot and merge the slots in
 * order afterwards, so the output never depends on scheduling. */
#ifndef RB_POOL_H
#define RB_POOL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The progress line of a long stage: "[ 512/1000] runbooks/x.md",
 * rewritten in place on a terminal. Silent unless enabled. */
struct rb_progress {
	FILE *f;                 /* NULL: silent */
	size_t total, done;
	long last_ms;            /* when the line was last drawn */
	bool drawn;              /* a line is on the screen */
};

/* The default number of threads: the online cores, at least 1. */
int rb_pool_default_jobs(void);
/* Run task(ctx, i) for every i below n on up to jobs threads (the calling
 * thread is one of them) and return when all are done. With jobs <= 1 the
 * tasks run in order on the calling thread. progress (may be NULL) is
 * advanced after each task, labelled by label(ctx, i) (label may be NULL
 * or return NULL). */
void rb_pool_run(int jobs, size_t n, void (*task)(void *ctx, size_t i),
		 const char *(*label)(void *ctx, size_t i), void *ctx, struct rb_progress *progress);

/* Start a progress line for total tasks on f when f is a terminal and
 * quiet is false; otherwise the progress stays silent. */
void rb_progress_start(struct rb_progress *p, FILE *f, size_t total, bool quiet);
/* Count one finished task and redraw the line (at most every 50 ms). */
void rb_progress_step(struct rb_progress *p, const char *label);
/* Erase the line, leaving the terminal as it was. */
void rb_progress_end(struct rb_progress *p);

#endif
