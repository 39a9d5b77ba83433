/* test_pool.c: the thread pool runs every task exactly once whatever the
 * number of threads; child builds join their arenas and diagnostics in
 * task order. */
#include "harness.h"
#include "model/build.h"
#include "base/pool.h"
#include <stdlib.h>
#include <pthread.h>
#include <unistd.h>

struct count_ctx {
	unsigned *hits;
};

/* Count how often each task ran. */
static void count_task(void *ctx, size_t i)
{
	struct count_ctx *c = ctx;
	c->hits[i]++;
}

/* Run n tasks on jobs threads; true when each ran exactly once. */
static int each_once(int jobs, size_t n)
{
	struct count_ctx c = {calloc(n + 1, sizeof *c.hits)};
	rb_pool_run(jobs, n, count_task, NULL, &c, NULL);
	int ok = 1;
	for (size_t i = 0; i < n; i++)
		ok &= c.hits[i] == 1;
	ok &= c.hits[n] == 0;
	free(c.hits);
	return ok;
}

struct diag_ctx {
	struct rb_build *b;
	struct rb_build *child;
};

/* Record one note per task, with a detail that names the task. */
static void diag_task(void *ctx, size_t i)
{
	struct diag_ctx *c = ctx;
	rb_build_fork(c->b, &c->child[i]);
	rb_diag(&c->child[i], RB_D_IO, (struct rb_loc){"f.md", 1, 1}, "task %zu", i);
}

/* An ordered run's record: which tasks ran and on which worker, the order
 * of the joins, and the most tasks begun and not yet joined. */
struct ordered_ctx {
	pthread_mutex_t lock;
	size_t n, window, stop_at;   /* stop_at: the join that says no more */
	unsigned *hits;
	int *busy;                  /* per worker number: a task runs on it */
	size_t *joins, njoins;
	size_t begun, joined, most;
	int shared_worker;          /* a worker number was used by two tasks at once */
};

/* Count the task, check its worker is free, and take a little time. */
static void ordered_task(void *ctx, size_t i, int worker)
{
	struct ordered_ctx *c = ctx;
	pthread_mutex_lock(&c->lock);
	c->hits[i]++;
	c->begun++;
	if (c->begun - c->joined > c->most)
		c->most = c->begun - c->joined;
	c->shared_worker |= c->busy[worker]++ != 0;
	pthread_mutex_unlock(&c->lock);
	usleep((useconds_t)(i % 7) * 100);
	pthread_mutex_lock(&c->lock);
	c->busy[worker]--;
	pthread_mutex_unlock(&c->lock);
}

/* Note the join; say stop at stop_at. */
static bool ordered_join(void *ctx, size_t i)
{
	struct ordered_ctx *c = ctx;
	pthread_mutex_lock(&c->lock);
	c->joins[c->njoins++] = i;
	c->joined++;
	pthread_mutex_unlock(&c->lock);
	return i != c->stop_at;
}

/* An ordered run of n tasks on jobs threads with window w, stopping after
 * join stop_at (n: never); true when each task up to the end ran once,
 * joins came in order 0, 1, ..., no more than w were in flight, and no
 * worker number ran two tasks at once. */
static int ordered_ok(int jobs, size_t n, size_t w, size_t stop_at)
{
	struct ordered_ctx c = {.n = n, .window = w, .stop_at = stop_at};
	pthread_mutex_init(&c.lock, NULL);
	c.hits = calloc(n + 1, sizeof *c.hits);
	c.busy = calloc((size_t)jobs + 1, sizeof *c.busy);
	c.joins = calloc(n + 1, sizeof *c.joins);
	rb_pool_run_ordered(jobs, n, w, ordered_task, ordered_join, &c);
	int ok = !c.shared_worker && c.most <= (w ? w : 1);
	for (size_t k = 0; k < c.njoins; k++)
		ok &= c.joins[k] == k;
	if (stop_at >= n) {
		ok &= c.njoins == n;
		for (size_t i = 0; i < n; i++)
			ok &= c.hits[i] == 1;
	} else {
		/* after the stop no task begins: what began was joined, no more */
		ok &= c.njoins >= stop_at + 1 && c.njoins <= stop_at + (w ? w : 1);
		for (size_t i = 0; i < n; i++)
			ok &= c.hits[i] == (i < c.njoins);
	}
	free(c.hits), free(c.busy), free(c.joins);
	pthread_mutex_destroy(&c.lock);
	return ok;
}

UNIT_SUITE(pool_tests)
static void pool_tests(void)
{
	OK("pool/one-thread", each_once(1, 100));
	OK("pool/three-threads", each_once(3, 1000));
	OK("pool/more-threads-than-tasks", each_once(8, 3));
	OK("pool/no-tasks", each_once(4, 0));
	OK("pool/default-jobs", rb_pool_default_jobs() >= 1);
	OK("pool/ordered-one-thread", ordered_ok(1, 50, 2, 50));
	OK("pool/ordered-two-threads", ordered_ok(2, 200, 4, 200));
	OK("pool/ordered-eight-threads-window-16", ordered_ok(8, 300, 16, 300));
	OK("pool/ordered-window-1", ordered_ok(4, 40, 1, 40));
	OK("pool/ordered-no-tasks", ordered_ok(4, 0, 8, 0));
	OK("pool/ordered-stop", ordered_ok(4, 100, 8, 30));
	OK("pool/ordered-stop-first", ordered_ok(3, 100, 6, 0));

	struct rb_build b;
	rb_build_init(&b);
	struct diag_ctx c = {&b, calloc(50, sizeof *c.child)};
	rb_pool_run(4, 50, diag_task, NULL, &c, NULL);
	for (size_t i = 0; i < 50; i++)
		rb_build_join(&b, &c.child[i]);
	free(c.child);
	OK("pool/join-count", b.diags.n == 50);
	int in_order = b.diags.n == 50;
	for (size_t i = 0; in_order && i < 50; i++) {
		char want[32];
		snprintf(want, sizeof want, "task %zu", i);
		in_order = !strcmp(b.diags.v[i].detail, want) && b.diags.v[i].seq == i;
	}
	OK("pool/join-in-task-order", in_order);
	OK("pool/join-worst", b.diags.any && b.diags.worst == RB_ERROR);
	rb_build_free(&b);

	struct rb_progress p;
	rb_progress_start(&p, stdout, 10, false);
	OK("pool/progress-silent-off-tty", p.f == NULL || isatty(fileno(stdout)));
	rb_progress_start(&p, stderr, 10, true);
	OK("pool/progress-silent-quiet", p.f == NULL);
}
