#!/usr/bin/env bash
# alerts_report.sh: `rbc alerts` (text, json, csv, md, --urls), the site's
# alerts.html and the scenario cards' links to it, the demo book's alert
# files (all three shapes, all landing), a glob as wide as "**/*.yaml"
# (rbc.yaml and contacts.yaml stay settings), and a large kube-prometheus
# style rule file read quickly.
GROUP=alerts-report
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
ASOF=2026-12-01

W=$(scratch work)
cp -R "$ROOT/tests/alerts/book" "$W/book"

(cd "$W" && run_rbc alerts book --as-of $ASOF --format json)
expect_rc json-exit-0 0
expect_json json-statuses "sorted({a['name']: a['status'] for a in d['alerts']}.items())" \
	"[('GrafanaQueueLatency', 'lands'), ('GrafanaQueueStuck', 'broken'), ('QueueBacklog', 'lands'), ('QueueBacklogCase', 'broken'), ('QueueConsumersGone', 'mismatch'), ('QueueDiskAlmostFull', 'missing'), ('QueueDiskFullOperator', 'lands'), ('QueueInfoOnly', 'none'), ('QueueLegacyExporterDown', 'missing'), ('QueueLost', 'broken'), ('QueueNetworkPartition', 'lands'), ('QueueNoLabels', 'none'), ('QueuePartitionDetected', 'lands'), ('QueueVendorPage', 'external'), ('Watchdog', 'ignored')]"
expect_json json-uncovered "[s['scenario'] for s in d['uncovered_scenarios']]" "['scenario-operator-error', 'scenario-consumers-crash']"
expect_json json-unknown "[(u['name'], u['nearest']) for u in d['unknown_alerts']]" "[('QueueConsumerGone', 'QueueConsumersGone')]"

(cd "$W" && run_rbc alerts book --as-of $ASOF)
expect_grep text-broken "$OUT/last.out" "broken    QueueLost [critical] rules/queue.yaml:52 -> no page 'queu'"
expect_grep text-summary "$OUT/last.out" "15 alerts in 3 files: 5 land on their scenario"
(cd "$W" && run_rbc alerts book --as-of $ASOF --format csv)
expect_grep csv-row "$OUT/last.out" "QueueBacklog,warning,rules/queue.yaml:24,lands,queue.md#scenario-backlog"
(cd "$W" && run_rbc alerts book --as-of $ASOF --format md)
expect_grep md-escaped "$OUT/last.out" "| QueueBacklog | warning | rules/queue.yaml:24 | lands | queue.md\\#scenario-backlog |"
(cd "$W" && run_rbc alerts book --as-of $ASOF --urls)
expect_eq urls "$(head -3 "$OUT/last.out")" "$(printf 'QueueNetworkPartition\thttps://runbooks.example.com/ops/queue.html#scenario-network-partition\nQueuePartitionDetected\thttps://runbooks.example.com/ops/queue.html#scenario-network-partition\nQueueBacklog\thttps://runbooks.example.com/ops/queue.html#scenario-backlog')"
(cd "$W" && run_rbc alerts book --format yaml)
expect_rc bad-format-usage 2
expect_grep bad-format-says "$OUT/last.err" "takes text, json, csv or md"

# A book without alerts: settings has nothing to report: an error at its
# rbc.yaml with the way to configure it, exit 2, and no empty report that
# would pass for "every alert lands" (with or without --urls).
cp -R "$ROOT/tests/lint/book" "$W/noalerts"
(cd "$W" && run_rbc alerts noalerts --as-of $ASOF)
expect_rc unset-exit-2 2
expect_grep unset-says "$OUT/last.err" "noalerts/rbc.yaml: error: rbc.yaml has no alerts: settings, so rbc alerts has no alert rule file to report on: add 'alerts: {rules: [alerts/*.yaml]}'"
expect_grep unset-doc "$OUT/last.err" "(see doc/alerts.md) [config]"
expect_eq unset-no-report "$(wc -c < "$OUT/last.out")" "0"
(cd "$W" && run_rbc alerts noalerts --as-of $ASOF --urls)
expect_rc unset-urls-exit-2 2

# The site: alerts.html, the nav item, the cards' links (the build checks
# every link and anchor, so a wrong one would fail it).
(cd "$W" && run_rbc build book -o site --as-of $ASOF)
expect_rc site-builds 0
expect_grep site-alerts-row "$W/site/alerts.html" '<tr id="alert-queuelost" class="breach">'
expect_grep site-card-link "$W/site/queue.html" '<a href="alerts.html#alert-queuebacklog">QueueBacklog</a>'
expect_grep site-card-unknown-plain "$W/site/queue.html" '<dd>QueueConsumerGone</dd>'
expect_grep site-nav "$W/site/index.html" '>Alerts</a></li>'
(cd "$ROOT" && run_rbc build tests/lint/book -o "$W/plain-site" --as-of $ASOF)
expect_eq site-without-alerts "$(ls "$W/plain-site" | grep -c '^alerts.html$'; grep -c 'alerts.html' "$W/plain-site/index.html")" "$(printf '0\n0')"

# The demo book: three shapes, every paging alert lands, lint clean.
(cd "$ROOT" && run_rbc alerts runbooks --as-of $ASOF --format json)
expect_json demo-shapes "sorted({a['shape'] for a in d['alerts']})" "['grafana', 'prometheus', 'prometheusrule']"
expect_json demo-all-land "sorted({a['status'] for a in d['alerts']})" "['ignored', 'lands', 'none']"
(cd "$ROOT" && run_rbc lint runbooks --as-of $ASOF --format json)
expect_rc demo-lint-clean 0
expect_no_grep demo-no-alert-findings "$OUT/last.out" '"rule": "alert-'

# A glob as wide as "**/*.yaml" leaves the settings files alone.
cp -R "$ROOT/tests/alerts/book" "$W/wide"
sed -i 's#rules: \[rules/\*.yaml, k8s/\*.yaml, "grafana/\*\*"\]#rules: ["**/*.yaml"]#' "$W/wide/rbc.yaml"
(cd "$W" && run_rbc alerts wide --as-of $ASOF --format json)
expect_rc wide-glob-exit 0
expect_json wide-glob-alerts "len(d['alerts'])" "15"

# A large rule file in kube-prometheus style: 20,000 alerts with templated
# annotations and anchors, one group per 100 alerts.
B="$W/big"; mkdir -p "$B/alerts"
cp "$ROOT/tests/alerts/book/queue.md" "$ROOT/tests/alerts/book/contacts.yaml" "$B/"
printf 'alerts:\n  rules: [alerts/*.yaml]\n  base_url: https://runbooks.example.com/ops/\n  require_severity: [critical]\n' > "$B/rbc.yaml"
python3 - "$B/alerts/big.yaml" <<'PY'
import sys
out = ["groups:"]
for g in range(200):
    out += [f"  - name: group-{g}", "    rules:",
            f"      - record: job:thing_{g}:rate5m", f"        expr: sum(rate(thing_{g}[5m]))"]
    for i in range(100):
        n = g * 100 + i
        out += [f"      - alert: BigAlert{n}", f"        expr: thing_{g} > {n}", "        for: 15m",
                "        keep_firing_for: 5m",
                "        labels: " + ("&crit {severity: critical, team: big}" if i == 0 else "*crit"),
                "        annotations:",
                "          description: '{{ $labels.namespace }}/{{ $labels.pod }} ({{ $labels.container }}) is restarting {{ printf \"%.2f\" $value }} times / 10 minutes.'",
                "          runbook_url: https://runbooks.example.com/ops/queue.html#scenario-backlog"]
open(sys.argv[1], "w").write("\n".join(out) + "\n")
PY
start=$(date +%s%N)
(cd "$W" && run_rbc alerts big --as-of $ASOF --format json)
ms=$(( ($(date +%s%N) - start) / 1000000 ))
expect_json big-file-read "(len(d['alerts']), d['alerts'][-1]['status'])" "(20000, 'mismatch')"
if [ "$ms" -lt 20000 ]; then pass big-file-fast; else fail big-file-fast "took $ms ms for 20,000 alerts"; fi
echo "alerts_report: 20,000 alerts read and resolved in $ms ms" >&2
