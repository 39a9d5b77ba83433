#!/usr/bin/env bash
# alerts_lint.sh: alerts <-> scenarios (doc/alerts.md). The fixture book
# tests/alerts/book holds all three alert file shapes (a Prometheus rule
# file with anchors, aliases and a merge key, a two-document PrometheusRule
# stream, a Grafana provisioning file); every finding fires once where it
# should and nowhere else; bad alert files and settings fail loudly at
# file:line:col with exit 1. (Its SARIF passes Microsoft's validator:
# alerts_sarif.sh, full tier.)
GROUP=alerts-lint
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
ASOF=2026-12-01

W=$(scratch work)
cp -R "$ROOT/tests/alerts/book" "$W/book"

# ---- the fixture book: each finding where it belongs ----------------------
(cd "$W" && run_rbc lint book --as-of $ASOF --format json)
expect_rc exit-1-on-findings 1
cp "$OUT/last.out" "$W/lint.json"
found() {   # found RULE: "line:col" of each finding of RULE, sorted
	python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
print(" ".join(sorted("%s:%d" % (x["file"].split("/",1)[1], x["line"]) for x in d if x["rule"]==sys.argv[2])))' "$W/lint.json" "$1"
}
expect_eq missing-fires "$(found alert-runbook-missing)" "rules/queue.yaml:32 rules/queue.yaml:60"
expect_eq broken-fires "$(found alert-runbook-broken)" "grafana/alerting.yaml:27 rules/queue.yaml:42 rules/queue.yaml:52"
expect_eq mismatch-fires "$(found alert-runbook-mismatch)" "rules/queue.yaml:47"
expect_eq unknown-fires "$(found scenario-alert-unknown)" "queue.md:76"
expect_eq expired-fires "$(found alert-ignore-expired)" "rbc.yaml:8"
expect_eq external-opt-in-fires "$(found alert-runbook-external)" "rules/queue.yaml:63"
expect_eq no-other-findings "$(python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
print(sorted({x["rule"] for x in d}))' "$W/lint.json")" \
	"['alert-ignore-expired', 'alert-runbook-broken', 'alert-runbook-external', 'alert-runbook-mismatch', 'alert-runbook-missing', 'scenario-alert-unknown']"
expect_grep case-suggests-anchor "$W/lint.json" "did you mean '#scenario-backlog'?"
expect_grep page-suggests-page "$W/lint.json" "no page 'queu'); did you mean 'queue'?"
expect_grep rename-suggests-alert "$W/lint.json" "did you mean 'QueueConsumersGone'?"

# Without the opt-in level, an external link is not reported.
sed -i '/^rules:/,$d' "$W/book/rbc.yaml"
(cd "$W" && run_rbc lint book --as-of $ASOF --format json)
expect_no_grep external-off-by-default "$OUT/last.out" "alert-runbook-external"
# With the expired entry renewed, the alert is ignored again and nothing expires.
sed -i 's/until: 2026-01-31/until: 2027-01-31/' "$W/book/rbc.yaml"
(cd "$W" && run_rbc lint book --as-of $ASOF --format json)
expect_no_grep renewed-ignore-not-expired "$OUT/last.out" "alert-ignore-expired"
expect_no_grep renewed-ignore-honoured "$OUT/last.out" "QueueLegacyExporterDown"
cp -R "$ROOT/tests/alerts/book/." "$W/book/"

# Alert files are never runbooks; the model holds the alerts (rbc dump).
(cd "$W" && run_rbc dump book --as-of $ASOF)
expect_json rule-files-not-runbooks "[r['path'] for r in d['runbooks']]" "['queue.md']"
expect_json recording-rules-skipped "len(d['alerts'])" "15"
expect_json merge-key-overrides "[(a['severity'], a['labels']['team']) for a in d['alerts'] if a['name'] == 'QueueBacklog']" "[('warning', 'messaging')]"
expect_json alias-expanded "[a['severity'] for a in d['alerts'] if a['name'] == 'QueueDiskAlmostFull']" "['critical']"
expect_json html-and-bare-page "[(a['name'], a['scenario']) for a in d['alerts'] if a['name'] in ('QueueNetworkPartition', 'QueueBacklog')]" \
	"[('QueueNetworkPartition', 'scenario-network-partition'), ('QueueBacklog', 'scenario-backlog')]"
expect_json runbook-path-annotation "[(a['shape'], a['runbook'], a['scenario']) for a in d['alerts'] if a['name'] == 'QueueDiskFullOperator']" \
	"[('prometheusrule', 'queue.md', 'scenario-disk-full')]"
expect_json multi-document "sorted({a['group'] for a in d['alerts'] if a['shape'] == 'prometheusrule'})" "['queue.disk', 'queue.partition']"
expect_json grafana-titles "[a['name'] for a in d['alerts'] if a['shape'] == 'grafana']" "['GrafanaQueueLatency', 'GrafanaQueueStuck']"
expect_json templated-annotation "[a['annotations']['summary'] for a in d['alerts'] if a['name'] == 'QueueNetworkPartition']" \
	"['Partition on {{ \$labels.instance }}']"

# The lint output in every format, the dump and the site are golden files:
# tests/golden/alerts-book.* (tests/golden/run.sh).

# Microsoft's SARIF validator (1.6 s of CPU, .NET) checks this book's SARIF
# in the full tier (alerts_sarif.sh); the quick tier runs it on the lint
# fixture and hostile books (lint_formats.sh), and the golden file
# tests/golden/alerts-book.lint.sarif pins this book's.

# ---- bad input fails loudly -----------------------------------------------
# bad NAME FILE CONTENT WANT: a book whose alerts: rules: matches FILE,
# holding CONTENT; lint exits 1 and stderr holds WANT.
base_book() {
	local d=$1
	rm -rf "$d"; mkdir -p "$d/alerts"
	cp "$ROOT/tests/alerts/book/queue.md" "$ROOT/tests/alerts/book/contacts.yaml" "$d/"
	printf 'alerts:\n  rules: [alerts/*]\n' > "$d/rbc.yaml"
}
bad() {
	local name=$1 file=$2 content=$3 want=$4 d="$W/bad-$1"
	base_book "$d"
	printf '%s' "$content" > "$d/alerts/$file"
	(cd "$W" && run_rbc lint "bad-$name" --as-of $ASOF)
	expect_rc "$name-exit" 1
	expect_grep "$name-message" "$OUT/last.out" "$want"
	expect_no_grep "$name-no-flood" "$OUT/last.out" "[scenario-alert-unknown]"
}
bad not-yaml a.yaml $'groups:\n  - name: g\n    rules: [\n' "bad-not-yaml/alerts/a.yaml:4:1: error: YAML syntax error"
bad wrong-shape a.yaml $'title: not rules\ngroup: []\n' \
	"bad-wrong-shape/alerts/a.yaml:1:1: error: not an alert rule file: expected Prometheus rule groups, a PrometheusRule or Grafana alerting provisioning: no 'groups:', 'apiVersion:' or 'kind:'; did you mean 'groups'? [alert-file]"
bad no-name a.yaml $'groups:\n  - name: g\n    rules:\n      - alert: ""\n        expr: up == 0\n' \
	"bad-no-name/alerts/a.yaml:4:16: error: invalid alert rule: the rule's 'alert:' is empty; give the alert a name [alert-file]"
bad neither a.yaml $'groups:\n  - name: g\n    rules:\n      - expr: up == 0\n' \
	"bad-neither/alerts/a.yaml:4:9: error: invalid alert rule: the rule has neither 'alert:' nor 'record:' [alert-file]"
bad grafana-no-title a.yaml $'apiVersion: 1\ngroups:\n  - name: g\n    rules:\n      - uid: x\n        condition: C\n' \
	"bad-grafana-no-title/alerts/a.yaml:5:9: error: invalid alert rule: the rule's 'title:' is missing; give the alert a name [alert-file]"
bad configmap a.yaml $'apiVersion: v1\nkind: ConfigMap\ndata: {}\n' \
	"bad-configmap/alerts/a.yaml:2:1: error: not an alert rule file"
bad empty a.yaml $'# nothing here\n' "bad-empty/alerts/a.yaml:1:1: error: not an alert rule file"
bad labels-list a.yaml $'groups:\n  - name: g\n    rules:\n      - alert: A\n        labels: [critical]\n' \
	"bad-labels-list/alerts/a.yaml:5:17: error: invalid alert rule: 'labels' must be a mapping"
bad unknown-alias a.yaml $'groups:\n  - name: g\n    rules:\n      - alert: A\n        labels: *nowhere\n' \
	"bad-unknown-alias/alerts/a.yaml:5:17: error: YAML syntax error: alias '*nowhere' names no anchor defined before it"
bomb='a: &a [x, x, x, x, x, x, x, x, x, x]'
for l in b c d e f g h; do bomb="$bomb"$'\n'"$l: &$l [*${prev:-a}, *${prev:-a}, *${prev:-a}, *${prev:-a}, *${prev:-a}, *${prev:-a}, *${prev:-a}, *${prev:-a}, *${prev:-a}, *${prev:-a}]"; prev=$l; done
bad alias-bomb a.yaml "$bomb"$'\n' "error: YAML aliases expand past the size limit"

# Settings: a glob matching nothing, an unknown key, an ignore entry without owner.
d="$W/bad-settings"; base_book "$d"
cp "$ROOT/tests/alerts/book/rules/queue.yaml" "$d/alerts/"
cat > "$d/rbc.yaml" <<'YAML'
alerts:
  rules: [alerts/*, missing/*.yaml]
  require_severty: [critical]
  base_url: ftp://example.com/
  ignore:
    - { alert: Watchdog, until: 2027-01-01, why: heartbeat }
YAML
(cd "$W" && run_rbc lint bad-settings --as-of $ASOF)
expect_rc settings-exit 1
expect_grep glob-matches-nothing "$OUT/last.out" "bad-settings/rbc.yaml:2:21: error: alerts: rules: glob matches no file in the book: 'missing/*.yaml'"
expect_grep unknown-key-did-you-mean "$OUT/last.out" "bad-settings/rbc.yaml:3:3: error: invalid setting in rbc.yaml: alerts: unknown key 'require_severty'; did you mean 'require_severity'? [config]"
expect_grep base-url-http "$OUT/last.out" "bad-settings/rbc.yaml:4:13: error: invalid setting in rbc.yaml: alerts: base_url must be"
expect_grep ignore-needs-owner "$OUT/last.out" "bad-settings/rbc.yaml:6:7: error: invalid setting in rbc.yaml: alerts: ignore: the entry has no 'owner'"

# Without alerts: in rbc.yaml, a rule file is still a runbook candidate and
# no alert rule reports (books that do not use the feature are unchanged).
(cd "$ROOT" && run_rbc lint tests/lint/book --as-of 2026-11-22 --format json)
expect_no_grep no-alert-findings-without-settings "$OUT/last.out" '"rule": "scenario-alert-unknown"'

# An ignore entry naming an alert no rule file defines (a typo, a renamed
# alert) ignores nothing: a warning at its alert: value with the nearest
# defined name, live or expired alike; none while an alert file is broken;
# its level is set like any rule's.
cp -R "$ROOT/tests/alerts/book" "$W/ignore-typo"
sed -i 's/{ alert: Watchdog,/{ alert: WatchDog,/; s/- alert: QueueLegacyExporterDown/- alert: NoSuchAlertAnywhere/' "$W/ignore-typo/rbc.yaml"
(cd "$W" && run_rbc lint ignore-typo --as-of $ASOF)
expect_grep ignore-unknown-live "$OUT/last.out" "ignore-typo/rbc.yaml:7:16: warning: alerts: ignore entry names an alert that no alert rule file defines, so it ignores nothing: 'WatchDog' (renamed? did you mean 'Watchdog'?) [alert-ignore-unknown]"
expect_grep ignore-unknown-no-near "$OUT/last.out" "ignore-typo/rbc.yaml:8:14: warning: alerts: ignore entry names an alert that no alert rule file defines, so it ignores nothing: 'NoSuchAlertAnywhere' [alert-ignore-unknown]"
expect_grep ignore-unknown-alert-checked "$OUT/last.out" "alert 'Watchdog' (severity critical) has no runbook"
(cd "$W" && run_rbc lint ignore-typo --as-of $ASOF --format json)
expect_json ignore-unknown-json "sorted((f['line'], f['col'], f['level']) for f in d if f['rule'] == 'alert-ignore-unknown')" "[(7, 16, 'warning'), (8, 14, 'warning')]"
printf '  alert-ignore-unknown: off\n' >> "$W/ignore-typo/rbc.yaml"
(cd "$W" && run_rbc lint ignore-typo --as-of $ASOF)
expect_no_grep ignore-unknown-level-off "$OUT/last.out" "[alert-ignore-unknown]"
cp -R "$ROOT/tests/alerts/book" "$W/ignore-broken"
sed -i 's/{ alert: Watchdog,/{ alert: WatchDog,/' "$W/ignore-broken/rbc.yaml"
printf 'groups: [\n' > "$W/ignore-broken/rules/zz-broken.yaml"
(cd "$W" && run_rbc lint ignore-broken --as-of $ASOF)
expect_grep ignore-broken-file-reported "$OUT/last.out" "ignore-broken/rules/zz-broken.yaml:"
expect_no_grep ignore-unknown-skipped-while-broken "$OUT/last.out" "[alert-ignore-unknown]"
