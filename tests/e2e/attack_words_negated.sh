#!/usr/bin/env bash
# attack_words_negated.sh: a freehand step that names a procedure in
# words ("Follow the Fail Over procedure") calls it, in its own document
# or, since words-only calls reach across documents, in another one. A
# step that says NOT to run it ("Do not use the Fail Over procedure; page
# the DBA", "Never run ...", "Don't ever use ...") was read the same way:
# its step script ran the fail-over's commands. A call verb right after a
# negation now makes the step words; a negation elsewhere in the step
# ("do not panic: follow the ...", "If it is not, follow the ...") does
# not.
GROUP=attack-words-negated
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch book)
mkdir -p "$W/bk"
printf 'contacts:\n  db-oncall:\n    name: DB\n    phone: "+1 555 0100"\n    verified: 2026-11-01\n' > "$W/bk/contacts.yaml"
cat > "$W/bk/failover.md" <<'MD'
---
title: Failover procedures
owner: db-oncall
reviewed: 2026-11-01
---

# Failover procedures

## Procedure: Promote Replica

1. Promote the replica (3 min)
   ```bash
   promote-replica
   ```
MD
cat > "$W/bk/outage.md" <<'MD'
# Outage

**Owner:** db-oncall

## Scenario 1: Database lost

**Recovery Steps:**
1. Do not use the Promote Replica procedure; page the DBA (2 min)
2. Never run the Fence Primary procedure here (1 min)
3. Don't ever use the Fence Primary procedure (1 min)
4. If it is down, do not panic: follow the Fence Primary procedure (1 min)
5. Follow the Promote Replica procedure (1 min)
6. Check the replica. If it is not, follow the Promote Replica procedure (1 min)
7. Do **not** run the Fence Primary procedure twice (1 min)
8. Don’t use the Fence Primary procedure (1 min)

## Recovery Procedures

### Fence Primary

1. Fence the old primary (1 min)
   ```bash
   fence-primary
   ```
MD
calls="[(st['id'], (st.get('call') or {}).get('procedure')) for r in d['runbooks'] if r['path'] == 'outage.md' for s in r['scenarios'] for sec in s['sections'] for st in sec['steps']]"
run_rbc dump "$W/bk" --as-of 2026-12-01; expect_rc dump-rc 0
expect_json calls "$calls" \
	"[('recovery.1', None), ('recovery.2', None), ('recovery.3', None), ('recovery.4', 'procedure-fence-primary'), ('recovery.5', 'procedure-promote-replica'), ('recovery.6', 'procedure-promote-replica'), ('recovery.7', None), ('recovery.8', None)]"
run_rbc lint "$W/bk" --as-of 2026-12-01
expect_no_grep lint-no-note-negated "$OUT/last.out" "outage.md:8:1: note: step names a procedure"
expect_grep lint-note-called "$OUT/last.out" "outage.md:12:1: note: step names a procedure of another document"
run_rbc scripts "$W/bk" -o "$W/scripts"; expect_rc scripts-rc 0
f="$W/scripts/outage/scenario-database-lost.sh"
if [ ! -f "$f" ]; then fail script-steps "no script $f"
elif grep -q 'recovery\.[12378]\.1' "$f"; then fail script-steps "a step that says not to run a procedure runs its steps: $(grep -o 'recovery\.[12378]\.1' "$f" | sort -u | tr '\n' ' ')"
elif grep -q 'recovery\.4\.1' "$f" && grep -q 'recovery\.5\.1' "$f" && grep -q 'recovery\.6\.1' "$f"; then pass script-steps
else fail script-steps "the steps that say to run a procedure do not (no recovery.4.1 / recovery.5.1)"; fi
