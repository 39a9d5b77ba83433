#!/usr/bin/env bash
# lint_formats.sh: `rbc lint` output that terminals, CI logs and CI tools
# accept whatever the book holds. A hostile book (a rule whose message
# forges a second diagnostic line and carries ESC, CR, bidi, C1, DEL,
# ill-formed UTF-8, "]]>", quotes and '%'; file names with ESC, a newline,
# ',' and ':'; an owner with ESC) is linted in every format: text and
# github show no raw control character and no forged line; json and sarif
# parse as strict JSON; junit parses as XML (python, and xmllint when
# installed) with tests/failures/errors matching the testcases written.
# Microsoft's SARIF validator must report 0 errors and 0 warnings on the
# lint fixture book named by a relative and by an absolute path.
GROUP=lint-formats
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
ASOF=2026-11-22

B=$(scratch book)
cp -R "$ROOT/tests/lint/book/." "$B/"
mkdir -p "$B/lua"
cat > "$B/lua/evil.lua" <<'EOF'
return {
  id = "evil",
  summary = "a rule that reports hostile text",
  runbook = function(rb)
    if rb.file:find("cache.md", 1, true) then
      rbc.report(rb, "ok\nFORGED.md:9:9: error: forged [x]\27[2J\r\226\128\174RLO \194\155C1 \127DEL \255bad \237\160\128sur ]]> \"q\" 'a' & <x> 100%% a::b,c")
    end
  end,
}
EOF
cp "$B/cache.md" "$B/$(printf 'bad\033[31m\nname.md')"
cp "$B/cache.md" "$B/x,y:z.md"
cp "$B/cache.md" "$B/$(printf '\377.md')"
sed -i 's/^owner: ops-oncall/owner: "gh\\e[31most\\u202e"/' "$B/cache.md"

# The bytes a terminal or log must never receive from book text: C0 other
# than tab and LF, DEL, C1, bidi controls; and ill-formed UTF-8.
cat > "$OUT/$GROUP/raw.py" <<'PY'
import re, sys
data = open(sys.argv[1], 'rb').read()
bad = [m.group() for m in re.finditer(rb'[\x00-\x08\x0b-\x1f\x7f]', data)]
try:
    text = data.decode('utf-8')
    bad += [c for c in text if 0x80 <= ord(c) <= 0x9f or 0x202a <= ord(c) <= 0x202e or 0x2066 <= ord(c) <= 0x2069]
except UnicodeDecodeError as e:
    bad.append('ill-formed UTF-8: %s' % e)
print(repr(bad[:5]) if bad else 'clean')
PY
no_raw() {  # NAME FILE: FILE holds no raw control, bidi or ill-formed byte
	expect_eq "$1" "$(python3 "$OUT/$GROUP/raw.py" "$2")" "clean"
}

# text: the forged line stays inside the rule's finding, escaped.
run_rbc lint "$B" --as-of $ASOF
cat "$OUT/last.out" "$OUT/last.err" > "$OUT/$GROUP/text.all"
NTEXT=$(wc -l < "$OUT/last.out")
no_raw text-no-raw "$OUT/$GROUP/text.all"
expect_eq text-no-forged-line "$(grep -c '^FORGED' "$OUT/last.out")" "0"
expect_grep text-newline-escaped "$OUT/last.out" 'warning: ok\x0aFORGED.md:9:9: error: forged [x]\x1b[2J\x0d<U+202E>RLO <U+009B>C1 \x7fDEL \xffbad \xed\xa0\x80sur ]]> "q"'
expect_grep text-file-escaped "$OUT/last.out" 'bad\x1b[31m\x0aname.md:'
expect_grep text-file-ill-formed "$OUT/last.out" '/\xff.md:'
expect_grep text-detail-escaped "$OUT/last.out" "owner 'gh\\x1b[31most<U+202E>'"
# every line is one finding: file:line:col: level: message [rule]
expect_eq text-one-finding-per-line \
	"$(grep -cvE '^[^ ].*:[0-9]+:[0-9]+: (error|warning|note): .* \[[a-z-]+\]$' "$OUT/last.out")" "0"
# The same, with colour forced: only rbc's own SGR sequences.
run_rbc lint "$B" --as-of $ASOF --color always
expect_eq text-color-own-escapes "$(grep -aoE $'\033''\[[0-9;]*[A-Za-z]' "$OUT/last.out" | sort -u | tr '\n' ' ')" \
	$'\033[0m \033[1;31m \033[1;35m \033[1;36m \033[1m '

# github: one workflow command per line, data and properties escaped.
run_rbc lint "$B" --as-of $ASOF --format github
no_raw github-no-raw "$OUT/last.out"
expect_eq github-lines "$(grep -cvE '^(::(error|warning|notice) .*::|rbc lint: )' "$OUT/last.out")" "0"
expect_grep github-percent "$OUT/last.out" ' 100%25 a::b,c'
expect_grep github-property "$OUT/last.out" "/x%2Cy%3Az.md,line="
expect_grep github-file-escaped "$OUT/last.out" 'bad\x1b[31m\x0aname.md,line='

# json: strict JSON, the message escaped as in the text.
run_rbc lint "$B" --as-of $ASOF --format json
no_raw json-no-raw "$OUT/last.out"
expect_json json-evil "[f['message'][:42] for f in d if f['rule'] == 'evil']" \
	"['ok\\\\x0aFORGED.md:9:9: error: forged [x]\\\\x1b']"
expect_json json-all-findings "len(d)" "$NTEXT"
expect_json json-file-as-named "ascii(sorted(f['file'].split('/')[-1] for f in d if f['rule'] == 'id-from-name'))" \
	"['bad\\x1b[31m\\nname.md', 'x,y:z.md', '\\ufffd.md']"

# sarif: strict JSON; every result's ruleIndex names its rule; locations
# are relative to %SRCROOT% (declared, with a trailing slash) or absolute
# file:// URIs; never a bare absolute path.
cat > "$OUT/$GROUP/sarif.py" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding='utf-8'))
run = d['runs'][0]
drv = run['tool']['driver']
rules = [r['id'] for r in drv['rules']]
probs = []
# a web page, or the README.md `make install` puts in DOCDIR; never a
# placeholder host
info = drv.get('informationUri', '')
if not (info.startswith(('https://', 'http://')) or (info.startswith('file:///') and info.endswith('/share/doc/rbc/README.md'))) \
        or 'YOUR-' in info or 'example' in info:
    probs.append('informationUri ' + info)
if len(set(rules)) != len(rules):
    probs.append('duplicate rules')
bases = run.get('originalUriBaseIds', {})
for b in bases.values():
    if not (b['uri'].startswith('file:///') and b['uri'].endswith('/')):
        probs.append('base ' + b['uri'])
for r in run['results']:
    i = r.get('ruleIndex')
    if i is None or i >= len(rules) or rules[i] != r['ruleId']:
        probs.append('ruleIndex of ' + r['ruleId'])
    for loc in r.get('locations', []):
        a = loc['physicalLocation']['artifactLocation']
        if a['uri'].startswith('/') or ('uriBaseId' in a) == a['uri'].startswith('file:'):
            probs.append('uri ' + a['uri'])
        if 'uriBaseId' in a and a['uriBaseId'] not in bases:
            probs.append('base id ' + a['uriBaseId'])
print(probs or 'ok')
PY
run_rbc lint "$B" --as-of $ASOF --format sarif
cp "$OUT/last.out" "$OUT/$GROUP/hostile.sarif"
no_raw sarif-no-raw "$OUT/last.out"
expect_eq sarif-consistent "$(python3 "$OUT/$GROUP/sarif.py" "$OUT/last.out" 2>&1)" "ok"
expect_json sarif-rules-reported \
	"sorted({r['ruleId'] for r in d['runs'][0]['results']} - {r['id'] for r in d['runs'][0]['tool']['driver']['rules']})" "[]"
expect_json sarif-built-in-rule "[r['shortDescription']['text'] for r in d['runs'][0]['tool']['driver']['rules'] if r['id'] == 'id-from-name']" \
	"['file name is not a plain id']"
expect_json sarif-uri-encoded "sorted(l['physicalLocation']['artifactLocation']['uri'].split('/')[-1] for r in d['runs'][0]['results'] if r['ruleId'] == 'id-from-name' for l in r['locations'])" \
	"['%FF.md', 'bad%1B%5B31m%0Aname.md', 'x%2Cy%3Az.md']"

# The same book named relatively, absolutely and from outside the folder
# rbc runs in: relative URIs in the first two (the same log), file:// URIs
# in the last.
ABS=$(cd "$B" && pwd)
(cd "$OUT/$GROUP" && run_rbc lint book --as-of $ASOF --format sarif)
cp "$OUT/last.out" "$OUT/$GROUP/rel.sarif"
(cd "$OUT/$GROUP" && run_rbc lint "$ABS" --as-of $ASOF --format sarif)
expect_same sarif-abs-same-as-rel "$OUT/last.out" "$OUT/$GROUP/rel.sarif"
(cd "$B/lua" && run_rbc lint "$ABS" --as-of $ASOF --format sarif)
expect_eq sarif-outside-consistent "$(python3 "$OUT/$GROUP/sarif.py" "$OUT/last.out" 2>&1)" "ok"
expect_json sarif-outside-file-uri "sorted({l['physicalLocation']['artifactLocation']['uri'][:8] for r in d['runs'][0]['results'] for l in r['locations']})" \
	"['file:///']"

# --baseline: every finding is recorded, a file name that is not UTF-8
# too, so the next run reports nothing new (notes are never baselined).
run_rbc lint "$B" --as-of $ASOF --baseline "$OUT/$GROUP/base.json"
expect_eq baseline-all-recorded "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$OUT/$GROUP/base.json")" \
	"$(grep -cE ': (error|warning): ' "$OUT/$GROUP/text.all")"
run_rbc lint "$B" --as-of $ASOF --baseline "$OUT/$GROUP/base.json" --format json
expect_json baseline-nothing-new "[f['rule'] for f in d if f['level'] != 'note']" "[]"

# junit: well-formed XML; the counts match the testcases written.
cat > "$OUT/$GROUP/junit.py" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
cases = list(root.iter('testcase'))
failed = sum(1 for c in cases if c.find('failure') is not None)
errored = sum(1 for c in cases if c.find('error') is not None)
probs = []
for el in [root] + list(root.iter('testsuite')):
    got = (int(el.get('tests', -1)), int(el.get('failures', -1)), int(el.get('errors', -1)))
    if got != (len(cases), failed, errored):
        probs.append('%s says %s, wrote %s' % (el.tag, got, (len(cases), failed, errored)))
for c in cases:
    if len(c.findall('failure')) > 1 or len(c.findall('system-out')) > 1:
        probs.append('case %r: more than one failure or system-out' % c.get('name'))
print(probs or 'ok %d %d' % (len(cases), failed))
PY
run_rbc lint "$B" --as-of $ASOF --format junit
no_raw junit-no-raw "$OUT/last.out"
expect_eq junit-parses "$(python3 "$OUT/$GROUP/junit.py" "$OUT/last.out" 2>&1 | cut -c1-2)" "ok"
if command -v xmllint >/dev/null; then
	if xmllint --noout "$OUT/last.out" 2>"$OUT/$GROUP/xmllint.err"; then pass junit-xmllint
	else fail junit-xmllint "$(head -c 300 "$OUT/$GROUP/xmllint.err")"; fi
else
	skip junit-xmllint "xmllint is not installed (Debian: libxml2-utils)"
fi
expect_grep junit-evil "$OUT/last.out" 'ok\x0aFORGED.md:9:9: error: forged [x]\x1b[2J\x0d&lt;U+202E&gt;RLO'

# junit counts on a book with findings in runbooks, contacts.yaml and a
# rule file, and a clean runbook: cases = runbooks + other files.
J=$(scratch junit)
cp -R "$ROOT/tests/lint/book/." "$J/"
sed 's/^title: Cache/title: Other/; s/^owner: ops-oncall/owner: ghost/' "$J/cache.md" > "$J/other.md"
sed 's/^title: Cache/title: Clean/' "$J/cache.md" > "$J/clean.md"
mkdir -p "$J/lua"
printf 'return { id = "boom", runbook = function(rb) error("boom") end }\n' > "$J/lua/boom.lua"
run_rbc lint "$J" --as-of $ASOF --format junit
expect_eq junit-counts "$(python3 "$OUT/$GROUP/junit.py" "$OUT/last.out" 2>&1)" "ok 4 2"
python3 - "$OUT/last.out" > "$OUT/$GROUP/junit-names.txt" 2>&1 <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
print(sorted((c.get('name').split('/')[-1], len(c.findall('failure'))) for c in root.iter('testcase')))
PY
expect_eq junit-cases "$(cat "$OUT/$GROUP/junit-names.txt")" \
	"[('boom.lua', 1), ('cache.md', 0), ('clean.md', 0), ('other.md', 1)]"

# Microsoft's SARIF validator: 0 errors and 0 warnings for the fixture
# book named relatively and absolutely (CI jobs often pass
# "$GITHUB_WORKSPACE/runbooks"), and for the hostile book.
if ! command -v sarif-multitool >/dev/null; then
	skip sarif-validator "sarif-multitool is not installed (npm install -g @microsoft/sarif-multitool; .ci/run installs it)"
else
	V=$(scratch validator)
	(cd "$ROOT" && "$RBC" lint tests/lint/book --as-of 2027-11-22 --format sarif > "$V/fixture-rel.sarif")
	"$RBC" lint "$ROOT/tests/lint/book" --as-of 2027-11-22 --format sarif > "$V/fixture-abs.sarif"
	cp "$OUT/$GROUP/hostile.sarif" "$V/hostile.sarif"
	expect_eq fixture-has-results "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["runs"][0]["results"]))' "$V/fixture-abs.sarif")" "3"
	# A self-contained .NET program: invariant globalization spares it ICU.
	DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 sarif-multitool validate \
		"$V/fixture-rel.sarif" "$V/fixture-abs.sarif" "$V/hostile.sarif" \
		-o "$V/validation.sarif" --log ForceOverwrite > "$V/validator.out" 2>&1
	got=$(python3 - "$V/validation.sarif" <<'PY' 2>&1
import json, sys
d = json.load(open(sys.argv[1]))
found = [(r.get('level', 'warning'), r['ruleId'], r['locations'][0]['physicalLocation']['artifactLocation']['uri'].split('/')[-1])
         for run in d['runs'] for r in run.get('results', []) if r.get('level', 'warning') in ('error', 'warning')]
print(found or 'clean')
PY
)
	if [ "$got" = clean ]; then pass sarif-validator
	else fail sarif-validator "$got $(head -c 600 "$V/validator.out")"; fi
fi
