#!/usr/bin/env bash
# drills_report.sh: `rbc drills` and `rbc drills verify` over the records in
# tests/drills/book/drills, which drills_scripts.sh made by running the fixture
# book's step scripts on a fake clock: every status, the measured times and
# phases, --since, an edited scenario, and an edited, removed, reordered or
# cut-off line, an unknown scenario and a bad --since, each failing at the
# right file:line:col.
GROUP=drills
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch report)
cp -r "$ROOT/tests/drills/book" "$W/book"
cd "$W" || exit 1
F=book/drills/rbc-svc-fast-20261102T100000Z.jsonl

run_rbc drills verify book/drills; expect_rc verify-clean 0
want=$( (cd book/drills && find . -name '*.jsonl' -printf '%P\n' | LC_ALL=C sort | xargs -d '\n' sha256sum) | sha256sum | cut -c1-64)
expect_grep verify-records-hash "$OUT/last.out" "records sha256 $want"

# tamper ARGS: copy the records, apply a sed script to the fast record,
# run verify; the expected place goes to expect_grep.
tamper() {
	rm -rf "$W/t"
	cp -r "$W/book/drills" "$W/t"
	sed -i "$1" "$W/t/rbc-svc-fast-20261102T100000Z.jsonl"
	run_rbc drills verify t
}
T=t/rbc-svc-fast-20261102T100000Z.jsonl
tamper '5s/"status":0/"status":9/'; expect_rc edit-fails 1
expect_grep edit-line "$OUT/last.err" "$T:6:10: error: drill record's hash chain is broken: prev is not the SHA-256 of line 5"
tamper '4d'; expect_rc delete-fails 1
expect_grep delete-line "$OUT/last.err" "$T:4:2: error: drill record's hash chain is broken: seq is 5 where 4 belongs"
tamper '3{h;d};4G'; expect_rc reorder-fails 1
expect_grep reorder-line "$OUT/last.err" "$T:3:2: error: drill record's hash chain is broken: seq is 4 where 3 belongs"
tamper '$d'; expect_rc unsealed-fails 1
expect_grep unsealed "$OUT/last.err" "without its seal"
tamper '$s/"event":"seal"}/"event":"seal"/'; expect_rc garbled-fails 1
expect_grep garbled "$OUT/last.err" "$T:$(wc -l <"$F"):"
expect_grep garbled-json "$OUT/last.err" "not a JSON object"
tamper '$s/"event":"seal"/"event":"sael"/'; expect_rc typo-fails 1
expect_grep typo-did-you-mean "$OUT/last.err" "unknown event 'sael'; did you mean 'seal'?"
rm -rf t && cp -r book/drills t && head -c 500 book/drills/rbc-svc-fast-20261102T100000Z.jsonl >"$T"
run_rbc drills verify t; expect_rc cut-off-fails 1
expect_grep cut-off "$OUT/last.err" "$T:1:1: error: drill record is not valid: the last line has no line end"
# A FIFO named like a record is not opened (the read would block for
# ever), and a symlink out of the runs folder is not followed (its file's
# lines would be shown as diagnostics); a symlink inside it is read.
rm -rf t && cp -r book/drills t && mkfifo t/fifo.jsonl && ln -s /etc/passwd t/outside.jsonl &&
	ln -s rbc-svc-fast-20261102T100000Z.jsonl t/inside.jsonl
timeout 20 "$RBC" drills verify t >"$OUT/last.out" 2>"$OUT/last.err"; expect_eq special-files-rc "$?" 1
expect_grep fifo-not-opened "$OUT/last.err" "t/fifo.jsonl: error: not a regular file; rbc reads only plain files and did not open it: it is a FIFO [io]"
expect_grep symlink-out-refused "$OUT/last.err" "t/outside.jsonl: error: symlink points outside the book"
expect_no_grep symlink-out-not-read "$OUT/last.err" "root"
expect_eq symlink-in-read "$(grep -c 'inside.jsonl' "$OUT/last.err")" 0
mkdir -p empty
run_rbc drills verify empty; expect_rc verify-empty 1
expect_grep verify-empty-says "$OUT/last.err" "no drill records"
run_rbc drills verify nowhere; expect_rc verify-missing 2
# a broken record gives no report
tamper '5s/"status":0/"status":9/'
run_rbc drills book --runs t --as-of 2026-12-01; expect_rc report-refuses-broken 1
expect_eq report-refuses-no-output "$(wc -c <"$OUT/last.out")" 0

# ---- the report ----
run_rbc drills book --as-of 2026-12-01 --format json; expect_rc report 0
st() { expect_json "status-$1" "[s['status'] for s in d['scenarios'] if s['scenario']=='$1'][0]" "$2"; }
st fast ok
st slow over-rto
st flaky ok
st purge not-verified
st cert ok
st region due
st power never
expect_json fast-measured "[(s['runs'],s['drills'],s['real'],s['last'],s['median'],s['worst']) for s in d['scenarios'] if s['scenario']=='fast'][0]" "(3, 2, 1, 1080, 1080, 1080)"
expect_json cert-last-median-worst "[(s['last'],s['median'],s['worst']) for s in d['scenarios'] if s['scenario']=='cert'][0]" "(1200, 1200, 1800)"
expect_json slow-worst "[s['worst'] for s in d['scenarios'] if s['scenario']=='slow'][0]" "1260"
expect_json fast-phases "[[(p['phase'],p['took'],p['estimate_hi']) for p in s['phases'][:3]] for s in d['scenarios'] if s['scenario']=='fast'][0]" \
	"[('diagnosis', 60, 120), ('recovery', 900, 900), ('verification', 120, 120)]"
expect_json flaky-flags "[(s['failed'],s['retried'],s['skipped']) for s in d['scenarios'] if s['scenario']=='flaky'][0]" "(True, True, False)"
expect_json purge-flags "[(s['skipped'],s['run_list'][0]['passed']) for s in d['scenarios'] if s['scenario']=='purge'][0]" "(True, False)"
expect_json region-due "[s['due'] for s in d['scenarios'] if s['scenario']=='region'][0]" "2026-10-01"
expect_json counts "d['counts']" "{'over-rto': 1, 'not-verified': 1, 'due': 1, 'never': 1, 'ok': 3}"
expect_json report-hash "d['records_sha256']" "$want"
expect_json period "(d['from'], d['to'])" "('2026-09-01', '2026-11-25')"
# --since keeps the later runs only
run_rbc drills book --as-of 2026-12-01 --since 2026-11-10 --format json; expect_rc since 0
expect_json since-runs "[s['runs'] for s in d['scenarios'] if s['scenario']=='fast'][0]" "1"
expect_json since-never "[s['status'] for s in d['scenarios'] if s['scenario']=='region'][0]" "never"
run_rbc drills book --since last-week; expect_rc since-bad 2
expect_grep since-bad-says "$OUT/last.err" "--since takes an ISO date such as 2026-01-31, not 'last-week'"
run_rbc drills book --format yaml; expect_rc format-bad 2

# Edit a drilled scenario: it is no longer verified.
sed -i 's/Restore the database (10 min)/Restore the database from the snapshot (10 min)/' book/svc.md
run_rbc drills book --as-of 2026-12-01 --format json; expect_rc edited 0
st fast not-verified
expect_json edited-why "[s['why'] for s in d['scenarios'] if s['scenario']=='fast'][0]" \
	"the scenario changed after its last passing run on 2026-11-20 (book commit not in git)"
expect_json edited-run-stale "[s['run_list'][-1]['scenario_current'] for s in d['scenarios'] if s['scenario']=='fast'][0]" "False"
cp "$ROOT/tests/drills/book/svc.md" book/svc.md

# A record of a scenario the book does not have.
cp -r "$ROOT/tests/drills/other" other
run_rbc drills book --runs other; expect_rc unknown-scenario 1
expect_grep unknown-scenario-says "$OUT/last.err" "other/rbc-svc-fsat-20261102T100000Z.jsonl:1:1: error: drill record for a scenario the book does not have: 'svc/fsat'; did you mean 'svc/fast'? [drill-unknown]"

# Paths: a runs folder inside the book is shown book-relative, however the
# book or --runs is named (an absolute path, from another folder), so a
# site or kit made from a clone elsewhere is the same; one outside the book
# is shown as given.
run_rbc drills "$W/book" --as-of 2026-12-01 --format json; expect_rc abs-book 0
expect_json abs-book-runs-dir "d['runs_dir']" "drills"
expect_json abs-book-record "d['scenarios'][0]['run_list'][0]['record']" "drills/rbc-svc-fast-20261102T100000Z.jsonl"
expect_no_grep abs-book-no-machine-path "$OUT/last.out" "$W"
mkdir -p sub && (cd sub && "$RBC" drills ../book --runs "$W/book/drills/" --as-of 2026-12-01 --format md >"$OUT/last.out" 2>"$OUT/last.err")
expect_eq runs-inside-rc "$?" 0
expect_grep runs-inside-shown "$OUT/last.out" "records in \`drills\`"
expect_grep runs-inside-record "$OUT/last.out" "| drills/rbc-svc-fast-20261102T100000Z.jsonl |"
expect_no_grep runs-inside-no-machine-path "$OUT/last.out" "$W"
cp -r book/drills outside
run_rbc drills book --runs outside --as-of 2026-12-01 --format csv; expect_rc runs-outside 0
expect_grep runs-outside-as-given "$OUT/last.out" ",outside/rbc-svc-fast-20261102T100000Z.jsonl,"
run_rbc build "$W/book" -o abs-site --as-of 2026-12-01; expect_rc abs-site 0
expect_grep abs-site-drills-relative abs-site/drills.html "<code>drills</code>, whose hash chains"
expect_grep abs-site-record-relative abs-site/drills.html "<td>drills/rbc-svc-fast-20261102T100000Z.jsonl</td>"
if grep -rl "$W" abs-site >"$OUT/machine.txt"; then fail abs-site-no-machine-path "$(head -3 "$OUT/machine.txt")"; else pass abs-site-no-machine-path; fi

# Lint: the built-in drill-current reports each status but OK at the
# scenario's heading, at its level (the golden drills-book.lint.* has every
# format); nothing without a runs folder; a missing one stops lint.
run_rbc lint book --as-of 2026-12-01 --format json
expect_json lint-drill-current "[(f['line'],f['col'],f['level']) for f in d if f['rule']=='drill-current']" \
	"[(37, 1, 'error'), (69, 1, 'warning'), (93, 1, 'warning'), (103, 1, 'note')]"
expect_json lint-drill-due-says "[f['message'] for f in d if f['rule']=='drill-current' and f['line']==93][0]" \
	"scenario's drill is due under its tier's drill_every; drill it again: last passing run on 2026-09-01; tier 1 drills every 30d, so it was due on 2026-10-01"
sed -i 's/Restore the database (10 min)/Restore the database from the snapshot (10 min)/' book/svc.md
run_rbc lint book --as-of 2026-12-01 --format json
expect_json lint-edited-not-verified "[(f['line'],f['level'],f['message']) for f in d if f['rule']=='drill-current' and f['line']==11]" \
	"[(11, 'warning', 'scenario is not verified by a passing drill of its current text; drill it again: the scenario changed after its last passing run on 2026-11-20 (book commit not in git)')]"
cp "$ROOT/tests/drills/book/svc.md" book/svc.md
# the records are inputs of the lint cache: one removed, lint says so
cp -r book cached && run_rbc lint cached --as-of 2026-12-01 --format json
rm cached/drills/rbc-svc-region-20260901T080000Z.jsonl
run_rbc lint cached --as-of 2026-12-01 --format json
expect_json lint-cache-sees-records "[(f['line'],f['level']) for f in d if f['rule']=='drill-current' and f['line']==93]" "[(93, 'note')]"
cp -r book nodrills && sed -i '/^drills:/,$d' nodrills/rbc.yaml
run_rbc lint nodrills --as-of 2026-12-01 --format json
expect_json lint-no-runs-folder-silent "[f for f in d if f['rule']=='drill-current']" "[]"
cp -r book gone && rm -rf gone/drills
run_rbc lint gone --as-of 2026-12-01; expect_rc lint-runs-missing 2
expect_grep lint-runs-missing-says "$OUT/last.err" "gone/rbc.yaml:5:9: error: drills: runs names no folder in the book; create it (the step scripts write records there) or fix the path: 'drills': no such folder [config]"

# A book rule sees each scenario's drill facts (sc.drill, doc/rules.md).
cp -r book facts && mkdir -p facts/lua
cat >facts/lua/drill-facts.lua <<'LUA'
return { id = "drill-facts", summary = "prints sc.drill", severity = "note",
  scenario = function(sc)
    local d = sc.drill
    local r, p = d.last_run, d.last_pass
    rbc.report(d, "%s %s runs=%s/%s/%s last=%s median=%s worst=%s rto=%s every=%s due=%s flags=%s%s%s last_run=%s",
      sc.id, d.status, d.runs, d.drills, d.real, d.last_s, d.median_s, d.worst_s,
      d.rto and d.rto.text, d.every and d.every.text, d.due,
      d.failed and "F" or "-", d.skipped and "S" or "-", d.retried and "R" or "-",
      r and string.format("%s %s %s@%s %s exit=%d measured=%s passed=%s current=%s %s:%d:%d pass=%s",
        r.date, r.start, r.operator, r.host, r.drill and "drill" or "real", r.exit, r.measured_s,
        r.passed, r.current, r.record, r.line, r.col, p and p.date) or "none")
    local ok = pcall(function() d.status = "ok" end)
    if ok then rbc.report(sc, "sc.drill is writable") end
  end }
LUA
run_rbc lint facts --as-of 2026-12-01 --format json
expect_json facts-fast "[f['message'] for f in d if f['rule']=='drill-facts' and f['line']==11][0]" \
	"fast ok runs=3/2/1 last=1080 median=1080 worst=1080 rto=30 min every=30d due=2026-12-20 flags=--- last_run=2026-11-20 2026-11-20T03:00:00Z drill-op@drill-host real exit=0 measured=1080 passed=true current=true drills/rbc-svc-fast-20261120T030000Z.jsonl:1:1 pass=2026-11-20"
expect_json facts-flaky-flags "[f['message'].split(' last_run')[0] for f in d if f['rule']=='drill-facts' and f['line']==53][0]" \
	"flaky ok runs=2/2/0 last=360 median=360 worst=360 rto=30 min every=30d due=2026-12-11 flags=F-R"
expect_json facts-never "[f['message'] for f in d if f['rule']=='drill-facts' and f['line']==103][0]" \
	"power never runs=0/0/0 last=nil median=nil worst=nil rto=2h every=30d due=nil flags=--- last_run=none"
expect_json facts-read-only "[f for f in d if f['message']=='sc.drill is writable']" "[]"

# Golden reports in every format (hashes masked: they follow the runner's text).
for fmt in text md csv json html; do
	run_rbc drills book --as-of 2026-12-01 --format "$fmt"
	sed -E 's/[0-9a-f]{64}/<sha256>/g' "$OUT/last.out" >"$W/report.$fmt"
	[ -z "${RBC_REGEN:-}" ] || cp "$W/report.$fmt" "$ROOT/tests/drills/report.$fmt"
	expect_same "golden-$fmt" "$W/report.$fmt" "$ROOT/tests/drills/report.$fmt"
done

# The site: rto.html's measured columns and badges, each scenario card's
# last drill with a link to its record (copied byte for byte), drills.html.
run_rbc build book -o site --as-of 2026-12-01; expect_rc site-build 0
expect_grep site-nav site/index.html '<a href="drills.html">Drills</a>'
expect_grep site-rto-measured site/rto.html '<th scope="col" aria-sort="none">Measured (last)</th>'
expect_grep site-rto-badge site/rto.html '<a class="badge drill-over-rto" href="drills.html" title="a measured recovery took 0h21m00s, over the RTO of 15 min">OVER RTO</a>'
expect_grep site-rto-never site/rto.html '>NEVER DRILLED</a>'
expect_grep site-card site/svc.html '<dt>Last drill</dt><dd><a class="badge drill-ok" href="drills.html" title="last passing run on 2026-11-20">OK</a> 2026-11-20 (real run), measured 0h18m00s, by drill-op, <a href="drill-records/rbc-svc-fast-20261120T030000Z.jsonl">'
expect_same site-record-copied site/drill-records/rbc-svc-fast-20261120T030000Z.jsonl book/drills/rbc-svc-fast-20261120T030000Z.jsonl
expect_grep site-drills-page site/drills.html '<h1>Recovery exercise report</h1>'
# A book without a runs folder gets no drill columns, page or nav entry.
run_rbc build "$ROOT/tests/scripts/book" -o plain --as-of 2026-12-01; expect_rc site-plain 0
expect_no_grep site-plain-no-nav plain/index.html 'drills.html'
if [ -e plain/drills.html ]; then fail site-plain-no-page "drills.html written"; else pass site-plain-no-page; fi
# A broken record fails the build, and names its line.
tamper '5s/"status":0/"status":9/'
rm -rf book/drills && cp -r t book/drills
run_rbc build book -o site2 --as-of 2026-12-01; expect_rc site-broken-record 1
expect_grep site-broken-record-line "$OUT/last.err" "rbc-svc-fast-20261102T100000Z.jsonl:6:10: error: drill record's hash chain is broken"
