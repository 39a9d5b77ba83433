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

/* Run task(ctx, i, worker) for every i below n on up to jobs threads and
 * join(ctx, i) for every i in order 0, 1, ... on the calling thread, each
 * once its task has finished: the ordered pipeline of a stage whose
 * outputs are joined in a fixed order. worker (below jobs) numbers the
 * thread running the task, for per-thread scratch; two tasks never run at
 * once with the same number. At most window tasks (at least 1) are begun
 * and not yet joined, which bounds what is in flight. Once join returns
 * false no task begins; the tasks begun are still joined, in order. The
 * calling thread runs tasks too while the next to join is not done. With
 * jobs <= 1: task(i) then join(i), in order, on the calling thread. */
void rb_pool_run_ordered(int jobs, size_t n, size_t window, void (*task)(void *ctx, size_t i, int worker),
			 bool (*join)(void *ctx, size_t i), void *ctx);

/* Start a progress line for total tasks on f when f is a terminal and
 * quiet is false; otherwise the progress stays silent. */
void rb_progress_start(struct rb_progress *p, FILE *f, size_t total, bool quiet);
/* Count one finished task and redraw the line (at most every 50 ms). */
void rb_progress_step(struct rb_progress *p, const char *label);
/* Erase the line, leaving the terminal as it was. */
void rb_progress_end(struct rb_progress *p);

#endif
