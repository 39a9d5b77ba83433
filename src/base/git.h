/* git.h: the project's one way to run git (stale history, the pages' last
 * change, the scripts' commit). */
#ifndef RB_GIT_H
#define RB_GIT_H
#include "base/buf.h"

/* Run argv (argv[0] "git") with posix_spawnp, never a shell, stdin and
 * stderr on /dev/null; its stdout is appended to out. Returns 0, git's
 * exit status, or -1 when git could not be started. */
int rb_git_run(char *const argv[], struct rb_buf *out);

#endif
