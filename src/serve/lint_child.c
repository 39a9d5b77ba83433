/* lint_child.c: the lint child of `rbc serve`. See lint_child.h. */
#include "serve/lint_child.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_LINT_OUTPUT (32L * 1024 * 1024)   /* findings JSON read at most */
#define LINT_NICE 10          /* the child's niceness above serve's own */

extern char **environ;

void rb_lint_child_init(struct rb_lint_child *c)
{
	c->pid = 0;
	c->fd = -1;
	c->too_long = false;
	rb_buf_init(&c->out);
}

bool rb_lint_child_start(struct rb_lint_child *c, char *const argv[])
{
	rb_lint_child_stop(c);
	rb_buf_reset(&c->out);
	c->too_long = false;
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0)
		return false;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	posix_spawnattr_t at;
	posix_spawnattr_init(&at);
	sigset_t none, dflt;
	sigemptyset(&none);
	sigemptyset(&dflt);
	sigaddset(&dflt, SIGINT);      /* serve blocks these and ignores SIGPIPE; */
	sigaddset(&dflt, SIGTERM);     /* the child starts as a fresh process would */
	sigaddset(&dflt, SIGHUP);
	sigaddset(&dflt, SIGPIPE);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &dflt);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	pid_t pid;
	int rc = posix_spawn(&pid, argv[0], &fa, &at, argv, environ);
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	if (rc != 0) {
		close(p[0]);
		fprintf(stderr, "rbc: cannot run %s to lint the book: %s\n", argv[0], strerror(rc));
		return false;
	}
	fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK);
	/* below serve: a rebuild (the next edit) goes first on a busy machine;
	 * set before the child starts its threads and rule processes, which
	 * inherit it */
	errno = 0;
	int nice_now = getpriority(PRIO_PROCESS, 0);
	if (errno == 0)
		(void)setpriority(PRIO_PROCESS, (id_t)pid, nice_now + LINT_NICE > 19 ? 19 : nice_now + LINT_NICE);
	c->pid = pid;
	c->fd = p[0];
	return true;
}

/* Reap the child (it has closed its output, so it is ending); its exit
 * status, or -1 when a signal ended it. */
static int reap(struct rb_lint_child *c)
{
	int st = 0;
	while (waitpid(c->pid, &st, 0) < 0 && errno == EINTR)
		;
	c->pid = 0;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

bool rb_lint_child_read(struct rb_lint_child *c, int *status)
{
	if (c->fd < 0)
		return false;
	char chunk[65536];
	for (;;) {
		ssize_t n = read(c->fd, chunk, sizeof chunk);
		if (n > 0) {
			if (c->out.len + (size_t)n > (size_t)MAX_LINT_OUTPUT)
				c->too_long = true;
			else
				rb_buf_add(&c->out, chunk, (size_t)n);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return false;
		break;                      /* the end, or a broken pipe */
	}
	close(c->fd);
	c->fd = -1;
	*status = reap(c);
	if (c->too_long)
		*status = -1;
	return true;
}

void rb_lint_child_stop(struct rb_lint_child *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	if (c->pid > 0) {
		kill(c->pid, SIGKILL);   /* its rule processes die with it (PR_SET_PDEATHSIG) */
		reap(c);
	}
}

void rb_lint_child_free(struct rb_lint_child *c)
{
	rb_lint_child_stop(c);
	rb_buf_free(&c->out);
}
