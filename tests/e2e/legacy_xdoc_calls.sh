#!/usr/bin/env bash
# legacy_xdoc_calls.sh: in a book, a freehand document's step that links
# amid other words to a procedure of ANOTHER document (canonical or
# freehand) calls it, as rbc import and the same document already did:
# the step script runs the procedure's steps under the step
# (recovery.2.1...) with its parameters in the preflight, the dump gives
# the step its call, the page shows the procedure and its summed
# estimate, the RTO matrix counts it. A link there that names no
# procedure stays a link; a cycle through documents is procedure-cycle;
# a broken '#procedure-...' link is procedure-call-broken at the step. A
# canonical runbook keeps its rule (a link amid words is no call). rbc
# import still resolves such links by reading the files (up to a
# ../helpers/ folder too), and, like the book, calls a document without an
# anchor only when it is a helper (one procedure, no scenario).
# A step that names a procedure of another document in words alone ("Use
# the Fail Over procedure", no link) calls it when exactly one procedure
# of the book outside the step's document has that title: the script, the
# page, "Used by", the RTO matrix and the dump all see it, a title of the
# step's own document wins, a title two other documents hold is
# procedure-call-ambiguous (a warning, the step stays words), a title no
# procedure has stays words silently, a canonical runbook's words call
# nothing, renaming or adding the procedure in its own file renders the
# callers again in an incremental build as in a clean one, and `rbc lint
# BOOK FILE` finds what the whole book's lint finds in FILE.
GROUP=legacy-xdoc-calls
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
X="$ROOT/tests/legacy/xdoc"
ASOF="--as-of 2026-12-01"
W=$(scratch run)

# dump: the calls, and who uses each procedure
run_rbc dump "$X/book" $ASOF; expect_rc dump-rc 0
steps() { echo "[(st['id'], (st.get('call') or {}).get('procedure'), (st.get('call') or {}).get('procedure_runbook')) for r in d['runbooks'] if r['path'] == '$1' for s in r['scenarios'] for sec in s['sections'] for st in sec['steps']]"; }
expect_json dump-calls "$(steps replica-dr.md)" \
	"[('recovery.1', None, None), ('recovery.2', 'procedure-restore-the-database', 'db-restore.md'), ('recovery.3', 'procedure-flush-the-cache', 'cache-notes.md'), ('recovery.4', None, None)]"
expect_json dump-call-object "[st['call'] for r in d['runbooks'] if r['path'] == 'replica-dr.md' for st in r['scenarios'][0]['sections'][1]['steps'] if 'call' in st][0]" \
	"{'target': 'db-restore.md#procedure-restore-the-database', 'path': 'db-restore.md', 'fragment': 'procedure-restore-the-database', 'procedure': 'procedure-restore-the-database', 'procedure_runbook': 'db-restore.md'}"
expect_json dump-used-by "sorted((r['path'], p['id'], p['used_by']) for r in d['runbooks'] for p in r.get('procedures', []))" \
	"[('cache-notes.md', 'procedure-flush-the-cache', ['replica-dr.md#scenario-replica-lag']), ('db-restore.md', 'procedure-restore-the-database', ['replica-dr.md#scenario-replica-lag'])]"
expect_json dump-canonical-amid-words-no-call "$(steps db-restore.md)" "[('recovery.1', None, None), ('rollback.1', None, None)]"
expect_grep note-link-call "$OUT/last.err" "replica-dr.md:16:1: note: step links to another document; read as a call of the procedure the link names there, if it names one: step recovery.2 'If the replica is behind, follow Restore the database and then re-check lag' links to 'db-restore.md#procedure-restore-the-database' [lenient]"

# a helper document linked without an anchor: its only procedure
run_rbc dump "$ROOT/tests/legacy/calls" $ASOF
expect_json helper-call "[st['call']['procedure_runbook'] for r in d['runbooks'] if r['path'] == 'storage-dr.md' for st in r['scenarios'][1]['sections'][1]['steps'] if 'call' in st]" \
	"['storage-dr.md', 'helpers/prune-snapshots.md']"

# lint: the procedures are used, every call resolves, nothing is broken
run_rbc lint "$X/book" $ASOF
expect_no_grep lint-no-unused "$OUT/last.out" "[procedure-unused]"
expect_no_grep lint-no-call-broken "$OUT/last.out" "[procedure-call-broken]"
expect_no_grep lint-no-link-broken "$OUT/last.out" "[link-broken]"

# build: the page, the handbook and the RTO matrix (2 + 16 + 3 minutes:
# the procedures' sums in place of the step's own 20)
run_rbc build "$X/book" -o "$W/site" $ASOF; expect_rc build-rc 0
expect_grep site-call "$W/site/replica-dr.html" '<p class="call">Runs the procedure <a href="db-restore.html#procedure-restore-the-database">Restore the database</a>: 3 steps, 16m in all.</p>'
expect_grep site-call-freehand "$W/site/replica-dr.html" '<p class="call">Runs the procedure <a href="cache-notes.html#procedure-flush-the-cache">Flush the cache</a>: 2 steps, 3m in all.</p>'
expect_eq site-no-call-for-links "$(grep -c 'class="call"' "$W/site/replica-dr.html")" 2
expect_grep site-used-by "$W/site/db-restore.html" '<a href="replica-dr.html#scenario-replica-lag">Replica lag</a> (Replica Disaster Recovery)'
expect_grep print-call "$W/site/handbook.html" 'Restore the database</a>: 3 steps, 16m in all.'
expect_eq rto-counts-calls "$(grep -A4 'replica-dr.html#scenario-replica-lag">Replica lag</a></th>' "$W/site/rto.html" | grep -o 'data-sort="[0-9][0-9]*">[^<]*')" 'data-sort="1260">21m'

# the step script: the procedures' steps in place, numbered under the step
S="$W/site/scripts/replica-dr/scenario-replica-lag.sh"
"$S" --list >"$W/list" 2>&1
cat >"$W/list.want" <<'T'
recovery.1	Check the lag panel for how far behind it is
recovery.2	procedure: Restore the database
recovery.2.1	Stop the replica
recovery.2.2	Load the snapshot
recovery.2.3	Check it answers
recovery.3	procedure: Flush the cache
recovery.3.1	Drop every key
recovery.3.2	Confirm it is empty
recovery.4	Read the cache notes before you hand over
T
expect_same script-list "$W/list" "$W/list.want"
export PATH="$ROOT/tests/proc/stubs:$PATH" CALLS="$W/calls" RBC_LOG_DIR="$W/logs"
mkdir -p "$W/logs"
: >"$CALLS"
env -u PGHOST "$S" --yes --allow-destructive >"$W/out" 2>"$W/err" </dev/null
expect_eq preflight-needs-param "$?" 2
expect_grep preflight-names-param "$W/err" "PGHOST"
expect_eq preflight-ran-nothing "$(wc -l <"$CALLS")" 0
PGHOST=db.fixture.example "$S" --dry-run >"$W/out" 2>"$W/err" </dev/null
expect_eq dry-run-rc "$?" 0
expect_grep dry-run-group "$W/out" "--- [recovery.2] procedure: Restore the database (estimate 16m) ---"
expect_grep dry-run-called-step "$W/out" "==> [recovery.3.2] Confirm it is empty"
# (runs up to recovery.4, a step with no command: done by hand, exit 4)
PGHOST=db.fixture.example "$S" --yes --allow-destructive >"$W/out" 2>"$W/err" </dev/null
expect_eq yes-rc "$?" 4
expect_grep yes-stops-at-manual-step "$W/err" "step recovery.4 is manual"
expect_eq yes-order "$(cut -d' ' -f1-2 "$CALLS" | tr '\n' ',')" "curl -fsS,kubectl scale,psql -c,psql -c,kubectl exec,kubectl exec,"

# a cycle through two freehand documents
run_rbc lint "$X/cycle" $ASOF
expect_grep cycle-a "$OUT/last.out" "ops-a.md:18:1: error: procedure calls itself, directly or through others: 'Fail Over' → 'Fence the old primary' → 'Fail Over'; a procedure may not run itself [procedure-cycle]"
expect_grep cycle-b "$OUT/last.out" "ops-b.md:22:1: error: procedure calls itself, directly or through others: 'Fence the old primary' → 'Fail Over' → 'Fence the old primary'"
run_rbc build "$X/cycle" -o "$W/cycle" $ASOF
expect_rc cycle-build-fails 1

# broken links to procedures of other documents, at the step
run_rbc lint "$X/broken" $ASOF
expect_rc broken-rc 1
expect_grep broken-typo "$OUT/last.out" "lag.md:12:1: error: step calls a procedure that does not exist: 'db.md#procedure-restart-the-databse': $X/broken/db.md has no procedure '#procedure-restart-the-databse' (did you mean 'db.md#procedure-restart-the-database'?) [procedure-call-broken]"
expect_grep broken-no-file "$OUT/last.out" "lag.md:13:1: error: step calls a procedure that does not exist: 'gone.md#procedure-rebuild': no runbook gone.md in the book [procedure-call-broken]"
expect_no_grep broken-once "$OUT/last.out" "[link-broken]"
run_rbc dump "$X/broken" $ASOF
expect_json broken-no-call-in-dump "$(steps lag.md)" \
	"[('recovery.1', None, None), ('recovery.2', None, None), ('recovery.3', 'procedure-restart-the-database', 'db.md')]"

# rbc import: a link without an anchor to a document that holds scenarios
# too is no call (as in the book); one naming a procedure there is
T=$(scratch import)
run_rbc import "$X/book/replica-dr.md" -o "$T/replica-dr.md"
expect_rc import-rc 0
expect_grep import-call "$T/replica-dr.md" "2. [Restore the database](db-restore.md#procedure-restore-the-database) (20 min)"
expect_grep import-plain-link "$T/replica-dr.md" "4. Read [the cache notes](cache-notes.md) before you hand over"
expect_no_grep import-no-call-of-notes "$T/replica-dr.md" "4. [Flush the cache]"
# a file in a subfolder that links up to a helpers/ folder keeps its call
run_rbc import "$X/import/node/disk.md" -o "$T/disk.md"
expect_rc import-up-rc 0
expect_grep import-up-call "$T/disk.md" "1. [Drain a node](../helpers/drain-node.md#procedure-drain-a-node) (5 min)"
# and in the book, the same link calls the helper's only procedure
run_rbc dump "$X/import" $ASOF
expect_json book-helper-call "$(steps node/disk.md)" "[('recovery.1', 'procedure-drain-a-node', 'helpers/drain-node.md'), ('recovery.2', None, None)]"

# words-only calls of procedures in other documents
WB="$X/words"
run_rbc dump "$WB" $ASOF; expect_rc words-dump-rc 0
expect_json words-dump-calls "$(steps outage-dr.md)" \
	"[('recovery.1', None, None), ('recovery.2', 'procedure-fail-over', 'failover.md'), ('recovery.3', 'procedure-warm-the-cache', 'outage-dr.md'), ('recovery.4', None, None)]"
expect_json words-dump-call-object "[st['call'] for r in d['runbooks'] if r['path'] == 'outage-dr.md' for st in r['scenarios'][0]['sections'][1]['steps'] if 'call' in st][0]" \
	"{'target': None, 'path': None, 'fragment': None, 'words': 'use the fail over procedure to promote the standby', 'procedure': 'procedure-fail-over', 'procedure_runbook': 'failover.md'}"
expect_json words-dump-alert-file "$(steps alerts/ReplicaLagHigh.md)" \
	"[('recovery.1', 'procedure-fail-over', 'failover.md'), ('recovery.2', None, None), ('recovery.3', 'procedure-rotate-keys', 'helpers/keys.md')]"
expect_json words-dump-canonical-no-call "$(steps failover.md)" "[('recovery.1', None, None), ('rollback.1', None, None)]"
expect_json words-dump-used-by "sorted((r['path'], p['id'], p['used_by']) for r in d['runbooks'] for p in r.get('procedures', []))" \
	"[('failover.md', 'procedure-fail-over', ['alerts/ReplicaLagHigh.md#scenario-replicalaghigh', 'outage-dr.md#scenario-primary-down']), ('helpers/cache.md', 'procedure-warm-the-cache', []), ('helpers/keys.md', 'procedure-rotate-keys', ['alerts/ReplicaLagHigh.md#scenario-replicalaghigh']), ('outage-dr.md', 'procedure-warm-the-cache', ['outage-dr.md#scenario-primary-down']), ('vendor.md', 'procedure-call-the-vendor', [])]"

run_rbc lint "$WB" $ASOF
cp "$OUT/last.out" "$W/words.lint"
expect_grep words-note "$W/words.lint" "outage-dr.md:16:1: note: step names a procedure of another document; read as a call of the one procedure of the book with that title: 'Fail Over' at $WB/failover.md:22 [lenient]"
expect_grep words-ambiguous "$W/words.lint" "alerts/ReplicaLagHigh.md:23:1: warning: step names in words a procedure that several other documents hold, so it calls none; link the step to the one it means: 'Warm the Cache' at $WB/helpers/cache.md:1 and $WB/outage-dr.md:22 (did you mean '../helpers/cache.md#procedure-warm-the-cache' or '../outage-dr.md#procedure-warm-the-cache'?) [procedure-call-ambiguous]"
expect_eq words-ambiguous-once "$(grep -c 'procedure-call-ambiguous' "$W/words.lint")" 1
expect_no_grep words-unknown-silent "$W/words.lint" "outage-dr.md:18:"
expect_no_grep words-no-call-broken "$W/words.lint" "[procedure-call-broken]"
expect_no_grep words-fail-over-used "$W/words.lint" "procedure 'Fail Over' [procedure-unused]"

# lint BOOK FILE: cold (the other runbooks read in full) and from the
# cross-reference cache (stubs that hold their procedures' titles and
# places), a file's findings are the whole book's: the words resolve,
# the note and the ambiguity warning are the same
export XDG_CACHE_HOME="$W/xref-cache"
for f in alerts/ReplicaLagHigh.md outage-dr.md; do
	awk -v at="$WB/$f:" 'index($0, at) == 1' "$W/words.lint" >"$W/words.file.want"
	run_rbc lint "$WB" "$WB/$f" $ASOF
	expect_same "words-lint-file-cold-$f" "$OUT/last.out" "$W/words.file.want"
	run_rbc lint "$WB" "$WB/$f" $ASOF
	expect_same "words-lint-file-stubs-$f" "$OUT/last.out" "$W/words.file.want"
done
expect_grep words-lint-file-stubs-note "$OUT/last.out" "outage-dr.md:16:1: note: step names a procedure of another document; read as a call of the one procedure of the book with that title: 'Fail Over' at $WB/failover.md:22 [lenient]"
expect_eq words-lint-file-stubs-titles "$(cat "$W"/xref-cache/rbc/xref-*/* | grep -c '^title ')" 5
unset XDG_CACHE_HOME

run_rbc build "$WB" -o "$W/words" $ASOF; expect_rc words-build-rc 0
expect_grep words-site-call "$W/words/outage-dr.html" '<p class="call">Runs the procedure <a href="failover.html#procedure-fail-over">Fail Over</a>: 2 steps, 6m in all.</p>'
expect_grep words-site-own-wins "$W/words/outage-dr.html" '<p class="call">Runs the procedure <a href="#procedure-warm-the-cache">Warm the Cache</a>: 1 step, 3m in all.</p>'
expect_eq words-site-calls "$(grep -c 'class="call"' "$W/words/outage-dr.html")" 2
expect_grep words-site-alert-call "$W/words/alerts/ReplicaLagHigh.html" '<p class="call">Runs the procedure <a href="../failover.html#procedure-fail-over">Fail Over</a>: 2 steps, 6m in all.</p>'
expect_eq words-site-ambiguous-no-call "$(grep -c 'class="call"' "$W/words/alerts/ReplicaLagHigh.html")" 2
expect_grep words-site-helper-call "$W/words/alerts/ReplicaLagHigh.html" '<p class="call">Runs the procedure <a href="../helpers/keys.html#procedure-rotate-keys">Rotate Keys</a>: 1 step, 2m in all.</p>'
expect_grep words-site-used-by "$W/words/failover.html" 'Used by: <a href="alerts/ReplicaLagHigh.html#scenario-replicalaghigh">ReplicaLagHigh</a> (ReplicaLagHigh), <a href="outage-dr.html#scenario-primary-down">Primary down</a> (Outage Disaster Recovery)'
# 2 + 6 (Fail Over, in place of the step's own 10) + 3 (Warm the Cache, in place of 5)
expect_eq words-rto-counts-calls "$(grep -A4 'outage-dr.html#scenario-primary-down">Primary down</a></th>' "$W/words/rto.html" | grep -o 'data-sort="[0-9][0-9]*">[^<]*')" 'data-sort="660">11m'

S="$W/words/scripts/outage-dr/scenario-primary-down.sh"
"$S" --list >"$W/words.list" 2>&1
cat >"$W/words.list.want" <<'T'
recovery.1	Confirm the primary is down
recovery.2	procedure: Fail Over
recovery.2.1	Fence the old primary
recovery.2.2	Promote the standby
recovery.3	procedure: Warm the Cache
recovery.3.1	Load the hot keys
recovery.4	Follow the Page the Vendor procedure if it stays down
T
expect_same words-script-list "$W/words.list" "$W/words.list.want"
: >"$CALLS"
env -u PGHOST "$S" --yes --allow-destructive >"$W/out" 2>"$W/err" </dev/null
expect_eq words-preflight-needs-param "$?" 2
expect_grep words-preflight-names-param "$W/err" "PGHOST"
PGHOST=db.fixture.example "$S" --yes --allow-destructive >"$W/out" 2>"$W/err" </dev/null
expect_eq words-yes-rc "$?" 4
expect_eq words-yes-order "$(cut -d' ' -f1-2 "$CALLS" | tr '\n' ',')" "curl -fsS,kubectl scale,psql -c,kubectl exec,"

# incremental builds, each compared with a clean one: another file gains
# a procedure of the same title (the calls become ambiguous, while both
# callers keep their links to the first file, so no runbook's links
# change), the first one is renamed (the calls go to the other), and a
# procedure is renamed to the title a step names (it calls it now)
B="$W/words-book"
cp -r "$WB" "$B"
export XDG_CACHE_HOME="$W/cache"
incr() {   # NAME: build incrementally and clean, compare the sites
	run_rbc build "$B" -o "$W/inc" -q $ASOF; expect_rc "words-incr-$1-rc" 0
	run_rbc build "$B" -o "$W/clean" -q --no-cache $ASOF
	expect_eq "words-incr-$1-same" "$(diff -r -x .rbc-manifest "$W/inc" "$W/clean" | head -c 600)" ""
}
run_rbc build "$B" -o "$W/inc" -q $ASOF; expect_rc words-incr-first 0
printf '\n## Procedure: Fail Over\n\n1. Ask the vendor to fail over (3 min)\n' >>"$B/vendor.md"
incr ambiguous
expect_eq words-incr-ambiguous-no-call "$(grep -c 'class="call"' "$W/inc/alerts/ReplicaLagHigh.html")" 1
expect_no_grep words-incr-ambiguous-used-by "$W/inc/failover.html" 'Used by: <a'
sed -i 's/^## Procedure: Fail Over$/## Procedure: Fail Across/' "$B/failover.md"
incr rename
expect_grep words-incr-rename-call "$W/inc/alerts/ReplicaLagHigh.html" '<p class="call">Runs the procedure <a href="../vendor.html#procedure-fail-over">Fail Over</a>: 1 step, 3m in all.</p>'
sed -i 's/^## Procedure: Call the Vendor$/## Procedure: Page the Vendor/' "$B/vendor.md"
incr add
expect_grep words-incr-add-call "$W/inc/outage-dr.html" '<p class="call">Runs the procedure <a href="vendor.html#procedure-page-the-vendor">Page the Vendor</a>: 1 step, 5m in all.</p>'
unset XDG_CACHE_HOME

# rbc import of a freehand file leaves words-only calls as words (it reads
# only the files a step links to)
run_rbc import "$WB/outage-dr.md" -o "$T/outage-dr.md"
expect_rc words-import-rc 0
expect_grep words-import-words "$T/outage-dr.md" "2. Use the Fail Over procedure to promote the standby (10 min)"
