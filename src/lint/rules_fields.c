/* rules_fields.c: the fields each kind of model node shows the Lua rules,
 * as tables of {name, type, offset into the C struct}; rules_model.c reads
 * them to answer a rule's index or pairs. Adding a field to the model for
 * the rules is a line here (and a line in doc/rules.md). */
#include "lint/rules_fields.h"
#include "model/alert.h"
#include "model/drill.h"
#include "model/model.h"

#define AT(T, m) offsetof(T, m)
#define LIST(T, m, n, k) F_LIST, offsetof(T, m), offsetof(T, n), k

static const struct field runbook_fields[] = {
	{"file", F_STR, AT(struct rb_runbook, file), 0, 0},
	{"line", F_ONE, 0, 0, 0},
	{"col", F_ONE, 0, 0, 0},
	{"path", F_STR, AT(struct rb_runbook, path), 0, 0},
	{"format", F_FORMAT, AT(struct rb_runbook, format), 0, 0},
	{"id", F_TEXT, AT(struct rb_runbook, id), 0, 0},
	{"id_loc", F_TEXT_LOC, AT(struct rb_runbook, id), 0, 0},
	{"title", F_TEXT, AT(struct rb_runbook, title), 0, 0},
	{"title_loc", F_TEXT_LOC, AT(struct rb_runbook, title), 0, 0},
	{"service", F_TEXT, AT(struct rb_runbook, service), 0, 0},
	{"service_loc", F_TEXT_LOC, AT(struct rb_runbook, service), 0, 0},
	{"owner", F_TEXT, AT(struct rb_runbook, owner), 0, 0},
	{"owner_loc", F_TEXT_LOC, AT(struct rb_runbook, owner), 0, 0},
	{"tier", F_INT_IF, AT(struct rb_runbook, tier), 0, 0},
	{"tier_loc", F_LOC_IF, AT(struct rb_runbook, tier_loc), 0, 0},
	{"reviewed", F_DATE, AT(struct rb_runbook, reviewed), 0, 0},
	{"reviewed_loc", F_DATE_LOC, AT(struct rb_runbook, reviewed), 0, 0},
	{"review_every", F_DURATION, AT(struct rb_runbook, review_every), 0, 0},
	{"rto", F_DURATION, AT(struct rb_runbook, rto), 0, 0},
	{"rpo", F_DURATION, AT(struct rb_runbook, rpo), 0, 0},
	{"tags", LIST(struct rb_runbook, tags, ntags, K_TAGS)},
	{"scenarios", LIST(struct rb_runbook, scenarios, nscenarios, K_SCENARIOS)},
	{"procedures", LIST(struct rb_runbook, procedures, nprocedures, K_SCENARIOS)},
	{NULL, 0, 0, 0, 0},
};

static const struct field scenario_fields[] = {
	{"file", F_FILE, AT(struct rb_scenario, loc), 0, 0},
	{"line", F_LINE, AT(struct rb_scenario, loc), 0, 0},
	{"col", F_COL, AT(struct rb_scenario, loc), 0, 0},
	{"id", F_STR, AT(struct rb_scenario, id), 0, 0},
	{"title", F_STR, AT(struct rb_scenario, title), 0, 0},
	{"meta_line", F_LINE_IF, AT(struct rb_scenario, meta_loc), 0, 0},
	{"severity", F_TEXT, AT(struct rb_scenario, severity), 0, 0},
	{"severity_loc", F_TEXT_LOC, AT(struct rb_scenario, severity), 0, 0},
	{"rto", F_DURATION, AT(struct rb_scenario, rto), 0, 0},
	{"rpo", F_DURATION, AT(struct rb_scenario, rpo), 0, 0},
	{"owner", F_TEXT, AT(struct rb_scenario, owner), 0, 0},
	{"owner_loc", F_TEXT_LOC, AT(struct rb_scenario, owner), 0, 0},
	{"owner_effective", F_STR, AT(struct rb_scenario, owner_effective), 0, 0},
	{"alerts", F_TEXT, AT(struct rb_scenario, alerts), 0, 0},
	{"alerts_loc", F_TEXT_LOC, AT(struct rb_scenario, alerts), 0, 0},
	{"first_line", F_UINT, AT(struct rb_scenario, first_line), 0, 0},
	{"last_line", F_UINT, AT(struct rb_scenario, last_line), 0, 0},
	{"runbook", F_PARENT, 0, 0, 0},
	{"procedure", F_BOOL, AT(struct rb_scenario, procedure), 0, 0},
	{"description", F_STR, AT(struct rb_scenario, description), 0, 0},
	{"sections", LIST(struct rb_scenario, sections, nsections, K_SECTIONS)},
	{"drill", F_NODE, AT(struct rb_scenario, drill), 0, K_DRILL},
	{NULL, 0, 0, 0, 0},
};

/* A scenario's drill facts (lint/drills.c), when the book's rbc.yaml
 * names a runs folder. It points at the scenario. */
static const struct field drill_fields[] = {
	{"file", F_FILE, AT(struct rb_drill_scenario, loc), 0, 0},
	{"line", F_LINE, AT(struct rb_drill_scenario, loc), 0, 0},
	{"col", F_COL, AT(struct rb_drill_scenario, loc), 0, 0},
	{"status", F_DRILL_STATUS, AT(struct rb_drill_scenario, status), 0, 0},
	{"message", F_DRILL_MESSAGE, AT(struct rb_drill_scenario, status), 0, 0},
	{"level", F_DRILL_LEVEL, AT(struct rb_drill_scenario, status), 0, 0},
	{"why", F_STR, AT(struct rb_drill_scenario, why), 0, 0},
	{"runs", F_SIZE, AT(struct rb_drill_scenario, nruns), 0, 0},
	{"drills", F_SIZE, AT(struct rb_drill_scenario, ndrills), 0, 0},
	{"real", F_SIZE, AT(struct rb_drill_scenario, nreal), 0, 0},
	{"last_s", F_LONG_IF, AT(struct rb_drill_scenario, last), 0, 0},
	{"median_s", F_LONG_IF, AT(struct rb_drill_scenario, median), 0, 0},
	{"worst_s", F_LONG_IF, AT(struct rb_drill_scenario, worst), 0, 0},
	{"rto", F_NODE, AT(struct rb_drill_scenario, rto), 0, K_DURATION},
	{"every", F_NODE, AT(struct rb_drill_scenario, every), 0, K_DURATION},
	{"due", F_DAY_IF, AT(struct rb_drill_scenario, due), 0, 0},
	{"failed", F_BOOL, AT(struct rb_drill_scenario, failed), 0, 0},
	{"skipped", F_BOOL, AT(struct rb_drill_scenario, skipped), 0, 0},
	{"retried", F_BOOL, AT(struct rb_drill_scenario, retried), 0, 0},
	{"last_run", F_NODE, AT(struct rb_drill_scenario, last_run), 0, K_DRILL_RUN},
	{"last_pass", F_NODE, AT(struct rb_drill_scenario, last_pass), 0, K_DRILL_RUN},
	{NULL, 0, 0, 0, 0},
};

/* One run of a scenario's step script; it points at its record's first line. */
static const struct field drill_run_fields[] = {
	{"file", F_FILE, AT(struct rb_drill_run, loc), 0, 0},
	{"line", F_LINE, AT(struct rb_drill_run, loc), 0, 0},
	{"col", F_COL, AT(struct rb_drill_run, loc), 0, 0},
	{"record", F_STR, AT(struct rb_drill_run, shown), 0, 0},
	{"date", F_TIME_DAY, AT(struct rb_drill_run, start), 0, 0},
	{"start", F_TIME, AT(struct rb_drill_run, start), 0, 0},
	{"drill", F_BOOL, AT(struct rb_drill_run, drill), 0, 0},
	{"operator", F_STR, AT(struct rb_drill_run, operator_name), 0, 0},
	{"host", F_STR, AT(struct rb_drill_run, host), 0, 0},
	{"exit", F_INT, AT(struct rb_drill_run, status), 0, 0},
	{"measured_s", F_LONG_IF, AT(struct rb_drill_run, measured), 0, 0},
	{"passed", F_BOOL, AT(struct rb_drill_run, passed), 0, 0},
	{"failed", F_BOOL, AT(struct rb_drill_run, failed), 0, 0},
	{"skipped", F_BOOL, AT(struct rb_drill_run, skipped), 0, 0},
	{"retried", F_BOOL, AT(struct rb_drill_run, retried), 0, 0},
	{"book_commit", F_STR, AT(struct rb_drill_run, book_commit), 0, 0},
	{"current", F_DRILL_CURRENT, 0, 0, 0},
	{NULL, 0, 0, 0, 0},
};

static const struct field section_fields[] = {
	{"file", F_FILE, AT(struct rb_section, loc), 0, 0},
	{"line", F_LINE, AT(struct rb_section, loc), 0, 0},
	{"col", F_COL, AT(struct rb_section, loc), 0, 0},
	{"kind", F_SECTION_KIND, AT(struct rb_section, kind), 0, 0},
	{"title", F_STR, AT(struct rb_section, title), 0, 0},
	{"text", F_STR, AT(struct rb_section, text), 0, 0},
	{"empty", F_BOOL, AT(struct rb_section, empty), 0, 0},
	{"first_line", F_UINT, AT(struct rb_section, first_line), 0, 0},
	{"last_line", F_UINT, AT(struct rb_section, last_line), 0, 0},
	{"estimate_min", F_ESTIMATE_MIN, 0, 0, 0},
	{"estimate_max", F_ESTIMATE_MAX, 0, 0, 0},
	{"steps", LIST(struct rb_section, steps, nsteps, K_STEPS)},
	{NULL, 0, 0, 0, 0},
};

static const struct field step_fields[] = {
	{"file", F_FILE, AT(struct rb_step, loc), 0, 0},
	{"line", F_LINE, AT(struct rb_step, loc), 0, 0},
	{"col", F_COL, AT(struct rb_step, loc), 0, 0},
	{"id", F_STR, AT(struct rb_step, id), 0, 0},
	{"index", F_UINT, AT(struct rb_step, index), 0, 0},
	{"title", F_STR, AT(struct rb_step, title), 0, 0},
	{"text", F_STR, AT(struct rb_step, text), 0, 0},
	{"estimate", F_DURATION, AT(struct rb_step, estimate), 0, 0},
	{"destructive", F_BOOL, AT(struct rb_step, destructive), 0, 0},
	{"commands", LIST(struct rb_step, commands, ncommands, K_COMMANDS)},
	{"call", F_CALL, AT(struct rb_step, call), 0, K_CALL},
	{NULL, 0, 0, 0, 0},
};

/* A step's call of a procedure: the link, the runbook path and anchor
 * it names, and the procedure it runs (nil when the link names none). */
static const struct field call_fields[] = {
	{"file", F_FILE, AT(struct rb_call, loc), 0, 0},
	{"line", F_LINE, AT(struct rb_call, loc), 0, 0},
	{"col", F_COL, AT(struct rb_call, loc), 0, 0},
	{"target", F_STR, AT(struct rb_call, target), 0, 0},
	{"path", F_STR, AT(struct rb_call, path), 0, 0},
	{"fragment", F_STR, AT(struct rb_call, fragment), 0, 0},
	{"words", F_CALL_WORDS, 0, 0, 0},
	{"procedure", F_CALL_PROC, 0, 0, 0},
	{NULL, 0, 0, 0, 0},
};

static const struct field command_fields[] = {
	{"file", F_FILE, AT(struct rb_command, loc), 0, 0},
	{"line", F_LINE, AT(struct rb_command, loc), 0, 0},
	{"col", F_COL, AT(struct rb_command, loc), 0, 0},
	{"lang", F_STR, AT(struct rb_command, lang), 0, 0},
	{"info", F_STR, AT(struct rb_command, info), 0, 0},
	{"text", F_STR, AT(struct rb_command, text), 0, 0},
	{"shell", F_BOOL, AT(struct rb_command, shell), 0, 0},
	{"norun", F_BOOL, AT(struct rb_command, norun), 0, 0},
	{"destructive", F_BOOL, AT(struct rb_command, destructive), 0, 0},
	{NULL, 0, 0, 0, 0},
};

static const struct field contact_fields[] = {
	{"file", F_FILE, AT(struct rb_contact, loc), 0, 0},
	{"line", F_LINE, AT(struct rb_contact, loc), 0, 0},
	{"col", F_COL, AT(struct rb_contact, loc), 0, 0},
	{"id", F_STR, AT(struct rb_contact, id), 0, 0},
	{"name", F_TEXT, AT(struct rb_contact, name), 0, 0},
	{"name_loc", F_TEXT_LOC, AT(struct rb_contact, name), 0, 0},
	{"role", F_TEXT, AT(struct rb_contact, role), 0, 0},
	{"role_loc", F_TEXT_LOC, AT(struct rb_contact, role), 0, 0},
	{"email", F_TEXT, AT(struct rb_contact, email), 0, 0},
	{"email_loc", F_TEXT_LOC, AT(struct rb_contact, email), 0, 0},
	{"phone", F_TEXT, AT(struct rb_contact, phone), 0, 0},
	{"phone_loc", F_TEXT_LOC, AT(struct rb_contact, phone), 0, 0},
	{"pager", F_TEXT, AT(struct rb_contact, pager), 0, 0},
	{"pager_loc", F_TEXT_LOC, AT(struct rb_contact, pager), 0, 0},
	{"verified", F_DATE, AT(struct rb_contact, verified), 0, 0},
	{"verified_loc", F_DATE_LOC, AT(struct rb_contact, verified), 0, 0},
	{NULL, 0, 0, 0, 0},
};

static const struct field duration_fields[] = {
	{"text", F_STR, AT(struct rb_duration, text), 0, 0},
	{"min", F_LONG, AT(struct rb_duration, lo), 0, 0},
	{"max", F_LONG, AT(struct rb_duration, hi), 0, 0},
	{"file", F_FILE, AT(struct rb_duration, loc), 0, 0},
	{"line", F_LINE, AT(struct rb_duration, loc), 0, 0},
	{"col", F_COL, AT(struct rb_duration, loc), 0, 0},
	{NULL, 0, 0, 0, 0},
};

static const struct field alert_fields[] = {
	{"file", F_FILE, AT(struct rb_alert, loc), 0, 0},
	{"line", F_LINE, AT(struct rb_alert, loc), 0, 0},
	{"col", F_COL, AT(struct rb_alert, loc), 0, 0},
	{"name", F_STR, AT(struct rb_alert, name), 0, 0},
	{"path", F_STR, AT(struct rb_alert, path), 0, 0},
	{"shape", F_SHAPE, AT(struct rb_alert, shape), 0, 0},
	{"group", F_STR, AT(struct rb_alert, group), 0, 0},
	{"severity", F_STR, AT(struct rb_alert, severity), 0, 0},
	{"labels", F_VALUE, AT(struct rb_alert, labels), 0, 0},
	{"annotations", F_VALUE, AT(struct rb_alert, annotations), 0, 0},
	{"link", F_STR, AT(struct rb_alert, link), 0, 0},
	{"link_key", F_STR, AT(struct rb_alert, link_key), 0, 0},
	{"link_loc", F_LOC_IF, AT(struct rb_alert, link_loc), 0, 0},
	{"link_kind", F_LINK_KIND, AT(struct rb_alert, link_kind), 0, 0},
	{"page", F_STR, AT(struct rb_alert, page), 0, 0},
	{"fragment", F_STR, AT(struct rb_alert, fragment), 0, 0},
	{"runbook", F_NODE, AT(struct rb_alert, runbook), 0, K_RUNBOOK},
	{"anchor_ok", F_BOOL, AT(struct rb_alert, anchor_ok), 0, 0},
	{"nearest", F_STR, AT(struct rb_alert, nearest), 0, 0},
	{"scenario", F_NODE, AT(struct rb_alert, scenario), 0, K_SCENARIO},
	{"named", F_BOOL, AT(struct rb_alert, named), 0, 0},
	{"required", F_BOOL, AT(struct rb_alert, required), 0, 0},
	{"ignore", F_NODE, AT(struct rb_alert, ignore), 0, K_IGNORE},
	{NULL, 0, 0, 0, 0},
};

static const struct field alert_ref_fields[] = {
	{"file", F_FILE, AT(struct rb_alert_ref, loc), 0, 0},
	{"line", F_LINE, AT(struct rb_alert_ref, loc), 0, 0},
	{"col", F_COL, AT(struct rb_alert_ref, loc), 0, 0},
	{"name", F_STR, AT(struct rb_alert_ref, name), 0, 0},
	{"scenario", F_NODE, AT(struct rb_alert_ref, scenario), 0, K_SCENARIO},
	{"alert", F_NODE, AT(struct rb_alert_ref, alert), 0, K_ALERT},
	{"nearest", F_STR, AT(struct rb_alert_ref, nearest), 0, 0},
	{NULL, 0, 0, 0, 0},
};

static const struct field ignore_fields[] = {
	{"file", F_FILE, AT(struct rb_alert_ignore, loc), 0, 0},
	{"line", F_LINE, AT(struct rb_alert_ignore, loc), 0, 0},
	{"col", F_COL, AT(struct rb_alert_ignore, loc), 0, 0},
	{"alert", F_TEXT, AT(struct rb_alert_ignore, alert), 0, 0},
	{"owner", F_TEXT, AT(struct rb_alert_ignore, owner), 0, 0},
	{"why", F_TEXT, AT(struct rb_alert_ignore, why), 0, 0},
	{"until", F_DATE, AT(struct rb_alert_ignore, until), 0, 0},
	{"until_loc", F_DATE_LOC, AT(struct rb_alert_ignore, until), 0, 0},
	{"expired", F_BOOL, AT(struct rb_alert_ignore, expired), 0, 0},
	{NULL, 0, 0, 0, 0},
};

static const struct field loc_fields[] = {
	{"file", F_FILE, 0, 0, 0},
	{"line", F_LINE, 0, 0, 0},
	{"col", F_COL, 0, 0, 0},
	{NULL, 0, 0, 0, 0},
};

const struct field *rb_rules_fields_of(enum kind k)
{
	switch (k) {
	case K_RUNBOOK: return runbook_fields;
	case K_SCENARIO: return scenario_fields;
	case K_SECTION: return section_fields;
	case K_STEP: return step_fields;
	case K_COMMAND: return command_fields;
	case K_CONTACT: return contact_fields;
	case K_DURATION: return duration_fields;
	case K_LOC: return loc_fields;
	case K_ALERT: return alert_fields;
	case K_ALERT_REF: return alert_ref_fields;
	case K_IGNORE: return ignore_fields;
	case K_CALL: return call_fields;
	case K_DRILL: return drill_fields;
	case K_DRILL_RUN: return drill_run_fields;
	default: return NULL;
	}
}
