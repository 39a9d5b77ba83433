/* lint_report.h: `rbc lint` output formats (text, json, github, sarif, junit). */
#ifndef RB_LINT_REPORT_H
#define RB_LINT_REPORT_H
#include "model/build.h"
#include "lint/rules.h"
#include <stdio.h>

enum rb_lint_format { RB_LINT_TEXT, RB_LINT_JSON, RB_LINT_GITHUB, RB_LINT_SARIF, RB_LINT_JUNIT };

/* "text", "json", ... → *fmt; false for an unknown name. */
bool rb_lint_report_parse_format(const char *name, enum rb_lint_format *fmt);
/* Print b's (sorted, filtered) diagnostics to f; rules lists the Lua
 * rules for SARIF. False (with a message) when writing fails. */
bool rb_lint_report(struct rb_build *b, enum rb_lint_format fmt, const struct rb_rule_info *rules,
		    size_t nrules, FILE *f);
/* The SARIF 2.1.0 log of b's findings (lint_report_sarif.c); rules lists the
 * Lua rules that loaded. Write errors show in ferror(f). */
void rb_lint_report_sarif(struct rb_build *b, const struct rb_rule_info *rules, size_t nrules, FILE *f);

#endif
