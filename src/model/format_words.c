/* format_words.c: the format's words (format_words.h). One table each;
 * the readers, import and the Lua rules look words up here and nowhere
 * else. */
#include "model/format_words.h"
#include "base/util.h"
#include <string.h>

static const struct rb_section_word sections[RB_SEC__COUNT] = {
	[RB_SEC_SYMPTOMS] = {"symptoms", "Symptoms", true},
	[RB_SEC_IMPACT] = {"impact", "Impact", false},
	[RB_SEC_DIAGNOSIS] = {"diagnosis", "Diagnosis", true},
	[RB_SEC_RECOVERY] = {"recovery", "Recovery", true},
	[RB_SEC_ROLLBACK] = {"rollback", "Rollback", true},
	[RB_SEC_VERIFICATION] = {"verification", "Verification", false},
	[RB_SEC_OTHER] = {"other", "Other", false},
};

const struct rb_section_word *rb_format_words_section(enum rb_section_kind k)
{
	return &sections[k < RB_SEC__COUNT ? k : RB_SEC_OTHER];
}

enum rb_section_kind rb_format_words_section_named(const char *name)
{
	for (int k = 0; k < RB_SEC_OTHER; k++)
		if (!strcmp(name, sections[k].name))
			return (enum rb_section_kind)k;
	return RB_SEC_OTHER;
}

/* Whole-heading synonyms, compared after lower-casing and dropping
 * punctuation and emoji. Longer phrases are matched on their first words. */
static const struct rb_section_synonym synonyms[] = {
	{"symptoms", RB_SEC_SYMPTOMS}, {"symptom", RB_SEC_SYMPTOMS}, {"detection", RB_SEC_SYMPTOMS},
	{"detect", RB_SEC_SYMPTOMS}, {"signs", RB_SEC_SYMPTOMS}, {"indicators", RB_SEC_SYMPTOMS},
	{"how to detect", RB_SEC_SYMPTOMS}, {"what you see", RB_SEC_SYMPTOMS}, {"triggers", RB_SEC_SYMPTOMS},
	{"meaning", RB_SEC_SYMPTOMS}, {"scenario", RB_SEC_SYMPTOMS}, {"situation", RB_SEC_SYMPTOMS}, {"problem", RB_SEC_SYMPTOMS},
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

const struct rb_section_synonym *rb_format_words_synonyms(size_t *n)
{
	*n = sizeof synonyms / sizeof synonyms[0];
	return synonyms;
}

static const struct rb_meta_word meta_words[RB_META__COUNT] = {
	[RB_META_SEVERITY] = {"severity", "Severity", NULL},
	[RB_META_RTO] = {"rto", "RTO", NULL},
	[RB_META_RPO] = {"rpo", "RPO", NULL},
	[RB_META_OWNER] = {"owner", "Owner", NULL},
	[RB_META_ALERTS] = {"alerts", "Alerts", "alert"},
};

const struct rb_meta_word *rb_format_words_meta(enum rb_meta_key k)
{
	return &meta_words[k];
}

enum rb_meta_key rb_format_words_meta_named(const char *name)
{
	for (int k = 0; k < RB_META__COUNT; k++)
		if (rb_str_ieq(name, meta_words[k].key) || (meta_words[k].alias && rb_str_ieq(name, meta_words[k].alias)))
			return (enum rb_meta_key)k;
	return RB_META__COUNT;
}

static const char *const parent_phrases[] = {"playbooks", "playbook", "scenarios", "scenario", NULL};
static const char *const parent_exact[] = {"recovery procedures", "disaster recovery procedures", "dr procedures",
	"recovery runbooks", "runbooks", "failure modes", "emergency procedures", "incident runbooks", "recovery plans",
	NULL};
static const char *const procs_phrases[] = {"procedures", "procedure", "runbooks", "quick reference", "playbooks",
	"how to", NULL};
static const char *const proc_prefixes[] = {"procedure", "quick reference", "runbook", "playbook", "how to", NULL};
static const char *const call_verbs[] = {"follow", "see", "use", "run", "do", "apply", "perform", NULL};
/* "do not use", "never run", "don't follow" ("don t"), "cannot apply" */
static const char *const negations[] = {"not", "never", "t", "dont", "cannot", "nor", NULL};
static const struct rb_lenient_words lenient_words = {parent_phrases, parent_exact, procs_phrases, proc_prefixes,
						      call_verbs, "procedure", negations};

const struct rb_lenient_words *rb_format_words_lenient(void)
{
	return &lenient_words;
}

/* A Markdown runbook's front-matter keys, then the ones a YAML runbook adds. */
static const char *const front_keys[] = {
	"id", "title", "service", "owner", "tier", "tags", "reviewed", "review_every", "rto", "rpo",
	"description", "scenarios", "procedures"};

const char *const *rb_format_words_front_keys(size_t *n_markdown, size_t *n_yaml)
{
	*n_markdown = 10;
	*n_yaml = sizeof front_keys / sizeof front_keys[0];
	return front_keys;
}
