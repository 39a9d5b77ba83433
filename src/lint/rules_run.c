/* rules_run.c: rb_rules_run, the rule pass under a wall-clock guard. Lua's
 * count hook never fires inside a C function, so a rule that calls
 * string.find with a pathological pattern stalls without spending its
 * instruction budget. The pass therefore runs in forked children, one per
 * shard of the rules (-j of them), which send their findings back through
 * pipes and mark each hook call in a shared page; the parent kills a call
 * that outlives lua: timeout_ms, reports the rule that stalled, and runs
 * the shards again without it. The shards' findings are merged into the
 * order one pass would make them in, so the output does not depend on -j. */
#include "lint/rules_run.h"
#include "lint/rules_core.h"
#include "lint/rules_guard.h"
#include "base/buf.h"
#include "model/diag_wire.h"
#include "read/meta.h"
#include "base/pool.h"
#include <limits.h>
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

/* Serialise the diagnostics from index first on, each with its walk
 * position, then the rule list. */
static void encode_results(struct rb_build *b, size_t first, const struct rb_rules_pass *pass,
			   struct rb_buf *out)
{
	for (size_t i = first; i < b->diags.n; i++) {
		const struct rb_diag *d = &b->diags.v[i];
		const struct rb_rules_pos *pos = &pass->pos[i - first];
		rb_buf_putc(out, 'D');
		for (int k = 0; k < 4; k++)
			rb_wire_put_num(out, (long)pos->at[k]);
		rb_wire_put_num(out, (long)pos->rule);
		rb_diag_wire_put(out, d);
	}
	for (size_t i = 0; i < pass->nrules; i++) {
		rb_buf_putc(out, 'R');
		rb_wire_put_str(out, pass->rules[i].id);
		rb_wire_put_str(out, pass->rules[i].summary);
	}
}

/* A diagnostic a shard sent, with what orders it among all shards'. */
struct found_diag {
	struct rb_diag d;
	struct rb_rules_pos pos;
	size_t n;                  /* its place in its shard's output */
};

/* What the parent gathers from the shards' outputs. */
struct gathered {
	struct found_diag *found;
	size_t nfound, capfound;
	struct rb_rule_info *rules;  /* from the first shard that sent them */
	size_t nrules;
	bool have_rules;
};

/* Read a number that must fit an unsigned field. */
static bool get_unsigned(const char **p, const char *end, unsigned *u)
{
	long n;
	if (!rb_wire_get_num(p, end, &n) || n < 0 || (unsigned long)n > UINT_MAX)
		return false;
	*u = (unsigned)n;
	return true;
}

/* Decode one 'D' record; false when malformed. */
static bool decode_diag(struct rb_build *b, const char **p, const char *end, struct found_diag *f)
{
	for (int k = 0; k < 4; k++)
		if (!get_unsigned(p, end, &f->pos.at[k]))
			return false;
	return get_unsigned(p, end, &f->pos.rule) && rb_diag_wire_get(&b->arena, p, end, &f->d);
}

/* Decode a shard's output into g. Every shard loads every rule, so what
 * happens while the rules load (at[0] == 0) and the rule list are taken
 * from one shard only. False when the output is malformed. */
static bool decode_results(struct rb_build *b, const char *p, const char *end, struct gathered *g)
{
	bool first = !g->have_rules;
	size_t cap = 0, kept = g->nfound;
	struct rb_rule_info *rules = NULL;
	size_t nrules = 0;
	for (size_t n = 0; p < end; n++) {
		char kind = *p++;
		if (kind == 'D') {
			struct found_diag f = {.n = n};
			if (!decode_diag(b, &p, end, &f))
				goto malformed;
			if (f.pos.at[0] == 0 && !first)
				continue;
			if (g->nfound == g->capfound)
				g->found = rb_xrealloc(g->found, (g->capfound = g->capfound ? 2 * g->capfound : 256) *
						       sizeof *g->found);
			g->found[g->nfound++] = f;
			continue;
		}
		struct rb_rule_info r;
		if (kind != 'R' || !rb_wire_get_str(&b->arena, &p, end, &r.id) ||
		    !rb_wire_get_str(&b->arena, &p, end, &r.summary) || !r.id)
			goto malformed;
		if (nrules == cap) {
			struct rb_rule_info *grown = rb_arena_alloc(&b->arena, (cap = cap ? 2 * cap : 16) * sizeof *grown);
			if (nrules)
				memcpy(grown, rules, nrules * sizeof *grown);
			rules = grown;
		}
		rules[nrules++] = r;
	}
	if (first) {
		g->rules = rules;
		g->nrules = nrules;
		g->have_rules = true;
	}
	return true;
malformed:
	g->nfound = kept;
	return false;
}

/* Order of findings across shards: walk position, rule, then emission. */
static int cmp_found(const void *pa, const void *pb)
{
	const struct found_diag *a = pa, *b = pb;
	for (int k = 0; k < 4; k++)
		if (a->pos.at[k] != b->pos.at[k])
			return a->pos.at[k] < b->pos.at[k] ? -1 : 1;
	if (a->pos.rule != b->pos.rule)
		return a->pos.rule < b->pos.rule ? -1 : 1;
	return a->n < b->n ? -1 : a->n > b->n;
}

/* The child: run the pass, send the results, exit without flushing the
 * parent's stdio buffers or running its exit handlers. */
static void child_main(struct rb_build *b, const struct rb_rules_guard *g, int fd)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	size_t first = b->diags.n;
	struct rb_rules_pass pass;
	rb_rules_run_here(b, g, &pass);
	struct rb_buf out;
	rb_buf_init(&out);
	encode_results(b, first, &pass, &out);
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

enum shard_state { SHARD_RUNNING, SHARD_DONE, SHARD_BROKEN };

/* One child running a share of the rules. */
struct shard_proc {
	pid_t pid;
	int fd;
	struct rb_rules_watch *watch;  /* its page in the shared mapping */
	struct rb_buf got;
	enum shard_state state;
};

/* Start shard number i in a child, with the rule files in skip left out.
 * A shard that cannot start is marked broken. */
static void start_shard(struct rb_build *b, struct shard_proc *sh, unsigned i, unsigned n, const char *const *skip,
			size_t nskip)
{
	struct shard_proc *s = &sh[i];
	struct rb_rules_guard g = {s->watch, skip, nskip, i, n};
	int fds[2];
	memset(s->watch, 0, sizeof *s->watch);
	s->got.len = 0;
	s->state = SHARD_BROKEN;
	if (pipe(fds) < 0)
		return;
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return;
	}
	if (pid == 0) {
		close(fds[0]);
		for (unsigned k = 0; k < n; k++)   /* the other shards' pipes are not this child's */
			if (k != i && sh[k].state == SHARD_RUNNING)
				close(sh[k].fd);
		child_main(b, &g, fds[1]);
	}
	close(fds[1]);
	s->pid = pid;
	s->fd = fds[0];
	s->state = SHARD_RUNNING;
}

/* Stop a running shard's child and wait for it. */
static void stop_shard(struct shard_proc *s)
{
	kill(s->pid, SIGKILL);
	while (waitpid(s->pid, NULL, 0) < 0 && errno == EINTR)
		;
	close(s->fd);
	s->state = SHARD_BROKEN;
}

/* Read what is waiting on a running shard's pipe; at EOF reap the child
 * and settle its state. */
static void read_shard(struct shard_proc *s)
{
	char chunk[65536];
	ssize_t n = read(s->fd, chunk, sizeof chunk);
	if (n > 0) {
		rb_buf_add(&s->got, chunk, (size_t)n);
		return;
	}
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	close(s->fd);
	int status = 0;
	while (waitpid(s->pid, &status, 0) < 0 && errno == EINTR)
		;
	s->state = n == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? SHARD_DONE : SHARD_BROKEN;
}

/* The running shard whose hook call has outlived timeout_ms, or -1. */
static int stalled_shard(const struct shard_proc *sh, unsigned n, long timeout_ms)
{
	long long now = rb_rules_now_ms();
	for (unsigned i = 0; i < n; i++) {
		const struct rb_rules_watch *w = sh[i].watch;
		if (sh[i].state == SHARD_RUNNING && __atomic_load_n(&w->running, __ATOMIC_SEQ_CST) &&
		    now - __atomic_load_n(&w->started_ms, __ATOMIC_SEQ_CST) > timeout_ms)
			return (int)i;
	}
	return -1;
}

/* Record that the rule in w stalled, and add its file to skip. */
static void report_stall(struct rb_build *b, const struct rb_rules_watch *w, long timeout_ms,
			 const char ***skip, size_t *nskip)
{
	const char *file = rb_arena_strdup(&b->arena, w->file);
	struct rb_loc loc = {file, 1, 1};
	rb_diag(b, RB_D_RULE_STALLED, loc,
		"'%s' ran for more than %ld ms in one call%s%s; it was stopped and the other rules ran without "
		"it (if the rule is just slow, run rbc with --lua-limits timeout_ms=MS)",
		w->id, timeout_ms, w->where[0] ? " on " : "", w->where);
	*skip = rb_xrealloc(*skip, (*nskip + 1) * sizeof **skip);
	(*skip)[(*nskip)++] = file;
}

/* Run the n shards to the end. A stalled rule is reported and every
 * shard starts again without it, as one pass would: none of its
 * findings are kept. */
static void run_shards(struct rb_build *b, struct shard_proc *sh, unsigned n, long timeout_ms)
{
	const char **skip = NULL;
	size_t nskip = 0;
	int tick = timeout_ms / 4 < 100 ? (int)(timeout_ms / 4) + 1 : 100;
	for (unsigned i = 0; i < n; i++)
		start_shard(b, sh, i, n, skip, nskip);
	for (;;) {
		struct pollfd pfd[RB_RULES_MAX_SHARDS];
		unsigned of[RB_RULES_MAX_SHARDS], npfd = 0;
		for (unsigned i = 0; i < n; i++)
			if (sh[i].state == SHARD_RUNNING) {
				pfd[npfd] = (struct pollfd){sh[i].fd, POLLIN, 0};
				of[npfd++] = i;
			}
		if (!npfd)
			break;
		int r = poll(pfd, npfd, tick);
		for (unsigned k = 0; r > 0 && k < npfd; k++)
			if (pfd[k].revents)
				read_shard(&sh[of[k]]);
		int stalled = stalled_shard(sh, n, timeout_ms);
		if (stalled < 0)
			continue;
		stop_shard(&sh[stalled]);
		report_stall(b, sh[stalled].watch, timeout_ms, &skip, &nskip);
		for (unsigned i = 0; i < n; i++) {
			if (sh[i].state == SHARD_RUNNING)
				stop_shard(&sh[i]);
			start_shard(b, sh, i, n, skip, nskip);
		}
	}
	free(skip);
}

/* How many shards to split the rules over: one per job, at most
 * RB_RULES_MAX_SHARDS; one when the book holds summaries (a big book:
 * each shard would read those runbooks again, rb_rules_read_full). */
static unsigned shard_count(const struct rb_build *b)
{
	for (size_t i = 0; i < b->book.nrunbooks; i++)
		if (b->book.runbooks[i]->summary)
			return 1;
	int jobs = b->opt.jobs ? b->opt.jobs : rb_pool_default_jobs();
	return jobs < 1 ? 1 : jobs > RB_RULES_MAX_SHARDS ? RB_RULES_MAX_SHARDS : (unsigned)jobs;
}

/* Add the shards' findings to b in the order one pass makes them, and
 * hand out the rule list. */
static void merge_shards(struct rb_build *b, struct shard_proc *sh, unsigned n, struct rb_rule_info **rules,
			 size_t *nrules)
{
	struct gathered g = {0};
	bool broken = false;
	for (unsigned i = 0; i < n; i++) {
		if (sh[i].state == SHARD_DONE &&
		    !decode_results(b, sh[i].got.data, sh[i].got.data + sh[i].got.len, &g))
			sh[i].state = SHARD_BROKEN;
		broken |= sh[i].state != SHARD_DONE;
	}
	if (broken) {
		struct rb_loc loc = {b->book.root, 0, 0};
		rb_diag(b, RB_D_RULE_FAILED, loc, "the rule pass ended abnormally; run with a smaller "
			"lua: memory: or report a bug");
	}
	if (g.nfound > 1)
		qsort(g.found, g.nfound, sizeof *g.found, cmp_found);
	for (size_t i = 0; i < g.nfound; i++)
		rb_diag_add(b, &g.found[i].d);
	free(g.found);
	*rules = g.rules;
	*nrules = g.nrules;
}

void rb_rules_run(struct rb_build *b, struct rb_rule_info **rules, size_t *nrules)
{
	long timeout_ms = rb_meta_lua_limit(b, RB_LUA_TIMEOUT_MS);
	unsigned n = shard_count(b);
	struct rb_rules_watch *w = mmap(NULL, n * sizeof *w, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	*rules = NULL;
	*nrules = 0;
	if (w == MAP_FAILED) {
		struct rb_rules_guard here = {0};
		struct rb_rules_pass pass;
		rb_rules_run_here(b, &here, &pass);
		free(pass.pos);
		*rules = pass.rules;
		*nrules = pass.nrules;
		return;
	}
	struct shard_proc sh[RB_RULES_MAX_SHARDS];
	for (unsigned i = 0; i < n; i++) {
		sh[i] = (struct shard_proc){.watch = &w[i], .state = SHARD_BROKEN};
		rb_buf_init(&sh[i].got);
	}
	run_shards(b, sh, n, timeout_ms);
	merge_shards(b, sh, n, rules, nrules);
	for (unsigned i = 0; i < n; i++)
		rb_buf_free(&sh[i].got);
	munmap(w, n * sizeof *w);
}
