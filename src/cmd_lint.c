/* cmd_lint.c: `rbc lint [BOOK] [FILE...]`. Loads the whole book so that
 * cross-references resolve, runs the built-in checks and the Lua rules,
 * keeps the findings on FILEs (all when none), applies the baseline and
 * prints them in the chosen format. Exit 0 clean, 1 findings, 2 usage. */
#include "check.h"
#include "cli.h"
#include "lint_filter.h"
#include "parse.h"
#include "report.h"
#include "rules.h"
#include <stdio.h>
#include <string.h>

int rb_cmd_lint(struct rb_build *b)
{
	enum rb_lint_format fmt = RB_LINT_TEXT;
	if (b->opt.format && !rb_lint_parse_format(b->opt.format, &fmt)) {
		fprintf(stderr, "rbc: 'rbc lint --format' takes text, json, github, sarif or junit, not '%s'\n",
			b->opt.format);
		return RB_EXIT_USAGE;
	}
	if (!rb_check_as_of(b))
		return RB_EXIT_USAGE;
	b->drop_docs = true;
	if (!rb_check_load(b)) {
		rb_diag_print_all(b, stderr);
		return RB_EXIT_USAGE;
	}
	for (size_t i = 0; i < b->book.nrunbooks; i++)
		rb_parse_free_doc(b->book.runbooks[i]);
	struct rb_rule_info *rules;
	size_t nrules;
	rb_rules_run(b, &rules, &nrules);
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
