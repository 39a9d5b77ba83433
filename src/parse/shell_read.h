/* shell_read.h: shell text read the way bash reads it, into pipelines of
 * simple commands whose words have their quotes and backslashes removed,
 * with the heredoc bodies and here-strings fed to them. Comments are
 * skipped; $( and backticks start commands of their own. For judging
 * commands (destructive.c), not for running them. */
#ifndef RB_SHELL_READ_H
#define RB_SHELL_READ_H
#include <stdbool.h>
#include <stddef.h>

enum { RB_SHELL_MAX_WORDS = 128, RB_SHELL_MAX_CMDS = 32, RB_SHELL_MAX_DATA = 8 };

/* A word, unquoted and NUL-terminated, or a heredoc body / here-string /
 * redirection target (then s points into the text and is not terminated). */
struct rb_shell_word {
	const char *s;
	size_t len;
};

/* One pipeline: simple command i is words w[start[i] .. start[i + 1]). */
struct rb_shell_pipeline {
	struct rb_shell_word w[RB_SHELL_MAX_WORDS];
	size_t nw;
	size_t start[RB_SHELL_MAX_CMDS + 1];
	size_t ncmds;
	struct rb_shell_word data[RB_SHELL_MAX_DATA];   /* heredoc bodies and here-strings */
	size_t ndata;
	struct rb_shell_word out[RB_SHELL_MAX_DATA];    /* files written by > and >> */
	size_t nout;
};

/* Read shell text t (n bytes; 0: up to its NUL) and call fn with each
 * pipeline in order, until fn returns true. Returns true when it did.
 * Words beyond the limits above are dropped, never overrun. */
bool rb_shell_read(const char *t, size_t n, bool (*fn)(void *ctx, const struct rb_shell_pipeline *p), void *ctx);

#endif
