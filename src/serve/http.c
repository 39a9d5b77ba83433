/* http.c: the preview server's requests, on libmicrohttpd. See http.h. */
#include "serve/http.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/util.h"
#include "serve/mhd.h"
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_PAGE_BYTES (64L * 1024 * 1024)   /* an HTML page read to add the script */
/* Connections at once, each on a thread of its own. Event streams hold
 * theirs for as long as a page is open, so they get at most
 * RB_EVENTS_MAX of these and page requests always keep the rest. */
#define MAX_CONNECTIONS 512
#define IDLE_TIMEOUT_SECS 30      /* an idle connection is closed after this */

struct rb_http {
	struct rb_mhd mhd;         /* libmicrohttpd, loaded at start */
	struct MHD_Daemon *d;
	char *bind;
	char *root;
	int port;
	struct rb_events *events;
};

/* The live-reload script (src/serve/live.js), embedded by the Makefile. */
static const char live_js[] =
#include "serve_live.inc"
	;

static const char live_tag[] = "<script src=\"/_rbc/live.js\" defer></script>";

/* Extension → content type; text is UTF-8. Step scripts are text/plain:
 * shown, never run. */
static const struct { const char *ext, *type; } types[] = {
	{"css", "text/css; charset=utf-8"}, {"gif", "image/gif"}, {"htm", "text/html; charset=utf-8"},
	{"html", "text/html; charset=utf-8"}, {"ico", "image/vnd.microsoft.icon"}, {"jpeg", "image/jpeg"},
	{"jpg", "image/jpeg"}, {"js", "text/javascript; charset=utf-8"}, {"json", "application/json"},
	{"md", "text/plain; charset=utf-8"}, {"pdf", "application/pdf"}, {"png", "image/png"},
	{"sh", "text/plain; charset=utf-8"}, {"svg", "image/svg+xml"}, {"txt", "text/plain; charset=utf-8"},
	{"webp", "image/webp"}, {"woff", "font/woff"}, {"woff2", "font/woff2"}, {"xml", "application/xml"},
	{"yaml", "text/plain; charset=utf-8"}, {"yml", "text/plain; charset=utf-8"},
};

const char *rb_http_content_type(const char *name)
{
	const char *slash = strrchr(name, '/'), *dot = strrchr(name, '.');
	if (dot && (!slash || dot > slash))
		for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
			if (!strcasecmp(dot + 1, types[i].ext))
				return types[i].type;
	return "application/octet-stream";
}

/* Decode %XX escapes of s[0..n) into out once; false on a bad escape, or
 * a decoded NUL, control byte or backslash. */
static bool decode_path(struct rb_buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%') {
			if (i + 2 >= n || !isxdigit((unsigned char)s[i + 1]) || !isxdigit((unsigned char)s[i + 2]))
				return false;
			char hex[3] = {s[i + 1], s[i + 2], 0};
			c = (unsigned char)strtol(hex, NULL, 16);
			i += 2;
		}
		if (c < 0x20 || c == 0x7f || c == '\\')
			return false;
		rb_buf_putc(out, c);
	}
	return true;
}

char *rb_http_resolve(const char *root, const char *url, int *status)
{
	*status = 403;
	struct rb_buf dec, path;
	rb_buf_init(&dec);
	rb_buf_init(&path);
	char *real = NULL, *realroot = NULL;
	if (url[0] != '/' || !decode_path(&dec, url, strcspn(url, "?#")))
		goto done;
	rb_buf_puts(&path, root);
	const char *p = rb_buf_cstr(&dec);
	bool dir = true;
	while (*p) {
		size_t n = strcspn(p, "/");
		if (n) {
			if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
				goto done;
			if (p[0] == '.') {            /* hidden files, .rbc-manifest */
				*status = 404;
				goto done;
			}
			rb_buf_putc(&path, '/');
			rb_buf_add(&path, p, n);
		}
		dir = p[n] == '/';
		p += n + (p[n] == '/');
	}
	if (dir)
		rb_buf_puts(&path, "/index.html");
	realroot = realpath(root, NULL);
	real = realpath(rb_buf_cstr(&path), NULL);
	struct stat st;
	if (!realroot || !real) {
		*status = errno == ENOENT || errno == ENOTDIR || !realroot ? 404 : 403;
		free(real);
		real = NULL;
	} else if (strncmp(real, realroot, strlen(realroot)) || real[strlen(realroot)] != '/') {
		free(real);       /* a symbolic link out of the folder */
		real = NULL;
	} else if (stat(real, &st) < 0 || !S_ISREG(st.st_mode)) {
		*status = 404;
		free(real);
		real = NULL;
	}
done:
	free(realroot);
	rb_buf_free(&dec);
	rb_buf_free(&path);
	return real;
}

/* True when s (n bytes) is an IPv4 or IPv6 address literal. */
static bool ip_literal(const char *s, size_t n)
{
	char tmp[64];
	unsigned char addr[16];
	if (n == 0 || n >= sizeof tmp)
		return false;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	return inet_pton(AF_INET, tmp, addr) == 1 || inet_pton(AF_INET6, tmp, addr) == 1;
}

bool rb_http_host_ok(const char *host, const char *bind, int port)
{
	if (!host || !*host)
		return false;
	const char *name = host, *colon;
	size_t n;
	if (host[0] == '[') {                  /* [v6]:port */
		const char *close = strchr(host, ']');
		if (!close)
			return false;
		name = host + 1;
		n = (size_t)(close - name);
		colon = close[1] == ':' ? close + 1 : close[1] ? host : NULL;
		if (colon == host)
			return false;
		if (!ip_literal(name, n))
			return false;
	} else {
		colon = strchr(host, ':');
		n = colon ? (size_t)(colon - host) : strlen(host);
	}
	if (colon) {
		char *end;
		long p = strtol(colon + 1, &end, 10);
		if (*end || end == colon + 1 || p != port)
			return false;
	}
	if (ip_literal(name, n))
		return true;          /* an address cannot be rebound by DNS */
	char self[256] = "";
	gethostname(self, sizeof self - 1);
	const char *ok[] = {"localhost", bind, self};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		if (ok[i] && strlen(ok[i]) == n && n && !strncasecmp(ok[i], name, n))
			return true;
	return false;
}

/* Add the headers every reply carries. */
static void common_headers(const struct rb_mhd *m, struct MHD_Response *r, const char *type)
{
	m->add_response_header(r, "Content-Type", type);
	m->add_response_header(r, "Cache-Control", "no-store");
	m->add_response_header(r, "X-Content-Type-Options", "nosniff");
}

/* Queue a reply with body data[0..n) copied. */
static enum MHD_Result reply(const struct rb_mhd *m, struct MHD_Connection *c, unsigned status, const char *type,
			     const char *data, size_t n)
{
	struct MHD_Response *r = m->create_response_from_buffer(n, (void *)data, MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	common_headers(m, r, type);
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		m->add_response_header(r, "Allow", "GET, HEAD");
	enum MHD_Result ok = m->queue_response(c, status, r);
	m->destroy_response(r);
	return ok;
}

/* Queue a plain-text reply. */
static enum MHD_Result reply_text(const struct rb_mhd *m, struct MHD_Connection *c, unsigned status,
				  const char *text)
{
	return reply(m, c, status, "text/plain; charset=utf-8", text, strlen(text));
}

/* page (n bytes) with the live script added before </head>, or else
 * before </body>, or else at the end. */
static void inject(struct rb_buf *out, const char *page, size_t n)
{
	const char *at = NULL;
	static const char *const marks[] = {"</head>", "</body>"};
	for (size_t m = 0; !at && m < 2; m++)
		for (size_t i = 0; !at && i + 7 <= n; i++)
			if (page[i] == '<' && !strncasecmp(page + i, marks[m], 7))
				at = page + i;
	size_t pre = at ? (size_t)(at - page) : n;
	rb_buf_add(out, page, pre);
	rb_buf_puts(out, live_tag);
	rb_buf_add(out, page + pre, n - pre);
}

/* Reply with the HTML page at path (live script added), status as given. */
static enum MHD_Result reply_page(const struct rb_mhd *m, struct MHD_Connection *c, unsigned status,
				  const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return reply_text(m, c, 404, "Not found\n");
	struct rb_buf page, out;
	rb_buf_init(&page);
	rb_buf_init(&out);
	char chunk[65536];
	for (size_t r; (r = fread(chunk, 1, sizeof chunk, f)) > 0 && page.len < (size_t)MAX_PAGE_BYTES;)
		rb_buf_add(&page, chunk, r);
	fclose(f);
	inject(&out, page.data ? page.data : "", page.len);
	enum MHD_Result ok = reply(m, c, status, "text/html; charset=utf-8", out.data, out.len);
	rb_buf_free(&page);
	rb_buf_free(&out);
	return ok;
}

/* Reply with the file at path as it is. */
static enum MHD_Result reply_file(const struct rb_mhd *m, struct MHD_Connection *c, const char *path)
{
	const char *type = rb_http_content_type(path);
	if (!strncmp(type, "text/html", 9))
		return reply_page(m, c, MHD_HTTP_OK, path);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0) {
		if (fd >= 0)
			close(fd);
		return reply_text(m, c, 404, "Not found\n");
	}
	struct MHD_Response *r = m->create_response_from_fd((size_t)st.st_size, fd);
	if (!r) {
		close(fd);
		return MHD_NO;
	}
	common_headers(m, r, type);
	enum MHD_Result ok = m->queue_response(c, MHD_HTTP_OK, r);
	m->destroy_response(r);
	return ok;
}

/* The page for a path that is not there: the site's 404.html, or, before
 * the first good build, a placeholder whose overlay says why. */
static enum MHD_Result reply_missing(struct rb_http *h, struct MHD_Connection *c)
{
	const struct rb_mhd *m = &h->mhd;
	struct rb_buf p;
	rb_buf_init(&p);
	rb_buf_printf(&p, "%s/404.html", h->root);
	struct stat st;
	enum MHD_Result ok;
	if (stat(rb_buf_cstr(&p), &st) == 0)
		ok = reply_page(m, c, MHD_HTTP_NOT_FOUND, rb_buf_cstr(&p));
	else {
		static const char wait[] = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
					   "<title>rbc serve</title></head><body><p>rbc serve: the book has "
					   "not built yet.</p></body></html>";
		struct rb_buf out;
		rb_buf_init(&out);
		inject(&out, wait, sizeof wait - 1);
		ok = reply(m, c, MHD_HTTP_SERVICE_UNAVAILABLE, "text/html; charset=utf-8", out.data, out.len);
		rb_buf_free(&out);
	}
	rb_buf_free(&p);
	return ok;
}

/* The event stream's content reader: the next bytes for the page, or the
 * end when the server stops. */
static ssize_t read_events(void *cls, uint64_t pos, char *buf, size_t max)
{
	(void)pos;
	ssize_t n = rb_events_read(cls, buf, max);
	return n < 0 ? MHD_CONTENT_READER_END_OF_STREAM : n;
}

/* Free a page's stream when its connection ends. */
static void close_events(void *cls)
{
	rb_events_close(cls);
}

/* The event stream of one page; 503 past RB_EVENTS_MAX streams. */
static enum MHD_Result reply_events(struct rb_http *h, struct MHD_Connection *c)
{
	const struct rb_mhd *m = &h->mhd;
	const union MHD_ConnectionInfo *ci = m->get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	struct rb_events_stream *s = rb_events_open(h->events, ci ? ci->connect_fd : -1);
	if (!s) {
		char text[160];
		snprintf(text, sizeof text, "Service unavailable: %d pages are listening for live reload already; "
			 "close some and reload this one\n", RB_EVENTS_MAX);
		return reply_text(m, c, MHD_HTTP_SERVICE_UNAVAILABLE, text);
	}
	struct MHD_Response *r = m->create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, read_events, s,
								   close_events);
	if (!r) {
		rb_events_close(s);
		return MHD_NO;
	}
	common_headers(m, r, "text/event-stream; charset=utf-8");
	enum MHD_Result ok = m->queue_response(c, MHD_HTTP_OK, r);
	m->destroy_response(r);
	return ok;
}

/* Answer one request: Host check, method check, the /_rbc/ routes, then
 * a file of the served folder. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
				  const char *version, const char *upload, size_t *upload_size, void **req)
{
	(void)version, (void)upload, (void)upload_size, (void)req;
	struct rb_http *h = cls;
	const struct rb_mhd *m = &h->mhd;
	const char *host = m->lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
	if (!rb_http_host_ok(host, h->bind, h->port))
		return reply_text(m, c, MHD_HTTP_FORBIDDEN,
				  "Forbidden: the Host header names another site (rbc serve refuses DNS rebinding)\n");
	if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD))
		return reply_text(m, c, MHD_HTTP_METHOD_NOT_ALLOWED,
				  "Method not allowed: rbc serve answers GET and HEAD\n");
	if (!strcmp(url, "/_rbc/events"))
		return reply_events(h, c);
	if (!strcmp(url, "/_rbc/live.js"))
		return reply(m, c, MHD_HTTP_OK, "text/javascript; charset=utf-8", live_js, sizeof live_js - 1);
	int status;
	char *path = rb_http_resolve(h->root, url, &status);
	enum MHD_Result ok;
	if (path)
		ok = reply_file(m, c, path);
	else if (status == 404)
		ok = reply_missing(h, c);
	else
		ok = reply_text(m, c, MHD_HTTP_FORBIDDEN, "Forbidden: the path leaves the served folder\n");
	free(path);
	return ok;
}

/* Leave the request path as it came: rb_http_resolve decodes it once. */
static size_t no_unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls, (void)c;
	return strlen(s);
}

struct rb_http *rb_http_start(const struct rb_http_config *cfg, char *why, size_t whylen)
{
	const char *bind = !strcmp(cfg->bind, "localhost") ? "127.0.0.1" : cfg->bind;
	struct sockaddr_in v4 = {0};
	struct sockaddr_in6 v6 = {0};
	const struct sockaddr *sa;
	/* poll, not select: select cannot watch a descriptor past 1023 */
	unsigned flags = MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_THREAD_PER_CONNECTION;
	if (inet_pton(AF_INET, bind, &v4.sin_addr) == 1) {
		v4.sin_family = AF_INET;
		v4.sin_port = htons((uint16_t)cfg->port);
		sa = (const struct sockaddr *)&v4;
	} else if (inet_pton(AF_INET6, bind, &v6.sin6_addr) == 1) {
		v6.sin6_family = AF_INET6;
		v6.sin6_port = htons((uint16_t)cfg->port);
		sa = (const struct sockaddr *)&v6;
		flags |= MHD_USE_IPv6;
	} else {
		snprintf(why, whylen, "--bind takes an IPv4 or IPv6 address or 'localhost', not '%s'", cfg->bind);
		return NULL;
	}
	struct rb_http *h = rb_xcalloc(1, sizeof *h);
	if (!rb_mhd_open(&h->mhd, why, whylen)) {
		free(h);
		return NULL;
	}
	const struct rb_mhd *m = &h->mhd;
	h->bind = rb_xstrdup(cfg->bind);
	h->root = rb_xstrdup(cfg->root);
	h->events = cfg->events;
	h->d = m->start_daemon(flags, (uint16_t)cfg->port, NULL, NULL, on_request, h,
			       MHD_OPTION_SOCK_ADDR, sa,
			       MHD_OPTION_UNESCAPE_CALLBACK, no_unescape, NULL,
			       MHD_OPTION_CONNECTION_LIMIT, (unsigned)MAX_CONNECTIONS,
			       MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)IDLE_TIMEOUT_SECS,
			       MHD_OPTION_END);
	if (!h->d) {
		snprintf(why, whylen, "cannot listen on %s port %d (%s); choose another with --port", cfg->bind,
			 cfg->port, errno ? strerror(errno) : "in use?");
		free(h->bind);
		free(h->root);
		rb_mhd_close(&h->mhd);
		free(h);
		return NULL;
	}
	const union MHD_DaemonInfo *info = m->get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT);
	h->port = info ? info->port : cfg->port;
	return h;
}

int rb_http_port(const struct rb_http *h)
{
	return h->port;
}

void rb_http_stop(struct rb_http *h)
{
	h->mhd.stop_daemon(h->d);
	rb_mhd_close(&h->mhd);
	free(h->bind);
	free(h->root);
	free(h);
}
