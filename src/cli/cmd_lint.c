/* cmd_lint.c: `rbc lint [BOOK] [FILE...]`. Loads the whole book so that
 * cross-references resolve, runs the built-in checks and the Lua rules,
 * keeps the findings on FILEs (all when none), applies the baseline and
 * prints them in the chosen format. Exit 0 clean, 1 findings, 2 usage. */
#include "cli/front.h"
#include "lint/check.h"
#include "lint/drills.h"
#include "cli/cli.h"
#include "lint/lint_cache.h"
#include "lint/lint_filter.h"
#include "parse/parse_file.h"
#include "lint/lint_report.h"
#include "lint/rules_run.h"
#include "read/xref_cache.h"
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Does the book have rules of its own (BOOK/lua/NAME.lua)? Such a rule may
 * read any runbook through book.runbooks, so linting FILEs then needs every
 * runbook in full. */
static bool book_has_rules(const struct rb_build *b)
{
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/lua", b->opt.book);
	DIR *d = opendir(dir);
	bool found = false;
	if (!d)
		return errno != ENOENT;   /* unreadable: assume there are rules */
	for (struct dirent *e; !found && (e = readdir(d));) {
		size_t l = strlen(e->d_name);
		found = l >= 5 && e->d_name[0] != '.' && !strcmp(e->d_name + l - 4, ".lua");
	}
	closedir(d);
	return found;
}

/* Reader for `rbc lint BOOK FILE...` (ctx: struct rb_xref): a FILE
 * operand in full but for its parse tree, any other runbook as a stub
 * from the cross-reference cache. */
static struct rb_runbook *read_stub_others(void *ctx, struct rb_build *b, const char *path, const char *rel,
					   const char *display)
{
	if (rb_lint_file_selected(b, display))
		return rb_parse_file_lean(NULL, b, path, rel, display);
	return rb_xref_runbook(ctx, b, path, rel, display);
}

/* How many bytes of runbooks lint keeps whole (RBC_LINT_FULL_MB, in MB;
 * default 32): past it, the peak memory of a big book's lint stays near
 * that of its summaries (doc/cache.md). */
static size_t full_budget(void)
{
	const char *s = getenv("RBC_LINT_FULL_MB");
	char *end;
	unsigned long mb = s && *s ? strtoul(s, &end, 10) : 32;
	if (s && *s && *end)
		mb = 32;
	return mb > 1UL << 20 ? (size_t)-1 : (size_t)mb << 20;
}

int rb_cmd_lint(struct rb_build *b)
{
	enum rb_lint_format fmt = RB_LINT_TEXT;
	if (b->opt.format && !rb_lint_report_parse_format(b->opt.format, &fmt)) {
		fprintf(stderr, "rbc: 'rbc lint --format' takes text, json, github, sarif or junit, not '%s'\n",
			b->opt.format);
		return RB_EXIT_USAGE;
	}
	if (!rb_lint_resolve_files(b) || !rb_front_as_of(b))
		return RB_EXIT_USAGE;
	/* lint needs no parse trees; with FILEs (and no rules of the book's
	 * own), the other runbooks are needed only for their ids and anchors
	 * (built-in checks and rules look at one runbook at a time) */
	struct rb_xref xref = {NULL, {rb_parse_file_lean, NULL, NULL}};
	/* a big book is kept whole only up to a budget, then as summaries that
	 * the rules read again one runbook at a time (parse_file.h) */
	struct rb_parse_file_keep keep;
	rb_parse_file_keep_init(&keep);
	keep.budget = full_budget();
	struct rb_reader lean = {rb_parse_file_bounded, rb_parse_file_lean, &keep};
	struct rb_reader stubs = {read_stub_others, rb_parse_file_lean, &xref};
	bool stub_others = b->opt.nfiles > 0 && !book_has_rules(b);
	struct rb_rule_info *rules;
	size_t nrules;
	/* the whole book's results, kept from the last run when nothing it
	 * read changed (lint_cache.h); FILEs choose from them below */
	struct rb_lint_cache cache = {NULL, ""};
	if (!stub_others)
		rb_lint_cache_open(b, &cache);
	if (!rb_lint_cache_replay(b, &cache, &rules, &nrules)) {
		if (stub_others)
			rb_xref_open(b, &xref);
		bool loaded = rb_front_load(b, stub_others ? &stubs : &lean);
		rb_parse_file_keep_end(&keep, b);
		if (!loaded) {
			rb_diag_print_all(b, stderr);
			return RB_EXIT_USAGE;
		}
		/* rbc.yaml drills: {runs:} (in the book, so in the cache's key):
		 * each scenario's drill facts, for drill-current */
		b->drills = rb_drills_of_book(b, NULL, -1);
		if (b->book.config.drill_runs.s && !b->drills) {
			rb_diag_print_all(b, stderr);
			return RB_EXIT_USAGE;
		}
		rb_rules_run(b, &rules, &nrules);
		rb_lint_apply_ignores(b, rules, nrules);
		rb_lint_cache_save(b, &cache, rules, nrules);
	} else {
		rb_parse_file_keep_end(&keep, b);
	}
	rb_lint_filter_files(b);
	int rc = rb_lint_baseline(b);
	if (rc != RB_EXIT_OK)
		return rc;
	rb_diag_sort(b);
	if (!rb_lint_report(b, fmt, rules, nrules, stdout))
		return RB_EXIT_USAGE;
	unsigned errors = rb_diag_count(b, RB_ERROR), warnings = rb_diag_count(b, RB_WARNING);
	if (errors)
		return RB_EXIT_FINDINGS;
	if (b->opt.max_warnings >= 0 && warnings > (unsigned long)b->opt.max_warnings) {
		fprintf(stderr, "rbc: %u warnings, more than --max-warnings %ld\n", warnings, b->opt.max_warnings);
		return RB_EXIT_FINDINGS;
	}
	return RB_EXIT_OK;
}
