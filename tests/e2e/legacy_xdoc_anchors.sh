#!/usr/bin/env bash
# legacy_xdoc_anchors.sh: a canonical runbook's plain link (not a call) to
# a procedure that the lenient reader found in a freehand document, by the
# procedure's id (#procedure-drain-the-queue) or one of its steps
# (#procedure-drain-the-queue.recovery.2), lands on an anchor that the
# built page has, so no path calls it link-broken: lint in every format,
# lint on summaries (RBC_LINT_FULL_MB=0), `rbc lint BOOK FILE` with the
# other runbooks as stubs from the cross-reference cache (a miss, then a
# hit), and the build (from summaries, kept or read twice, then from the
# summary cache). A link to an id the page does not have is still
# link-broken, with a did-you-mean, on each of those paths; and the
# site's HTML check agrees with lint both ways.
GROUP=legacy-xdoc-anchors
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
X="$ROOT/tests/legacy/xdoc/anchors"
ASOF="--as-of 2026-12-01"
W=$(scratch run)
export XDG_CACHE_HOME="$W/cache"

# the good book: every format is clean; no link is broken
run_rbc lint "$X" $ASOF; expect_rc lint-rc 0
expect_grep lint-reads-procedure "$OUT/last.out" "note: heading read as a procedure: 'Drain the queue'"
expect_no_grep lint-text "$OUT/last.out" "[link-broken]"
for f in "json:\"rule\": \"link-broken\"" "github:title=link-broken" "sarif:\"ruleId\": \"link-broken\"" \
	 "junit:type=\"link-broken\""; do
	run_rbc lint "$X" $ASOF --format "${f%%:*}"; expect_rc "lint-${f%%:*}-rc" 0
	expect_no_grep "lint-${f%%:*}" "$OUT/last.out" "${f#*:}"
done
RBC_LINT_FULL_MB=0 run_rbc lint "$X" $ASOF; expect_rc lint-summaries-rc 0
expect_no_grep lint-summaries "$OUT/last.out" "[link-broken]"
for pass in miss hit; do
	run_rbc lint "$X" "$X/broker.md" $ASOF; expect_rc "lint-file-$pass-rc" 0
	expect_no_grep "lint-file-$pass" "$OUT/last.out" "[link-broken]"
done
# the stub of queue-notes.md in the cross-reference cache knows the procedure
xref=$(find "$XDG_CACHE_HOME" -path '*xref*' -type f | head -1)
expect_eq xref-entry "$(grep -E '^(procedure|step) ' "${xref:-/dev/null}" | tr '\n' ',')" \
	"step recovery.1,step rollback.1,procedure procedure-drain-the-queue,step recovery.1,step recovery.2,"

# the build, and the built page has the anchors the links point at
for run in cold cached; do
	run_rbc build "$X" -o "$W/site" $ASOF; expect_rc "build-$run-rc" 0
	expect_no_grep "build-$run" "$OUT/last.err" "[link-broken]"
	expect_no_grep "build-$run-html-check" "$OUT/last.err" "[html-check]"
done
RBC_KEEP_READS_MB=0 run_rbc build "$X" -o "$W/site2" $ASOF --no-cache; expect_rc build-read-twice-rc 0
expect_no_grep build-read-twice "$OUT/last.err" "[link-broken]"
expect_grep site-anchor "$W/site/queue-notes.html" 'id="procedure-drain-the-queue"'
expect_grep site-step-anchor "$W/site/queue-notes.html" 'id="procedure-drain-the-queue.recovery.2"'
expect_grep site-link "$W/site/broker.html" 'href="queue-notes.html#procedure-drain-the-queue"'
expect_grep site-step-link "$W/site/broker.html" 'href="queue-notes.html#procedure-drain-the-queue.recovery.2"'

# a link to ids the page does not have: link-broken with a did-you-mean
B="$W/bad"
cp -r "$X" "$B"
sed -i 's|^2\. Check the depth.*|&\n3. See [the drain](queue-notes.md#procedure-drain-the-queu) and [step 3](queue-notes.md#procedure-drain-the-queue.recovery.3) (1 min)|' "$B/broker.md"
typo="broker.md:22:8: error: broken link: 'queue-notes.md#procedure-drain-the-queu': $B/queue-notes.md has no heading with anchor '#procedure-drain-the-queu' (did you mean '#procedure-drain-the-queue'?) [link-broken]"
step="broker.md:22:65: error: broken link: 'queue-notes.md#procedure-drain-the-queue.recovery.3': $B/queue-notes.md has no heading with anchor '#procedure-drain-the-queue.recovery.3'"
run_rbc lint "$B" $ASOF; expect_rc bad-lint-rc 1
expect_grep bad-lint-typo "$OUT/last.out" "$typo"
expect_grep bad-lint-step "$OUT/last.out" "$step"
expect_eq bad-lint-only-two "$(grep -c 'link-broken' "$OUT/last.out")" 2
for f in "json:\"rule\": \"link-broken\"" "github:title=link-broken" "sarif:\"ruleId\": \"link-broken\"" \
	 "junit:type=\"link-broken\""; do
	run_rbc lint "$B" $ASOF --format "${f%%:*}"; expect_rc "bad-lint-${f%%:*}-rc" 1
	expect_grep "bad-lint-${f%%:*}" "$OUT/last.out" "${f#*:}"
done
RBC_LINT_FULL_MB=0 run_rbc lint "$B" $ASOF
expect_grep bad-lint-summaries "$OUT/last.out" "$typo"
for pass in miss hit; do
	run_rbc lint "$B" "$B/broker.md" $ASOF; expect_rc "bad-lint-file-$pass-rc" 1
	expect_grep "bad-lint-file-$pass" "$OUT/last.out" "$typo"
	expect_grep "bad-lint-file-$pass-step" "$OUT/last.out" "$step"
done
run_rbc build "$B" -o "$W/bad-site" $ASOF; expect_rc bad-build-rc 1
expect_grep bad-build "$OUT/last.err" "$typo"
# with link-broken off, the site's own HTML check finds the same links
# (a page that fails it is rbc's own output error: exit 2)
printf 'rules:\n  link-broken: off\n' >"$B/rbc.yaml"
run_rbc build "$B" -o "$W/bad-site" $ASOF; expect_rc bad-html-check-rc 2
expect_grep bad-html-check "$OUT/last.err" "link to an id the page does not have: 'queue-notes.html#procedure-drain-the-queu'"
expect_grep bad-html-check-step "$OUT/last.err" "link to an id the page does not have: 'queue-notes.html#procedure-drain-the-queue.recovery.3'"

# an incremental build: the procedure renamed in queue-notes.md alone, the
# cached build checks broker.md's links against the new anchors
I="$W/incr"
cp -r "$X" "$I"
run_rbc build "$I" -o "$W/incr-site" $ASOF; expect_rc incr-first-rc 0
sed -i 's|^### Drain the queue$|### Drain the queues|' "$I/queue-notes.md"
run_rbc build "$I" -o "$W/incr-site" $ASOF; expect_rc incr-renamed-rc 1
expect_grep incr-renamed "$OUT/last.err" "broker.md:14:24: error: broken link: 'queue-notes.md#procedure-drain-the-queue': $I/queue-notes.md has no heading with anchor '#procedure-drain-the-queue' (did you mean '#procedure-drain-the-queues'?) [link-broken]"
sed -i 's|^### Drain the queues$|### Drain the queue|' "$I/queue-notes.md"
run_rbc build "$I" -o "$W/incr-site" $ASOF; expect_rc incr-back-rc 0
expect_grep incr-back-anchor "$W/incr-site/queue-notes.html" 'id="procedure-drain-the-queue.recovery.2"'

# an alert's runbook_url may point at the same anchors: a freehand
# scenario's id lands on the scenario, a procedure's id on the page, and
# a typo is alert-runbook-broken with a did-you-mean
A="$W/alerts"
cp -r "$X" "$A"
mkdir -p "$A/alerts"
printf 'alerts:\n  rules: [alerts/*.yaml]\n  base_url: https://runbooks.fixture.example/\n' >"$A/rbc.yaml"
cat >"$A/alerts/queue.yaml" <<'T'
groups:
  - name: queue
    rules:
      - alert: ConsumersStalled
        expr: "up == 0"
        annotations:
          runbook_url: https://runbooks.fixture.example/queue-notes.html#scenario-consumers-stalled
      - alert: QueueFull
        expr: "up == 0"
        annotations:
          runbook_url: https://runbooks.fixture.example/queue-notes.html#procedure-drain-the-queue.recovery.2
      - alert: QueueTypo
        expr: "up == 0"
        annotations:
          runbook_url: https://runbooks.fixture.example/queue-notes.html#procedure-drain-the-queu
T
run_rbc alerts "$A" $ASOF
expect_grep alert-scenario "$OUT/last.out" "alerts/queue.yaml:4 -> queue-notes.md#scenario-consumers-stalled, which does not name it"
expect_grep alert-procedure "$OUT/last.out" "page      QueueFull [no severity] alerts/queue.yaml:8 -> queue-notes.md#procedure-drain-the-queue.recovery.2"
run_rbc lint "$A" $ASOF
expect_eq alert-broken-once "$(grep -c 'alert-runbook-broken' "$OUT/last.out")" 1
expect_grep alert-typo "$OUT/last.out" "queue-notes.md has no anchor '#procedure-drain-the-queu'; did you mean '#procedure-drain-the-queue'? [alert-runbook-broken]"

# every anchor lint accepts is an id of the page, and every id of the page
# (but its chrome) is one lint accepts: freehand books with steps that are
# code blocks or ### headings, procedures, and the demo book
for bk in "$X" "$ROOT/tests/legacy/xdoc/book" "$ROOT/tests/legacy/procs" "$ROOT/tests/legacy/alerts" "$ROOT/runbooks"; do
	name=$(basename "$bk")
	run_rbc dump "$bk" $ASOF
	rm -rf "$W/agree"
	"$RBC" build "$bk" -o "$W/agree" $ASOF --no-cache >/dev/null 2>&1
	if python3 "$ROOT/tests/site/anchors_agree.py" "$OUT/last.out" "$W/agree" >"$W/agree.log" 2>&1; then
		pass "anchors-agree-$name"
	else
		fail "anchors-agree-$name" "$(tr '\n' '|' <"$W/agree.log" | head -c 600)"
	fi
done
