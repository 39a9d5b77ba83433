/* diag.h: diagnostics. Every message rbc can print lives in RB_DIAG_TABLE
 * with a stable id and a default level. A diagnostic prints as
 *   file:line:col: level: message: detail [id]
 * and the exit status follows the worst level recorded. */
#ifndef RB_DIAG_H
#define RB_DIAG_H
#include <stdbool.h>
#include <stdio.h>

struct rb_build;

/* 1-based line and column; 0 means unknown. */
struct rb_loc {
	const char *file;
	unsigned line, col;
};

enum rb_level { RB_NOTE = 0, RB_WARNING = 1, RB_ERROR = 2, RB_OFF = 3 };

/* rbc's version, printed by --version and keyed into caches. */
#define RB_VERSION "0.1.0"

/* Exit statuses: OK, or FINDINGS when the worst level recorded is an
 * error (or a command's own threshold is passed), USAGE when rbc could
 * not do what it was asked (bad options, unreadable book, failed output). */
enum { RB_EXIT_OK = 0, RB_EXIT_FINDINGS = 1, RB_EXIT_USAGE = 2 };

/*   name                level       id                  text */
#define RB_DIAG_TABLE(X) \
	X(IO,               RB_ERROR,   "io",               "cannot read file") \
	X(IO_WRITE,         RB_ERROR,   "io",               "cannot write output") \
	X(CHANGED,          RB_ERROR,   "io",               "file changed while rbc was building; build again") \
	X(CHANGED_LINT,     RB_ERROR,   "io",               "file changed while rbc was linting; lint again") \
	X(NOT_A_BOOK,       RB_ERROR,   "io",               "not a book directory") \
	X(SYMLINK_LOOP,     RB_ERROR,   "symlink",          "symlink loop") \
	X(SYMLINK_OUTSIDE,  RB_ERROR,   "symlink",          "symlink points outside the book; copy the file into the book instead") \
	X(NOT_REGULAR,      RB_ERROR,   "io",               "not a regular file; rbc reads only plain files and did not open it") \
	X(PATH_TOO_LONG,    RB_ERROR,   "limit",            "path is longer than the system allows; shorten its folder or file names") \
	X(OUT_PLACE,        RB_ERROR,   "io",               "refusing an output folder that overlaps the book") \
	X(OUT_NOT_RBC,      RB_ERROR,   "io",               "refusing an output folder that holds files rbc did not write") \
	X(OUT_KEEP,         RB_ERROR,   "io",               "cannot keep a file that rbc did not write") \
	X(EMPTY_FILE,       RB_ERROR,   "empty-file",       "file is empty; a runbook needs front matter and at least one scenario") \
	X(BINARY_FILE,      RB_ERROR,   "encoding",         "file holds a NUL byte and looks binary; runbooks must be UTF-8 text") \
	X(WIDE_TEXT,        RB_ERROR,   "encoding",         "file is UTF-16 or UTF-32 text, not UTF-8; convert it") \
	X(BAD_UTF8,         RB_ERROR,   "encoding",         "invalid UTF-8; re-save the file as UTF-8") \
	X(CONTROL_CHAR,     RB_ERROR,   "control-char",     "control character in the text; delete it (a terminal or browser would obey or drop it)") \
	X(CONTROL_CHAR_CMD, RB_ERROR,   "control-char",     "control or bidi character in a command; it can hide what runs, so delete it") \
	X(ZERO_WIDTH,       RB_WARNING, "zero-width",       "invisible zero-width character in a command; delete it") \
	X(TOO_LARGE,        RB_ERROR,   "limit",            "input exceeds a size limit") \
	X(TOO_DEEP,         RB_ERROR,   "limit",            "nesting exceeds the depth limit") \
	X(FM_UNTERMINATED,  RB_ERROR,   "front-matter",     "front matter opened with '---' is never closed; add a line '---' after the last key") \
	X(FM_NOT_MAP,       RB_ERROR,   "front-matter",     "front matter must be a YAML mapping of keys to values") \
	X(YAML_SYNTAX,      RB_ERROR,   "yaml-syntax",      "YAML syntax error") \
	X(YAML_TAB,         RB_ERROR,   "yaml-syntax",      "tab character in YAML indentation; indent with spaces") \
	X(YAML_ALIAS,       RB_ERROR,   "yaml-alias",       "YAML anchors and aliases are not allowed in runbooks; write the value out") \
	X(YAML_ALIAS_CAP,   RB_ERROR,   "limit",            "YAML aliases expand past the size limit; write the values out") \
	X(YAML_DUP_KEY,     RB_ERROR,   "yaml-syntax",      "duplicate key") \
	X(WRONG_TYPE,       RB_ERROR,   "wrong-type",       "value has the wrong type") \
	X(BAD_DURATION,     RB_ERROR,   "bad-duration",     "cannot parse duration; write e.g. '15m', '4 hours', '90d' or '10-15 minutes'") \
	X(BAD_DATE,         RB_ERROR,   "bad-date",         "cannot parse date; write an ISO date such as 2026-01-31") \
	X(FUTURE_DATE,      RB_ERROR,   "bad-date",         "review date is in the future; write the day the review happened") \
	X(BAD_TIER,         RB_ERROR,   "bad-tier",         "tier must be 1, 2 or 3") \
	X(UNKNOWN_KEY,      RB_WARNING, "unknown-key",      "unknown key") \
	X(UNKNOWN_META,     RB_WARNING, "unknown-key",      "unknown scenario metadata key") \
	X(ID_FROM_NAME,     RB_NOTE,    "id-from-name",     "file name is not a plain id") \
	X(BAD_ID,           RB_ERROR,   "bad-id",           "id may hold only letters, digits, '-', '_' and '.'") \
	X(DUP_SCENARIO,     RB_ERROR,   "duplicate-id",     "duplicate scenario id") \
	X(DUP_RUNBOOK,      RB_ERROR,   "duplicate-id",     "duplicate runbook id") \
	X(DUP_CONTACT,      RB_ERROR,   "duplicate-id",     "duplicate contact id") \
	X(SCRIPT_CLASH,     RB_ERROR,   "script-clash",     "two scenarios would have the same step script") \
	X(PROC_UNUSED,      RB_WARNING, "procedure-unused", "no scenario step calls this procedure; call it from a step that links to it alone, or remove it") \
	X(PROC_CALL_BROKEN, RB_ERROR,   "procedure-call-broken", "step calls a procedure that does not exist") \
	X(PROC_CALL_AMBIGUOUS, RB_WARNING, "procedure-call-ambiguous", "step names in words a procedure that several other documents hold, so it calls none; link the step to the one it means") \
	X(PROC_CALL_SEVERAL, RB_WARNING, "procedure-call-several", "step names more than one procedure in words but calls only the first; split it into one step per procedure, or link each") \
	X(PROC_NO_STEPS,    RB_ERROR,   "procedure-no-steps", "procedure has no steps; add numbered steps under its heading") \
	X(PROC_CYCLE,       RB_ERROR,   "procedure-cycle",  "procedure calls itself, directly or through others") \
	X(NO_SCENARIOS,     RB_WARNING, "no-scenarios",     "runbook has no scenarios; add a heading '## Scenario: <title>'") \
	X(NO_TITLE,         RB_WARNING, "no-title",         "runbook has no title; add 'title:' to the front matter or a '# Title' heading") \
	X(EMPTY_SCENARIO_TITLE, RB_ERROR, "scenario-title", "scenario heading has no title; write '## Scenario: <title>'") \
	X(SCENARIO_NO_COLON, RB_WARNING, "scenario-heading", "read as a scenario heading; the colon is missing") \
	X(SECTION_TYPO,     RB_WARNING, "section-heading",  "section heading not recognised") \
	X(SECTION_LEVEL,    RB_WARNING, "section-heading",  "section heading at the wrong level; sections are H3 headings ('### ')") \
	X(CODE_LANG,        RB_WARNING, "code-language",    "unknown code-block language; the step is shown as manual and never run") \
	X(STEP_BULLET,      RB_WARNING, "step-list",        "a bulleted item holding a command is not a step; steps are numbered ('1. '), so no script runs this command") \
	X(LINK_BROKEN,      RB_ERROR,   "link-broken",      "broken link") \
	X(ATTACHMENT,       RB_ERROR,   "link-broken",      "the site cannot carry this linked file") \
	X(LINK_NO_SCHEME,   RB_ERROR,   "link-broken",      "protocol-relative link ('//host/...') cannot work in the offline site; write https://") \
	X(REMOTE_IMAGE,     RB_WARNING, "remote-image",     "remote image: the offline site shows it as a link (rbc.yaml 'site: {remote_images: allow}' loads it)") \
	X(CONTACT_UNKNOWN,  RB_ERROR,   "link-broken",      "mention of an unknown contact") \
	X(CONFIG,           RB_ERROR,   "config",           "invalid setting in rbc.yaml") \
	X(ALERTS_UNSET,     RB_ERROR,   "config",           "rbc.yaml has no alerts: settings, so rbc alerts has no alert rule file to report on") \
	X(ALERT_GLOB_EMPTY, RB_ERROR,   "alert-file",       "alerts: rules: glob matches no file in the book") \
	X(ALERT_SHAPE,      RB_ERROR,   "alert-file",       "not an alert rule file: expected Prometheus rule groups, a PrometheusRule or Grafana alerting provisioning") \
	X(ALERT_RULE,       RB_ERROR,   "alert-file",       "invalid alert rule") \
	X(ALERT_IGNORE_UNKNOWN, RB_WARNING, "alert-ignore-unknown", "alerts: ignore entry names an alert that no alert rule file defines, so it ignores nothing") \
	X(CONTACTS,         RB_ERROR,   "contacts",         "invalid entry in contacts.yaml") \
	X(CONTACTS_SKIPPED, RB_NOTE,    "contacts",         "contacts.yaml did not load, so the checks that need it are skipped") \
	X(RULE,             RB_WARNING, "rule",             "rule finding") \
	X(RULE_FAILED,      RB_ERROR,   "rule-error",       "rule failed") \
	X(LENIENT,          RB_NOTE,    "lenient",          "read leniently") \
	X(MOJIBAKE,         RB_WARNING, "mojibake",         "text looks like UTF-8 that was decoded as Windows-1252 and saved again; run 'rbc import --fix-encoding'") \
	X(HTML_CHECK,       RB_ERROR,   "html-check",       "generated page failed the HTML check") \
	X(SCRIPT,           RB_ERROR,   "script",           "cannot generate step script") \
	X(DRILL_RECORD,     RB_ERROR,   "drill-record",     "drill record is not valid") \
	X(DRILL_CHAIN,      RB_ERROR,   "drill-chain",      "drill record's hash chain is broken") \
	X(DRILL_NONE,       RB_ERROR,   "drill-record",     "no drill records (*.jsonl files) in the runs folder") \
	X(DRILL_UNKNOWN,    RB_ERROR,   "drill-unknown",    "drill record for a scenario the book does not have") \
	X(DRILL_RUNS,       RB_ERROR,   "config",           "drills: runs names no folder in the book; create it (the step scripts write records there) or fix the path") \
	X(DRILL_OVER_RTO,   RB_ERROR,   "drill-current",    "scenario's measured recovery took longer than its RTO; speed up the recovery or raise the RTO") \
	X(DRILL_NOT_VERIFIED, RB_WARNING, "drill-current",  "scenario is not verified by a passing drill of its current text; drill it again") \
	X(DRILL_DUE,        RB_WARNING, "drill-current",    "scenario's drill is due under its tier's drill_every; drill it again") \
	X(DRILL_NEVER,      RB_NOTE,    "drill-current",    "scenario was never drilled; run its step script with --drill") \
	X(RULE_STALLED,     RB_ERROR,   "rule-error",       "rule stalled") \
	X(IGNORE_SYNTAX,    RB_WARNING, "ignore-syntax",    "malformed rbc-ignore comment") \
	X(IGNORE_UNKNOWN,   RB_WARNING, "ignore-syntax",    "rbc-ignore names an unknown rule") \
	X(TEMPLATE,         RB_ERROR,   "template",         "template error") \
	X(TEMPLATE_NAME,    RB_ERROR,   "template",         "no value of this name is given to any template, so it would always be empty") \
	X(PAGE_CLASH,       RB_ERROR,   "page-clash",       "two runbooks would have the same site page") \
	X(LENIENT_DOC,      RB_NOTE,    "lenient",          "no '## Scenario:' headings; read leniently as a legacy runbook (--strict turns this off)") \
	X(LENIENT_SCENARIO, RB_NOTE,    "lenient",          "heading read as a scenario") \
	X(LENIENT_PROCEDURE, RB_NOTE,   "lenient",          "heading read as a procedure") \
	X(LENIENT_CALL,     RB_NOTE,    "lenient",          "step names a procedure; read as a call of it") \
	X(LENIENT_LINK_CALL, RB_NOTE,   "lenient",          "step links to another document; read as a call of the procedure the link names there, if it names one") \
	X(LENIENT_WORDS_CALL, RB_NOTE,  "lenient",          "step names a procedure of another document; read as a call of the one procedure of the book with that title") \
	X(LENIENT_SECTION,  RB_NOTE,    "lenient",          "read as the start of a section") \
	X(LENIENT_STEP,     RB_NOTE,    "lenient",          "heading read as a step") \
	X(LENIENT_OBJECTIVE, RB_NOTE,   "lenient",          "read as a recovery objective") \
	X(LENIENT_META,     RB_NOTE,    "lenient",          "document metadata line read") \
	X(LENIENT_CONTACTS, RB_NOTE,    "lenient",          "contact table read") \
	X(LENIENT_WINDOW,   RB_NOTE,    "lenient",          "step time window read as the step's estimate") \
	X(CONTACT_TBD,      RB_WARNING, "contact-tbd",      "contact table entry is TBD; name a person or rotation and add it to contacts.yaml") \
	X(IMPORT_EXISTS,    RB_ERROR,   "io",               "output file exists; rbc import overwrites only its own input (convert in place) or a new file")

enum rb_code {
#define RB_DIAG_ENUM(name, level, id, text) RB_D_##name,
	RB_DIAG_TABLE(RB_DIAG_ENUM)
#undef RB_DIAG_ENUM
	RB_D__COUNT
};

/* One recorded diagnostic. Strings live in the build's arena. */
struct rb_diag {
	enum rb_code code;
	enum rb_level level;     /* after rbc.yaml overrides */
	const char *id;          /* table id, or the Lua rule's id */
	struct rb_loc loc;
	const char *message;     /* table text, or the rule's message */
	const char *detail;      /* may be NULL */
	unsigned seq;            /* emission order, for stable sorting */
};

enum rb_color { RB_COLOR_AUTO, RB_COLOR_ALWAYS, RB_COLOR_NEVER };

/* The diagnostics of one build, its own part of struct rb_build
 * (build.h): the vector in emission order and the worst level recorded.
 * The functions on it (diag.c) need no build; recording into a build,
 * which takes the build's lock, arena and rbc.yaml levels, is
 * diag_record.c's. */
struct rb_diags {
	struct rb_diag *v;       /* malloc'd */
	size_t n, cap;
	enum rb_level worst;     /* worst level recorded, RB_NOTE if none */
	bool any;                /* anything recorded */
};
/* An empty list (worst RB_NOTE). */
void rb_diags_init(struct rb_diags *l);
/* Free the vector; l is left empty. */
void rb_diags_free(struct rb_diags *l);
/* Append d (its level final, its strings in memory the list's build
 * owns), numbering it in emission order. */
void rb_diags_push(struct rb_diags *l, struct rb_diag d);
/* Append every diagnostic of from, in from's order, and empty from. */
void rb_diags_append(struct rb_diags *l, struct rb_diags *from);
/* Sort by file, line, col, then emission order. */
void rb_diags_sort(struct rb_diags *l);
/* How many have level. */
unsigned rb_diags_count(const struct rb_diags *l, enum rb_level level);
/* The exit status the list calls for: RB_EXIT_FINDINGS when its worst
 * level is an error, else RB_EXIT_OK. */
int rb_diags_exit(const struct rb_diags *l);

/* --- recording into a build (diag_record.c) --- */

/* The effective level of a diagnostic id after rbc.yaml's rules: map. */
enum rb_level rb_diag_level(const struct rb_build *b, const char *id, enum rb_level dflt);
/* Move every diagnostic of from (a child build, see rb_build_fork) to the
 * end of b's list, in from's order; the strings must already live in
 * memory b owns (rb_build_join adopts from's arena first). */
void rb_diag_move(struct rb_build *b, struct rb_build *from);
struct rb_arena;
/* Copy the strings of b's diagnostics into arena a (the caller guards a),
 * so that b's own arena may be freed before rb_diag_move takes them. */
void rb_diag_rehome(struct rb_build *b, struct rb_arena *a);
/* Record a copy of d (strings copied into b's arena); its level is final. */
void rb_diag_add(struct rb_build *b, const struct rb_diag *d);
/* Record a diagnostic from the table; detail is printf-formatted (may be NULL). */
void rb_diag(struct rb_build *b, enum rb_code code, struct rb_loc loc,
	     const char *detail_fmt, ...) __attribute__((format(printf, 4, 5)));
/* Record a diagnostic whose id, level and message are given (Lua rules). */
void rb_diag_custom(struct rb_build *b, enum rb_code code, const char *id,
		    enum rb_level level, struct rb_loc loc, const char *message);

const char *rb_diag_id(enum rb_code code);
const char *rb_diag_text(enum rb_code code);
enum rb_level rb_diag_default_level(enum rb_code code);
const char *rb_level_name(enum rb_level level);

/* Sort the build's diagnostics by file, line, col, then emission order. */
void rb_diag_sort(struct rb_build *b);
/* Print one diagnostic in gcc style to f, coloured when color is true. */
void rb_diag_print(FILE *f, const struct rb_diag *d, bool color);
/* Print all diagnostics (sorted) to stderr honouring --color and NO_COLOR. */
void rb_diag_print_all(struct rb_build *b, FILE *f);
/* Decide whether to colour output on f. */
bool rb_diag_want_color(enum rb_color mode, FILE *f);
/* Counts by level. */
unsigned rb_diag_count(const struct rb_build *b, enum rb_level level);
/* The exit status the diagnostics so far call for: RB_EXIT_FINDINGS when
 * the worst level recorded is an error, else RB_EXIT_OK. */
int rb_diag_exit(const struct rb_build *b);

#endif
