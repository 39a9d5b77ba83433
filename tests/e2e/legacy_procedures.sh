#!/usr/bin/env bash
# legacy_procedures.sh: freehand documents that name their scenarios
# ("Scenario 1:", "Scenario A:", "Scenario B -") read as a person reads
# them: only those are scenarios; step-bearing sections under "Recovery
# Procedures", "Runbooks" and "Quick Reference: ..." headings, and
# "Procedure:" headings nested anywhere, are procedures; steps that say
# "follow / see / use the X procedure" or link to one call it. The shared
# samples keep the scenarios they read before procedures existed.
GROUP=legacy-procedures
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
F="$ROOT/tests/legacy/procs"

run_rbc dump "$F" --as-of 2026-12-01
count() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); r=[r for r in d["runbooks"] if r["path"]==sys.argv[2]][0]; print(eval(sys.argv[3]))' "$OUT/last.out" "$@"; }
expect_eq billing-scenarios "$(count billing-dr.md "len(r['scenarios'])")" 3
expect_eq billing-procedures "$(count billing-dr.md "[p['title'] for p in r['procedures']]")" \
	"['Database Restore', 'Application Restart', 'Redis Flush', 'Failover to the Standby Region', 'Rotate the API Keys']"
expect_eq billing-word-calls "$(count billing-dr.md "[p['used_by'] for p in r['procedures'][:3]]")" \
	"[['billing-dr.md#scenario-database-outage'], ['billing-dr.md#scenario-api-pods-crashing'], ['billing-dr.md#scenario-cache-corruption']]"
expect_eq billing-code-only-procedure "$(count billing-dr.md "[s['title'] for s in r['procedures'][1]['sections']]")" "['Steps']"
expect_eq ops-scenarios "$(count ops-notes.md "[s['title'] for s in r['scenarios']]")" "['Queue stalls', 'Disk fills']"
expect_eq ops-nested-procedure "$(count ops-notes.md "[(p['title'], p['used_by']) for p in r['procedures']]")" \
	"[('Clear the spool', ['ops-notes.md#scenario-queue-stalls', 'ops-notes.md#scenario-disk-fills'])]"
expect_grep note-procedure "$OUT/last.err" "billing-dr.md:44:1: note: heading read as a procedure: 'Database Restore' is procedure 'Database Restore', not a scenario, because it holds steps under a heading of procedures [lenient]"
expect_grep note-quick-reference "$OUT/last.err" "'Quick Reference: Rotate the API Keys' is procedure 'Rotate the API Keys', not a scenario"
expect_grep note-call "$OUT/last.err" "billing-dr.md:31:1: note: step names a procedure; read as a call of it: step recovery.1 'See the Application Restart procedure' runs procedure 'Application Restart' [lenient]"

# lint finds no missing sections in the procedures (they are not scenarios)
run_rbc lint "$F" --as-of 2026-12-01
awk -F: '$1 ~ /billing-dr.md$/ && $2 >= 42 && $2 <= 84 && / (error|warning): /' "$OUT/last.out" | grep -v '\[procedure-unused\]' >"$OUT/proc-findings"
expect_eq lint-no-bogus-findings "$(cat "$OUT/proc-findings")" ""

# the shared samples read the same scenarios as before
S="$ROOT/../shared/legacy-samples"
if [ -d "$S" ]; then
	T=$(scratch samples)
	cp "$S"/*-runbook.md "$T/"
	run_rbc dump "$T"
	expect_eq samples-scenarios "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sorted((r["path"], len(r["scenarios"])) for r in d["runbooks"]))' "$OUT/last.out")" \
		"[('canvas-dr-runbook.md', 6), ('platform-dr-runbook.md', 7), ('sales-agent-dr-runbook.md', 4)]"
else
	skip samples-scenarios "no shared legacy samples beside the checkout"
fi

# import writes the procedures canonically, loses no code block, and the
# canonical form reads back (--strict) with the same scenarios and procedures
T=$(scratch import)
run_rbc import "$F/billing-dr.md" -o "$T/billing.md"
expect_rc import-rc 0
expect_grep import-procedure "$T/billing.md" "## Procedure: Database Restore"
expect_grep import-quick-reference "$T/billing.md" "## Procedure: Failover to the Standby Region"
expect_grep import-gaps-scenarios-only "$OUT/last.out" "3 scenarios,"
expect_oracles_same import-lossless python3 "$ROOT/tests/legacy/blocks.py" "$T/billing.md" \
	-- python3 "$ROOT/tests/legacy/blocks.py" "$F/billing-dr.md"
mkdir -p "$T/strict" && cp "$T/billing.md" "$T/strict/billing.md"
run_rbc dump "$T/strict" --strict --as-of 2026-12-01
expect_eq import-reads-back "$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["runbooks"][0]; print(len(r["scenarios"]), [p["title"] for p in r["procedures"]])' "$OUT/last.out")" \
	"3 ['Database Restore', 'Application Restart', 'Redis Flush', 'Failover to the Standby Region', 'Rotate the API Keys']"
