/* render_script.h: one bash step script per scenario (doc/scripts.md).
 * Every piece of runbook text enters the script once, as a single-quoted
 * literal in the data block at the top; the runner below it is fixed
 * text (src/script_runtime.sh) and never changes with the book. */
#ifndef RB_RENDER_SCRIPT_H
#define RB_RENDER_SCRIPT_H
#include <stdbool.h>
#include "base/buf.h"
#include "base/git.h"
#include "model/build.h"
#include "render/output.h"

/* What one shell command needs: parameters (variables it reads and
 * placeholders it holds) and tools (programs it calls). */
struct rb_script_needs {
	const char **params;       /* parameter names, e.g. "SNAPSHOT_ID" */
	const char **placeholders; /* parallel: "<snapshot-id>", or "" for a variable */
	size_t nparams, capparams;
	const char **tools;
	size_t ntools, captools;
};

/* Quote s as one single-quoted shell word ('it'\''s') into out. */
void rb_script_quote(struct rb_buf *out, const char *s);
/* Collect the parameters and tools of shell command text into n (arena
 * strings, duplicates dropped). */
void rb_script_scan(struct rb_arena *a, const char *text, struct rb_script_needs *n);
/* Add a parameter (name, placeholder "" for a variable) or a tool to n
 * unless it is there already. */
void rb_script_add_param(struct rb_arena *a, struct rb_script_needs *n, const char *name, const char *ph);
void rb_script_add_tool(struct rb_arena *a, struct rb_script_needs *n, const char *w, size_t len);
/* Render scenario s into out. commit is the book's git commit or NULL.
 * False (with a diagnostic) when the scenario cannot become a script. */
bool rb_render_script(struct rb_build *b, const struct rb_scenario *s, const char *commit, struct rb_buf *out);
/* The book's git commit for the scripts' headers (git -C BOOK rev-parse
 * HEAD; arena string), or NULL outside git. Ask once per build. */
const char *rb_script_commit(struct rb_build *b);
/* rb_script_commit in two halves, so that the caller works while git
 * runs: start git (false when it could not be started) ... */
bool rb_script_commit_start(struct rb_build *b, struct rb_git_job *job);
/* ... and its answer; call it once for every job, started or not. */
const char *rb_script_commit_finish(struct rb_build *b, struct rb_git_job *job);
/* Write each scenario of rb as PREFIX<runbook-id>/<scenario-id>.sh (mode
 * 0755) into o. */
bool rb_render_runbook_scripts(struct rb_build *b, struct rb_output *o, const struct rb_runbook *rb,
			       const char *commit, const char *prefix);
/* The same for every runbook of the book. */
bool rb_render_scripts_at(struct rb_build *b, struct rb_output *o, const char *prefix);

#endif
