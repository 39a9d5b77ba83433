/* cli.h: the option table, argument parsing and generated help. */
#ifndef RB_CLI_H
#define RB_CLI_H
#include "model/build.h"

struct rb_subcommand {
	const char *name;
	int (*run)(struct rb_build *b);
	const char *synopsis;
	const char *summary;
	unsigned bit;               /* which options apply: see rb_option.cmds */
	int operands;               /* 0: none, 1: BOOK, 2: BOOK FILE..., 3: FILE, 4: SHELL,
				       5: BOOK or "verify DIR" */
	const char *formats;        /* the --format values it takes, or NULL */
	const char *examples;       /* one or two command lines, newline-separated */
};

/* One command-line option; the table in cli.c lists them all. */
struct rb_option {
	const char *lng;
	char shrt;
	const char *metavar;        /* NULL: takes no argument */
	unsigned cmds;              /* bit set of the commands it applies to */
	int id;
	const char *help;
};

/* Parse argv into b->opt and find the command. Returns the command, or
 * NULL with *exit_code set (help and version print and exit 0; usage
 * errors print and exit 2). */
const struct rb_subcommand *rb_cli_parse(struct rb_build *b, int argc, char **argv, int *exit_code);
/* Print the help for one command, or the overview when cmd is NULL. */
void rb_cli_help(FILE *f, const struct rb_subcommand *cmd);
/* The command table and its length. */
const struct rb_subcommand *rb_cli_commands(size_t *n);
/* The option table and its length. */
const struct rb_option *rb_cli_options(size_t *n);
/* True when option o applies to command cmd. */
bool rb_cli_option_applies(const struct rb_option *o, const struct rb_subcommand *cmd);
/* The space-separated values option o takes in command cmd, or NULL when free-form. */
const char *rb_cli_option_choices(const struct rb_option *o, const struct rb_subcommand *cmd);

/* The whole build of `rbc build` into folder out: read, check, write every
 * output atomically. Prints nothing: the diagnostics stay on b for the
 * caller. Returns the exit status. */
int rb_build_site(struct rb_build *b, const char *out);

/* Subcommands, each in its own file. */
int rb_cmd_alerts(struct rb_build *b);
int rb_cmd_dump(struct rb_build *b);
int rb_cmd_build(struct rb_build *b);
int rb_cmd_lint(struct rb_build *b);
int rb_cmd_scripts(struct rb_build *b);
int rb_cmd_stale(struct rb_build *b);
int rb_cmd_drills(struct rb_build *b);
int rb_cmd_import(struct rb_build *b);
int rb_cmd_completion(struct rb_build *b);
int rb_cmd_serve(struct rb_build *b);
int rb_cmd_bundle(struct rb_build *b);
int rb_cmd_verify(struct rb_build *b);

#endif
