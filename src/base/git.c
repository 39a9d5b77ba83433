/* git.c: the project's one way to run git. posix_spawnp with an argv
 * array, never a shell; stdin and stderr on /dev/null, stdout collected. */
#include "base/git.h"
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

bool rb_git_start(char *const argv[], struct rb_git_job *job)
{
	int fds[2];
	job->pid = -1;
	job->fd = -1;
	/* close-on-exec: another git started meanwhile must not hold this pipe open */
	if (pipe2(fds, O_CLOEXEC) != 0)
		return false;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	pid_t pid;
	int err = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (err) {
		close(fds[0]);
		return false;
	}
	job->pid = pid;
	job->fd = fds[0];
	return true;
}

int rb_git_finish(struct rb_git_job *job, struct rb_buf *out)
{
	if (job->pid < 0)
		return -1;
	char chunk[65536];
	ssize_t n;
	while ((n = read(job->fd, chunk, sizeof chunk)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		rb_buf_add(out, chunk, (size_t)n);
	}
	close(job->fd);
	int status;
	pid_t pid = job->pid;
	job->pid = -1;
	job->fd = -1;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(status))
		return WEXITSTATUS(status) == 127 ? -1 : WEXITSTATUS(status);
	return 128;
}

int rb_git_run(char *const argv[], struct rb_buf *out)
{
	struct rb_git_job job;
	if (!rb_git_start(argv, &job))
		return -1;
	return rb_git_finish(&job, out);
}
