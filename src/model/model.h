/* model.h: the runbook model. Plain structs with source positions; no
 * library types and no I/O. Everything lives in the build's arena.
 *
 *   book ─┬─ config (rbc.yaml)
 *         ├─ contacts[] + escalation[] (contacts.yaml)
 *         └─ runbooks[] ─┬─ scenarios[] ── sections[] ── steps[] ── commands[]
 *                        └─ procedures[]: shared steps that scenario steps call
 */
#ifndef RB_MODEL_H
#define RB_MODEL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "model/diag.h"
#include "base/strmap.h"
#include "model/value.h"

#define RB_SCHEMA_VERSION 1

/* A duration in seconds; a range ("10-15 minutes") keeps both ends and a
 * single value has lo == hi. "< 1 hour" gives lo = 0, hi = 3600. */
struct rb_duration {
	bool set;
	long lo, hi;
	const char *text;         /* as written */
	struct rb_loc loc;
};

/* A calendar date as days since 1970-01-01. */
struct rb_date {
	bool set;
	long days;
	const char *text;         /* as written */
	struct rb_loc loc;
};

/* A string value with the place it was written. */
struct rb_text {
	const char *s;            /* NULL when absent */
	struct rb_loc loc;
};

enum rb_section_kind {
	RB_SEC_SYMPTOMS, RB_SEC_IMPACT, RB_SEC_DIAGNOSIS, RB_SEC_RECOVERY,
	RB_SEC_ROLLBACK, RB_SEC_VERIFICATION, RB_SEC_OTHER, RB_SEC__COUNT
};

/* A fenced code block inside a step. */
struct rb_command {
	struct rb_loc loc;        /* the opening fence */
	const char *lang;         /* first word of the info string, "" if none */
	const char *info;         /* the whole info string */
	const char *text;         /* the code, with its final newline */
	bool shell;               /* lang is a shell (or empty): runnable */
	bool norun;               /* info holds "norun": left out of scripts */
	bool destructive;         /* info holds "destructive", or an obvious marker */
};

/* A step that runs a procedure: its text is one link alone, to a
 * "## Procedure:" heading ("1. [Restore](db.md#procedure-restore) (20 min)").
 * The link is resolved against the whole book (procedure.h), so the
 * procedure may live in any runbook. */
struct rb_call {
	struct rb_loc loc;        /* the link */
	const char *target;       /* as written */
	const char *text;         /* the link's text */
	const char *path;         /* book-relative path of the runbook it names */
	const char *fragment;     /* the anchor, or NULL */
	unsigned step;            /* the calling step's index in its section, 1-based */
	struct rb_duration estimate;   /* the calling step's own estimate */
	bool lenient;             /* read by the lenient reader from the step's words or
				     a link amid them: rbc import writes it as a link alone */
};

/* An ordered-list item or H4 heading inside a section. */
struct rb_step {
	struct rb_loc loc;
	const char *id;           /* "recovery.3": stable, the anchor too */
	unsigned index;           /* 1-based within the section */
	const char *title;        /* first line of the step text, plain */
	const char *text;         /* the step's whole plain text, without code */
	struct rb_duration estimate;   /* "(5 min)" or "(0-5 min)" */
	bool destructive;         /* marked, or a command carries a marker */
	size_t ncommands;
	struct rb_command *commands;
	const struct rb_call *call;   /* the procedure it runs, or NULL */
};

/* An H3 section of a scenario. */
struct rb_section {
	enum rb_section_kind kind;
	const char *title;        /* heading text as written */
	struct rb_loc loc;
	unsigned first_line, last_line;   /* source line range, 1-based */
	const char *text;         /* plain text of the whole section body */
	bool empty;               /* no content under the heading */
	bool lenient;             /* recognised by the lenient reader */
	size_t nsteps;
	struct rb_step *steps;    /* NULL in a summary (summary.h): use the
				     helpers below, which read the sums */
	bool estimate_any;        /* summary only: the sum of the steps' time */
	long estimate_lo, estimate_hi;   /* estimates (rb_section_estimate) */
	size_t ncalls;            /* the steps that call a procedure (summaries */
	const struct rb_call **calls;   /* keep these too), in step order */
};

struct rb_drill_scenario;

/* A "## Scenario: Title" and everything under it. A "## Procedure:
 * Title" is held in the same struct (procedure true, in the runbook's
 * procedures[]): its steps are a Recovery section, and it may have its
 * own Rollback and Verification sections. */
struct rb_scenario {
	const char *id;           /* anchor: GitHub slug or {#id} */
	const char *title;
	struct rb_loc loc;        /* the heading */
	struct rb_loc meta_loc;   /* the metadata paragraph (line 0: none) */
	unsigned first_line, last_line;
	struct rb_text severity;
	struct rb_duration rto, rpo;
	struct rb_text owner;     /* as written on the scenario */
	const char *owner_effective;   /* scenario owner, else runbook owner */
	struct rb_text alerts;
	bool alert_covered;       /* an alert lands on it, or its Alerts: names an
				     alert a rule file defines (model/alert.c) */
	bool lenient;
	bool procedure;           /* a procedure, not a scenario */
	const char *description;  /* procedure: its text before the first section, or NULL */
	size_t nneeds;            /* procedure: the parameters of "**Needs:** A, B" */
	struct rb_text *needs;
	char digest[65];          /* content digest (drill.h), "" when not parsed */
	const struct rb_drill_scenario *drill;   /* its drill facts (drill.h) when the book's
						    runs folder was read, else NULL */
	size_t nsections;
	struct rb_section *sections;
	struct rb_runbook *runbook;    /* back-pointer */
};

enum rb_link_kind { RB_LINK_DOC, RB_LINK_CONTACT, RB_LINK_EXTERNAL };

/* A link or contact mention found in a runbook. */
struct rb_link {
	enum rb_link_kind kind;
	struct rb_loc loc;
	const char *target;       /* as written */
	const char *path;         /* DOC: book-relative path of the target file */
	const char *fragment;     /* DOC: anchor, or NULL; CONTACT: contact id */
	const char *scenario_id;  /* the scenario it sits in, or NULL */
	bool call;                /* the link of a step that calls a procedure */
};

/* Every heading anchor of a runbook, for link checking. */
struct rb_anchor {
	const char *id;
	struct rb_loc loc;
};

/* An inline `<!-- rbc-ignore RULE: reason -->`: RULE's findings on file
 * lines first_line..last_line are not reported by `rbc lint`. */
struct rb_ignore {
	const char *rule, *reason;
	struct rb_loc loc;        /* the comment */
	unsigned first_line, last_line;
};

enum rb_format { RB_FMT_MARKDOWN, RB_FMT_YAML };

struct rb_doc;   /* parsed Markdown, opaque outside parse.c / md_html.c */
struct rb_lenient;   /* lenient.h */
struct rb_proc_index;   /* procedure.h */

struct rb_runbook {
	const char *path;         /* book-relative, '/'-separated */
	const char *file;         /* as shown in diagnostics: BOOK/path */
	enum rb_format format;
	struct rb_text id, title, service, owner;
	int tier;                 /* 0 when unset */
	struct rb_loc tier_loc;
	size_t ntags;
	struct rb_text *tags;
	struct rb_date reviewed;
	struct rb_duration review_every;   /* effective: front matter, rbc.yaml, 90d */
	bool review_every_default;         /* not set in front matter */
	struct rb_duration rto, rpo;
	const struct rb_value *front;      /* the front matter as read */
	unsigned body_line;       /* line of the body's first line in the file */
	const char *body;         /* Markdown body (after front matter), or NULL */
	size_t body_len;
	const struct rb_loc *line_map;   /* YAML form: body line → YAML position */
	size_t nline_map;
	struct rb_doc *doc;       /* parse tree, freed after rendering */
	bool body_parsed;         /* the body was parsed (not refused by a limit) */
	uint64_t source_hash;     /* rb_hash64 of the file's bytes as read */
	bool lenient;
	const struct rb_lenient *legacy;   /* how the lenient reader read it, or NULL */
	size_t nscenarios;
	struct rb_scenario *scenarios;
	size_t nprocedures;
	struct rb_scenario *procedures;   /* procedure true; kept whole in summaries */
	size_t nlinks;
	struct rb_link *links;
	size_t nanchors;
	struct rb_anchor *anchors;
	size_t nignores;
	struct rb_ignore *ignores;
	bool stub;                /* lint FILE...: only id, anchors, scenario and
				     step ids, from xref_cache.c */
	bool summary;             /* build: the full model was freed (summary.h) */
};

struct rb_contact {
	const char *id;
	struct rb_loc loc;
	struct rb_text name, role, email, phone, pager;
	struct rb_date verified;
};

struct rb_escalation {
	struct rb_text contact;
	struct rb_duration after;
	struct rb_loc loc;
};

/* Per-tier policy from rbc.yaml. */
struct rb_tier_policy {
	struct rb_duration rto, rpo;
	struct rb_duration drill_every;   /* how often its scenarios must be drilled (drill.h) */
};

/* A rule level override: rules: {id: off|note|warning|error}. */
struct rb_rule_setting {
	const char *id;
	struct rb_loc loc;
	enum rb_level level;      /* RB_OFF turns it off; -1 (as int) keeps default */
	bool has_level;
	const struct rb_value *value;   /* the whole setting, for the rule */
};

/* An alerts: ignore entry of rbc.yaml (doc/alerts.md). */
struct rb_alert_ignore {
	struct rb_text alert;     /* the alert's name */
	struct rb_text owner, why;
	struct rb_date until;
	struct rb_loc loc;        /* the entry */
	bool expired;             /* until is before the build's day (rb_alerts_resolve) */
};

/* rbc.yaml's alerts: settings. */
struct rb_alerts_config {
	bool set;                 /* rbc.yaml has alerts: */
	struct rb_loc loc;
	size_t nrules;
	struct rb_text *rules;    /* globs of alert rule files, book-relative */
	struct rb_text base_url;  /* where the site is published, ends in '/', or NULL */
	size_t nrequire;
	struct rb_text *require_severity;
	size_t nignore;
	struct rb_alert_ignore *ignore;
};

enum rb_alert_shape { RB_ALERT_PROMETHEUS, RB_ALERT_OPERATOR, RB_ALERT_GRAFANA };
enum rb_alert_link { RB_ALINK_NONE, RB_ALINK_BOOK, RB_ALINK_EXTERNAL };

/* One alerting rule of an alert rule file (read/alert_files.c), with
 * where its runbook link lands (model/alert.c). */
struct rb_alert {
	const char *name;         /* alert: or title: */
	struct rb_loc loc;        /* the alert:/title: line */
	const char *path;         /* the rule file, book-relative */
	enum rb_alert_shape shape;
	const char *group;        /* its group's name, or NULL */
	const char *severity;     /* labels.severity, or NULL */
	const struct rb_value *labels, *annotations;   /* mappings, or NULL */
	const char *link;         /* runbook_url, else the runbook annotation; NULL: none */
	const char *link_key;     /* "runbook_url" or "runbook" */
	struct rb_loc link_loc;
	/* filled by rb_alerts_resolve */
	enum rb_alert_link link_kind;
	const char *page;         /* BOOK: the book path the link names */
	const char *fragment;     /* BOOK: its anchor, or NULL */
	const struct rb_runbook *runbook;   /* BOOK: the runbook at page, or NULL */
	bool anchor_ok;           /* runbook found and the fragment (if any) is one of its anchors */
	const char *nearest;      /* broken: the nearest anchor, or page */
	const struct rb_scenario *scenario; /* the scenario the link lands on, or NULL */
	bool named;               /* that scenario's Alerts: names this alert */
	bool required;            /* severity is one of require_severity */
	const struct rb_alert_ignore *ignore;   /* the entry naming it (live or expired), or NULL */
};

/* One name in a scenario's **Alerts:** (model/alert.c). */
struct rb_alert_ref {
	const char *name;
	struct rb_loc loc;        /* where the name is written */
	const struct rb_scenario *scenario;
	const struct rb_alert *alert;   /* the first alert of that name, or NULL */
	const char *nearest;      /* unknown: the nearest alert name, or NULL */
};

/* The Lua sandbox's limits, in rbc.yaml's lua: and in --lua-limits. */
enum rb_lua_limit { RB_LUA_INSTRUCTIONS, RB_LUA_MEMORY, RB_LUA_TIMEOUT_MS, RB_LUA_NLIMITS };

struct rb_config {
	const char *path;         /* "rbc.yaml" or NULL when absent */
	struct rb_text title;
	struct rb_text edit_url;  /* "Edit this page" base (http or https), or NULL */
	struct rb_duration review_every;         /* default 90d */
	struct rb_duration contact_verify_every; /* default 180d */
	struct rb_tier_policy tiers[4];          /* index 1..3 */
	size_t nrules;
	struct rb_rule_setting *rules;
	long lua[RB_LUA_NLIMITS]; /* rbc.yaml lua:, 0 when not set (meta.h) */
	bool remote_images;       /* site: {remote_images: allow}: the site loads them */
	struct rb_text bundle_pubkey;   /* bundle: {pubkey: FILE}, book-relative, or NULL */
	const char *bundle_key_id;      /* its minisign key id (16 hex digits), once read */
	const char *bundle_key_b64;     /* its base64 line (what minisign -P takes) */
	const char **exclude;     /* exclude: globs (bookfs.h) */
	size_t nexclude;
	const char **ignore_keys; /* ignore_keys: front-matter keys read quietly */
	size_t nignore_keys;
	const char **script_secrets;   /* scripts: {secrets: [...]}: more secret names or globs */
	size_t nscript_secrets;
	struct rb_alerts_config alerts;   /* alerts: (doc/alerts.md) */
	struct rb_text drill_runs;     /* drills: {runs: FOLDER}: the drill records, book-relative */
	const struct rb_value *root;
};

struct rb_book {
	const char *root;         /* the directory as given */
	struct rb_config config;
	size_t ncontacts;
	struct rb_contact *contacts;
	size_t nescalation;
	struct rb_escalation *escalation;
	const char *contacts_path;   /* "contacts.yaml" or NULL */
	bool contacts_broken;        /* contacts.yaml is there but did not load:
	                              * the checks that need it are skipped */
	size_t nrunbooks;
	struct rb_runbook **runbooks;   /* in the book walk's order */
	struct rb_strmap by_path;       /* runbook path -> index (rb_book_index) */
	struct rb_proc_index *procs;    /* procedures by path and anchor, with their
					   callers (rb_procedure_index), or NULL */
	struct rb_runbook *intro;       /* README.md at the root: the site index's
					   introduction, not a runbook; or NULL */
	size_t nalert_files;
	const char **alert_files;       /* book paths of the alert rule files read */
	size_t nalerts;
	struct rb_alert *alerts;        /* in file order, then rule order */
	bool alert_files_broken;        /* an alert file or glob had an error: the
					   reverse check (scenario-alert-unknown) is skipped */
	size_t nalert_refs;
	struct rb_alert_ref *alert_refs;   /* every name of every scenario's Alerts: */
};

const char *rb_section_kind_name(enum rb_section_kind k);
/* Where scenario s's step script goes: PREFIX<runbook-id>/<scenario-id>.sh,
 * each id made one portable path component by rb_file_component (a
 * string in arena a). check.c makes sure no two scenarios share one. */
const char *rb_scenario_script_path(struct rb_arena *a, const struct rb_scenario *s, const char *prefix);
/* Look a contact or runbook up by id; NULL when absent. */
const struct rb_contact *rb_book_contact(const struct rb_book *book, const char *id);
const struct rb_runbook *rb_book_runbook(const struct rb_book *book, const char *id);
/* By path: a hash lookup once rb_book_index has run, else a scan.
 * rb_book_runbook_at gives its place in book->runbooks in *at. */
const struct rb_runbook *rb_book_runbook_by_path(const struct rb_book *book, const char *path);
bool rb_book_runbook_at(const struct rb_book *book, const char *path, size_t *at);
/* Index the book's runbooks by path, once the list is complete (the
 * paths must outlive the index; rb_build_free frees it). */
void rb_book_index(struct rb_book *book);
/* Add the time estimates of sec's steps to *lo and *hi; true when any
 * step has one. Works on summaries, which keep only the sums. */
bool rb_section_estimate(const struct rb_section *sec, long *lo, long *hi);
/* True when id ("recovery.3") is the id of a step of sec; works on
 * summaries, whose step ids follow from the kind and the step count. */
bool rb_section_has_step(const struct rb_section *sec, const char *id);
/* True when frag is an anchor that rb's page has: a heading's, a
 * scenario's or procedure's id (a lenient heading keeps both), or the id
 * of one of their steps ("scenario-x.recovery.3"); works on summaries. */
bool rb_runbook_has_anchor(const struct rb_runbook *rb, const char *frag);
/* The anchors of rb's page a mistyped fragment is compared with: its
 * headings' anchors, then its scenarios' and procedures' ids, into out
 * (room for nanchors + nscenarios + nprocedures); returns how many. */
size_t rb_runbook_anchor_names(const struct rb_runbook *rb, const char **out);
/* The section of kind k in a scenario, or NULL. */
const struct rb_section *rb_scenario_section(const struct rb_scenario *s, enum rb_section_kind k);

#endif
