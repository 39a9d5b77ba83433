/* import.c: a legacy runbook's canonical form, and its gap report. The
 * canonical text is the original bytes with a few lines rewritten where
 * the lenient reader saw structure (lenient.h): scenario headings become
 * "## Scenario: title" with a metadata line, section labels become "###"
 * headings, step headings "####", and a step read as a call of a procedure
 * ("Follow the X procedure") a link alone to it. Every other line is copied as it was,
 * so paragraphs, lists, tables and code blocks stay verbatim and in order.
 * A canonical document is copied unchanged, which makes import idempotent. */
#include "render/import.h"
#include "model/format_words.h"
#include "base/visible.h"
#include "parse/lenient.h"
#include "parse/lenient_words.h"
#include "base/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Offsets of the starts of the lines of text (1-based: line l starts at
 * at[l]); at[nlines + 1] is the end. malloc'd. */
static size_t *line_index(const char *text, size_t len, unsigned *nlines)
{
	size_t n = 1;
	for (size_t i = 0; i < len; i++)
		n += text[i] == '\n' && i + 1 < len;
	size_t *at = rb_xmalloc((n + 2) * sizeof *at), l = 1;
	at[1] = 0;
	for (size_t i = 0; i < len; i++)
		if (text[i] == '\n' && i + 1 < len)
			at[++l] = i + 1;
	at[n + 1] = len;
	*nlines = (unsigned)n;
	return at;
}

struct writer {
	struct rb_buf *out;
	const char *text;
	size_t *at;
	unsigned nlines;
	unsigned next;           /* the next line to copy */
	const struct rb_step **calls;   /* by body line: a step the lenient reader
					   read as a call, which becomes a link */
};

static void call_line(struct writer *w, unsigned line, const struct rb_step *st);

/* Copy the lines from w->next up to (not including) line, writing a
 * calling step's line as a link. */
static void copy_to(struct writer *w, unsigned line)
{
	if (line > w->nlines + 1)
		line = w->nlines + 1;
	while (w->next < line) {
		unsigned end = w->next;
		while (end < line && !w->calls[end])
			end++;
		rb_buf_add(w->out, w->text + w->at[w->next], w->at[end] - w->at[w->next]);
		if (end == line) {
			if (w->at[line] && w->text[w->at[line] - 1] != '\n')
				rb_buf_putc(w->out, '\n');
		} else {
			call_line(w, end, w->calls[end]);
		}
		w->next = end + (end < line);
	}
}

/* True when a step's words say no more than that it runs the procedure
 * ("Follow the Database Restore procedure (30 min)"), so the link says it all. */
static bool only_the_call(const struct rb_step *st)
{
	const struct rb_lenient_words *lw = rb_format_words_lenient();
	char t[512], title[256], phrase[384];
	const char *words = rb_strip_number(st->title), *paren = strrchr(words, '(');
	size_t n = strlen(words);
	if (st->estimate.set && n && words[n - 1] == ')' && paren)
		n = (size_t)(paren - words);
	snprintf(phrase, sizeof phrase, "%.*s", (int)n, words);
	rb_words_norm(phrase, t, sizeof t);
	rb_words_norm(st->call->text, title, sizeof title);
	for (size_t v = 0; lw->call_verbs[v]; v++)
		for (int form = 0; form < 4; form++) {
			snprintf(phrase, sizeof phrase, "%s%s %s%s%s", lw->call_verbs[v], form & 1 ? " the" : "", title,
				 form & 2 ? " " : "", form & 2 ? lw->procedure : "");
			if (!strcmp(t, phrase))
				return true;
		}
	return false;
}

/* A calling step's first line: its list marker (or heading marks) kept,
 * then the link alone and the estimate; the step's own words follow as its
 * first detail line when they say more than the call. */
static void call_line(struct writer *w, unsigned line, const struct rb_step *st)
{
	const char *s = w->text + w->at[line], *e = w->text + w->at[line + 1], *p = s;
	while (p < e && *p == ' ')
		p++;
	if (p < e && *p == '#') {
		while (p < e && *p == '#')
			p++;
	} else if (p < e && strchr("-*+", *p)) {
		p++;
	} else {
		while (p < e && *p >= '0' && *p <= '9')
			p++;
		if (p < e && (*p == '.' || *p == ')'))
			p++;
	}
	while (p < e && *p == ' ')
		p++;
	size_t indent = (size_t)(p - s);
	if (*s == '#' || (indent && s[indent - 1] == '#'))
		rb_buf_puts(w->out, "#### ");      /* a step heading, as import writes them */
	else
		rb_buf_add(w->out, s, indent);
	rb_buf_printf(w->out, "[%s](%s)", st->call->text, st->call->target);
	if (st->estimate.set && st->estimate.text)
		rb_buf_printf(w->out, " (%s)", st->estimate.text);
	rb_buf_putc(w->out, '\n');
	if (only_the_call(st))
		return;
	bool heading = s[strspn(s, " ")] == '#';
	if (heading) {                 /* the words become the step's first paragraph */
		rb_buf_putc(w->out, '\n');
		p = w->text + w->at[line] + strspn(s, " #");
		p = rb_strip_number(p);
	} else {
		for (size_t i = 0; i < indent; i++)
			rb_buf_putc(w->out, ' ');
	}
	rb_buf_add(w->out, p, (size_t)(e - p));
	if (e[-1] != '\n')
		rb_buf_putc(w->out, '\n');
}

/* The body line of each step of rb's units that the lenient reader read
 * as a call (calloc'd, nlines + 2 entries). */
static const struct rb_step **lenient_calls(const struct rb_runbook *rb, unsigned nlines)
{
	const struct rb_step **at = rb_xcalloc(nlines + 2, sizeof *at);
	for (int p = 0; p < 2; p++) {
		const struct rb_scenario *all = p ? rb->procedures : rb->scenarios;
		size_t m = p ? rb->nprocedures : rb->nscenarios;
		for (size_t i = 0; i < m; i++)
			for (size_t j = 0; j < all[i].nsections; j++)
				for (size_t k = 0; k < all[i].sections[j].nsteps; k++) {
					const struct rb_step *st = &all[i].sections[j].steps[k];
					unsigned line = st->loc.line + 1 - rb->body_line;
					if (st->call && st->call->lenient && st->loc.line >= rb->body_line && line <= nlines)
						at[line] = st;
				}
	}
	return at;
}

/* A duration as rbc reads it back: the text as written when it parses,
 * else the value. */
static void put_duration(struct rb_buf *out, const struct rb_duration *d)
{
	long lo, hi;
	char a[32], b[32];
	if (d->text && rb_parse_duration(d->text, &lo, &hi) && lo == d->lo && hi == d->hi) {
		rb_buf_puts(out, d->text);
		return;
	}
	rb_format_duration(d->hi, b, sizeof b);
	if (d->lo == d->hi) {
		rb_buf_puts(out, b);
	} else if (d->lo == 0) {
		rb_buf_printf(out, "< %s", b);
	} else {
		rb_format_duration(d->lo, a, sizeof a);
		rb_buf_printf(out, "%s - %s", a, b);
	}
}

/* The metadata line under a scenario heading, or a comment asking for one. */
static void scenario_meta(struct rb_buf *out, const struct rb_scenario *sc)
{
	size_t start = out->len;
	const char *sep = "";
	if (sc->severity.s) {
		rb_buf_printf(out, "**%s:** %s", rb_format_words_meta(RB_META_SEVERITY)->title, sc->severity.s);
		sep = " \xC2\xB7 ";
	}
	if (sc->rto.set) {
		rb_buf_printf(out, "%s**%s:** ", sep, rb_format_words_meta(RB_META_RTO)->title);
		put_duration(out, &sc->rto);
		sep = " \xC2\xB7 ";
	}
	if (sc->rpo.set) {
		rb_buf_printf(out, "%s**%s:** ", sep, rb_format_words_meta(RB_META_RPO)->title);
		put_duration(out, &sc->rpo);
		sep = " \xC2\xB7 ";
	}
	if (sc->owner.s) {
		rb_buf_printf(out, "%s**%s:** %s", sep, rb_format_words_meta(RB_META_OWNER)->title, sc->owner.s);
		sep = " \xC2\xB7 ";
	}
	if (sc->alerts.s)       /* one alert per file: the alert the file is for */
		rb_buf_printf(out, "%s**%s:** %s", sep, rb_format_words_meta(RB_META_ALERTS)->title, sc->alerts.s);
	if (out->len > start && !(sc->severity.s || sc->rto.set || sc->owner.s))
		rb_buf_puts(out, "\n\n");
	if (out->len == start || !(sc->severity.s || sc->rto.set || sc->owner.s))
		rb_buf_puts(out, "<!-- rbc import: no severity, RTO or owner found; add a line such as "
				 "**Severity:** P1 \xC2\xB7 **RTO:** 1h \xC2\xB7 **Owner:** team-id -->");
	rb_buf_puts(out, "\n\n");
}

/* Rewrite a label line: "**Symptoms**: text" → "### Symptoms", then text. */
static void label_section(struct writer *w, const struct rb_role *r)
{
	if (!r->label_len) {
		copy_to(w, r->first_line);
		rb_buf_printf(w->out, "### %s\n\n", r->label);
		return;
	}
	copy_to(w, r->label_line);
	if (r->label_line != r->first_line)
		rb_buf_putc(w->out, '\n');
	rb_buf_printf(w->out, "### %s\n\n", r->label);
	const char *s = w->text + w->at[r->label_line] + r->label_col + r->label_len;
	const char *e = w->text + w->at[r->label_line + 1];
	while (s < e && *s == ' ')
		s++;
	if (s < e && *s != '\n') {
		rb_buf_add(w->out, s, (size_t)(e - s));
		if (e[-1] != '\n')
			rb_buf_putc(w->out, '\n');
	}
	w->next = r->label_line + 1;
}

/* The body with the lenient reader's structure written canonically. */
static void rewrite_body(struct rb_buf *out, const struct rb_runbook *rb)
{
	const struct rb_lenient *L = rb->legacy;
	struct writer w = {.out = out, .text = rb->body, .next = 1};
	w.at = line_index(rb->body, rb->body_len, &w.nlines);
	w.calls = lenient_calls(rb, w.nlines);
	size_t sc = 0;
	for (size_t i = 0; i < L->nroles; i++) {
		const struct rb_role *r = &L->roles[i];
		if (r->kind == RB_ROLE_SCENARIO && sc < rb->nscenarios) {
			/* a one-alert file's H1 stays the runbook's title, its scenario below it */
			copy_to(&w, r->alert_file ? r->last_line + 1 : r->first_line);
			rb_buf_printf(out, "%s## Scenario: %s\n\n", r->alert_file ? "\n" : "", r->title);
			scenario_meta(out, &rb->scenarios[sc++]);
			w.next = r->last_line + 1;
		} else if (r->kind == RB_ROLE_PROCEDURE) {
			copy_to(&w, r->first_line);
			rb_buf_printf(out, "## Procedure: %s\n", r->title);
			w.next = r->last_line + 1;
		} else if (r->kind == RB_ROLE_STEP && w.calls[r->first_line]) {
			copy_to(&w, r->first_line);
			w.next = r->first_line;
			copy_to(&w, r->first_line + 1);     /* the heading as a call */
			w.next = r->last_line + 1;
		} else if (r->kind == RB_ROLE_SECTION || r->kind == RB_ROLE_STEP) {
			copy_to(&w, r->first_line);
			rb_buf_printf(out, "%s %s\n", r->kind == RB_ROLE_SECTION ? "###" : "####", r->title);
			w.next = r->last_line + 1;
		} else if (r->kind == RB_ROLE_LABELS && r->section) {
			label_section(&w, r);
		} else if (r->kind == RB_ROLE_CLOSE && r->appendix) {
			copy_to(&w, r->first_line);
			rb_buf_puts(out, "## Appendix\n\n");
		}
	}
	copy_to(&w, w.nlines + 1);
	free(w.at);
	free(w.calls);
}

/* A value found in the body (not the front matter) goes to the front matter. */
static bool from_body(const struct rb_runbook *rb, struct rb_loc loc)
{
	return loc.line >= rb->body_line;
}

/* Quote s as a YAML double-quoted scalar. */
static void put_quoted(struct rb_buf *out, const char *s)
{
	rb_buf_putc(out, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			rb_buf_putc(out, '\\');
		rb_buf_putc(out, *s);
	}
	rb_buf_putc(out, '"');
}

/* Front matter keys drawn from the metadata lines. */
static void front_keys(struct rb_buf *out, const struct rb_runbook *rb)
{
	const struct rb_lenient *L = rb->legacy;
	char d[32];
	if (rb->owner.s && from_body(rb, rb->owner.loc)) {
		rb_buf_printf(out, "owner: %s", rb->owner.s);
		if (L->owner_text.s)
			rb_buf_printf(out, "    # was: %s", L->owner_text.s);
		rb_buf_putc(out, '\n');
	}
	if (rb->reviewed.set && from_body(rb, rb->reviewed.loc)) {
		rb_format_date(rb->reviewed.days, d, sizeof d);
		rb_buf_printf(out, "reviewed: %s\n", d);
	}
	if (!rb->review_every_default && from_body(rb, rb->review_every.loc)) {
		rb_format_duration(rb->review_every.lo, d, sizeof d);
		rb_buf_printf(out, "review_every: %s", d);
		if (rb->review_every.text)
			rb_buf_printf(out, "    # was: %s", rb->review_every.text);
		rb_buf_putc(out, '\n');
	}
	const struct rb_duration *obj[2] = {&rb->rto, &rb->rpo};
	for (int i = 0; i < 2; i++)
		if (obj[i]->set && from_body(rb, obj[i]->loc)) {
			struct rb_buf v;
			rb_buf_init(&v);
			put_duration(&v, obj[i]);
			rb_buf_printf(out, "%s: ", i ? "rpo" : "rto");
			put_quoted(out, rb_buf_cstr(&v));
			rb_buf_putc(out, '\n');
			rb_buf_free(&v);
		}
}

void rb_import_compose(const struct rb_runbook *rb, const char *text, size_t len, struct rb_buf *out)
{
	if (!rb->legacy) {
		rb_buf_add(out, text, len);      /* canonical already: nothing to do */
		return;
	}
	struct rb_buf keys;
	rb_buf_init(&keys);
	front_keys(&keys, rb);
	size_t front_len = (size_t)(rb->body - text);
	if (front_len) {
		/* keep the front matter as written; add the keys before its closing fence */
		size_t close = front_len - 1;
		while (close && text[close - 1] != '\n')
			close--;
		rb_buf_add(out, text, close);
		rb_buf_add(out, keys.data, keys.len);
		rb_buf_add(out, text + close, front_len - close);
	} else if (keys.len) {
		rb_buf_puts(out, "---\n# written by rbc import from the document's metadata lines\n");
		rb_buf_add(out, keys.data, keys.len);
		rb_buf_puts(out, "---\n\n");
	}
	rb_buf_free(&keys);
	rewrite_body(out, rb);
}

/* --- the gap report --- */

/* Append what a scenario lacks to gaps, comma-separated. */
static void scenario_gaps(const struct rb_runbook *rb, const struct rb_scenario *sc, struct rb_buf *gaps)
{
	for (int k = 0; k < RB_SEC_OTHER; k++) {
		const struct rb_section_word *word = rb_format_words_section((enum rb_section_kind)k);
		if (!word->required)
			continue;
		const struct rb_section *sec = rb_scenario_section(sc, (enum rb_section_kind)k);
		if (!sec)
			rb_buf_printf(gaps, "%s%s section", gaps->len ? ", " : "", word->name);
		else if (sec->empty)
			rb_buf_printf(gaps, "%sempty %s section", gaps->len ? ", " : "", word->name);
		else if (k == RB_SEC_RECOVERY && !sec->nsteps)
			rb_buf_printf(gaps, "%srecovery steps", gaps->len ? ", " : "");
	}
	if (!sc->rto.set && !rb->rto.set)
		rb_buf_printf(gaps, "%sRTO", gaps->len ? ", " : "");
	if (!sc->severity.s)
		rb_buf_printf(gaps, "%sseverity", gaps->len ? ", " : "");
	if (!sc->owner_effective)
		rb_buf_printf(gaps, "%sowner", gaps->len ? ", " : "");
}

/* "file:line: " of a gap, the file name made visible (visible.h). */
static void gap_at(FILE *f, const char *file, unsigned line)
{
	rb_visible_fputs(f, file, 0);
	fprintf(f, ":%u: ", line);
}

unsigned rb_import_gaps(const struct rb_runbook *rb, FILE *f)
{
	unsigned with_gaps = 0;
	struct rb_buf gaps;
	rb_buf_init(&gaps);
	fputs("Gap report for ", f);
	rb_visible_fputs(f, rb->file, 0);
	fputs(" (what the canonical format asks for and the document lacks):\n", f);
	if (!rb->owner.s)
		rb_buf_printf(&gaps, "owner");
	if (!rb->reviewed.set)
		rb_buf_printf(&gaps, "%sreview date", gaps.len ? ", " : "");
	if (gaps.len) {
		gap_at(f, rb->file, rb->body_line);
		fprintf(f, "runbook lacks: %s\n", rb_buf_cstr(&gaps));
	}
	const struct rb_lenient *L = rb->legacy;
	for (size_t i = 0; L && i < L->ncontacts; i++)
		if (L->contacts[i].missing) {
			gap_at(f, rb->file, L->contacts[i].loc.line);
			fputs("contact '", f);
			rb_visible_fputs(f, L->contacts[i].role, 0);   /* the document's own text */
			fprintf(f, "' lacks: %s\n", L->contacts[i].missing);
		}
	if (!rb->nscenarios && !rb->nprocedures) {     /* a file of procedures needs none */
		gap_at(f, rb->file, rb->body_line);
		fputs("no scenarios found; add '## Scenario: <title>' headings\n", f);
	}
	for (size_t i = 0; i < rb->nscenarios; i++) {
		const struct rb_scenario *sc = &rb->scenarios[i];
		rb_buf_reset(&gaps);
		scenario_gaps(rb, sc, &gaps);
		if (!gaps.len)
			continue;
		with_gaps++;
		gap_at(f, rb->file, sc->loc.line);
		fputs("scenario '", f);
		rb_visible_fputs(f, sc->title, 0);
		fprintf(f, "' lacks: %s\n", rb_buf_cstr(&gaps));
	}
	fprintf(f, "%zu scenarios, %u with gaps", rb->nscenarios, with_gaps);
	if (rb->nprocedures)      /* procedures are not scenarios: no sections to lack */
		fprintf(f, "; %zu procedure%s", rb->nprocedures, rb->nprocedures == 1 ? "" : "s");
	fputc('\n', f);
	rb_buf_free(&gaps);
	return with_gaps;
}
