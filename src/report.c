/* report.c: `rbc lint` findings in five formats. text is the gcc style of
 * diag.c; json is an array of {file, line, col, level, rule, message};
 * github prints workflow commands; sarif is SARIF 2.1.0; junit is JUnit
 * XML through libxml2's writer, one testcase per runbook. */
#include "report.h"
#include "cli.h"
#include "lint_filter.h"
#include <jansson.h>
#include <libxml/xmlwriter.h>
#include <string.h>

bool rb_lint_parse_format(const char *name, enum rb_lint_format *fmt)
{
	static const char *const names[] = {"text", "json", "github", "sarif", "junit"};
	for (int i = 0; i < 5; i++)
		if (!strcmp(name, names[i])) {
			*fmt = (enum rb_lint_format)i;
			return true;
		}
	return false;
}

static void print_text(struct rb_build *b, FILE *f)
{
	bool color = rb_diag_want_color(b->opt.color, f);
	for (size_t i = 0; i < b->ndiags; i++)
		rb_diag_print(f, &b->diags[i], color);
	unsigned e = rb_diag_count(b, RB_ERROR), w = rb_diag_count(b, RB_WARNING);
	if ((e || w) && !b->opt.quiet)
		fprintf(stderr, "rbc lint: %u error%s, %u warning%s\n", e, e == 1 ? "" : "s", w, w == 1 ? "" : "s");
}

static json_t *finding_json(struct rb_build *b, const struct rb_diag *d)
{
	return json_pack("{s:s, s:I, s:I, s:s, s:s, s:s}", "file", d->loc.file ? d->loc.file : "",
			 "line", (json_int_t)d->loc.line, "col", (json_int_t)d->loc.col,
			 "level", rb_level_name(d->level), "rule", d->id, "message", rb_lint_message(b, d));
}

static bool dump_json(json_t *j, FILE *f)
{
	int rc = json_dumpf(j, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(j);
	return rc == 0 && fputc('\n', f) != EOF;
}

static bool print_json(struct rb_build *b, FILE *f)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < b->ndiags; i++)
		json_array_append_new(arr, finding_json(b, &b->diags[i]));
	return dump_json(arr, f);
}

/* GitHub's escaping: % CR LF always, and ',' ':' inside properties. */
static void gh_escape(FILE *f, const char *s, bool property)
{
	for (; s && *s; s++) {
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

static void print_github(struct rb_build *b, FILE *f)
{
	static const char *const cmd[] = {"notice", "warning", "error", "notice"};
	for (size_t i = 0; i < b->ndiags; i++) {
		const struct rb_diag *d = &b->diags[i];
		fprintf(f, "::%s ", cmd[d->level]);
		if (d->loc.file) {
			fputs("file=", f);
			gh_escape(f, d->loc.file, true);
			if (d->loc.line)
				fprintf(f, ",line=%u", d->loc.line);
			if (d->loc.col)
				fprintf(f, ",col=%u", d->loc.col);
			fputc(',', f);
		}
		fputs("title=", f);
		gh_escape(f, d->id, true);
		fputs("::", f);
		gh_escape(f, rb_lint_message(b, d), false);
		fputc('\n', f);
	}
	/* GitHub shows only 10 annotations of a kind per step: say how many. */
	unsigned e = rb_diag_count(b, RB_ERROR), w = rb_diag_count(b, RB_WARNING), n = rb_diag_count(b, RB_NOTE);
	fprintf(f, "rbc lint: %u error%s, %u warning%s, %u note%s\n", e, e == 1 ? "" : "s", w, w == 1 ? "" : "s",
		n, n == 1 ? "" : "s");
}

static json_t *sarif_rule(const char *id, const char *summary)
{
	return json_pack("{s:s, s:{s:s}}", "id", id, "shortDescription", "text", summary ? summary : id);
}

static bool print_sarif(struct rb_build *b, const struct rb_rule_info *rules, size_t nrules, FILE *f)
{
	static const char *const lv[] = {"note", "warning", "error", "none"};
	json_t *rl = json_array();
	for (size_t i = 0; i < nrules; i++)
		json_array_append_new(rl, sarif_rule(rules[i].id, rules[i].summary));
	json_array_append_new(rl, sarif_rule("link-broken",
		"every relative link and contact mention resolves, down to the anchor"));
	json_t *res = json_array();
	for (size_t i = 0; i < b->ndiags; i++) {
		const struct rb_diag *d = &b->diags[i];
		json_t *region = json_object();
		if (d->loc.line)
			json_object_set_new(region, "startLine", json_integer(d->loc.line));
		if (d->loc.col)
			json_object_set_new(region, "startColumn", json_integer(d->loc.col));
		json_t *phys = json_pack("{s:{s:s}}", "artifactLocation", "uri", d->loc.file ? d->loc.file : ".");
		if (d->loc.line)
			json_object_set_new(phys, "region", region);
		else
			json_decref(region);
		json_array_append_new(res, json_pack("{s:s, s:s, s:{s:s}, s:[{s:o}]}", "ruleId", d->id,
			"level", lv[d->level], "message", "text", rb_lint_message(b, d),
			"locations", "physicalLocation", phys));
	}
	json_t *doc = json_pack("{s:s, s:s, s:[{s:{s:{s:s, s:s, s:o}}, s:o}]}",
		"$schema", "https://json.schemastore.org/sarif-2.1.0.json", "version", "2.1.0",
		"runs", "tool", "driver", "name", "rbc", "version", RB_VERSION,
		"rules", rl, "results", res);
	return dump_json(doc, f);
}

/* The runbook (or other file) a finding belongs to, for JUnit. */
static const char *finding_file(const struct rb_diag *d)
{
	return d->loc.file ? d->loc.file : "rbc";
}

static void junit_case(struct rb_build *b, xmlTextWriterPtr w, const char *name)
{
	xmlTextWriterStartElement(w, BAD_CAST "testcase");
	xmlTextWriterWriteAttribute(w, BAD_CAST "classname", BAD_CAST "rbc.lint");
	xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST name);
	for (size_t i = 0; i < b->ndiags; i++) {
		const struct rb_diag *d = &b->diags[i];
		if (strcmp(finding_file(d), name) || d->level < RB_WARNING)
			continue;
		const char *msg = rb_lint_message(b, d);
		xmlTextWriterStartElement(w, BAD_CAST (d->level == RB_ERROR ? "failure" : "system-out"));
		if (d->level == RB_ERROR) {
			xmlTextWriterWriteAttribute(w, BAD_CAST "type", BAD_CAST d->id);
			xmlTextWriterWriteAttribute(w, BAD_CAST "message", BAD_CAST msg);
		}
		xmlTextWriterWriteFormatString(w, "%s:%u:%u: %s: %s [%s]\n", name, d->loc.line, d->loc.col,
					       rb_level_name(d->level), msg, d->id);
		xmlTextWriterEndElement(w);
	}
	xmlTextWriterEndElement(w);
}

static bool print_junit(struct rb_build *b, FILE *f)
{
	xmlBufferPtr buf = xmlBufferCreate();
	xmlTextWriterPtr w = xmlNewTextWriterMemory(buf, 0);
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
	xmlTextWriterStartElement(w, BAD_CAST "testsuites");
	xmlTextWriterStartElement(w, BAD_CAST "testsuite");
	xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST "rbc lint");
	xmlTextWriterWriteFormatAttribute(w, BAD_CAST "tests", "%zu", b->book.nrunbooks);
	xmlTextWriterWriteFormatAttribute(w, BAD_CAST "failures", "%u", rb_diag_count(b, RB_ERROR));
	for (size_t i = 0; i < b->book.nrunbooks; i++)
		junit_case(b, w, b->book.runbooks[i]->file);
	/* findings on other files (contacts.yaml, rule files) get a case each */
	for (size_t i = 0; i < b->ndiags; i++) {
		const char *fl = finding_file(&b->diags[i]);
		bool seen = false;
		for (size_t j = 0; j < b->book.nrunbooks && !seen; j++)
			seen = !strcmp(b->book.runbooks[j]->file, fl);
		for (size_t j = 0; j < i && !seen; j++)
			seen = !strcmp(finding_file(&b->diags[j]), fl);
		if (!seen)
			junit_case(b, w, fl);
	}
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
	case RB_LINT_JSON: ok = print_json(b, f); break;
	case RB_LINT_GITHUB: print_github(b, f); break;
	case RB_LINT_SARIF: ok = print_sarif(b, rules, nrules, f); break;
	case RB_LINT_JUNIT: ok = print_junit(b, f); break;
	}
	if (!ok || fflush(f) != 0 || ferror(f)) {
		perror("rbc: writing the lint report");
		return false;
	}
	return true;
}
