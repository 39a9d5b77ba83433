/* http.h: the HTTP side of `rbc serve`, on libmicrohttpd. It serves one
 * folder (the private build of the book) read-only and safely:
 *   - GET and HEAD only (405 otherwise); no CORS headers;
 *   - a Host header naming another site is refused (403), which stops DNS
 *     rebinding: only localhost, IP literals, this machine's name and the
 *     --bind name pass, on the bound port;
 *   - a path is decoded once and refused (403) when it holds "." or ".."
 *     segments, a backslash, a NUL or control byte, or resolves (through
 *     symbolic links) outside the folder; hidden files are not served;
 *   - every reply says Cache-Control: no-store and X-Content-Type-Options:
 *     nosniff, with the content type from the file's extension;
 *   - HTML pages (only as served, never in the folder) get the live-reload
 *     script /_rbc/live.js, which listens to /_rbc/events (events.h). */
#ifndef RB_HTTP_H
#define RB_HTTP_H
#include <stdbool.h>
#include <stddef.h>
#include "serve/events.h"

struct rb_http;

struct rb_http_config {
	const char *bind;            /* an IPv4 or IPv6 address, or "localhost" */
	int port;                    /* 0: any free port */
	const char *root;            /* the served folder (need not exist yet) */
	struct rb_events *events;
};

/* Start serving on threads of its own. NULL, with why filled, when the
 * address is bad or the port cannot be bound. */
struct rb_http *rb_http_start(const struct rb_http_config *c, char *why, size_t whylen);
/* The port actually bound (useful with port 0). */
int rb_http_port(const struct rb_http *h);
/* Stop: rb_events_stop the streams first, then this closes every
 * connection, joins the threads and frees h. */
void rb_http_stop(struct rb_http *h);

/* The file below root that the request path url names, as a malloc'd
 * real path; NULL with *status set to 403 (refused) or 404 (not there).
 * A path ending in '/' names its index.html. */
char *rb_http_resolve(const char *root, const char *url, int *status);
/* True when a request with this Host header may be answered by a server
 * bound to bind:port. */
bool rb_http_host_ok(const char *host, const char *bind, int port);
/* The content type for a file name, by its extension. */
const char *rb_http_content_type(const char *name);

#endif
