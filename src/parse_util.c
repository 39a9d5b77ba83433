/* parse_util.c: the word tables of the format: section synonyms, shell
 * languages and step time estimates (destructive commands: destructive.c). */
#include "parse.h"
#include "util.h"
#include <ctype.h>
#include <string.h>
#include <strings.h>

struct synonym { const char *word; enum rb_section_kind kind; };

/* Whole-heading synonyms, compared after lower-casing and dropping
 * punctuation and emoji. Longer phrases are matched on their first words. */
static const struct synonym synonyms[] = {
	{"symptoms", RB_SEC_SYMPTOMS}, {"symptom", RB_SEC_SYMPTOMS}, {"detection", RB_SEC_SYMPTOMS},
	{"detect", RB_SEC_SYMPTOMS}, {"signs", RB_SEC_SYMPTOMS}, {"indicators", RB_SEC_SYMPTOMS},
	{"how to detect", RB_SEC_SYMPTOMS}, {"what you see", RB_SEC_SYMPTOMS}, {"triggers", RB_SEC_SYMPTOMS},
	{"scenario", RB_SEC_SYMPTOMS}, {"situation", RB_SEC_SYMPTOMS}, {"problem", RB_SEC_SYMPTOMS},
	{"impact", RB_SEC_IMPACT}, {"business impact", RB_SEC_IMPACT}, {"blast radius", RB_SEC_IMPACT},
	{"customer impact", RB_SEC_IMPACT}, {"scope", RB_SEC_IMPACT},
	{"diagnosis", RB_SEC_DIAGNOSIS}, {"diagnose", RB_SEC_DIAGNOSIS}, {"diagnostics", RB_SEC_DIAGNOSIS},
	{"investigation", RB_SEC_DIAGNOSIS}, {"investigate", RB_SEC_DIAGNOSIS}, {"triage", RB_SEC_DIAGNOSIS},
	{"assessment", RB_SEC_DIAGNOSIS}, {"assess", RB_SEC_DIAGNOSIS}, {"troubleshooting", RB_SEC_DIAGNOSIS},
	{"initial assessment", RB_SEC_DIAGNOSIS}, {"root cause", RB_SEC_DIAGNOSIS},
	{"recovery", RB_SEC_RECOVERY}, {"recover", RB_SEC_RECOVERY}, {"recovery steps", RB_SEC_RECOVERY},
	{"recovery procedure", RB_SEC_RECOVERY}, {"mitigation", RB_SEC_RECOVERY}, {"mitigate", RB_SEC_RECOVERY},
	{"remediation", RB_SEC_RECOVERY}, {"resolution", RB_SEC_RECOVERY}, {"resolve", RB_SEC_RECOVERY},
	{"fix", RB_SEC_RECOVERY}, {"steps", RB_SEC_RECOVERY}, {"procedure", RB_SEC_RECOVERY},
	{"immediate actions", RB_SEC_RECOVERY}, {"actions", RB_SEC_RECOVERY}, {"response", RB_SEC_RECOVERY},
	{"restore", RB_SEC_RECOVERY}, {"failover", RB_SEC_RECOVERY}, {"workaround", RB_SEC_RECOVERY},
	{"rollback", RB_SEC_ROLLBACK}, {"roll back", RB_SEC_ROLLBACK}, {"rollback plan", RB_SEC_ROLLBACK},
	{"rollback procedure", RB_SEC_ROLLBACK}, {"revert", RB_SEC_ROLLBACK}, {"backout", RB_SEC_ROLLBACK},
	{"back out", RB_SEC_ROLLBACK}, {"undo", RB_SEC_ROLLBACK}, {"fallback", RB_SEC_ROLLBACK},
	{"verification", RB_SEC_VERIFICATION}, {"verify", RB_SEC_VERIFICATION},
	{"validation", RB_SEC_VERIFICATION}, {"validate", RB_SEC_VERIFICATION},
	{"confirm", RB_SEC_VERIFICATION}, {"confirmation", RB_SEC_VERIFICATION},
	{"post-recovery checks", RB_SEC_VERIFICATION}, {"health check", RB_SEC_VERIFICATION},
	{"health checks", RB_SEC_VERIFICATION}, {"checks", RB_SEC_VERIFICATION},
	{"verify recovery", RB_SEC_VERIFICATION},
};

/* Lower-case ASCII words of s separated by single spaces; other bytes
 * (punctuation, emoji, digits with dots) are dropped. */
static void normalise(const char *s, char *out, size_t n)
{
	size_t j = 0;
	bool space = false;
	for (; *s && j + 2 < n; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalpha(c) || c == '-') {
			if (space && j)
				out[j++] = ' ';
			space = false;
			out[j++] = (char)tolower(c);
		} else if (c == ' ' || c == '\t' || c == '/' || c == '&') {
			space = true;
		}
	}
	out[j] = '\0';
}

enum rb_section_kind rb_section_kind_from_title(const char *title)
{
	char norm[128];
	normalise(title, norm, sizeof norm);
	for (size_t i = 0; i < sizeof synonyms / sizeof synonyms[0]; i++)
		if (strcmp(norm, synonyms[i].word) == 0)
			return synonyms[i].kind;
	/* "Recovery steps for the primary": match the first one or two words */
	for (size_t i = 0; i < sizeof synonyms / sizeof synonyms[0]; i++) {
		size_t n = strlen(synonyms[i].word);
		if (strncmp(norm, synonyms[i].word, n) == 0 && norm[n] == ' ' && n >= 5)
			return synonyms[i].kind;
	}
	return RB_SEC_OTHER;
}

bool rb_lang_is_shell(const char *lang)
{
	static const char *const shells[] = {"", "bash", "sh", "shell", "zsh", "ksh", "dash"};
	for (size_t i = 0; i < sizeof shells / sizeof shells[0]; i++)
		if (strcasecmp(lang, shells[i]) == 0)
			return true;
	return false;
}

size_t rb_parse_estimate(const char *title, struct rb_duration *d)
{
	size_t n = strlen(title);
	while (n && (title[n - 1] == ' ' || title[n - 1] == '.' || title[n - 1] == ':'))
		n--;
	if (!n || title[n - 1] != ')')
		return strlen(title);
	const char *open = NULL;
	for (size_t i = n - 1; i-- > 0;)
		if (title[i] == '(') {
			open = title + i;
			break;
		}
	if (!open)
		return strlen(title);
	char inner[64];
	size_t len = (size_t)(title + n - 1 - open - 1);
	if (len == 0 || len >= sizeof inner)
		return strlen(title);
	memcpy(inner, open + 1, len);
	inner[len] = '\0';
	char *p = inner;
	if (strncasecmp(p, "est.", 4) == 0)
		p += 4;
	else if (strncasecmp(p, "estimate:", 9) == 0)
		p += 9;
	else if (strncasecmp(p, "~", 1) == 0)
		p += 1;
	long lo, hi;
	if (!rb_parse_duration(p, &lo, &hi))
		return strlen(title);
	d->set = true;
	d->lo = lo;
	d->hi = hi;
	size_t keep = (size_t)(open - title);
	while (keep && title[keep - 1] == ' ')
		keep--;
	return keep;
}
