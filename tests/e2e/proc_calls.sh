#!/usr/bin/env bash
# proc_calls.sh: procedures and the steps that call them. A book whose
# scenarios call a procedure of their own runbook and one of another
# runbook (which calls a third: a nested call), with **Needs:** parameters
# and tools; its scripts run the called steps in place against stub tools.
# Then one book each for a cycle, a broken call and a procedure without steps.
GROUP=proc-calls
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch run)
P="$ROOT/tests/proc"
ASOF="--as-of 2026-12-01"

# lint: the book is clean but for the one procedure nobody calls
run_rbc lint "$P/book" $ASOF; expect_rc lint-rc 0
expect_eq lint-only-unused "$(grep -c "\\[" "$OUT/last.out")" 1
expect_grep lint-unused "$OUT/last.out" "shared/web.md:30:1: warning: no scenario step calls this procedure"
expect_no_grep lint-no-scenarios-quiet "$OUT/last.out" "[no-scenarios]"

# dump: procedures, their callers, needs and summed estimates; the calls
run_rbc dump "$P/book" $ASOF; expect_rc dump-rc 0
expect_json dump-procedures "sorted((r['path'], [p['id'] for p in r.get('procedures', [])]) for r in d['runbooks'])" \
	"[('ledger.md', ['procedure-rebuild-the-ledger']), ('queue.yaml', ['procedure-drain-the-queue']), ('shared/web.md', ['procedure-cycle-the-web-tier', 'procedure-warm-the-caches', 'procedure-drain-a-node'])]"
expect_json dump-yaml-procedure "[(p['needs'], p['description'], [s['title'] for s in p['sections']], p['used_by']) for r in d['runbooks'] if r['path'] == 'queue.yaml' for p in r['procedures']]" \
	"[(['QUEUE_NAME'], 'Adds consumers until the backlog is gone.', ['Steps', 'Rollback'], ['queue.yaml#scenario-queue-backs-up'])]"
expect_json dump-yaml-call "[s['call']['procedure'] for r in d['runbooks'] if r['path'] == 'queue.yaml' for s in r['scenarios'][0]['sections'][2]['steps']]" \
	"['procedure-drain-the-queue', 'procedure-cycle-the-web-tier']"
expect_json dump-used-by "[r for r in d['runbooks'] if r['path'] == 'ledger.md'][0]['procedures'][0]['used_by']" \
	"['ledger.md#scenario-ledger-primary-gone', 'ledger.md#scenario-ledger-disk-full']"
expect_json dump-nested-used-by "[r for r in d['runbooks'] if r['path'] == 'shared/web.md'][0]['procedures'][1]['used_by']" "['shared/web.md#procedure-cycle-the-web-tier']"
expect_json dump-used-by-yaml "[r for r in d['runbooks'] if r['path'] == 'shared/web.md'][0]['procedures'][0]['used_by']" "['ledger.md#scenario-ledger-primary-gone', 'queue.yaml#scenario-queue-backs-up']"
expect_json dump-needs "[r for r in d['runbooks'] if r['path'] == 'ledger.md'][0]['procedures'][0]['needs']" "['SNAPSHOT_BUCKET', 'LEDGER_KEY_ID', 'ledgerctl']"
expect_json dump-estimate "[r for r in d['runbooks'] if r['path'] == 'ledger.md'][0]['procedures'][0]['estimate']['max']" 1620
expect_json dump-call "[(s['id'], s['call']['procedure_runbook'], s['call']['procedure']) for s in [r for r in d['runbooks'] if r['path'] == 'ledger.md'][0]['scenarios'][0]['sections'][2]['steps']]" \
	"[('recovery.1', 'ledger.md', 'procedure-rebuild-the-ledger'), ('recovery.2', 'shared/web.md', 'procedure-cycle-the-web-tier')]"
expect_json dump-h4-call "[r for r in d['runbooks'] if r['path'] == 'shared/web.md'][0]['procedures'][0]['sections'][0]['steps'][1]['call']['procedure']" "procedure-warm-the-caches"

# Lua rules see procedures and the steps that call them
L=$(scratch lua)
cp -R "$P/book" "$L/book"
mkdir -p "$L/book/lua"
cat >"$L/book/lua/proc-seen.lua" <<'LUA'
return {
  id = "proc-seen",
  summary = "test rule: each procedure with the scenarios that call it",
  severity = "warning",
  runbook = function(rb, book)
    for _, p in ipairs(rb.procedures) do
      local by = {}
      for _, other in ipairs(book.runbooks) do
        for _, sc in ipairs(other.scenarios) do
          for _, sec in ipairs(sc.sections) do
            for _, st in ipairs(sec.steps) do
              if st.call and st.call.path == rb.path and st.call.fragment == p.id then by[#by + 1] = sc.id end
            end
          end
        end
      end
      rbc.report(p, "%s (procedure=%s) called by [%s]", p.title, tostring(p.procedure), table.concat(by, " "))
    end
  end,
}
LUA
run_rbc lint "$L/book" $ASOF
expect_grep lua-procedure "$OUT/last.out" "ledger.md:66:1: warning: Rebuild the ledger (procedure=true) called by [scenario-ledger-primary-gone scenario-ledger-disk-full] [proc-seen]"
expect_grep lua-cross-runbook "$OUT/last.out" "Cycle the web tier (procedure=true) called by [scenario-ledger-primary-gone scenario-queue-backs-up] [proc-seen]"

# scripts: the called steps in place, numbered under the calling step
run_rbc scripts "$P/book" -o "$W/s" $ASOF; expect_rc scripts-rc 0
S="$W/s/ledger/scenario-ledger-primary-gone.sh"
"$S" --list >"$W/list" 2>&1
expect_same list-groups "$W/list" "$P/ledger-gone.list"
# (shellcheck of this book's scripts, about 1 s of CPU each: in the full
# tier, scripts_shellcheck.sh; the quick tier shellchecks scripts_run.sh's)

# site and handbook: "Used by" under each procedure, a note at each call
# with the procedure's title, step count and summed estimate, and the RTO
# matrix counting the called procedures' estimates (1+27+5+1 minutes)
run_rbc build "$P/book" -o "$W/site" $ASOF; expect_rc build-rc 0
expect_grep site-call "$W/site/ledger.html" '<p class="call">Runs the procedure <a href="shared/web.html#procedure-cycle-the-web-tier">Cycle the web tier</a>: 2 steps, 5m in all.</p>'
expect_grep site-used-by "$W/site/ledger.html" '<p class="used-by">Used by: <a href="#scenario-ledger-primary-gone">Ledger primary gone</a>, <a href="#scenario-ledger-disk-full">Ledger disk full</a></p>'
expect_grep site-used-by-other-page "$W/site/shared/web.html" '<a href="../ledger.html#scenario-ledger-primary-gone">Ledger primary gone</a> (Ledger store)'
expect_grep site-procedure-step-anchor "$W/site/ledger.html" 'id="procedure-rebuild-the-ledger.recovery.2"'
expect_grep print-call "$W/site/handbook.html" '<a href="#web/procedure-cycle-the-web-tier">Cycle the web tier</a>: 2 steps, 5m in all.'
expect_grep rto-counts-calls "$W/site/rto.html" '<td data-sort="2040">34m</td>'

export PATH="$P/stubs:$PATH" CALLS="$W/calls" RBC_LOG_DIR="$W/logs"
mkdir -p "$W/logs"
export SNAPSHOT_BUCKET=snaps LEDGER_KEY_ID=k1 WEB_NAMESPACE=web LEDGER_URL=https://ledger.fixture.example
go() { : >"$CALLS"; "$S" "$@" >"$W/out" 2>"$W/err" </dev/null; rc=$?; }
calls() { cut -d' ' -f1-3 "$CALLS" | tr '\n' ',' ; }

go --dry-run
expect_eq dry-run-rc "$rc" 0
expect_eq dry-run-calls-nothing "$(calls)" ""
expect_grep dry-run-group "$W/out" "--- [recovery.1] procedure: Rebuild the ledger (estimate 27m) ---"
expect_grep dry-run-nested-group "$W/out" "--- [recovery.2.2] procedure: Warm the caches (estimate 2m) ---"
expect_grep dry-run-called-step "$W/out" "==> [recovery.1.2] Load it into a new node"

go --yes
expect_eq yes-rc "$rc" 0
expect_eq yes-order "$(calls)" "kubectl get pod,aws s3 cp,kubectl apply -f,psql -c select,kubectl -n web,curl -fsS https://web.example/warm,curl -fsS https://ledger.fixture.example/health,"
expect_grep yes-summary "$W/out" "7 of 7 steps done"

go --yes --only recovery.1
expect_eq only-group "$(calls)" "aws s3 cp,kubectl apply -f,psql -c select,"
go --yes --from recovery.2
expect_eq from-group "$(calls)" "kubectl -n web,curl -fsS https://web.example/warm,curl -fsS https://ledger.fixture.example/health,"
go --yes --allow-destructive --rollback
expect_eq rollback-procedure "$(calls)" "kubectl annotate svc,kubectl delete pod,"

# each called step asks for itself
: >"$CALLS"
printf 'y\ny\ny\ny\ny\ny\ny\n' | "$S" >"$W/out" 2>"$W/err"
expect_eq asks-each-rc "$?" 0
expect_grep asks-called-step "$W/err" "Run recovery.1.3?"
expect_grep asks-nested-step "$W/err" "Run recovery.2.2.1?"

# the procedure's Needs join the preflight: a parameter no command reads,
# and a tool no command calls
LEDGER_KEY_ID='' go --yes
expect_eq needs-param-rc "$rc" 2
expect_grep needs-param "$W/err" "missing parameters (set them in the environment): LEDGER_KEY_ID"
mkdir -p "$W/bin"
for t in kubectl aws curl psql; do ln -sf "$P/stubs/kubectl" "$W/bin/$t"; done
PATH="$W/bin:/usr/bin:/bin" go --yes
expect_grep needs-tool "$W/err" "missing tools (not on PATH): ledgerctl"
expect_eq needs-nothing-ran "$(calls)" ""

# a cycle, directly and through another procedure, is an error naming it
run_rbc lint "$P/cycle" $ASOF; expect_rc cycle-rc 1
expect_grep cycle-through "$OUT/last.out" "loop.md:31:4: error: procedure calls itself, directly or through others: 'Turn left' → 'Turn right' → 'Turn left'"
expect_grep cycle-self "$OUT/last.out" "'Myself' → 'Myself'"
run_rbc scripts "$P/cycle" -o "$W/cyc" $ASOF; expect_rc cycle-no-scripts 1

# a call to no procedure: did-you-mean, and no second link-broken for it
run_rbc lint "$P/broken" $ASOF; expect_rc broken-rc 1
expect_grep broken-typo "$OUT/last.out" "typo.md:20:4: error: step calls a procedure that does not exist: '#procedure-flush-the-queu': "
expect_grep broken-hint "$OUT/last.out" "(did you mean '#procedure-flush-the-queue'?) [procedure-call-broken]"
expect_grep broken-other-file "$OUT/last.out" "typo.md:21:4: error: step calls a procedure that does not exist: 'other.md#procedure-flush-the-queue': no runbook other.md"
expect_no_grep broken-once "$OUT/last.out" "[link-broken]"

run_rbc lint "$P/nosteps" $ASOF; expect_rc nosteps-rc 1
expect_grep nosteps "$OUT/last.out" "empty.md:9:1: error: procedure has no steps"
