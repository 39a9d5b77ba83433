/* format_words.h: the format's words in one table: the section kinds of a
 * scenario (their names, headings and heading synonyms, and which ones
 * every scenario needs), the scenario metadata keys, the front-matter
 * keys, and the words by which the lenient reader finds procedures. The Markdown reader, the YAML reader, import, dump and the Lua
 * rules (rbc.sections()) all read them here; doc/format.md lists them. */
#ifndef RB_FORMAT_WORDS_H
#define RB_FORMAT_WORDS_H
#include "model/model.h"

/* One section kind. */
struct rb_section_word {
	const char *name;     /* "symptoms": the model's, dump's and Lua's name, the YAML key */
	const char *title;    /* "Symptoms": the heading import and YAML runbooks write */
	bool required;        /* every scenario needs a non-empty one */
};

/* Section kind k's words; RB_SEC_OTHER (and anything past it) is "other",
 * with the title "Other". */
const struct rb_section_word *rb_format_words_section(enum rb_section_kind k);
/* The kind named name exactly ("rollback"), or RB_SEC_OTHER. */
enum rb_section_kind rb_format_words_section_named(const char *name);

/* A heading word or phrase the Markdown reader takes for a section kind,
 * compared after lower-casing and dropping punctuation ("Roll back"). */
struct rb_section_synonym {
	const char *word;
	enum rb_section_kind kind;
};

/* The synonyms, the kinds' own names among them; *n gets their count. */
const struct rb_section_synonym *rb_format_words_synonyms(size_t *n);

/* The metadata keys of a scenario, in the order they are written. */
enum rb_meta_key { RB_META_SEVERITY, RB_META_RTO, RB_META_RPO, RB_META_OWNER, RB_META_ALERTS, RB_META__COUNT };

struct rb_meta_word {
	const char *key;      /* "severity": the YAML key */
	const char *title;    /* "Severity": the bold key in Markdown */
	const char *alias;    /* another spelling Markdown accepts ("Alert"), or NULL */
};

/* Metadata key k's words. */
const struct rb_meta_word *rb_format_words_meta(enum rb_meta_key k);
/* The metadata key named name in any ASCII case (its key or its alias),
 * or RB_META__COUNT. */
enum rb_meta_key rb_format_words_meta_named(const char *name);

/* The words by which the lenient reader (doc/legacy.md) tells a freehand
 * document's lists of scenarios from its procedures, and a step that runs
 * a procedure; each list NULL-ended, lower-case, single-spaced (compared
 * as whole words of a heading's normalised text). */
struct rb_lenient_words {
	const char *const *parent_phrases;   /* a heading holding one lists scenarios: "playbooks", "scenarios" */
	const char *const *parent_exact;     /* ... and so does a heading that is one: "recovery procedures", "runbooks" */
	const char *const *procs_phrases;    /* a heading holding one gathers procedures: "procedures", "quick reference" */
	const char *const *proc_prefixes;    /* "WORD: Title" names one procedure: "procedure", "quick reference" */
	const char *const *call_verbs;       /* a step "VERB the X procedure" runs X: "follow", "see", "use" */
	const char *procedure;               /* the noun such a step names: "procedure" */
	const char *const *negations;        /* one just before the verb says not to run it: "not", "never" */
};

/* The lenient reader's words. */
const struct rb_lenient_words *rb_format_words_lenient(void);

/* The front-matter keys of a runbook: the first *n_markdown are a Markdown
 * runbook's, all *n_yaml a YAML runbook's (which adds description,
 * scenarios and procedures). */
const char *const *rb_format_words_front_keys(size_t *n_markdown, size_t *n_yaml);

#endif
