/* lenient_words.c: the word tests the lenient reader (parse_lenient.c)
 * makes on heading and label text: numbered and "Scenario N:" titles,
 * procedure headings, severities and ids from free text (normalising and
 * phrase matching are base/words.c's). Plain
 * strings in, no Markdown library types. */
#include "parse/lenient_words.h"
#include "model/format_words.h"
#include <ctype.h>
#include <string.h>
#include <strings.h>

/* "1. Title", "1.1 Title", "2) Title" → "Title"; other text unchanged. */
const char *rb_strip_number(const char *s)
{
	const char *p = s;
	if (!isdigit((unsigned char)*p))
		return s;
	while (isdigit((unsigned char)*p) || *p == '.')
		p++;
	if (*p == ')' || *p == ':')
		p++;
	if (*p != ' ')
		return s;
	while (*p == ' ')
		p++;
	return *p ? p : s;
}

/* True when s starts with a section number such as "2." or "1.1". */
bool rb_is_numbered(const char *s)
{
	return rb_strip_number(s) != s;
}

/* "Scenario 3: Title", "Scenario 3 - Title", "Scenario: Title" → "Title";
 * NULL otherwise. "Scenario-specific runbooks" is not a scenario. */
const char *rb_scenario_heading_title(const char *text)
{
	if (strncasecmp(text, "scenario", 8) != 0)
		return NULL;
	const char *p = text + 8;
	if (*p != ':') {
		if (*p != ' ')
			return NULL;
		while (*p == ' ')
			p++;
		const char *num = p;
		while (isalnum((unsigned char)*p) || *p == '.')
			p++;
		if (p == num || p - num > 6)
			return NULL;
		while (*p == ' ')
			p++;
		if (strncmp(p, "\xE2\x80\x93", 3) == 0 || strncmp(p, "\xE2\x80\x94", 3) == 0)
			p += 2;
		else if (*p != ':' && *p != '-' && *p != '.')
			return NULL;
	}
	p++;
	while (*p == ' ')
		p++;
	return *p ? p : NULL;
}

/* True when the normalised text holds one of the list's phrases. */
static bool has_any_phrase(const char *normed, const char *const *list)
{
	for (; *list; list++)
		if (rb_words_has_phrase(normed, *list))
			return true;
	return false;
}

/* A heading whose sub-headings are scenarios: "Recovery Playbooks",
 * "Disaster Scenarios", "Recovery Procedures", "Failure modes"... */
bool rb_is_parent_title(const char *text)
{
	const struct rb_lenient_words *w = rb_format_words_lenient();
	char n[256];
	rb_words_norm(text, n, sizeof n);
	return has_any_phrase(n, w->parent_phrases) || rb_words_in_list(n, w->parent_exact);
}

/* A heading that gathers procedures rather than scenarios: "Recovery
 * Procedures", "Runbooks", "Quick Reference", "Playbooks", "Procedures". */
bool rb_is_procedures_title(const char *text)
{
	char n[256];
	rb_words_norm(text, n, sizeof n);
	return has_any_phrase(n, rb_format_words_lenient()->procs_phrases);
}

/* "Procedure: Restart", "Quick Reference: Restart", "Runbook - Restart" →
 * "Restart": a heading that names one procedure; NULL otherwise. */
const char *rb_procedure_heading_title(const char *text)
{
	const char *const *words = rb_format_words_lenient()->proc_prefixes;
	for (size_t i = 0; words[i]; i++) {
		size_t n = strlen(words[i]);
		if (strncasecmp(text, words[i], n) != 0)
			continue;
		const char *p = text + n;
		while (*p == ' ')
			p++;
		if (*p != ':' && *p != '-')
			continue;
		p++;
		while (*p == ' ')
			p++;
		if (*p)
			return p;
	}
	return NULL;
}

/* "Step 1: Declare", "Step 2 - Assess" or "1. Declare": a heading that is
 * one step of the procedure above it. */
bool rb_is_step_heading(const char *text)
{
	if (rb_is_numbered(text))
		return true;
	if (strncasecmp(text, "step", 4) != 0)
		return false;
	const char *p = text + 4;
	while (*p == ' ')
		p++;
	return isdigit((unsigned char)*p) != 0;
}

/* "P0", "SEV1", "Sev 2" among the first words of a heading, or NULL. */
const char *rb_severity_in(struct rb_build *b, const char *text)
{
	char n[256];
	rb_words_norm(text, n, sizeof n);
	char *save = NULL;
	int words = 0;
	for (char *w = strtok_r(n, " ", &save); w && words < 4; w = strtok_r(NULL, " ", &save), words++) {
		if (w[0] == 'p' && isdigit((unsigned char)w[1]) && !w[2])
			return rb_arena_printf(&b->arena, "P%c", w[1]);
		if (!strncmp(w, "sev", 3) && isdigit((unsigned char)w[3]) && !w[4])
			return rb_arena_printf(&b->arena, "SEV%c", w[3]);
	}
	return NULL;
}

/* An id from free text: "Platform/DevOps Team" → "platform-devops-team". */
const char *rb_id_from_text(struct rb_build *b, const char *s)
{
	char *out = rb_arena_alloc(&b->arena, strlen(s) + 1), *d = out;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x80 && isalnum(c))
			*d++ = (char)tolower(c);
		else if (d > out && d[-1] != '-')
			*d++ = '-';
	}
	while (d > out && d[-1] == '-')
		d--;
	*d = '\0';
	return *out ? out : NULL;
}
