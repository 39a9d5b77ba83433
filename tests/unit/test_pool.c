/* test_pool.c: the thread pool runs every task exactly once whatever the
 * number of threads; child builds join their arenas and diagnostics in
 * task order. */
#include "harness.h"
#include "model/build.h"
#include "base/pool.h"
#include <stdlib.h>
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

UNIT_SUITE(pool_tests)
static void pool_tests(void)
{
	OK("pool/one-thread", each_once(1, 100));
	OK("pool/three-threads", each_once(3, 1000));
	OK("pool/more-threads-than-tasks", each_once(8, 3));
	OK("pool/no-tasks", each_once(4, 0));
	OK("pool/default-jobs", rb_pool_default_jobs() >= 1);

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
