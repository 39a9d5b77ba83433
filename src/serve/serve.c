/* serve.c: the serve loop: build, watch, rebuild, tell the pages, clean
 * up. See serve.h. */
#include "serve/serve.h"
#include "serve/events.h"
#include "serve/findings.h"
#include "serve/http.h"
#include "serve/lint_child.h"
#include "serve/tree.h"
#include "serve/watch.h"
#include "base/buf.h"
#include "base/json_write.h"
#include "base/util.h"
#include "render/outguard.h"
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DEBOUNCE_MS 50
#define FALLBACK_POLL_MS 1000

extern char **environ;

struct serve {
	const struct rb_options *opt;
	const struct rb_serve_engine *engine;
	char *priv;                 /* the private folder (real path) */
	char *out;                  /* priv/site: what is served */
	char *book;                 /* the book's real path */
	struct rb_tree book_tree;   /* the book as last built */
	uint64_t book_digest;
	bool have_site;             /* a build succeeded: there is a site */
	struct rb_events events;
	bool ok;                    /* the last build succeeded */
	unsigned long builds;
	struct rb_findings built;   /* the last build's diagnostics */
	struct rb_findings linted;  /* the last finished lint's findings */
	struct rb_lint_child lint;  /* the lint of the last build, while it runs */
	char *state;                /* the diagnostics event last published */
	bool color;                 /* colour diagnostics on stderr */
};

/* Print a progress line (rbc: ...) on stderr, unless -q. */
static void say(const struct serve *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(const struct serve *s, const char *fmt, ...)
{
	if (s->opt->quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	fputs("rbc: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* Milliseconds on the monotonic clock. */
static long long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* The book's entries serve looks at: rb_watch_skip, and the private
 * folder should it lie inside the book. */
static bool skip_book(const char *rel, const char *name, bool dir, void *ctx)
{
	struct serve *s = ctx;
	if (rb_watch_skip(rel, name, dir, s->book))
		return true;
	size_t n = strlen(s->book);
	return dir && !strncmp(s->priv, s->book, n) && s->priv[n] == '/' && !strcmp(s->priv + n + 1, rel);
}

/* Scan the book; true when its bytes differ from the last build's. */
static bool book_changed(struct serve *s)
{
	struct rb_tree now = {0};
	rb_tree_scan(&now, s->book, &s->book_tree, skip_book, s);
	uint64_t d = rb_tree_digest(&now);
	bool changed = d != s->book_digest;
	rb_tree_free(&s->book_tree);
	s->book_tree = now;
	s->book_digest = d;
	return changed;
}

/* The reload event being written: the paths a build changed. */
struct changes {
	struct rb_events *events;
	struct rb_jw w;
	struct rb_buf text;
	size_t n;
	bool sent;          /* the list is closed (and published when not empty) */
};

/* Close the list of changes, and publish it as the reload event when it
 * names any file. */
static void send_changes(struct changes *c)
{
	if (c->sent)
		return;
	c->sent = true;
	rb_jw_end(&c->w, ']');
	rb_jw_end(&c->w, '}');
	rb_jw_finish(&c->w);
	if (c->n)
		rb_events_publish(c->events, "reload", rb_buf_cstr(&c->text));
}

/* The build's changed callback: add one changed site path to the event;
 * rel NULL: the new site is whole, so the event goes now, before the
 * build records its state for the next one. */
static void add_changed(void *ctx, const char *rel)
{
	struct changes *c = ctx;
	if (!rel) {
		send_changes(c);
		return;
	}
	if (!c->sent) {
		rb_jw_str(&c->w, rel);
		c->n++;
	}
}

/* Publish the overlay's state, the last build's diagnostics and the last
 * lint's findings, when it differs from the state the pages have. */
static void publish_state(struct serve *s)
{
	char *json = rb_findings_json(s->ok, &s->built, &s->linted);
	if (s->state && !strcmp(s->state, json)) {
		free(json);
		return;
	}
	rb_events_publish(&s->events, "diagnostics", json);
	free(s->state);
	s->state = json;
}

/* Start the lint of the book as it was just built, when serve has one. */
static void start_lint(struct serve *s)
{
	if (s->engine->lint_argv)
		rb_lint_child_start(&s->lint, s->engine->lint_argv);
}

/* The lint ended with status: keep its findings, print those the build
 * did not print already, and tell the pages. */
static void lint_done(struct serve *s, int status)
{
	if ((status != RB_EXIT_OK && status != RB_EXIT_FINDINGS) ||
	    !rb_findings_from_lint(&s->linted, s->lint.out.data ? s->lint.out.data : "", s->lint.out.len)) {
		rb_findings_free(&s->linted);
		rb_findings_init(&s->linted);
		fprintf(stderr, "rbc: the lint of the book did not finish (%s %d); the pages show the build's "
			"diagnostics only\n", status < 0 ? "status" : "exit", status);
	}
	rb_findings_print(&s->linted, &s->built, stderr, s->color);
	publish_state(s);
}

/* Build the book once into s->out, print its diagnostics and one line
 * with its time, tell the pages, and start the lint of what it built. */
static void rebuild(struct serve *s)
{
	rb_lint_child_stop(&s->lint);     /* it would report on bytes already gone */
	long long t0 = now_ms();
	struct rb_build b;
	rb_build_init(&b);
	b.opt = *s->opt;
	b.opt.quiet = s->opt->quiet || s->builds > 0;   /* a progress bar only the first time */
	struct changes ch = {.events = &s->events};
	rb_buf_init(&ch.text);
	rb_jw_init(&ch.w, 0, rb_jw_put_buf, &ch.text);
	rb_jw_object(&ch.w);
	rb_jw_key(&ch.w, "changed");
	rb_jw_array(&ch.w);
	int code = s->engine->build(s->engine->warm, &b, s->out, add_changed, &ch);
	bool ok = code == 0;
	if (ok)
		send_changes(&ch);   /* when the build did not say its site was whole */
	else if (!ch.sent)
		rb_jw_finish(&ch.w);   /* nothing to send: only the writer's memory to free */
	rb_buf_free(&ch.text);
	size_t changed = ch.n;
	rb_diag_print_all(&b, stderr);
	s->ok = ok;
	/* until the new lint ends, its findings are the last lint's, less
	 * those the last build reported too: this build has redone those */
	rb_findings_drop(&s->linted, &s->built);
	rb_findings_from_build(&s->built, &b);
	publish_state(s);
	long long ms = now_ms() - t0;
	if (ok)
		say(s, "%s in %lld ms; %zu file%s changed", s->builds ? "rebuilt" : "built", ms, changed,
		    changed == 1 ? "" : "s");
	else    /* an error: said even with -q */
		fprintf(stderr, "rbc: the build failed in %lld ms (%u error%s); %s\n", ms, rb_diag_count(&b, RB_ERROR),
			rb_diag_count(&b, RB_ERROR) == 1 ? "" : "s",
			s->have_site ? "still serving the last good site" : "nothing to serve yet");
	s->have_site = s->have_site || ok;
	s->builds++;
	rb_build_free(&b);
	malloc_trim(0);     /* give the build's memory back: the process lives on */
	start_lint(s);
}

/* Remove what rbc wrote in the private folder, then the folder; a file
 * rbc did not write stays, and so do its folders. */
static void remove_private(struct serve *s)
{
	struct rb_build b;
	rb_build_init(&b);
	struct rb_outguard g = {0};
	if (rb_outguard_read(&b, s->out, &g) && !g.all) {
		struct rb_buf p;
		rb_buf_init(&p);
		for (size_t i = 0; i < g.n; i++) {
			rb_buf_reset(&p);
			rb_buf_printf(&p, "%s/%s", s->out, g.owned[i]);
			unlink(rb_buf_cstr(&p));
			for (char *slash; (slash = strrchr(p.data, '/')) && slash > p.data + strlen(s->out);) {
				*slash = '\0';     /* its folders, once empty */
				if (rmdir(p.data) < 0)
					break;
			}
		}
		rb_buf_reset(&p);
		rb_buf_printf(&p, "%s/%s", s->out, RB_MANIFEST);
		unlink(rb_buf_cstr(&p));
		rb_buf_free(&p);
	}
	rb_outguard_free(&g);
	rb_build_free(&b);
	rmdir(s->out);
	if (rmdir(s->priv) < 0 && errno != ENOENT)
		fprintf(stderr, "rbc: left %s in place: it holds files rbc did not write\n", s->priv);
}

/* True when bind names this machine only. */
static bool loopback(const char *bind)
{
	return !strcmp(bind, "localhost") || !strncmp(bind, "127.", 4) || !strcmp(bind, "::1");
}

/* Start the user's browser on url (--open), without a shell. */
static void open_browser(const char *url)
{
	pid_t pid;
	char *argv[] = {"xdg-open", (char *)url, NULL};
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	if (posix_spawnp(&pid, "xdg-open", &fa, NULL, argv, environ) != 0)
		fprintf(stderr, "rbc: cannot start a browser (no xdg-open); open %s yourself\n", url);
	posix_spawn_file_actions_destroy(&fa);
}

/* Watch the book with inotify, or say why it polls instead; the poll
 * interval, or 0 when inotify watches. */
static long start_watching(struct serve *s, struct rb_watch *w)
{
	if (s->opt->serve_poll_ms) {
		say(s, "polling %s every %ld ms", s->opt->book, s->opt->serve_poll_ms);
		return s->opt->serve_poll_ms;
	}
	if (rb_watch_open(w, s->book))
		return 0;
	fprintf(stderr, "rbc: %s; polling %s every %d ms instead\n", w->why, s->opt->book, FALLBACK_POLL_MS);
	return FALLBACK_POLL_MS;
}

/* Wait for changes and rebuild, and take the lint's output as it comes,
 * until a signal on sfd. */
static void loop(struct serve *s, int sfd)
{
	struct rb_watch w = {.fd = -1};
	long poll_ms = start_watching(s, &w);
	long long due = -1;           /* when the debounced rebuild is due */
	bool lint_cut = false;        /* a change stopped the lint before it ended */
	long long next_poll = poll_ms ? now_ms() + poll_ms : -1;
	for (;;) {
		/* poll() passes over a descriptor of -1: no watch, no lint running */
		struct pollfd fds[3] = {{sfd, POLLIN, 0}, {w.fd, POLLIN, 0}, {s->lint.fd, POLLIN, 0}};
		long long t = now_ms(), wake = due >= 0 ? due : next_poll;
		int timeout = wake < 0 ? -1 : wake <= t ? 0 : (int)(wake - t);
		if (poll(fds, 3, timeout) < 0 && errno != EINTR)
			break;
		if (fds[0].revents) {
			struct signalfd_siginfo si;    /* take it, so it is not pending later */
			if (read(sfd, &si, sizeof si) != (ssize_t)sizeof si)
				continue;
			break;
		}
		if (w.fd >= 0 && fds[1].revents) {
			enum rb_watch_news news = rb_watch_read(&w);
			if (news == RB_WATCH_FAILED) {
				fprintf(stderr, "rbc: %s; polling %s every %d ms instead\n", w.why, s->opt->book,
					FALLBACK_POLL_MS);
				rb_watch_close(&w);
				poll_ms = FALLBACK_POLL_MS;
				next_poll = now_ms();
			} else if (news == RB_WATCH_CHANGED) {
				due = now_ms() + DEBOUNCE_MS;
				/* the lint of the last build gives the rebuild the CPU */
				lint_cut = lint_cut || s->lint.pid > 0;
				rb_lint_child_stop(&s->lint);
			}
		}
		int status;
		if (s->lint.fd >= 0 && fds[2].revents && rb_lint_child_read(&s->lint, &status))
			lint_done(s, status);
		t = now_ms();
		if ((due >= 0 && t >= due) || (next_poll >= 0 && t >= next_poll)) {
			due = -1;
			if (book_changed(s))
				rebuild(s);
			else if (lint_cut)
				start_lint(s);   /* a save that changed nothing: the lint it cut is still wanted */
			lint_cut = false;
			if (poll_ms)
				next_poll = now_ms() + poll_ms;
		}
	}
	rb_watch_close(&w);
}

/* Make the private folder and find the book's real path; false with a message. */
static bool make_private(struct serve *s)
{
	s->book = realpath(s->opt->book, NULL);
	if (!s->book || !rb_is_dir(s->book)) {
		fprintf(stderr, "rbc: %s: not a book directory\n", s->opt->book);
		return false;
	}
	const char *tmp = getenv("TMPDIR");
	struct rb_buf p;
	rb_buf_init(&p);
	rb_buf_printf(&p, "%s/rbc-serve-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(p.data)) {
		fprintf(stderr, "rbc: cannot make a private folder %s: %s\n", p.data, strerror(errno));
		rb_buf_free(&p);
		return false;
	}
	s->priv = realpath(p.data, NULL);
	rb_buf_free(&p);
	if (!s->priv)
		return false;
	s->out = rb_xmalloc(strlen(s->priv) + 6);
	sprintf(s->out, "%s/site", s->priv);
	return true;
}

/* The URL the server answers at: the bound address (localhost for a
 * wildcard), in brackets for IPv6, and the port. */
static void serve_url(const char *bind, int port, char *url, size_t n)
{
	bool v6 = strchr(bind, ':') != NULL;
	bool any = !strcmp(bind, "0.0.0.0") || !strcmp(bind, "::");
	snprintf(url, n, "http://%s%s%s:%d/", v6 && !any ? "[" : "", any ? "localhost" : bind, v6 && !any ? "]" : "",
		 port);
}

int rb_serve_run(const struct rb_options *opt, const struct rb_serve_engine *engine)
{
	struct serve s = {.opt = opt, .engine = engine, .color = rb_diag_want_color(opt->color, stderr)};
	rb_findings_init(&s.built);
	rb_findings_init(&s.linted);
	rb_lint_child_init(&s.lint);
	/* SIGINT and SIGTERM arrive on a descriptor; the server's threads,
	 * started below, inherit the mask */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGINT, SIG_DFL);     /* a shell starts background jobs with it ignored */
	signal(SIGPIPE, SIG_IGN);
	/* one malloc arena for every thread, set before any starts: each
	 * build's threads would otherwise keep freed memory in arenas of
	 * their own, which the others cannot reuse (a few MB more at peak on
	 * the 1,000-runbook book, doc/serve.md) */
	mallopt(M_ARENA_MAX, 1);
	int sfd = signalfd(-1, &sigs, SFD_CLOEXEC);
	int code = 2;
	if (sfd < 0 || !make_private(&s))
		goto out;
	rb_events_init(&s.events);
	/* listen first: a bad --bind or a busy port is said before any build */
	char why[256];
	struct rb_http_config hc = {opt->serve_bind, opt->serve_port, s.out, &s.events};
	struct rb_http *h = rb_http_start(&hc, why, sizeof why);
	if (!h) {
		fprintf(stderr, "rbc: %s\n", why);
	} else {
		if (!loopback(opt->serve_bind))
			fprintf(stderr, "rbc: warning: bound to %s, so other machines can read the book; "
				"--bind 127.0.0.1 keeps it on this one\n", opt->serve_bind);
		book_changed(&s);
		rebuild(&s);
		char url[300];
		serve_url(opt->serve_bind, rb_http_port(h), url, sizeof url);
		if (opt->quiet)
			printf("%s\n", url);    /* the one line -q prints: where to look */
		else
			say(&s, "serving %s at %s (Ctrl-C stops)", opt->book, url);
		fflush(stdout);
		if (opt->serve_open)
			open_browser(url);
		loop(&s, sfd);
		rb_lint_child_stop(&s.lint);
		rb_events_stop(&s.events);
		rb_http_stop(h);
		code = 0;
	}
	rb_events_free(&s.events);
	remove_private(&s);
	if (code == 0)
		say(&s, "stopped");
out:
	if (sfd >= 0)
		close(sfd);
	rb_lint_child_free(&s.lint);
	rb_findings_free(&s.built);
	rb_findings_free(&s.linted);
	free(s.state);
	rb_tree_free(&s.book_tree);
	free(s.book);
	free(s.priv);
	free(s.out);
	/* SIGINT and SIGTERM stay blocked: rbc is ending, and a second one
	 * (timeout(1) signals the process group as well) must not kill it
	 * with status 143 after a clean stop */
	return code;
}
