/* test_alerts.c: the YAML stream reader of alert files (documents,
 * anchors, aliases, merge keys, the expansion cap) and where an alert's
 * runbook link lands (model/alert.c). */
#include "harness.h"
#include "model/alert.h"
#include "read/yaml.h"
#include "base/util.h"

/* Parse text as an alert file would be; the number of documents, or -1. */
static long stream(struct rb_build *b, const char *text, size_t cap, const struct rb_value ***docs)
{
	size_t n;
	return rb_yaml_parse_stream(b, "t.yaml", text, strlen(text), cap, docs, &n) ? (long)n : -1;
}

/* The scalar at map key k of v, or "(none)". */
static const char *at(const struct rb_value *v, const char *k)
{
	const struct rb_value *x = rb_value_get(v, k);
	return x && x->str ? x->str : "(none)";
}

UNIT_SUITE(alert_yaml)
static void alert_yaml(void)
{
	struct rb_build b;
	rb_build_init(&b);
	const struct rb_value **docs;
	OK("alerts/yaml/two documents", stream(&b, "a: 1\n---\nb: 2\n", 100, &docs) == 2);
	STR_EQ("alerts/yaml/second document", at(docs[1], "b"), "2");
	OK("alerts/yaml/empty document kept", stream(&b, "---\n---\na: 1\n", 100, &docs) == 2 &&
	   docs[0]->kind == RB_V_NULL);
	OK("alerts/yaml/alias", stream(&b, "x: &l {severity: critical}\ny: *l\n", 100, &docs) == 1);
	STR_EQ("alerts/yaml/alias value", at(rb_value_get(docs[0], "y"), "severity"), "critical");
	OK("alerts/yaml/merge", stream(&b, "d: &d {severity: critical, team: a}\n"
				       "m: {<<: *d, severity: warning}\n", 100, &docs) == 1);
	const struct rb_value *m = rb_value_get(docs[0], "m");
	STR_EQ("alerts/yaml/merge keeps own key", at(m, "severity"), "warning");
	STR_EQ("alerts/yaml/merge adds the rest", at(m, "team"), "a");
	OK("alerts/yaml/merge list", stream(&b, "a: &a {x: 1}\nb: &b {x: 2, y: 3}\nc: {<<: [*a, *b]}\n", 100,
					    &docs) == 1 && !strcmp(at(rb_value_get(docs[0], "c"), "x"), "1") &&
	   !strcmp(at(rb_value_get(docs[0], "c"), "y"), "3"));
	OK("alerts/yaml/anchor per document", stream(&b, "a: &a 1\n---\nb: *a\n", 100, &docs) == -1);
	OK("alerts/yaml/cap", stream(&b, "a: &a [x, x, x, x]\nb: [*a, *a, *a, *a, *a]\n", 20, &docs) == -1);
	OK("alerts/yaml/under cap", stream(&b, "a: &a [x, x, x, x]\nb: [*a, *a]\n", 20, &docs) == 1);
	OK("alerts/yaml/refused without cap", stream(&b, "a: &a 1\nb: *a\n", 0, &docs) == -1);
	OK("alerts/yaml/runbooks refuse anchors", rb_yaml_parse(&b, "t", "a: &a 1\n", 8, 0) == NULL);
	rb_build_free(&b);
}

UNIT_SUITE(alert_links)
static void alert_links(void)
{
	struct rb_build b;
	rb_build_init(&b);
	struct rb_runbook rb = {.path = "ops/queue.md"};
	struct rb_scenario sc[2] = {{.id = "scenario-backlog", .runbook = &rb,
				     .alerts = {"QueueBacklog, `Other` (note)", {0}}},
				    {.id = "scenario-quiet", .runbook = &rb, .alerts = {"none (scheduled)", {0}}}};
	struct rb_anchor anchors[] = {{"queue", {0}}, {"scenario-backlog", {0}}, {"scenario-quiet", {0}}};
	rb.scenarios = sc, rb.nscenarios = 2, rb.anchors = anchors, rb.nanchors = 3;
	struct rb_runbook *list[] = {&rb};
	struct rb_alert al[] = {
		{.name = "QueueBacklog", .link = "https://rb.example/ops/queue.html#scenario-backlog"},
		{.name = "Other", .link = "https://rb.example/ops/queue#scenario-backlog"},
		{.name = "Case", .link = "https://rb.example/ops/queue.html#Scenario-Backlog"},
		{.name = "Path", .link = "ops/queue.md#scenario-quiet"},
		{.name = "Away", .link = "https://wiki.example/x"},
		{.name = "Tpl", .link = "https://rb.example/{{ $labels.page }}"},
		{.name = "NoPage", .link = "https://rb.example/ops/queu.html"},
	};
	struct rb_book *book = &b.book;
	book->runbooks = list, book->nrunbooks = 1, book->alerts = al, book->nalerts = 7;
	book->config.alerts.base_url.s = "https://rb.example/";
	rb_alerts_resolve(&b.arena, book, 0);
	OK("alerts/link/html lands and is named", al[0].scenario == &sc[0] && al[0].named);
	OK("alerts/link/no .html lands", al[1].scenario == &sc[0] && al[1].named);
	OK("alerts/link/case differs: broken", !al[2].anchor_ok);
	STR_EQ("alerts/link/case differs: suggestion", al[2].nearest, "scenario-backlog");
	OK("alerts/link/book path lands, not named", al[3].scenario == &sc[1] && !al[3].named);
	OK("alerts/link/external", al[4].link_kind == RB_ALINK_EXTERNAL && al[5].link_kind == RB_ALINK_EXTERNAL);
	OK("alerts/link/no page", al[6].link_kind == RB_ALINK_BOOK && !al[6].runbook);
	STR_EQ("alerts/link/no page: suggestion", al[6].nearest, "ops/queue");
	OK("alerts/refs/names split, none dropped", book->nalert_refs == 2);
	STR_EQ("alerts/refs/backticks and note dropped", book->alert_refs[1].name, "Other");
	OK("alerts/refs/covered", sc[0].alert_covered && sc[1].alert_covered);
	OK("alerts/status", rb_alert_status(&al[0]) == RB_AST_LANDS && rb_alert_status(&al[3]) == RB_AST_MISMATCH &&
	   rb_alert_status(&al[2]) == RB_AST_BROKEN && rb_alert_status(&al[4]) == RB_AST_EXTERNAL);
	book->runbooks = NULL, book->nrunbooks = 0, book->alerts = NULL, book->nalerts = 0;
	rb_build_free(&b);
}
