/* parse_util.c: reading the format's words: section headings (the words
 * are model/format_words.c's), fence info strings and step time estimates
 * (destructive commands: destructive.c), and the near misses of them that
 * the reader reports (did-you-mean). */
#include "parse/parse.h"
#include "model/format_words.h"
#include "base/util.h"
#include "parse/lenient_words.h"
#include <ctype.h>
#include <string.h>
#include <strings.h>

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
	size_t nsyn;
	const struct rb_section_synonym *synonyms = rb_format_words_synonyms(&nsyn);
	for (size_t i = 0; i < nsyn; i++)
		if (strcmp(norm, synonyms[i].word) == 0)
			return synonyms[i].kind;
	/* "Recovery steps for the primary": match the first one or two words */
	for (size_t i = 0; i < nsyn; i++) {
		size_t n = strlen(synonyms[i].word);
		if (strncmp(norm, synonyms[i].word, n) == 0 && norm[n] == ' ' && n >= 5)
			return synonyms[i].kind;
	}
	return RB_SEC_OTHER;
}

/* The words of a fence's info string and what each makes of the block.
 * The first word is the language: RUN, scripts run it; MANUAL, it is
 * shown to the operator as a manual step and never run. The later words
 * are flags. Any other language is manual too, and one close to a RUN
 * word ("bsh", "shel") is reported by rb_fence_read. doc/format.md's
 * "Commands and markers" table is this table: change them together. */
enum fence_use { FENCE_RUN, FENCE_MANUAL, FENCE_NORUN, FENCE_DESTRUCTIVE };
static const struct fence_word { const char *word; enum fence_use use; } fence_words[] = {
	{"", FENCE_RUN}, {"bash", FENCE_RUN}, {"sh", FENCE_RUN}, {"shell", FENCE_RUN}, {"zsh", FENCE_RUN},
	{"ksh", FENCE_RUN}, {"dash", FENCE_RUN}, {"shell-script", FENCE_RUN}, {"shellscript", FENCE_RUN},
	/* transcripts and other shells: what the operator reads or types by hand */
	{"console", FENCE_MANUAL}, {"sh-session", FENCE_MANUAL}, {"shell-session", FENCE_MANUAL},
	{"bash-session", FENCE_MANUAL}, {"ash", FENCE_MANUAL}, {"csh", FENCE_MANUAL}, {"tcsh", FENCE_MANUAL},
	{"fish", FENCE_MANUAL}, {"powershell", FENCE_MANUAL}, {"pwsh", FENCE_MANUAL}, {"ps1", FENCE_MANUAL},
	{"bat", FENCE_MANUAL}, {"cmd", FENCE_MANUAL},
	/* data, queries, output and code that is not a shell */
	{"text", FENCE_MANUAL}, {"txt", FENCE_MANUAL}, {"plaintext", FENCE_MANUAL}, {"output", FENCE_MANUAL},
	{"log", FENCE_MANUAL}, {"json", FENCE_MANUAL}, {"yaml", FENCE_MANUAL}, {"yml", FENCE_MANUAL},
	{"toml", FENCE_MANUAL}, {"ini", FENCE_MANUAL}, {"xml", FENCE_MANUAL}, {"csv", FENCE_MANUAL},
	{"sql", FENCE_MANUAL}, {"promql", FENCE_MANUAL}, {"logql", FENCE_MANUAL}, {"http", FENCE_MANUAL},
	{"diff", FENCE_MANUAL}, {"hcl", FENCE_MANUAL}, {"dockerfile", FENCE_MANUAL}, {"nginx", FENCE_MANUAL},
	{"python", FENCE_MANUAL}, {"lua", FENCE_MANUAL}, {"go", FENCE_MANUAL}, {"js", FENCE_MANUAL},
	{"markdown", FENCE_MANUAL}, {"mermaid", FENCE_MANUAL},
	/* flags, after the language */
	{"norun", FENCE_NORUN}, {"destructive", FENCE_DESTRUCTIVE},
};
#define NFENCE (sizeof fence_words / sizeof fence_words[0])

/* The fence word lang (n bytes, any ASCII case), or NULL. */
static const struct fence_word *fence_word(const char *lang, size_t n)
{
	for (size_t i = 0; i < NFENCE; i++)
		if (strlen(fence_words[i].word) == n && strncasecmp(lang, fence_words[i].word, n) == 0)
			return &fence_words[i];
	return NULL;
}

void rb_fence_read(const char *info, struct rb_fence *f)
{
	size_t ln = strcspn(info, " \t{,");
	const struct fence_word *w = fence_word(info, ln);
	memset(f, 0, sizeof *f);
	f->lang_len = ln;
	f->shell = w && w->use == FENCE_RUN;
	for (size_t i = 0; i < NFENCE; i++)
		if (fence_words[i].use == FENCE_NORUN || fence_words[i].use == FENCE_DESTRUCTIVE) {
			bool on = strstr(info + ln, fence_words[i].word) != NULL;
			if (fence_words[i].use == FENCE_NORUN)
				f->norun = on;
			else
				f->destructive = on;
		}
	if (w || ln > 32)
		return;
	const char *run[NFENCE];
	size_t nrun = 0;
	char lang[33];
	memcpy(lang, info, ln);
	lang[ln] = '\0';
	for (size_t i = 0; i < NFENCE; i++)
		if (fence_words[i].use == FENCE_RUN && fence_words[i].word[0])
			run[nrun++] = fence_words[i].word;
	f->near = rb_nearest(lang, run, nrun);
}

bool rb_lang_is_shell(const char *lang)
{
	const struct fence_word *w = fence_word(lang, strlen(lang));
	return w && w->use == FENCE_RUN;
}

const char *rb_scenario_near_title(const char *text)
{
	if (strncasecmp(text, "scenario", 8) != 0)
		return NULL;
	const char *p = text + 8, *numbered = rb_scenario_heading_title(text);
	if (p[strspn(p, " \t")] == ':')
		return NULL;     /* "Scenario: Title", the heading as it should be */
	if (numbered)
		return numbered; /* "Scenario 2: Title", "Scenario 2 - Title" */
	bool space = *p == ' ' || *p == '\t';
	p += strspn(p, " \t");
	size_t dash = *p == '-' || *p == '.' ? 1 : (!strncmp(p, "\xE2\x80\x93", 3) || !strncmp(p, "\xE2\x80\x94", 3)) ? 3 : 0;
	if (!space && !(dash && (p[dash] == ' ' || p[dash] == '\t')))
		return NULL;     /* "Scenarios", "Scenario-specific notes" */
	p += dash;
	p += strspn(p, " \t");
	return *p ? p : NULL;
}

enum rb_section_kind rb_section_kind_exact(const char *title)
{
	char norm[128];
	normalise(title, norm, sizeof norm);
	for (size_t k = 0; k < RB_SEC_OTHER; k++)
		if (!strcmp(norm, rb_section_kind_name((enum rb_section_kind)k)))
			return (enum rb_section_kind)k;
	return RB_SEC_OTHER;
}

const char *rb_section_near(struct rb_arena *a, const char *title, enum rb_section_kind *kind)
{
	/* Only the kinds' own names: the synonyms are everyday words, and a
	 * near miss of one is often another ("Backup" is not "Backout"). */
	const char *names[RB_SEC_OTHER];
	char norm[128];
	for (size_t k = 0; k < RB_SEC_OTHER; k++)
		names[k] = rb_section_kind_name((enum rb_section_kind)k);
	normalise(title, norm, sizeof norm);
	const char *near = norm[0] ? rb_nearest(norm, names, RB_SEC_OTHER) : NULL;
	char *space = strchr(norm, ' ');
	if (!near && space) {
		*space = '\0';  /* "Recovry steps for the primary": its first word */
		near = rb_nearest(norm, names, RB_SEC_OTHER);
	}
	for (size_t k = 0; near && k < RB_SEC_OTHER; k++)
		if (names[k] == near)
			*kind = (enum rb_section_kind)k;
	/* a long word one slip from a synonym: "Mitgation" (not "Failback") */
	normalise(title, norm, sizeof norm);
	size_t nsyn;
	const struct rb_section_synonym *synonyms = rb_format_words_synonyms(&nsyn);
	for (size_t i = 0; !near && strlen(norm) >= 9 && i < nsyn; i++)
		if (rb_edit_distance(norm, synonyms[i].word) == 1) {
			near = synonyms[i].word;
			*kind = synonyms[i].kind;
		}
	if (!near)
		return NULL;
	char *out = rb_arena_strdup(a, near);
	out[0] = (char)toupper((unsigned char)out[0]);
	return out;
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
