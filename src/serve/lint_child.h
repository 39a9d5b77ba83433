/* lint_child.h: the lint that `rbc serve` runs after each build, as a
 * child process (`rbc lint BOOK --format json`, the command's argv comes
 * from cli/): the book's Lua rules run there with rbc lint's own rules,
 * config and cache, never slow the reload of a page (the serve loop reads
 * the child's output as it comes), and a newer build stops a lint that
 * would only report on bytes already gone. Its memory ends with it. */
#ifndef RB_LINT_CHILD_H
#define RB_LINT_CHILD_H
#include "base/buf.h"
#include <stdbool.h>
#include <sys/types.h>

struct rb_lint_child {
	pid_t pid;              /* 0: none running */
	int fd;                 /* its standard output, -1 when none */
	struct rb_buf out;      /* what it printed so far */
	bool too_long;          /* it printed more than serve reads */
};

/* No child yet. */
void rb_lint_child_init(struct rb_lint_child *c);
/* Start argv[0] with argv (standard output to c, standard input from
 * /dev/null, standard error shared, signals as for a fresh process, 10
 * steps nicer than serve, so the next rebuild goes first); false
 * when it cannot start. Any child still running is stopped first. */
bool rb_lint_child_start(struct rb_lint_child *c, char *const argv[]);
/* Take what the running child printed since the last call (without
 * waiting). True when it has ended: *status is its exit status (-1 when a
 * signal ended it or its output was too long) and c->out holds all it
 * printed, until the next start. */
bool rb_lint_child_read(struct rb_lint_child *c, int *status);
/* Stop and reap a running child; its output is dropped. */
void rb_lint_child_stop(struct rb_lint_child *c);
/* rb_lint_child_stop, and free c's buffer. */
void rb_lint_child_free(struct rb_lint_child *c);

#endif
