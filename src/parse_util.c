/* parse_util.c: the word tables of the format: section synonyms, shell
 * languages, destructive markers and step time estimates. */
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

/* ASCII lower case, whatever the locale. */
static unsigned char lower_ascii(unsigned char ch)
{
	return ch >= 'A' && ch <= 'Z' ? (unsigned char)(ch - 'A' + 'a') : ch;
}

/* Is word w (lower case) at p, ignoring ASCII case, with a word boundary
 * on both sides? t is the start of the text, for the left boundary. */
static bool word_at(const char *t, const char *p, const char *w)
{
	size_t i = 0;
	while (w[i] && lower_ascii((unsigned char)p[i]) == (unsigned char)w[i])
		i++;
	if (w[i])
		return false;
	bool before = p == t || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
	bool after = !(isalnum((unsigned char)p[i]) || p[i] == '_');
	return before && after;
}

/* Markers that make a command destructive (doc/scripts.md, "Destructive
 * steps"), filed by their first byte so that a scan looks only at the few
 * that can start where it is. Exact markers match as written; word
 * markers (SQL and Redis keywords, filed under their lower-case first
 * letter) match as whole words in any ASCII case. " -f " is deliberately
 * absent: `tail -f` and `kubectl apply -f` are everyday reads. */
static const char *const exact_upper_d[] = {"DROP ", NULL};
static const char *const exact_upper_t[] = {"TRUNCATE ", NULL};
static const char *const exact_dash[] = {"--force", "--no-preserve-root", "--hard", "--replicas=0", "--replicas 0",
	"-X DELETE", "--request DELETE", NULL};
static const char *const exact_gt[] = {"> /dev/sd", NULL};
static const char *const exact_d[] = {"delete", "destroy", "dd if=", "dd of=", "drain ", NULL};
static const char *const exact_k[] = {"kill -9", "killall ", NULL};
static const char *const exact_m[] = {"mkfs", NULL};
static const char *const exact_o[] = {"of=/dev/", NULL};
static const char *const exact_p[] = {"purge", "prune", "pkill ", "poweroff", NULL};
static const char *const exact_r[] = {"rm -rf", "rm -fr", "rm -Rf", "rm -fR", "rm -r ", "rm -R ", "rm -r -f",
	"rm --recursive", "reboot", NULL};
static const char *const exact_s[] = {"shred ", "shutdown", "systemctl stop", NULL};
static const char *const exact_t[] = {"terminate-instances", NULL};
static const char *const exact_u[] = {"uninstall", NULL};
static const char *const exact_w[] = {"wipe", NULL};
static const char *const words_d[] = {"drop table", "drop database", "drop schema", "drop index", "drop user",
	"drop role", "drop view", "delete from", "dropdb", "dropuser", NULL};
static const char *const words_f[] = {"flushall", "flushdb", NULL};
static const char *const words_t[] = {"truncate table", NULL};

/* The exact markers that start with byte c, or NULL. */
static const char *const *exact_markers(unsigned char c)
{
	switch (c) {
	case 'D': return exact_upper_d;
	case 'T': return exact_upper_t;
	case '-': return exact_dash;
	case '>': return exact_gt;
	case 'd': return exact_d;
	case 'k': return exact_k;
	case 'm': return exact_m;
	case 'o': return exact_o;
	case 'p': return exact_p;
	case 'r': return exact_r;
	case 's': return exact_s;
	case 't': return exact_t;
	case 'u': return exact_u;
	case 'w': return exact_w;
	default: return NULL;
	}
}

/* The word markers that start with byte c in either case, or NULL. */
static const char *const *word_markers(unsigned char c)
{
	switch (lower_ascii(c)) {
	case 'd': return words_d;
	case 'f': return words_f;
	case 't': return words_t;
	default: return NULL;
	}
}

bool rb_text_is_destructive(const char *t)
{
	for (const char *p = t; *p; p++) {
		const char *const *exact = exact_markers((unsigned char)*p);
		for (size_t i = 0; exact && exact[i]; i++)
			if (exact[i][1] == p[1] && !strncmp(p, exact[i], strlen(exact[i])))
				return true;
		const char *const *words = word_markers((unsigned char)*p);
		for (size_t i = 0; words && words[i]; i++)
			if (word_at(t, p, words[i]))
				return true;
	}
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
