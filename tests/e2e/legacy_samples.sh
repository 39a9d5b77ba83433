#!/bin/bash
# tier: full
# legacy_samples.sh: the three freehand runbooks of ../shared/legacy-samples
# (beside the checkout; skipped when absent). What a careful reader finds
# in each is written down here: scenario titles, the sections each one
# has, its RTO and its number of steps. Then lint reports their real gaps,
# build renders them, their scripts pass shellcheck, and import loses no
# code block, table or list item and is idempotent.
GROUP=legacy-samples
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
S="$ROOT/../shared/legacy-samples"
if [ ! -d "$S" ]; then
	skip all "no ../shared/legacy-samples beside the checkout"
	exit 0
fi
W=$(scratch samples)
export GIT_CEILING_DIRECTORIES="$W"

# expect_read NAME FILE: stage FILE as a one-runbook book and compare the
# scenario summary with the expected lines on stdin.
expect_read() {
	mkdir -p "$W/$1"
	cp "$2" "$W/$1/"
	run_rbc dump "$W/$1" --as-of 2026-11-22
	expect_rc "$1/dump" 0
	cat > "$W/$1.want"
	run_oracle "$1/scenarios" "$W/$1.got" python3 "$ROOT/tests/legacy/summary.py" "$OUT/last.out" || return
	expect_same "$1/scenarios" "$W/$1.got" "$W/$1.want"
	expect_grep "$1/lenient-note" "$OUT/last.err" "read leniently as a legacy runbook"
}

expect_read canvas "$S/canvas-dr-runbook.md" <<'T'
Database Failure | symptoms,recovery | 5-15 minutes | 3
LLM Service Outage | symptoms,recovery,impact | 0-15 minutes | 4
Redis Cache Failure | symptoms,recovery | 5 minutes | 3
Kubernetes Cluster Failure | symptoms,recovery,impact | 10-20 minutes | 3
Complete System Outage | symptoms,recovery | 30-60 minutes | 3
Security Incident | symptoms,recovery,impact | - | 3
T
expect_read platform "$S/platform-dr-runbook.md" <<'T'
Complete Platform Outage | symptoms,diagnosis,recovery,rollback | < 1 hour | 3
Database Failure | symptoms,diagnosis,recovery,other | < 1 hour | 3
WhatsApp Webhook Failure | symptoms,diagnosis,recovery,other | < 1 hour | 3
Agent-Core / AI Services Failure | symptoms,diagnosis,recovery | < 1 hour | 2
Voice Bridge Failure | symptoms,diagnosis,recovery | < 1 hour | 2
Rate Limiting Triggered | symptoms,recovery | < 4 hours | 1
Circuit Breaker Stuck Open | symptoms,recovery | < 4 hours | 1
T
expect_grep platform/mojibake "$OUT/last.err" "[mojibake]"
expect_read sales-agent "$S/sales-agent-dr-runbook.md" <<'T'
Complete System Failure | symptoms,recovery | - | 7
Database Corruption | symptoms,recovery | - | 5
OAuth Token Loss | symptoms,recovery | 4 hours | 3
Code Deployment Failure | symptoms,recovery | - | 3
T
expect_grep sales-agent/tbd-contact "$OUT/last.err" "[contact-tbd]"

for n in canvas platform sales-agent; do
	f="$S/$n-dr-runbook.md"
	# lint names what is missing, scenario by scenario
	run_rbc lint "$W/$n" --as-of 2026-11-22
	expect_rc "$n/lint-exit" 1
	expect_grep "$n/lint-rollback" "$OUT/last.out" "[scenario-sections]"
	# build renders a site, a handbook and scripts that pass shellcheck
	run_rbc build "$W/$n" -o "$W/$n-site" --as-of 2026-11-22
	if [ "$(last_rc)" = 0 ] && [ -f "$W/$n-site/index.html" ]; then pass "$n/build"; else
		fail "$n/build" "$(head -c 400 "$OUT/last.err")"; fi
	bad=""
	for sh in "$W/$n-site"/scripts/*/*.sh; do bash -n "$sh" 2>>"$W/$n.bashn" || bad="$bad $sh"; done
	if [ -z "$bad" ] && ls "$W/$n-site"/scripts/*/*.sh >/dev/null 2>&1; then pass "$n/bash-n"; else
		fail "$n/bash-n" "no scripts, or bash -n fails on:$bad"; fi
	if command -v shellcheck >/dev/null; then
		if find "$W/$n-site/scripts" -name '*.sh' -print0 | xargs -0 -r shellcheck -S warning > "$W/$n.sc" 2>&1; then
			pass "$n/shellcheck"; else fail "$n/shellcheck" "$(head -c 400 "$W/$n.sc")"; fi
	else
		skip "$n/shellcheck" "shellcheck is not installed"
	fi
	# import keeps every block and is idempotent
	run_rbc import "$f" -o "$W/$n.canonical.md"
	expect_rc "$n/import" 0
	expect_grep "$n/gap-report" "$OUT/last.out" "Gap report for"
	expect_oracles_same "$n/lossless" python3 "$ROOT/tests/legacy/blocks.py" "$W/$n.canonical.md" \
		-- python3 "$ROOT/tests/legacy/blocks.py" "$f"
	run_rbc import "$W/$n.canonical.md" -o "$W/$n.again.md"
	expect_same "$n/idempotent" "$W/$n.again.md" "$W/$n.canonical.md"
done

# --fix-encoding repairs the mojibake and keeps the blocks' count. A few
# emoji lost a byte for good (0x81, 0x8D, 0x8F, 0x90 and 0x9D have no
# Windows-1252 character, so the broken save dropped them): those stay.
run_rbc import "$S/platform-dr-runbook.md" -o "$W/platform.fixed.md" --fix-encoding
expect_rc fix-encoding/import 0
expect_no_grep fix-encoding/box-corner "$W/platform.fixed.md" "â”Œ"
expect_grep fix-encoding/box-corner-fixed "$W/platform.fixed.md" "┌──"
before=$(grep -c "ðŸ\|â”" "$S/platform-dr-runbook.md")
after=$(grep -c "ðŸ\|â”" "$W/platform.fixed.md")
if [ "$before" -ge 20 ] && [ $((after * 10)) -lt "$before" ]; then pass fix-encoding/most-lines; else
	fail fix-encoding/most-lines "mojibake lines: $before before, $after after"; fi
if run_oracle fix-encoding/blocks "$W/fixed.blocks" python3 "$ROOT/tests/legacy/blocks.py" "$W/platform.fixed.md" &&
	run_oracle fix-encoding/blocks "$W/orig.blocks" python3 "$ROOT/tests/legacy/blocks.py" "$S/platform-dr-runbook.md"; then
	expect_eq fix-encoding/blocks "$(cut -d' ' -f1-3 "$W/fixed.blocks")" "$(cut -d' ' -f1-3 "$W/orig.blocks")"
fi
