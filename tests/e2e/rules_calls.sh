#!/usr/bin/env bash
# rules_calls.sh: a Lua rule sees which procedure a step runs. st.call is
# there when the step really calls one: a link call (canonical, or a
# freehand link that names a procedure) and a words-only call of another
# document's procedure, each with st.call.procedure (the procedure's
# node, its runbook as .runbook); a words-only call also with
# st.call.words. A freehand step whose words or link name no procedure
# (none, or an ambiguous title) has no st.call; a canonical link call to
# no procedure keeps st.call with procedure nil (procedure-call-broken
# reports it).
GROUP=rules-calls
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
ASOF="--as-of 2026-12-01"
W=$(scratch run)

# add_rule BOOK: a rule that reports each step's call and what it runs
add_rule() {
	mkdir -p "$1/lua"
	cat >"$1/lua/step-call.lua" <<'LUA'
return {
  id = "step-call",
  summary = "test rule: the procedure each step calls",
  severity = "note",
  step = function(st, sc, rb)
    local c = st.call
    if not c then return end
    local keys = {}
    for k in pairs(c) do keys[#keys + 1] = k end
    local p = c.procedure
    if p then
      rbc.report(st, "%s calls %s#%s '%s' (procedure=%s, runbook id %s, %d steps) words=%s target=%s [%s]", st.id,
        p.runbook.path, p.id, p.title, tostring(p.procedure), tostring(p.runbook.id), #p.sections[1].steps, tostring(c.words),
        tostring(c.target), table.concat(keys, " "))
    else
      rbc.report(st, "%s calls nothing: target=%s [%s]", st.id, tostring(c.target), table.concat(keys, " "))
    end
  end,
}
LUA
}

# words-only and link calls across freehand documents
B="$W/words"
cp -R "$ROOT/tests/legacy/xdoc/words" "$B"
add_rule "$B"
run_rbc lint "$B" $ASOF
cp "$OUT/last.out" "$W/words.lint"
expect_grep words-call "$W/words.lint" "outage-dr.md:16:1: note: recovery.2 calls failover.md#procedure-fail-over 'Fail Over' (procedure=true, runbook id failover, 2 steps) words=use the fail over procedure to promote the standby target=nil [file line col words procedure] [step-call]"
expect_grep words-own-document "$W/words.lint" "outage-dr.md:17:1: note: recovery.3 calls outage-dr.md#procedure-warm-the-cache 'Warm the Cache'"
expect_grep words-alert-file "$W/words.lint" "alerts/ReplicaLagHigh.md:22:1: note: recovery.1 calls failover.md#procedure-fail-over 'Fail Over'"
expect_grep words-helper "$W/words.lint" "alerts/ReplicaLagHigh.md:24:1: note: recovery.3 calls helpers/keys.md#procedure-rotate-keys 'Rotate Keys'"
# no procedure of that title; two of that title: no st.call
expect_no_grep words-unknown-no-call "$W/words.lint" "outage-dr.md:18:1: note: recovery.4"
expect_no_grep words-ambiguous-no-call "$W/words.lint" "alerts/ReplicaLagHigh.md:23:1: note: recovery.2"
expect_no_grep words-never-nothing "$W/words.lint" "calls nothing"
expect_eq words-calls "$(grep -c '\[step-call\]' "$W/words.lint")" 4
# a big book's runbooks kept as summaries (read again for the rules): the same
RBC_LINT_FULL_MB=0 run_rbc lint "$B" $ASOF
expect_eq words-summaries-same "$(grep '\[step-call\]' "$OUT/last.out")" "$(grep '\[step-call\]' "$W/words.lint")"

# freehand links: one that names a procedure calls it; a link to a
# document or a heading that is no procedure is no call
L="$W/links"
cp -R "$ROOT/tests/legacy/xdoc/book" "$L"
add_rule "$L"
run_rbc lint "$L" $ASOF
cp "$OUT/last.out" "$W/links.lint"
expect_grep link-call "$W/links.lint" "replica-dr.md:16:1: note: recovery.2 calls db-restore.md#procedure-restore-the-database 'Restore the database' (procedure=true, runbook id db-restore, 2 steps) words=nil target=db-restore.md#procedure-restore-the-database [file line col target path fragment procedure] [step-call]"
expect_grep link-call-heading "$W/links.lint" "note: recovery.3 calls cache-notes.md#procedure-flush-the-cache 'Flush the cache'"
expect_eq links-calls "$(grep -c '\[step-call\]' "$W/links.lint")" 2

# a freehand link to a procedure that is not there: no st.call (lint
# reports procedure-call-broken at the step)
K="$W/broken"
cp -R "$ROOT/tests/legacy/xdoc/broken" "$K"
add_rule "$K"
run_rbc lint "$K" $ASOF
expect_grep broken-still-reported "$OUT/last.out" "lag.md:12:1: error: step calls a procedure that does not exist"
expect_eq broken-freehand-calls "$(grep '\[step-call\]' "$OUT/last.out" | cut -d' ' -f3-5)" "recovery.3 calls db.md#procedure-restart-the-database"

# canonical link calls: the procedure in the same and in another runbook,
# and a broken one keeps its st.call with no procedure
C="$W/canonical"
cp -R "$ROOT/tests/proc/book" "$C"
add_rule "$C"
run_rbc lint "$C" $ASOF
expect_grep canonical-call "$OUT/last.out" "note: recovery.1 calls ledger.md#procedure-rebuild-the-ledger 'Rebuild the ledger' (procedure=true, runbook id ledger, 2 steps) words=nil target=#procedure-rebuild-the-ledger"
expect_grep canonical-other-runbook "$OUT/last.out" "note: recovery.2 calls shared/web.md#procedure-cycle-the-web-tier 'Cycle the web tier'"
C="$W/canonical-broken"
cp -R "$ROOT/tests/proc/broken" "$C"
add_rule "$C"
run_rbc lint "$C" $ASOF
expect_grep canonical-broken-typo "$OUT/last.out" "typo.md:20:1: note: recovery.1 calls nothing: target=#procedure-flush-the-queu [file line col target path fragment] [step-call]"
expect_grep canonical-broken-other "$OUT/last.out" "typo.md:21:1: note: recovery.2 calls nothing: target=other.md#procedure-flush-the-queue [file line col target path fragment] [step-call]"
