#!/usr/bin/env bash
# legacy_alert_files.sh: a collection in the one-alert-per-file convention
# (Hugo front matter, "# AlertName", Meaning/Impact/Diagnosis/Mitigation):
# each file is one runbook holding one scenario, Hugo's _index.md files are
# folder introductions, ids repeat-proof by path, the generators' front
# matter keys quiet, and a step document in helpers/ is a procedure.
GROUP=legacy-alert-files
source "$ROOT/tests/lib.sh"
F="$ROOT/tests/legacy/alerts"

run_rbc dump "$F" --as-of 2026-12-01
q() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$OUT/last.out" "$1"; }
expect_eq runbooks "$(q "sorted((r['id'], r['path'], len(r['scenarios'])) for r in d['runbooks'])")" \
	"[('PodRestartStorm', 'kubernetes/PodRestartStorm.md', 1), ('etcdMembersDown', 'etcd/etcdMembersDown.md', 1), ('kubernetes-DiskPressure', 'kubernetes/DiskPressure.md', 1), ('node-DiskPressure', 'node/DiskPressure.md', 1), ('prune-images', 'helpers/prune-images.md', 0)]"
expect_eq alert-from-h1 "$(q "[(s['title'], s['alerts']) for r in d['runbooks'] if r['path'] == 'kubernetes/PodRestartStorm.md' for s in r['scenarios']]")" \
	"[('PodRestartStorm', 'PodRestartStorm')]"
expect_eq alert-from-file-name "$(q "[(s['title'], s['alerts']) for r in d['runbooks'] if r['path'] == 'node/DiskPressure.md' for s in r['scenarios']]")" \
	"[('Node disk nearly full', 'DiskPressure')]"
expect_eq alert-lower-camel "$(q "[(s['title'], s['alerts']) for r in d['runbooks'] if r['path'] == 'etcd/etcdMembersDown.md' for s in r['scenarios']]")" \
	"[('etcdMembersDown', 'etcdMembersDown')]"
expect_eq sections "$(q "[[x['kind'] for x in s['sections']] for r in d['runbooks'] if r['path'] == 'kubernetes/PodRestartStorm.md' for s in r['scenarios']]")" \
	"[['symptoms', 'impact', 'diagnosis', 'recovery']]"
expect_eq helper-procedure "$(q "[p['title'] for r in d['runbooks'] for p in r.get('procedures', [])]")" "['Prune unused images']"
expect_grep note-alert-file "$OUT/last.err" "'PodRestartStorm' is scenario 'PodRestartStorm' because the file is one alert's runbook"

run_rbc lint "$F" --as-of 2026-12-01
expect_no_grep no-duplicate-id "$OUT/last.out" "[duplicate-id]"
expect_no_grep no-unknown-key "$OUT/last.out" "[unknown-key]"
expect_no_grep no-no-scenarios "$OUT/last.out" "[no-scenarios]"
expect_no_grep helper-linked-is-used "$OUT/last.out" "[procedure-unused]"
expect_grep real-gap-rollback "$OUT/last.out" "PodRestartStorm.md:6:1: error: scenario 'PodRestartStorm' has no Rollback section"
expect_grep real-gap-rto "$OUT/last.out" "scenario 'PodRestartStorm' declares no RTO"


# MkDocs: a subfolder's index.md is its folder's introduction, even when it
# uses the alert headings; ids of repeated names carry their folder
run_rbc dump "$F" --as-of 2026-12-01
expect_json ids-by-path "sorted(r['id'] for r in d['runbooks'] if r['path'].endswith('DiskPressure.md'))" \
	"['kubernetes-DiskPressure', 'node-DiskPressure']"
expect_json no-index-runbook "[r['path'] for r in d['runbooks'] if r['path'].endswith('index.md')]" "[]"

# rbc import converts a one-alert file: its H1 stays the title, the
# scenario carries the alert, the sections keep their headings, and the
# gap report names what is missing; the result reads back canonically
T=$(scratch import)
run_rbc import "$F/kubernetes/PodRestartStorm.md" -o "$T/PodRestartStorm.md"
expect_rc import-rc 0
expect_grep import-h1-kept "$T/PodRestartStorm.md" "# PodRestartStorm"
expect_grep import-scenario "$T/PodRestartStorm.md" "## Scenario: PodRestartStorm"
expect_grep import-alert "$T/PodRestartStorm.md" "**Alerts:** PodRestartStorm"
expect_grep import-front-kept "$T/PodRestartStorm.md" "weight: 20"
expect_grep import-gaps "$OUT/last.out" "PodRestartStorm.md:6: scenario 'PodRestartStorm' lacks: rollback section, RTO, severity, owner"
expect_grep import-gaps-total "$OUT/last.out" "1 scenarios, 1 with gaps"
expect_oracles_same import-lossless python3 "$ROOT/tests/legacy/blocks.py" "$T/PodRestartStorm.md" \
	-- python3 "$ROOT/tests/legacy/blocks.py" "$F/kubernetes/PodRestartStorm.md"
run_rbc dump "$T" --strict --as-of 2026-12-01
expect_json import-reads-back "[(r['title'], s['title'], s['alerts'], [x['kind'] for x in s['sections']]) for r in d['runbooks'] for s in r['scenarios']]" \
	"[('Pod Restart Storm', 'PodRestartStorm', 'PodRestartStorm', ['symptoms', 'impact', 'diagnosis', 'recovery'])]"
