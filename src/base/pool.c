/* pool.c: the thread pool of the per-runbook stages and its progress line.
 * All state lives in a struct rb_pool on the caller's stack. */
#include "base/pool.h"
#include "base/util.h"
#include <stdlib.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#define RB_POOL_MAX_THREADS 256

struct rb_pool {
	pthread_mutex_t lock;    /* guards next and progress */
	size_t next, n;
	void (*task)(void *ctx, size_t i);
	const char *(*label)(void *ctx, size_t i);
	void *ctx;
	struct rb_progress *progress;
};

int rb_pool_default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		return 1;
	return n > RB_POOL_MAX_THREADS ? RB_POOL_MAX_THREADS : (int)n;
}

/* A worker: take the next task number until none is left. Returns NULL. */
static void *worker(void *arg)
{
	struct rb_pool *p = arg;
	for (;;) {
		pthread_mutex_lock(&p->lock);
		size_t i = p->next < p->n ? p->next++ : p->n;
		pthread_mutex_unlock(&p->lock);
		if (i == p->n)
			return NULL;
		p->task(p->ctx, i);
		if (p->progress && p->progress->f) {
			const char *name = p->label ? p->label(p->ctx, i) : NULL;
			pthread_mutex_lock(&p->lock);
			rb_progress_step(p->progress, name);
			pthread_mutex_unlock(&p->lock);
		}
	}
}

void rb_pool_run(int jobs, size_t n, void (*task)(void *ctx, size_t i),
		 const char *(*label)(void *ctx, size_t i), void *ctx, struct rb_progress *progress)
{
	struct rb_pool p = {.n = n, .task = task, .label = label, .ctx = ctx, .progress = progress};
	pthread_t tid[RB_POOL_MAX_THREADS];
	size_t want = jobs < 1 ? 1 : (size_t)jobs, started = 0;
	if (want > RB_POOL_MAX_THREADS)
		want = RB_POOL_MAX_THREADS;
	if (want > n)
		want = n;
	pthread_mutex_init(&p.lock, NULL);
	/* the calling thread is worker number one; a thread that cannot be
	 * started only means fewer workers */
	for (size_t t = 1; t < want; t++) {
		if (pthread_create(&tid[started], NULL, worker, &p) != 0)
			break;
		started++;
	}
	worker(&p);
	for (size_t t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	pthread_mutex_destroy(&p.lock);
}

/* The state of one rb_pool_run_ordered, on the caller's stack. */
struct ordered {
	pthread_mutex_t lock;     /* guards everything below but the callbacks */
	pthread_cond_t changed;   /* a task finished, a task was joined, or stop */
	size_t n, window;
	size_t next;              /* the first task not begun */
	size_t joined;            /* tasks joined so far */
	bool stop;                /* a join said no more */
	unsigned char *done;      /* per task: it has finished */
	void (*task)(void *ctx, size_t i, int worker);
	void *ctx;
};

/* The next task that may begin (lock held), or n when none may now. */
static size_t take(struct ordered *o)
{
	if (o->stop || o->next >= o->n || o->next >= o->joined + o->window)
		return o->n;
	return o->next++;
}

/* Run task i as worker outside the lock and mark it done; the lock is
 * held on entry and on return. */
static void run_one(struct ordered *o, size_t i, int worker)
{
	pthread_mutex_unlock(&o->lock);
	o->task(o->ctx, i, worker);
	pthread_mutex_lock(&o->lock);
	o->done[i] = 1;
	pthread_cond_broadcast(&o->changed);
}

/* A thread of an ordered run and its worker number. */
struct ordered_thread {
	struct ordered *o;
	int worker;
};

/* An ordered run's thread: begin tasks while the window allows, until
 * none is left or the run stops. Returns NULL. */
static void *ordered_worker(void *arg)
{
	struct ordered_thread *t = arg;
	struct ordered *o = t->o;
	pthread_mutex_lock(&o->lock);
	for (;;) {
		size_t i = take(o);
		if (i < o->n)
			run_one(o, i, t->worker);
		else if (o->stop || o->next >= o->n)
			break;
		else
			pthread_cond_wait(&o->changed, &o->lock);
	}
	pthread_mutex_unlock(&o->lock);
	return NULL;
}

void rb_pool_run_ordered(int jobs, size_t n, size_t window, void (*task)(void *ctx, size_t i, int worker),
			 bool (*join)(void *ctx, size_t i), void *ctx)
{
	if (jobs <= 1 || n <= 1) {
		for (size_t i = 0; i < n; i++) {
			task(ctx, i, 0);
			if (!join(ctx, i))
				break;
		}
		return;
	}
	struct ordered o = {.n = n, .window = window ? window : 1, .task = task, .ctx = ctx};
	o.done = rb_xcalloc(n, 1);
	pthread_mutex_init(&o.lock, NULL);
	pthread_cond_init(&o.changed, NULL);
	size_t want = (size_t)jobs < n ? (size_t)jobs : n, started = 0;
	if (want > RB_POOL_MAX_THREADS)
		want = RB_POOL_MAX_THREADS;
	pthread_t tid[RB_POOL_MAX_THREADS];
	struct ordered_thread threads[RB_POOL_MAX_THREADS];
	/* the calling thread is worker 0: it joins, and works while it waits */
	for (size_t t = 1; t < want; t++) {
		threads[started] = (struct ordered_thread){&o, (int)t};
		if (pthread_create(&tid[started], NULL, ordered_worker, &threads[started]) != 0)
			break;
		started++;
	}
	pthread_mutex_lock(&o.lock);
	for (size_t j = 0; j < o.next || (j < n && !o.stop); j++) {
		while (!o.done[j]) {
			size_t i = take(&o);
			if (i < n)
				run_one(&o, i, 0);
			else
				pthread_cond_wait(&o.changed, &o.lock);
		}
		pthread_mutex_unlock(&o.lock);
		bool more = join(ctx, j);
		pthread_mutex_lock(&o.lock);
		o.joined = j + 1;
		o.stop = o.stop || !more;
		pthread_cond_broadcast(&o.changed);
	}
	o.stop = true;
	pthread_cond_broadcast(&o.changed);
	pthread_mutex_unlock(&o.lock);
	for (size_t t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	pthread_cond_destroy(&o.changed);
	pthread_mutex_destroy(&o.lock);
	free(o.done);
}

/* Milliseconds on the monotonic clock. */
static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void rb_progress_start(struct rb_progress *p, FILE *f, size_t total, bool quiet)
{
	p->f = !quiet && f && isatty(fileno(f)) ? f : NULL;
	p->total = total;
	p->done = 0;
	p->last_ms = 0;
	p->drawn = false;
}

/* Digits of n in decimal, for the width of the counter. */
static int digits(size_t n)
{
	int d = 1;
	while (n >= 10)
		n /= 10, d++;
	return d;
}

/* Print a label without control bytes (a file name must not drive the
 * terminal) and short enough not to wrap, cut at a character boundary. */
static void put_label(FILE *f, const char *s)
{
	size_t n = 0;
	for (; s && s[n] && n < 60; n++)
		;
	while (s && s[n] && n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		fputc(ch < 0x20 || ch == 0x7f ? '?' : ch, f);
	}
}

void rb_progress_step(struct rb_progress *p, const char *label)
{
	if (!p->f)
		return;
	p->done++;
	long t = now_ms();
	if (p->drawn && t - p->last_ms < 50 && p->done < p->total)
		return;
	/* \r and "erase to end of line" redraw the line in place */
	int w = digits(p->total);
	fprintf(p->f, "\r\033[K[%*zu/%zu] ", w, p->done, p->total);
	put_label(p->f, label);
	fflush(p->f);
	p->last_ms = t;
	p->drawn = true;
}

void rb_progress_end(struct rb_progress *p)
{
	if (p->f && p->drawn) {
		fputs("\r\033[K", p->f);
		fflush(p->f);
	}
	p->drawn = false;
}
