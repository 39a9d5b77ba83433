/* events.h: the server-sent events of `rbc serve` (/_rbc/events). The
 * serve loop publishes; each open page reads its own stream on its
 * connection's thread. Events are
 *   event: reload       data: {"changed":["orders-db.html",...]}
 *   event: diagnostics  data: {"ok":false,"errors":1,"items":[...]}
 * The last diagnostics event is the state: every new stream starts with
 * it, so a page opened while the book is broken shows the overlay.
 * Streams are capped (each holds a connection and its thread): one past
 * the cap is refused, and a stream whose page went away is noticed within
 * a second, so its slot comes back. */
#ifndef RB_EVENTS_H
#define RB_EVENTS_H
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define RB_EVENTS_RING 32    /* events a slow page may fall behind by */
#define RB_EVENTS_MAX 64     /* streams open at once (pages listening) */

struct rb_events {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	unsigned long seq;            /* events published so far */
	char *ring[RB_EVENTS_RING];   /* event seq as SSE text at [seq % RING] */
	char *state;                  /* the last diagnostics event */
	unsigned streams;             /* open now, at most RB_EVENTS_MAX */
	bool stopping;
};

/* An empty publisher: no events, no state, no streams. */
void rb_events_init(struct rb_events *e);
/* Publish event name with one line of JSON data to every stream; a
 * "diagnostics" event also becomes the state. */
void rb_events_publish(struct rb_events *e, const char *name, const char *json);
/* End every stream (they return -1) and refuse new ones. */
void rb_events_stop(struct rb_events *e);
/* Free the events and state (after rb_events_stop and the server's end). */
void rb_events_free(struct rb_events *e);

/* One page's stream, on the connected socket fd (watched for the page
 * going away); NULL when RB_EVENTS_MAX streams are open or the server
 * stops. */
struct rb_events_stream;
struct rb_events_stream *rb_events_open(struct rb_events *e, int fd);
/* Copy up to max bytes of the stream into buf, waiting (up to 15 s, then
 * a keep-alive comment) for an event. -1 when the server stops or the
 * page closed its connection. */
ssize_t rb_events_read(struct rb_events_stream *s, char *buf, size_t max);
/* Free the stream and give its slot back. */
void rb_events_close(struct rb_events_stream *s);

#endif
