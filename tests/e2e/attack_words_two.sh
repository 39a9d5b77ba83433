#!/usr/bin/env bash
# attack_words_two.sh: a freehand step that names two procedures in words
# ("Follow the Fail Over procedure, then the Warm Cache procedure") calls
# only the first: the second's steps never ran, and only a lenient note
# said which one was called. The step now gets procedure-call-several (a
# warning at the step) naming the one it calls and the one it never
# runs, in one document and across documents; a step naming one
# procedure gets none.
GROUP=attack-words-two
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch book)
mkdir -p "$W/one" "$W/two"
contacts='contacts:\n  db-oncall:\n    name: DB\n    phone: "+1 555 0100"\n    verified: 2026-11-01\n'
printf "$contacts" > "$W/one/contacts.yaml"
printf "$contacts" > "$W/two/contacts.yaml"
procs='## Recovery Procedures

### Fail Over

1. Promote the replica (3 min)

### Warm Cache

1. Load the hot keys (2 min)
'
scenario='# Outage

**Owner:** db-oncall

## Scenario 1: Database lost

**Recovery Steps:**
1. Page the DBA (1 min)
2. Follow the Fail Over procedure, then the Warm Cache procedure (2 min)
3. Follow the Warm Cache procedure (1 min)
'
printf '%s\n%s' "$scenario" "$procs" > "$W/one/outage.md"
printf '%s' "$scenario" > "$W/two/outage.md"
printf -- '---\ntitle: Helpers\nowner: db-oncall\nreviewed: 2026-11-01\n---\n\n# Helpers\n\n%s' \
	"$(printf '%s' "$procs" | sed 's/^### /## Procedure: /; /^## Recovery Procedures/d')" > "$W/two/helpers.md"
for b in one two; do
	run_rbc lint "$W/$b" --as-of 2026-12-01
	expect_grep "$b-several" "$OUT/last.out" "outage.md:9:1: warning: step names more than one procedure in words but calls only the first; split it into one step per procedure, or link each: step recovery.2 calls 'Fail Over'; 'Warm Cache' never runs [procedure-call-several]"
	expect_eq "$b-several-once" "$(grep -c 'procedure-call-several' "$OUT/last.out")" 1
	run_rbc dump "$W/$b" --as-of 2026-12-01; expect_rc "$b-dump-rc" 0
	expect_json "$b-calls" "[(st['id'], (st.get('call') or {}).get('procedure')) for r in d['runbooks'] if r['path'] == 'outage.md' for s in r['scenarios'] for sec in s['sections'] for st in sec['steps']]" \
		"[('recovery.1', None), ('recovery.2', 'procedure-fail-over'), ('recovery.3', 'procedure-warm-cache')]"
done
