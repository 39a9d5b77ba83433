#!/usr/bin/env bash
# lint_cli.sh: `rbc lint` options and output formats. Each format is parsed
# back (JSON with python3, XML with xmllint/python3) and checked for the
# fields CI systems read.
GROUP=lint-cli
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
ASOF=2026-11-22

# A book with two runbooks: cache.md breaks runbook-owner (error) and
# step-budget (warning); other.md is clean.
B=$(scratch book)
cp -R "$ROOT/tests/lint/book/." "$B/"
sed -i 's/^owner: ops-oncall/owner: ghost/; s/Restart the cache (10 min)/Restart the cache (20-40 min)/' "$B/cache.md"
sed 's/^title: Cache/title: Other/; s/^# Cache/# Other/; s/Cache down/Other down/' "$ROOT/tests/lint/book/cache.md" > "$B/other.md"

# text: gcc style, one line per finding, exit 1 on an error.
run_rbc lint "$B" --as-of $ASOF
expect_rc text-exit 1
expect_grep text-owner "$OUT/last.out" "cache.md:3:8: error:"
expect_grep text-budget "$OUT/last.out" "cache.md:10:1: warning:"
expect_eq text-lines "$(wc -l < "$OUT/last.out")" "2"

# json: an array of findings with the documented keys.
run_rbc lint "$B" --as-of $ASOF --format json
expect_json json-keys "sorted(d[0].keys())" "['col', 'file', 'level', 'line', 'message', 'rule']"
expect_json json-rules "sorted(f['rule'] for f in d)" "['runbook-owner', 'step-budget']"

# github: workflow commands plus a summary line.
run_rbc lint "$B" --as-of $ASOF --format github
expect_grep github-error "$OUT/last.out" "::error file=$B/cache.md,line=3,col=8,title=runbook-owner::"
expect_grep github-warning "$OUT/last.out" "::warning file=$B/cache.md,line=10,col=1,title=step-budget::"
expect_grep github-summary "$OUT/last.out" "1 error, 1 warning"

# sarif: 2.1.0, every rule listed with its summary, results located.
run_rbc lint "$B" --as-of $ASOF --format sarif
expect_json sarif-version "d['version']" "2.1.0"
expect_json sarif-rules "all(r.get('shortDescription', {}).get('text') for r in d['runs'][0]['tool']['driver']['rules'])" "True"
expect_json sarif-rule-ids "{'scenario-sections', 'step-budget', 'contact-current'} <= {r['id'] for r in d['runs'][0]['tool']['driver']['rules']}" "True"
expect_json sarif-results "sorted((r['ruleId'], r['level'], r['locations'][0]['physicalLocation']['region']['startLine']) for r in d['runs'][0]['results'])" "[('runbook-owner', 'error', 3), ('step-budget', 'warning', 10)]"

# junit: well-formed XML, one testcase per runbook, failures on cache.md.
run_rbc lint "$B" --as-of $ASOF --format junit
python3 - "$OUT/last.out" > "$OUT/junit.txt" 2>&1 <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
cases = root.iter('testcase')
print(sorted((c.get('name').split('/')[-1], len(c.findall('failure'))) for c in cases))
PY
expect_eq junit-cases "$(cat "$OUT/junit.txt")" "[('cache.md', 1), ('other.md', 0)]"

# FILE operands: the whole book is read, only other.md is reported.
run_rbc lint "$B" "$B/other.md" --as-of $ASOF
expect_rc file-clean-exit 0
expect_eq file-clean-out "$(cat "$OUT/last.out")" ""
(cd "$B" && run_rbc lint . cache.md --as-of $ASOF --format json)
expect_json file-relative "sorted(f['rule'] for f in d)" "['runbook-owner', 'step-budget']"
# The same file named absolutely, through "..", or by its folder selects
# the same findings; the book folder itself selects all of them.
run_rbc lint "$B" "$(cd "$B" && pwd)/cache.md" --as-of $ASOF --format json
expect_json file-absolute "sorted(f['rule'] for f in d)" "['runbook-owner', 'step-budget']"
run_rbc lint "$B" "$B/../book/./cache.md" --as-of $ASOF --format json
expect_json file-dotdot "sorted(f['rule'] for f in d)" "['runbook-owner', 'step-budget']"
mkdir -p "$B/team" && mv "$B/cache.md" "$B/team/cache.md"
run_rbc lint "$B" "$B/team" --as-of $ASOF --format json
expect_json file-folder "sorted((f['rule'], f['file'].split('/')[-2]) for f in d)" "[('runbook-owner', 'team'), ('step-budget', 'team')]"
run_rbc lint "$B" "$B/other.md" --as-of $ASOF --format json
expect_json file-folder-other "d" "[]"
mv "$B/team/cache.md" "$B/cache.md" && rmdir "$B/team"
run_rbc lint "$B" "$B" --as-of $ASOF --format json
expect_json file-book-folder "sorted(f['rule'] for f in d)" "['runbook-owner', 'step-budget']"
# The book, or the FILE, named through a symbolic link: matched by the
# real paths when the names differ.
ln -sfn book "$OUT/$GROUP/book-link"
run_rbc lint "$OUT/$GROUP/book-link" "$B/cache.md" --as-of $ASOF --format json
expect_json file-book-symlink "sorted(f['rule'] for f in d)" "['runbook-owner', 'step-budget']"
run_rbc lint "$B" "$OUT/$GROUP/book-link/cache.md" --as-of $ASOF --format json
expect_json file-symlink "sorted(f['rule'] for f in d)" "['runbook-owner', 'step-budget']"
# A FILE outside the book could only select nothing: a usage error, not a
# silent pass (say "rbc lint runbook.md" run outside the book).
printf '# Stray\n' > "$OUT/$GROUP/stray.md"
(cd "$B" && run_rbc lint "$OUT/$GROUP/stray.md" --as-of $ASOF)
expect_rc file-outside-exit 2
expect_grep file-outside-says "$OUT/last.err" "is not inside the book folder '.'"
run_rbc lint "$B" "$B/../stray.md" --as-of $ASOF
expect_rc file-outside-dotdot 2
# A broken link in the FILE to another runbook's anchor is still checked.
printf '\nSee [other](other.md#no-such-anchor).\n' >> "$B/other.md"
run_rbc lint "$B" "$B/other.md" --as-of $ASOF --format json
expect_json file-link "[(f['rule'], f['line']) for f in d]" "[('link-broken', 32)]"
sed -i '$d' "$B/other.md"; sed -i '$d' "$B/other.md"

# --max-warnings: warnings alone pass until there are too many.
W=$(scratch warn)
cp -R "$ROOT/tests/lint/book/." "$W/"
sed -i 's/Restart the cache (10 min)/Restart the cache (20-40 min)/' "$W/cache.md"
run_rbc lint "$W" --as-of $ASOF
expect_rc warnings-pass 0
run_rbc lint "$W" --as-of $ASOF --max-warnings 0
expect_rc max-warnings 1
run_rbc lint "$W" --as-of $ASOF --max-warnings 1
expect_rc max-warnings-ok 0

# --baseline: the first run records, the next reports only new findings.
run_rbc lint "$B" --as-of $ASOF --baseline "$OUT/base.json"
expect_rc baseline-record 0
expect_eq baseline-file "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$OUT/base.json")" "2"
# The one JSON writer's layout: two-space indent, keys sorted, no final newline.
expect_eq baseline-layout "$(python3 -c 'import json,sys; t=open(sys.argv[1]).read(); print(t == json.dumps(json.loads(t), indent=2, sort_keys=True, ensure_ascii=False))' "$OUT/base.json")" "True"
# Each entry excuses one finding, and only an entry of exactly {rule, file, message}.
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d[0]["line"]=3; json.dump([d[0], d[1], d[1], 7], open(sys.argv[2], "w"))' "$OUT/base.json" "$OUT/odd-base.json"
run_rbc lint "$B" --as-of $ASOF --baseline "$OUT/odd-base.json" --format json
expect_eq baseline-odd-entries "$(python3 -c 'import json,sys; print([f["rule"] for f in json.load(open(sys.argv[1]))])' "$OUT/last.out")" "$(python3 -c 'import json,sys; print([json.load(open(sys.argv[1]))[0]["rule"]])' "$OUT/base.json")"
run_rbc lint "$B" --as-of $ASOF --baseline "$OUT/base.json"
expect_rc baseline-quiet 0
sed -i 's/^owner: ops-oncall/owner: ghost/' "$B/other.md"
run_rbc lint "$B" --as-of $ASOF --baseline "$OUT/base.json" --format json
expect_json baseline-new "[(f['file'].split('/')[-1], f['rule']) for f in d]" "[('other.md', 'runbook-owner')]"
printf 'not json' > "$OUT/bad-base.json"
run_rbc lint "$B" --as-of $ASOF --baseline "$OUT/bad-base.json"
expect_rc baseline-bad 2
expect_grep baseline-bad-msg "$OUT/last.err" "bad-base.json:1:3: error: not a baseline"
# An empty object is named at the value's real place, never at -1:-1.
printf '{}\n' > "$OUT/obj-base.json"
run_rbc lint "$B" --as-of $ASOF --baseline "$OUT/obj-base.json"
expect_rc baseline-object 2
expect_grep baseline-object-msg "$OUT/last.err" "obj-base.json:1:1: error: not a baseline (a JSON array of {rule, file, message}): an object, not an array"
printf '\n  {}\n' > "$OUT/obj-base.json"
run_rbc lint "$B" --as-of $ASOF --baseline "$OUT/obj-base.json"
expect_grep baseline-object-line2 "$OUT/last.err" "obj-base.json:2:3: error: not a baseline"
: > "$OUT/empty-base.json"
run_rbc lint "$B" --as-of $ASOF --baseline "$OUT/empty-base.json"
expect_rc baseline-empty 2
expect_grep baseline-empty-msg "$OUT/last.err" "empty-base.json:1:1: error: not a baseline"

# SOURCE_DATE_EPOCH is the default as-of date: 2027-01-15 makes the review overdue.
SOURCE_DATE_EPOCH=1799971200 run_rbc lint "$ROOT/tests/lint/book" --format json
expect_json sde-overdue "[f['rule'] for f in d]" "['review-current']"

# rbc-ignore: silences the named rule on the next block (a heading: its
# section); a reason is required; an unknown rule id is a warning.
G=$(scratch ignore)
cp -R "$ROOT/tests/lint/book/." "$G/"
sed -i 's/Restart the cache (10 min)/Restart the cache (20-40 min)/' "$G/cache.md"
sed -i 's/^## Scenario: Cache down/<!-- rbc-ignore step-budget: the restart estimate is pessimistic -->\n\n&/' "$G/cache.md"
run_rbc lint "$G" --as-of $ASOF --format json
expect_json ignore-applies "d" "[]"
sed -i 's/step-budget: the restart estimate is pessimistic/step-budget/' "$G/cache.md"
run_rbc lint "$G" --as-of $ASOF --format json
expect_json ignore-needs-reason "sorted((f['rule'], f['line']) for f in d)" "[('ignore-syntax', 10), ('step-budget', 12)]"
sed -i 's/rbc-ignore step-budget/rbc-ignore step-budgte: typo/' "$G/cache.md"
run_rbc lint "$G" --as-of $ASOF --format json
expect_json ignore-unknown "sorted((f['rule'], f['line']) for f in d)" "[('ignore-syntax', 10), ('step-budget', 12)]"

# Usage errors exit 2.
run_rbc lint "$B" --format yaml
expect_rc bad-format 2
expect_grep bad-format-msg "$OUT/last.err" "takes text, json, github, sarif or junit"
run_rbc lint "$OUT/no-such-book"
expect_rc no-book 2
expect_grep no-book-msg "$OUT/last.err" "no-such-book: No such file or directory"

# A protocol-relative link is an error at its source position (it once
# passed lint and failed the build's HTML check on the generated page); a
# remote image, in ![]() or a raw <img src>, is a warning there, and the
# site shows it as a link unless rbc.yaml says site: {remote_images: allow}.
R=$(scratch remote)
cp -R "$ROOT/tests/lint/book/." "$R/"
printf '\nSee [the vendor](//status.example/x).\n\n![graph](https://img.example/a.png) and <img alt="g" src="//cdn.example/b.png">\n' >> "$R/cache.md"
line=$(grep -n 'See \[the vendor\]' "$R/cache.md" | cut -d: -f1)
run_rbc lint "$R" --as-of $ASOF
expect_rc remote-lint-exit 1
expect_grep protocol-relative "$OUT/last.out" "cache.md:$line:5: error: protocol-relative link ('//host/...') cannot work in the offline site; write https://: '//status.example/x' [link-broken]"
expect_grep remote-image "$OUT/last.out" "cache.md:$((line + 2)):1: warning: remote image: the offline site shows it as a link (rbc.yaml 'site: {remote_images: allow}' loads it): 'https://img.example/a.png' [remote-image]"
expect_grep remote-raw-image "$OUT/last.out" "cache.md:$((line + 2)):41: warning: remote image: the offline site shows it as a link (rbc.yaml 'site: {remote_images: allow}' loads it): '//cdn.example/b.png' [remote-image]"
sed -i 's#(//status.example/x)#(https://status.example/x)#' "$R/cache.md"
run_rbc build "$R" --as-of $ASOF -o "$R-site"
expect_rc remote-build 0
expect_grep remote-image-as-link "$R-site/cache.html" '<a class="image" href="https://img.example/a.png">graph</a>'
expect_no_grep remote-image-not-loaded "$R-site/cache.html" '<img src="https://img.example'
printf 'site:\n  remote_images: allow\n' >> "$R/rbc.yaml"
run_rbc build "$R" --as-of $ASOF -o "$R-site"
expect_rc remote-allowed-build 0
expect_grep remote-image-allowed "$R-site/cache.html" '<img src="https://img.example/a.png" alt="graph">'
expect_no_grep remote-allowed-quiet "$OUT/last.err" "remote-image"
printf 'site:\n  remote_image: allow\n' > "$R/rbc.yaml"
run_rbc lint "$R" --as-of $ASOF
expect_grep remote-setting-typo "$OUT/last.out" "rbc.yaml:2:3: warning: unknown key: 'remote_image' in site settings; did you mean 'remote_images'? [unknown-key]"
printf 'site:\n  remote_images: alow\n' > "$R/rbc.yaml"
run_rbc lint "$R" --as-of $ASOF
expect_grep remote-setting-value "$OUT/last.out" "rbc.yaml:2:18: error: invalid setting in rbc.yaml: site: remote_images must be 'allow' or 'link'; did you mean 'allow'? [config]"
