#!/bin/bash
# site_destructive.sh: destructive steps are marked on the site and in the
# handbook as the step script marks them: a "Destructive" badge on the
# step, a distinct code-block style, and a Copy button that asks first
# (data-confirm, and in headless Chromium: confirm() is called, and a
# "no" copies nothing). Blocks that are not destructive stay plain.
GROUP=site-destructive
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
B=$(scratch book)
W=$(scratch work)
export GIT_CEILING_DIRECTORIES="$W"
cp "$ROOT/tests/lint/book/contacts.yaml" "$ROOT/tests/lint/book/rbc.yaml" "$B/"
cat > "$B/drain.md" <<'MD'
---
title: Drain
owner: ops-oncall
tier: 1
reviewed: 2026-10-01
---

# Drain

## Scenario: Node is bad

**Severity:** P2 · **RTO:** 30 min · **Owner:** @ops-oncall

### Symptoms
- Pods crash.

### Diagnosis
1. Look at the node (2 min)
   ```bash
   kubectl get node node-1
   ```

### Recovery
1. Delete the stuck pod (2 min)
   ```bash
   kubectl -n prod delete pod orders-0
   ```
2. Wipe the cache volume by hand [destructive] (5 min)
   ```text
   In the console, open the volume and press Wipe.
   ```
3. Force-push the fixed config (2 min)
   ```bash
   "git" push -f origin main
   ```

### Verification
1. Pods are running (2 min)
   ```bash
   kubectl -n prod get pods
   ```

### Rollback
1. Nothing to undo.
MD
run_rbc build "$B" -o "$W/site" --as-of 2026-11-22
expect_rc build 0
P="$W/site/drain.html"
H="$W/site/handbook.html"
S="$W/site/scripts/drain/scenario-node-is-bad.sh"
# the script's marks, which the pages must match
expect_grep script-marks "$S" "STEP_DESTRUCTIVE=(
	0
	1
	1
	1
	0
)"
count() { grep -o "$2" "$1" | wc -l | tr -d ' '; }
expect_eq site-steps-marked "$(count "$P" '<li class="step destructive"')" 3
expect_eq site-badges "$(count "$P" '<span class="badge-destructive"[^>]*>Destructive</span>')" 3
expect_grep site-badge-on-delete "$P" 'recovery.1"><span class="badge-destructive"'
expect_grep site-badge-on-marker "$P" 'recovery.2"><span class="badge-destructive"'
expect_grep site-badge-on-quoted-git "$P" 'recovery.3"><span class="badge-destructive"'
expect_eq site-blocks-styled "$(count "$P" '<div class="code destructive"')" 3
expect_eq site-copy-asks "$(count "$P" 'class="copy" data-confirm="This command is destructive. Copy it anyway?"')" 3
expect_eq site-plain-blocks "$(count "$P" '<div class="code"><pre>')" 2
expect_no_grep site-diagnosis-plain "$P" 'diagnosis.1"><span class="badge-destructive"'
expect_grep site-css "$W/site/assets/site.css" '.code.destructive pre'
expect_grep site-js-asks "$W/site/assets/site.js" 'window.confirm(ask)'
expect_eq handbook-badges "$(count "$H" '<span class="badge-destructive"[^>]*>Destructive</span>')" 3
expect_eq handbook-blocks-styled "$(count "$H" '<div class="code destructive"')" 3
expect_no_grep handbook-no-copy "$H" 'data-confirm'
expect_grep handbook-css "$H" '.code.destructive::before { content: "Destructive command"'

if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null; then
	skip chromium "chromium is not installed (.ci/run installs it)"
	exit 0
fi
timeout 300 python3 "$ROOT/tests/site/cdp.py" confirm "$W/site" drain.html > "$W/cdp.out" 2> "$W/cdp.err"
rc=$?
if [ $rc -eq 2 ]; then
	skip browser "chromium did not start: $(tail -1 "$W/cdp.err")"
elif [ $rc -ne 0 ] || ! grep -q '^PASS' "$W/cdp.out"; then
	fail browser "driver exit $rc: $(tail -c 400 "$W/cdp.err")"
fi
sed -n "s|^PASS |PASS $GROUP/|p; s|^FAIL |FAIL $GROUP/|p" "$W/cdp.out" >> "$RESULTS"
