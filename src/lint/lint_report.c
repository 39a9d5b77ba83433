/* lint_report.c: `rbc lint` findings in five formats. text is the gcc style of
 * diag.c; json is an array of {file, line, col, level, rule, message};
 * github prints workflow commands; sarif (lint_report_sarif.c) is SARIF 2.1.0;
 * junit is JUnit XML through libxml2's writer, one testcase per runbook.
 * JSON goes through the one JSON writer (json_write.h). Messages were made
 * visible when recorded (diag.c); file names and rule ids are made visible
 * (visible.h) wherever a person or a CI log reads them. */
#include "lint/lint_report.h"
#include "base/json_write.h"
#include "base/strmap.h"
#include "lint/lint_filter.h"
#include "base/visible.h"
#include <libxml/xmlwriter.h>
#include <string.h>

bool rb_lint_report_parse_format(const char *name, enum rb_lint_format *fmt)
{
	static const char *const names[] = {"text", "json", "github", "sarif", "junit"};
	for (int i = 0; i < 5; i++)
		if (!strcmp(name, names[i])) {
			*fmt = (enum rb_lint_format)i;
			return true;
		}
	return false;
}

/* text: one gcc-style line per finding on f, the counts on stderr. */
static void print_text(struct rb_build *b, FILE *f)
{
	bool color = rb_diag_want_color(b->opt.color, f);
	for (size_t i = 0; i < b->diags.n; i++)
		rb_diag_print(f, &b->diags.v[i], color);
	unsigned e = rb_diag_count(b, RB_ERROR), w = rb_diag_count(b, RB_WARNING);
	if ((e || w) && !b->opt.quiet)
		fprintf(stderr, "rbc lint: %u error%s, %u warning%s\n", e, e == 1 ? "" : "s", w, w == 1 ? "" : "s");
}

/* json: the findings as an array. The file is written as it is named (the
 * writer keeps the document valid JSON whatever the name holds). */
static void print_json(struct rb_build *b, FILE *f)
{
	struct rb_jw w;
	rb_jw_init(&w, 2, rb_jw_put_file, f);
	rb_jw_array(&w);
	for (size_t i = 0; i < b->diags.n; i++) {
		const struct rb_diag *d = &b->diags.v[i];
		rb_jw_object(&w);
		rb_jw_kstr(&w, "file", d->loc.file ? d->loc.file : "");
		rb_jw_kint(&w, "line", d->loc.line);
		rb_jw_kint(&w, "col", d->loc.col);
		rb_jw_kstr(&w, "level", rb_level_name(d->level));
		rb_jw_kstr(&w, "rule", d->id);
		rb_jw_kstr(&w, "message", rb_lint_message(b, d));
		rb_jw_end(&w, '}');
	}
	rb_jw_end(&w, ']');
	rb_jw_finish(&w);
	fputc('\n', f);
}

/* GitHub's escaping of workflow commands (@actions/core escapeData and
 * escapeProperty): % CR LF always, and ',' ':' inside properties; s is
 * made visible first, so no control character reaches the log. */
static void gh_escape(struct rb_build *b, FILE *f, const char *s, bool property)
{
	for (s = rb_visible_str(&b->arena, s, 0); s && *s; s++) {
		if (*s == '%')
			fputs("%25", f);
		else if (*s == '\r')
			fputs("%0D", f);
		else if (*s == '\n')
			fputs("%0A", f);
		else if (property && *s == ':')
			fputs("%3A", f);
		else if (property && *s == ',')
			fputs("%2C", f);
		else
			fputc(*s, f);
	}
}

/* github: one ::error/::warning/::notice command per finding, then counts. */
static void print_github(struct rb_build *b, FILE *f)
{
	static const char *const cmd[] = {"notice", "warning", "error", "notice"};
	for (size_t i = 0; i < b->diags.n; i++) {
		const struct rb_diag *d = &b->diags.v[i];
		fprintf(f, "::%s ", cmd[d->level]);
		if (d->loc.file) {
			fputs("file=", f);
			gh_escape(b, f, d->loc.file, true);
			if (d->loc.line)
				fprintf(f, ",line=%u", d->loc.line);
			if (d->loc.col)
				fprintf(f, ",col=%u", d->loc.col);
			fputc(',', f);
		}
		fputs("title=", f);
		gh_escape(b, f, d->id, true);
		fputs("::", f);
		gh_escape(b, f, rb_lint_message(b, d), false);
		fputc('\n', f);
	}
	/* GitHub shows only 10 annotations of a kind per step: say how many. */
	unsigned e = rb_diag_count(b, RB_ERROR), w = rb_diag_count(b, RB_WARNING), n = rb_diag_count(b, RB_NOTE);
	fprintf(f, "rbc lint: %u error%s, %u warning%s, %u note%s\n", e, e == 1 ? "" : "s", w, w == 1 ? "" : "s",
		n, n == 1 ? "" : "s");
}

/* ---- JUnit ------------------------------------------------------------ */

/* One JUnit testcase: a file and its findings, diags[first..end) (the
 * findings are sorted by file, so a file's findings are adjacent). */
struct junit_case {
	const char *file;
	size_t first, end;
	unsigned errors, warnings;
};

/* The file a finding belongs to, for JUnit. */
static const char *finding_file(const struct rb_diag *d)
{
	return d->loc.file ? d->loc.file : "rbc";
}

/* One finding as the line the text format prints, made visible. */
static void junit_line(struct rb_build *b, const struct rb_diag *d, struct rb_buf *o)
{
	rb_visible_put(o, finding_file(d), 0);
	rb_buf_printf(o, ":%u:%u: %s: ", d->loc.line, d->loc.col, rb_level_name(d->level));
	rb_visible_put(o, rb_lint_message(b, d), 0);
	rb_buf_puts(o, " [");
	rb_visible_put(o, d->id, 0);
	rb_buf_puts(o, "]\n");
}

/* Write one text element holding the lines of c's findings at level. */
static void junit_lines(struct rb_build *b, xmlTextWriterPtr w, const struct junit_case *c, enum rb_level level)
{
	struct rb_buf o;
	rb_buf_init(&o);
	for (size_t i = c->first; i < c->end; i++)
		if (b->diags.v[i].level == level)
			junit_line(b, &b->diags.v[i], &o);
	xmlTextWriterWriteString(w, BAD_CAST rb_buf_cstr(&o));
	rb_buf_free(&o);
}

/* A testcase; errors make its one <failure> (JUnit allows one), whose
 * message is the first error; warnings go to its <system-out>. */
static void junit_case(struct rb_build *b, xmlTextWriterPtr w, const struct junit_case *c)
{
	xmlTextWriterStartElement(w, BAD_CAST "testcase");
	xmlTextWriterWriteAttribute(w, BAD_CAST "classname", BAD_CAST "rbc.lint");
	xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST rb_visible_str(&b->arena, c->file, 0));
	if (c->errors) {
		const struct rb_diag *d = &b->diags.v[c->first];
		while (d->level != RB_ERROR)
			d++;
		const char *msg = rb_lint_message(b, d);
		if (c->errors > 1)
			msg = rb_arena_printf(&b->arena, "%s (and %u more error%s)", msg, c->errors - 1,
					      c->errors == 2 ? "" : "s");
		xmlTextWriterStartElement(w, BAD_CAST "failure");
		xmlTextWriterWriteAttribute(w, BAD_CAST "type", BAD_CAST rb_visible_str(&b->arena, d->id, 0));
		xmlTextWriterWriteAttribute(w, BAD_CAST "message", BAD_CAST rb_visible_str(&b->arena, msg, 0));
		junit_lines(b, w, c, RB_ERROR);
		xmlTextWriterEndElement(w);
	}
	if (c->warnings) {
		xmlTextWriterStartElement(w, BAD_CAST "system-out");
		junit_lines(b, w, c, RB_WARNING);
		xmlTextWriterEndElement(w);
	}
	xmlTextWriterEndElement(w);
}

/* The testcases: every runbook in book order, then every other file with
 * a finding (contacts.yaml, rbc.yaml, a rule file, "rbc") in sorted order.
 * Returns how many, in *cases (arena). */
static size_t junit_cases(struct rb_build *b, struct junit_case **cases)
{
	size_t nrb = b->book.nrunbooks, n = 0;
	struct junit_case *v = rb_arena_alloc(&b->arena, (nrb + b->diags.n + 1) * sizeof *v);
	struct rb_strmap at = {0};   /* file → its case */
	for (size_t i = 0; i < nrb; i++) {
		unsigned k;
		const char *file = b->book.runbooks[i]->file;
		if (rb_strmap_get(&at, file, &k))
			continue;
		rb_strmap_put(&at, file, (unsigned)n);
		v[n++] = (struct junit_case){.file = file};
	}
	for (size_t i = 0; i < b->diags.n;) {
		const char *file = finding_file(&b->diags.v[i]);
		unsigned k;
		if (!rb_strmap_get(&at, file, &k)) {
			k = (unsigned)n;
			rb_strmap_put(&at, file, k);
			v[n++] = (struct junit_case){.file = file};
		}
		struct junit_case *c = &v[k];
		c->first = i;
		for (; i < b->diags.n && !strcmp(finding_file(&b->diags.v[i]), file); i++) {
			c->errors += b->diags.v[i].level == RB_ERROR;
			c->warnings += b->diags.v[i].level == RB_WARNING;
		}
		c->end = i;
	}
	rb_strmap_free(&at);
	*cases = v;
	return n;
}

/* The counts a suite (and the whole report) carries: tests, failures and
 * errors, matching the testcases written. */
static void junit_counts(xmlTextWriterPtr w, size_t tests, size_t failures)
{
	xmlTextWriterWriteFormatAttribute(w, BAD_CAST "tests", "%zu", tests);
	xmlTextWriterWriteFormatAttribute(w, BAD_CAST "failures", "%zu", failures);
	xmlTextWriterWriteAttribute(w, BAD_CAST "errors", BAD_CAST "0");
	xmlTextWriterWriteAttribute(w, BAD_CAST "skipped", BAD_CAST "0");
}

static bool print_junit(struct rb_build *b, FILE *f)
{
	struct junit_case *cases;
	size_t ncases = junit_cases(b, &cases), failures = 0;
	for (size_t i = 0; i < ncases; i++)
		failures += cases[i].errors > 0;
	xmlBufferPtr buf = xmlBufferCreate();
	xmlTextWriterPtr w = xmlNewTextWriterMemory(buf, 0);
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
	xmlTextWriterStartElement(w, BAD_CAST "testsuites");
	xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST "rbc lint");
	junit_counts(w, ncases, failures);
	xmlTextWriterStartElement(w, BAD_CAST "testsuite");
	xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST "rbc lint");
	junit_counts(w, ncases, failures);
	for (size_t i = 0; i < ncases; i++)
		junit_case(b, w, &cases[i]);
	xmlTextWriterEndDocument(w);
	xmlFreeTextWriter(w);
	size_t len = (size_t)xmlBufferLength(buf);
	bool ok = fwrite(xmlBufferContent(buf), 1, len, f) == len;
	xmlBufferFree(buf);
	return ok;
}

bool rb_lint_report(struct rb_build *b, enum rb_lint_format fmt, const struct rb_rule_info *rules,
		    size_t nrules, FILE *f)
{
	bool ok = true;
	switch (fmt) {
	case RB_LINT_TEXT: print_text(b, f); break;
	case RB_LINT_JSON: print_json(b, f); break;
	case RB_LINT_GITHUB: print_github(b, f); break;
	case RB_LINT_SARIF: rb_lint_report_sarif(b, rules, nrules, f); break;
	case RB_LINT_JUNIT: ok = print_junit(b, f); break;
	}
	if (!ok || fflush(f) != 0 || ferror(f)) {
		perror("rbc: writing the lint report");
		return false;
	}
	return true;
}
