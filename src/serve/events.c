/* events.c: server-sent events, one publisher and many streams. See events.h. */
#include "serve/events.h"
#include "base/arena.h"
#include "base/buf.h"
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define KEEPALIVE_SECS 15
#define GONE_CHECK_SECS 1    /* how often a waiting stream looks whether its page left */

struct rb_events_stream {
	struct rb_events *e;
	int fd;                 /* the page's connection */
	unsigned long seen;     /* events already queued */
	struct rb_buf out;      /* text queued for the page */
	size_t sent;            /* of out */
};

void rb_events_init(struct rb_events *e)
{
	memset(e, 0, sizeof *e);
	pthread_mutex_init(&e->mu, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&e->cv, &ca);
	pthread_condattr_destroy(&ca);
}

void rb_events_publish(struct rb_events *e, const char *name, const char *json)
{
	struct rb_buf t;
	rb_buf_init(&t);
	rb_buf_printf(&t, "event: %s\ndata: %s\n\n", name, json);
	pthread_mutex_lock(&e->mu);
	size_t slot = e->seq % RB_EVENTS_RING;
	free(e->ring[slot]);
	e->ring[slot] = rb_xstrdup(rb_buf_cstr(&t));
	if (!strcmp(name, "diagnostics")) {
		free(e->state);
		e->state = rb_xstrdup(rb_buf_cstr(&t));
	}
	e->seq++;
	pthread_cond_broadcast(&e->cv);
	pthread_mutex_unlock(&e->mu);
	rb_buf_free(&t);
}

void rb_events_stop(struct rb_events *e)
{
	pthread_mutex_lock(&e->mu);
	e->stopping = true;
	pthread_cond_broadcast(&e->cv);
	pthread_mutex_unlock(&e->mu);
}

void rb_events_free(struct rb_events *e)
{
	for (size_t i = 0; i < RB_EVENTS_RING; i++)
		free(e->ring[i]);
	free(e->state);
	pthread_cond_destroy(&e->cv);
	pthread_mutex_destroy(&e->mu);
}

struct rb_events_stream *rb_events_open(struct rb_events *e, int fd)
{
	pthread_mutex_lock(&e->mu);
	if (e->stopping || e->streams >= RB_EVENTS_MAX) {
		pthread_mutex_unlock(&e->mu);
		return NULL;
	}
	e->streams++;
	struct rb_events_stream *s = rb_xcalloc(1, sizeof *s);
	s->e = e;
	s->fd = fd;
	rb_buf_init(&s->out);
	rb_buf_puts(&s->out, "retry: 500\n\n");   /* reconnect quickly after a restart */
	s->seen = e->seq;
	if (e->state)
		rb_buf_puts(&s->out, e->state);
	pthread_mutex_unlock(&e->mu);
	return s;
}

/* Queue what the stream has not seen yet; called with the lock held. */
static void catch_up(struct rb_events_stream *s)
{
	struct rb_events *e = s->e;
	if (e->seq - s->seen > RB_EVENTS_RING) {       /* fell behind: reload */
		rb_buf_puts(&s->out, "event: reload\ndata: {\"all\":true}\n\n");
		if (e->state)
			rb_buf_puts(&s->out, e->state);
		s->seen = e->seq;
	}
	for (; s->seen < e->seq; s->seen++)
		rb_buf_puts(&s->out, e->ring[s->seen % RB_EVENTS_RING]);
}

/* True when the page closed its end of the connection (or it broke). */
static bool page_gone(int fd)
{
	struct pollfd p = {fd, POLLRDHUP, 0};
	return fd >= 0 && poll(&p, 1, 0) > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL));
}

ssize_t rb_events_read(struct rb_events_stream *s, char *buf, size_t max)
{
	struct rb_events *e = s->e;
	if (s->sent == s->out.len) {
		rb_buf_reset(&s->out);
		s->sent = 0;
		struct timespec now, until, slice;
		clock_gettime(CLOCK_MONOTONIC, &now);
		until = now;
		until.tv_sec += KEEPALIVE_SECS;
		bool gone = false;
		pthread_mutex_lock(&e->mu);
		while (!e->stopping && s->seen == e->seq && !gone) {
			clock_gettime(CLOCK_MONOTONIC, &slice);
			if (slice.tv_sec >= until.tv_sec)
				break;
			slice.tv_sec += GONE_CHECK_SECS;
			if (pthread_cond_timedwait(&e->cv, &e->mu, &slice))
				gone = page_gone(s->fd);   /* a second without news: is anyone there? */
		}
		bool stop = e->stopping || gone;
		if (!stop)
			catch_up(s);
		pthread_mutex_unlock(&e->mu);
		if (stop)
			return -1;
		if (!s->out.len)
			rb_buf_puts(&s->out, ": keep-alive\n\n");
	}
	size_t n = s->out.len - s->sent;
	if (n > max)
		n = max;
	memcpy(buf, s->out.data + s->sent, n);
	s->sent += n;
	return (ssize_t)n;
}

void rb_events_close(struct rb_events_stream *s)
{
	pthread_mutex_lock(&s->e->mu);
	s->e->streams--;
	pthread_mutex_unlock(&s->e->mu);
	rb_buf_free(&s->out);
	free(s);
}
