/* git.h: the project's one way to run git (stale history, the pages' last
 * change, the scripts' commit). */
#ifndef RB_GIT_H
#define RB_GIT_H
#include <stdbool.h>
#include <sys/types.h>
#include "base/buf.h"

/* A git started and not yet waited for. */
struct rb_git_job {
	pid_t pid;                /* -1: none */
	int fd;                   /* its stdout's pipe */
};

/* Run argv (argv[0] "git") with posix_spawnp, never a shell, stdin and
 * stderr on /dev/null; its stdout is appended to out. Returns 0, git's
 * exit status, or -1 when git could not be started. */
int rb_git_run(char *const argv[], struct rb_buf *out);
/* rb_git_run in two halves, so that the caller works while git runs:
 * start argv (false, job->pid -1, when it could not be started) ... */
bool rb_git_start(char *const argv[], struct rb_git_job *job);
/* ... then read its stdout into out and wait for it; returns as
 * rb_git_run does (-1 for a job that did not start). Call it exactly once
 * for every job, started or not. */
int rb_git_finish(struct rb_git_job *job, struct rb_buf *out);

#endif
