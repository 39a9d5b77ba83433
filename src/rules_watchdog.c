/* rules_watchdog.c: the wall-clock guard around the rule pass. Lua's
 * count hook never fires inside a C function, so a rule that calls
 * string.find with a pathological pattern stalls without spending its
 * instruction budget. The pass therefore runs in a forked child that
 * sends its findings back through a pipe and marks each hook call in a
 * shared page; the parent kills a call that outlives lua: timeout_ms,
 * reports the rule that stalled, and runs the pass again without it. */
#include "rules_guard.h"
#include "buf.h"
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

long long rb_rules_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Append s as "LEN:bytes" ("-" for NULL) to out. */
static void put_field(struct rb_buf *out, const char *s)
{
	if (!s) {
		rb_buf_putc(out, '-');
		return;
	}
	rb_buf_printf(out, "%zu:", strlen(s));
	rb_buf_puts(out, s);
}

static void put_number(struct rb_buf *out, long n)
{
	char num[32];
	snprintf(num, sizeof num, "%ld", n);
	put_field(out, num);
}

/* Read one field at *p (before end) into the arena; false when the
 * record is cut short. NULL fields come back as NULL. */
static bool get_field(struct rb_build *b, const char **p, const char *end, const char **s)
{
	if (*p >= end)
		return false;
	if (**p == '-') {
		(*p)++;
		*s = NULL;
		return true;
	}
	char *colon;
	errno = 0;
	unsigned long long n = strtoull(*p, &colon, 10);
	if (errno || colon >= end || *colon != ':' || n > (unsigned long long)(end - colon - 1))
		return false;
	char *v = rb_arena_alloc(&b->arena, n + 1);
	memcpy(v, colon + 1, n);
	*s = v;
	*p = colon + 1 + n;
	return true;
}

static bool get_number(struct rb_build *b, const char **p, const char *end, long *n)
{
	const char *s;
	if (!get_field(b, p, end, &s) || !s)
		return false;
	*n = strtol(s, NULL, 10);
	return true;
}

/* Serialise the diagnostics from index first on, then the rule list. */
static void encode_results(struct rb_build *b, size_t first, const struct rb_rule_info *rules, size_t nrules,
			   struct rb_buf *out)
{
	for (size_t i = first; i < b->ndiags; i++) {
		const struct rb_diag *d = &b->diags[i];
		rb_buf_putc(out, 'D');
		put_number(out, d->code);
		put_number(out, d->level);
		put_field(out, d->id);
		put_field(out, d->loc.file);
		put_number(out, (long)d->loc.line);
		put_number(out, (long)d->loc.col);
		put_field(out, d->message);
		put_field(out, d->detail);
	}
	for (size_t i = 0; i < nrules; i++) {
		rb_buf_putc(out, 'R');
		put_field(out, rules[i].id);
		put_field(out, rules[i].summary);
	}
}

/* Decode one 'D' record into b; false when malformed. */
static bool decode_diag(struct rb_build *b, const char **p, const char *end)
{
	struct rb_diag d = {0};
	long code, level, line, col;
	if (!get_number(b, p, end, &code) || !get_number(b, p, end, &level) || !get_field(b, p, end, &d.id) ||
	    !get_field(b, p, end, &d.loc.file) || !get_number(b, p, end, &line) ||
	    !get_number(b, p, end, &col) || !get_field(b, p, end, &d.message) ||
	    !get_field(b, p, end, &d.detail))
		return false;
	if (code < 0 || code >= RB_D__COUNT || level < RB_NOTE || level > RB_ERROR || !d.loc.file)
		return false;
	d.code = (enum rb_code)code;
	d.level = (enum rb_level)level;
	d.loc.line = (unsigned)line;
	d.loc.col = (unsigned)col;
	rb_diag_add(b, &d);
	return true;
}

/* Decode the child's results into b and *rules; false when malformed. */
static bool decode_results(struct rb_build *b, const char *p, const char *end, struct rb_rule_info **rules,
			   size_t *nrules)
{
	size_t cap = 0;
	*rules = NULL;
	*nrules = 0;
	while (p < end) {
		char kind = *p++;
		if (kind == 'D') {
			if (!decode_diag(b, &p, end))
				return false;
			continue;
		}
		struct rb_rule_info r;
		if (kind != 'R' || !get_field(b, &p, end, &r.id) || !get_field(b, &p, end, &r.summary) || !r.id)
			return false;
		if (*nrules == cap) {
			struct rb_rule_info *grown = rb_arena_alloc(&b->arena, (cap = cap ? 2 * cap : 16) * sizeof *grown);
			if (*nrules)
				memcpy(grown, *rules, *nrules * sizeof *grown);
			*rules = grown;
		}
		(*rules)[(*nrules)++] = r;
	}
	return true;
}

/* The child: run the pass, send the results, exit without flushing the
 * parent's stdio buffers or running its exit handlers. */
static void child_main(struct rb_build *b, const struct rb_rules_guard *g, int fd)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	size_t first = b->ndiags;
	struct rb_rule_info *rules;
	size_t nrules;
	rb_rules_run_here(b, g, &rules, &nrules);
	struct rb_buf out;
	rb_buf_init(&out);
	encode_results(b, first, rules, nrules, &out);
	const char *p = out.data;
	size_t left = out.len;
	while (left) {
		ssize_t n = write(fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			_exit(3);
		p += n;
		left -= (size_t)n;
	}
	_exit(0);
}

enum pass_end { PASS_DONE, PASS_STALLED, PASS_BROKEN };

/* Read the child's output until EOF, killing it when a hook call has
 * run longer than timeout_ms. Returns how the pass ended. */
static enum pass_end watch_child(pid_t pid, int fd, struct rb_rules_watch *w, long timeout_ms, struct rb_buf *got)
{
	int tick = timeout_ms / 4 < 100 ? (int)(timeout_ms / 4) + 1 : 100;
	struct pollfd pfd = {fd, POLLIN, 0};
	char chunk[65536];
	for (;;) {
		int r = poll(&pfd, 1, tick);
		if (r < 0 && errno != EINTR)
			break;
		if (r > 0) {
			ssize_t n = read(fd, chunk, sizeof chunk);
			if (n == 0)
				break;
			if (n > 0)
				rb_buf_add(got, chunk, (size_t)n);
			else if (errno != EINTR && errno != EAGAIN)
				break;
		}
		if (__atomic_load_n(&w->running, __ATOMIC_SEQ_CST) &&
		    rb_rules_now_ms() - __atomic_load_n(&w->started_ms, __ATOMIC_SEQ_CST) > timeout_ms) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			return PASS_STALLED;
		}
	}
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? PASS_DONE : PASS_BROKEN;
}

/* One pass in a child. On PASS_DONE the findings are in b and *rules. */
static enum pass_end run_child(struct rb_build *b, const struct rb_rules_guard *g, long timeout_ms,
			       struct rb_rule_info **rules, size_t *nrules)
{
	int fds[2];
	if (pipe(fds) < 0)
		return PASS_BROKEN;
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return PASS_BROKEN;
	}
	if (pid == 0) {
		close(fds[0]);
		child_main(b, g, fds[1]);
	}
	close(fds[1]);
	struct rb_buf got;
	rb_buf_init(&got);
	enum pass_end end = watch_child(pid, fds[0], g->watch, timeout_ms, &got);
	close(fds[0]);
	if (end == PASS_DONE && !decode_results(b, got.data, got.data + got.len, rules, nrules))
		end = PASS_BROKEN;
	rb_buf_free(&got);
	return end;
}

/* Record that the rule in w stalled, and add its file to skip. */
static void report_stall(struct rb_build *b, const struct rb_rules_watch *w, long timeout_ms,
			 const char ***skip, size_t *nskip)
{
	const char *file = rb_arena_strdup(&b->arena, w->file);
	struct rb_loc loc = {file, 1, 1};
	rb_diag(b, RB_D_RULE_STALLED, loc,
		"'%s' ran for more than %ld ms in one call%s%s; it was stopped and the other rules ran without "
		"it (raise lua: timeout_ms: in rbc.yaml if the rule is just slow)",
		w->id, timeout_ms, w->where[0] ? " on " : "", w->where);
	*skip = rb_xrealloc(*skip, (*nskip + 1) * sizeof **skip);
	(*skip)[(*nskip)++] = file;
}

void rb_rules_run(struct rb_build *b, struct rb_rule_info **rules, size_t *nrules)
{
	long timeout_ms = b->book.config.lua_timeout_ms > 0 ? b->book.config.lua_timeout_ms : 2000;
	struct rb_rules_watch *w = mmap(NULL, sizeof *w, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	*rules = NULL;
	*nrules = 0;
	if (w == MAP_FAILED) {
		struct rb_rules_guard here = {0};
		rb_rules_run_here(b, &here, rules, nrules);
		return;
	}
	const char **skip = NULL;
	size_t nskip = 0;
	for (;;) {
		memset(w, 0, sizeof *w);
		struct rb_rules_guard g = {w, skip, nskip};
		enum pass_end end = run_child(b, &g, timeout_ms, rules, nrules);
		if (end == PASS_STALLED) {
			report_stall(b, w, timeout_ms, &skip, &nskip);
			continue;
		}
		if (end == PASS_BROKEN) {
			struct rb_loc loc = {b->book.root, 0, 0};
			rb_diag(b, RB_D_RULE_FAILED, loc, "the rule pass ended abnormally; run with a smaller "
				"lua: memory: or report a bug");
		}
		break;
	}
	free(skip);
	munmap(w, sizeof *w);
}
