#!/bin/bash
# legacy_fixtures.sh: legacy styles of our own writing (tests/legacy/fixtures),
# so the lenient reader is not fitted to the three samples alone: a wiki
# export with numbered scenarios under "Disaster Scenarios" and
# Detection/Mitigation/Validation labels, a runbook with "Scenario N:"
# headings and an RTO table per component, and a page saved with mojibake.
GROUP=legacy-fixtures
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
F="$ROOT/tests/legacy/fixtures"
W=$(scratch fixtures)
export GIT_CEILING_DIRECTORIES="$W"

# read NAME: dump the fixture as a one-runbook book; the summary goes to $W/NAME.got
read_fixture() {
	mkdir -p "$W/$1" && cp "$F/$1.md" "$W/$1/"
	run_rbc dump "$W/$1" --as-of 2026-11-22 "${@:2}"
	python3 "$ROOT/tests/legacy/summary.py" "$OUT/last.out" > "$W/$1.got"
}

read_fixture wiki-export
expect_rc wiki/dump 0
cat > "$W/wiki.want" <<'T'
Card processor unreachable | symptoms,recovery,verification | 30 minutes | 4
Webhook signing key expired | symptoms,recovery,rollback | - | 3
T
expect_same wiki/scenarios "$W/wiki-export.got" "$W/wiki.want"
expect_json wiki/owner-from-metadata 'd["runbooks"][0]["owner"]' payments-team
expect_json wiki/reviewed-from-metadata 'd["runbooks"][0]["reviewed"]' 2026-09-01
expect_json wiki/step-window 'd["runbooks"][0]["scenarios"][0]["sections"][1]["steps"][0]["estimate"]["text"]' "0-5 min"
expect_grep wiki/tbd-contact "$OUT/last.err" "[contact-tbd]"
expect_grep wiki/section-note "$OUT/last.err" "read as the start of a section"

read_fixture component-rto
expect_rc component/dump 0
cat > "$W/component.want" <<'T'
Broker disk full | symptoms,diagnosis,recovery | 45 minutes | 3
Schema registry down | symptoms,recovery,verification | 4 hours | 1
T
expect_same component/scenarios "$W/component-rto.got" "$W/component.want"
expect_grep component/objective-note "$OUT/last.err" "read as a recovery objective"

read_fixture mojibake
expect_rc mojibake/dump 0
cat > "$W/mojibake.want" <<'T'
Index corrupted | symptoms,recovery,rollback | - | 2
T
expect_same mojibake/scenarios "$W/mojibake.got" "$W/mojibake.want"
expect_grep mojibake/warning "$OUT/last.err" "mojibake.md:1:"
expect_grep mojibake/warning-says-what "$OUT/last.err" "stands for '—' [mojibake]"

# import: lossless, idempotent, canonical (read back with --strict)
for n in wiki-export component-rto mojibake; do
	run_rbc import "$F/$n.md" -o "$W/$n.canonical.md"
	expect_rc "$n/import" 0
	expect_grep "$n/gap-report" "$OUT/last.out" "Gap report for"
	expect_oracles_same "$n/lossless" python3 "$ROOT/tests/legacy/blocks.py" "$W/$n.canonical.md" \
		-- python3 "$ROOT/tests/legacy/blocks.py" "$F/$n.md"
	run_rbc import "$W/$n.canonical.md" -o "$W/$n.again.md"
	expect_same "$n/idempotent" "$W/$n.again.md" "$W/$n.canonical.md"
	mkdir -p "$W/$n-strict" && cp "$W/$n.canonical.md" "$W/$n-strict/$n.md"
	run_rbc dump "$W/$n-strict" --strict --as-of 2026-11-22
	if run_oracle "$n/canonical-same-scenarios" "$W/$n.strict" python3 "$ROOT/tests/legacy/summary.py" "$OUT/last.out" &&
		[ -s "$W/$n.got" ]; then
		cut -d'|' -f1 "$W/$n.strict" > "$W/$n.strict-titles"
		cut -d'|' -f1 "$W/$n.got" > "$W/$n.lenient-titles"
		expect_same "$n/canonical-same-scenarios" "$W/$n.strict-titles" "$W/$n.lenient-titles"
	else
		fail "$n/canonical-same-scenarios" "no scenario summary to compare (summary.py failed)"
	fi
done
expect_grep wiki/canonical-heading "$W/wiki-export.canonical.md" "## Scenario: Card processor unreachable"
expect_grep wiki/canonical-front-matter "$W/wiki-export.canonical.md" "owner: payments-team"
run_rbc import "$F/mojibake.md" -o "$W/mojibake.fixed.md" --fix-encoding
expect_grep fix-encoding/repaired "$W/mojibake.fixed.md" "# Search Cluster — Recovery Guide"
expect_grep fix-encoding/box "$W/mojibake.fixed.md" "┌───"

# --strict reads only the canonical format: no scenario, no lenient note
read_fixture wiki-export --strict
expect_eq strict/no-scenarios "$(wc -c < "$W/wiki-export.got")" 0
expect_no_grep strict/no-lenient-note "$OUT/last.err" "[lenient]"


# the gap report names each scenario's missing parts at its line
run_rbc import "$F/wiki-export.md" -o "$W/gaps.md"
expect_grep gaps/first "$OUT/last.out" "wiki-export.md:20: scenario 'Card processor unreachable' lacks: diagnosis section, rollback section, severity"
expect_grep gaps/second "$OUT/last.out" "wiki-export.md:42: scenario 'Webhook signing key expired' lacks: diagnosis section, RTO, severity"
expect_grep gaps/contact "$OUT/last.out" "contact 'Bank liaison' lacks: Name, Phone"
expect_grep gaps/total "$OUT/last.out" "2 scenarios, 2 with gaps"
# the document's own text in the gap report is shown escaped: an ESC
# sequence or a line break in a heading cannot reach the terminal raw
printf '# Legacy\n\n## Scenario: Disk \033[2J full\n\nSome text.\n' > "$W/esc.md"
run_rbc import "$W/esc.md" -o "$W/esc.canonical.md"
expect_grep gaps/escaped "$OUT/last.out" "scenario 'Disk \x1b[2J full' lacks:"
expect_eq gaps/no-raw-esc "$(grep -c "$(printf '\033')" "$OUT/last.out")" "0"
