#!/usr/bin/env bash
# lint_typos.sh: a book written with a new author's typos (tests/lint/typos/)
# gets exactly one finding per mistake, at the line that holds it, with a
# did-you-mean (tests/lint/typos.expect); the typos are read the way the
# author meant them; and one broken contacts.yaml is reported once, not
# once per mention and owner.
GROUP=lint-typos
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
ASOF=2026-11-22
BOOK="$ROOT/tests/lint/typos"

# Each finding must be one the expect file lists (at its file:line:col,
# with its level and rule, its message holding the text given), and each
# listed one must be found.
run_rbc lint "$BOOK" --as-of $ASOF --format json
expect_rc exit 1
got=$(python3 - "$OUT/last.out" "$ROOT/tests/lint/typos.expect" <<'PY'
import json, sys
found = json.load(open(sys.argv[1]))
want = {}
for line in open(sys.argv[2]):
    if line.startswith('#') or not line.strip():
        continue
    where, level, rule, text = line.rstrip('\n').split(' ', 3)
    want[where] = (level, rule, text)
out = []
for f in found:
    where = '%s:%d:%d' % (f['file'].split('/')[-1], f['line'], f['col'])
    w = want.pop(where, None)
    if w is None:
        out.append('unexpected %s %s %s: %s' % (where, f['level'], f['rule'], f['message']))
    elif (f['level'], f['rule']) != w[:2] or w[2] not in f['message']:
        out.append('wrong %s %s %s: %s (want %s %s "%s")' % (where, f['level'], f['rule'], f['message'], *w))
for where, w in sorted(want.items()):
    out.append('missing %s %s %s "%s"' % (where, *w))
print('; '.join(out) if out else 'ok', len(found))
PY
)
expect_eq one-finding-per-typo "$got" "ok 16"

# The typos are read as meant: the misspelt sections have their kinds, the
# colon-less headings are scenarios, the misplaced headings are sections,
# and a fence in a misspelt language is never run.
run_rbc dump "$BOOK" --as-of $ASOF
expect_json read-as-meant "[(r['path'], [(s['id'], [x['kind'] for x in s['sections']]) for s in r['scenarios']]) for r in d['runbooks']]" \
"[('lag.md', [('scenario-indexer-stalls', ['symptoms', 'diagnosis', 'recovery', 'rollback'])]), ('orders_db.md', [('scenario-primary-down', ['symptoms', 'diagnosis', 'recovery', 'rollback', 'verification']), ('scenario-replica-lag', ['symptoms', 'diagnosis', 'recovery', 'rollback'])]), ('payments.md', [('scenario-consumer-lag-grows', ['symptoms', 'diagnosis', 'recovery', 'rollback']), ('scenario-card-network-down', ['symptoms', 'diagnosis', 'recovery', 'rollback'])])]"
expect_json fence-table "[(c['lang'], c['shell']) for s in d['runbooks'][1]['scenarios'][1]['sections'] for st in s['steps'] for c in st['commands']]" \
"[('bsh', False), ('yaml', False), ('bahs', False), ('shel', False), ('zhs', False), ('sql', False)]"
expect_json lenient-off "[r['lenient'] for r in d['runbooks']]" "[False, False, False]"

# One tab in contacts.yaml: its syntax error, one note, and none of the
# contact checks that would blame every mention and owner.
V=$(scratch broken-contacts)
cp -R "$BOOK/." "$V/"
sed -i 's/^    role: Payments lead/\trole: Payments lead/' "$V/contacts.yaml"
run_rbc lint "$V" --as-of $ASOF --format json
expect_json broken-contacts-once "sorted((f['file'].split('/')[-1], f['line'], f['level'], f['rule']) for f in d if f['file'].endswith('contacts.yaml'))" \
"[('contacts.yaml', 0, 'note', 'contacts'), ('contacts.yaml', 10, 'error', 'yaml-syntax')]"
expect_json broken-contacts-no-cascade "[f['rule'] + ' ' + f['message'] for f in d if 'contacts.yaml' in f['message'] and not f['file'].endswith('contacts.yaml')]" "[]"
expect_json broken-contacts-rest "len(d)" "17"
