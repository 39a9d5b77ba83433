#!/usr/bin/env bash
# lint_control_chars.sh: control characters (backspace, ESC, C1), bidi
# overrides and isolates, and zero-width characters in a book. Lint names
# each at its own file:line:col (a command's at the line inside the fence);
# a build refuses the book before any page is written. With the rules
# lowered to warnings, the site, the handbook, the scripts' --list and
# --dry-run show every such character written out, never raw.
GROUP=lint-control-chars
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
ASOF=2026-11-22
B=$(scratch book)
W=$(scratch work)
cp "$ROOT/tests/lint/book/rbc.yaml" "$B/"
# contacts.yaml: a YAML escape puts a backspace into a name (line 4, col 11)
python3 - "$B" <<'PY'
import sys
b = sys.argv[1]
open(b + "/contacts.yaml", "w").write(
    "contacts:\n  ops-oncall:\n    role: First responder\n    name: \"Ops\\bon-call\"\n"
    "    email: ops@larkspur.example\n    verified: 2026-10-01\n")
lines = [
    "---",
    "title: Control",
    "owner: ops-oncall",
    "tier: 1",
    "reviewed: 2026-10-01",
    'service: "pay\\e[31mments"',                     # 6: an escape in a quoted scalar
    "---",
    "",
    "# Control",
    "",
    "## Scenario: Cache \x1b[2K down",                  # 11:20 ESC in a title
    "",
    "**Severity:** P2 · **RTO:** 30 min · **Owner:** @ops-oncall · **Alerts:** Cache\x07Down",  # 13: BEL
    "",
    "### Symptoms",
    "- Latency \x08rises.",                            # 16:12 backspace in text
    "- \u202bRTL text\u202c in prose is fine.",        # 17: bidi in prose: not reported
    "",
    "### Diagnosis",
    "1. Check the cache (5 min)",
    "   ```bash",
    "   redis-cli ping\x08\x08\x08\x08rm -rf x",       # 22:18 backspace in a command
    "   echo \u202eevil",                              # 23:9 RLO in a command
    "   echo \u2066iso\u2069",                         # 24:9 isolate in a command
    "   echo \u009b31m",                               # 25:9 C1 CSI in a command
    "   echo zero\u200bwidth",                         # 26:13 zero-width: a warning
    "   ```",
    "",
    "### Recovery",
    "1. Restart the cache (10 min)",
    "   ```bash",
    "   systemctl restart redis",
    "   ```",
    "",
    "### Rollback",
    "1. Nothing to undo.",
]
open(b + "/ctl.md", "w").write("\n".join(lines) + "\n")
# raw.md: a raw ESC in front matter, which libyaml refuses without a place
open(b + "/raw.md", "w").write("---\ntitle: Raw\nowner: ops-oncall\nservice: a\x1bb\n---\n\n# Raw\n")
PY

run_rbc lint "$B" --as-of $ASOF
expect_rc lint-exit 1
L="$OUT/last.out"
expect_grep title "$L" "ctl.md:11:20: error: control character in the text"
expect_grep title-names-it "$L" "U+001B escape [control-char]"
expect_grep metadata "$L" "ctl.md:13:83: error: control character in the text; delete it (a terminal or browser would obey or drop it): U+0007 bell"
expect_grep step-text "$L" "ctl.md:16:11: error: control character in the text"
expect_grep command-backspace "$L" "ctl.md:22:18: error: control or bidi character in a command"
expect_grep command-backspace-named "$L" "U+0008 backspace [control-char]"
expect_grep command-rlo "$L" "ctl.md:23:9: error: control or bidi character in a command; it can hide what runs, so delete it: U+202E right-to-left override"
expect_grep command-isolate "$L" "ctl.md:24:9: error: control or bidi character in a command; it can hide what runs, so delete it: U+2066 left-to-right isolate"
expect_grep command-c1 "$L" "ctl.md:25:9: error: control or bidi character in a command; it can hide what runs, so delete it: U+009B"
expect_grep command-zero-width "$L" "ctl.md:26:13: warning: invisible zero-width character in a command; delete it: U+200B zero-width space [zero-width]"
expect_grep front-matter-escape "$L" "ctl.md:6:10: error: control character in the text"
expect_grep contacts-escape "$L" "contacts.yaml:4:11: error: control character in the text"
expect_grep front-matter-raw "$L" "raw.md:4:11: error: control character in the text; delete it (a terminal or browser would obey or drop it): U+001B escape"
expect_no_grep prose-bidi-not-reported "$L" "ctl.md:17:"
expect_no_grep no-yaml-syntax-error "$L" "control characters are not allowed"

# build: refused at the source lines, not as html-check errors on pages
run_rbc build "$B" -o "$W/site" --as-of $ASOF
expect_rc build-exit 1
expect_grep build-names-source "$OUT/last.err" "ctl.md:22:18: error:"
expect_no_grep build-no-html-check "$OUT/last.err" "html-check"
if [ -e "$W/site" ]; then fail build-writes-nothing "$W/site exists"; else pass build-writes-nothing; fi

# lowered to warnings, the outputs show every character written out
printf 'rules:\n  control-char: warning\n' >> "$B/rbc.yaml"
rm -f "$B/raw.md"
run_rbc build "$B" -o "$W/site" --as-of $ASOF
expect_rc lowered-build-exit 0
expect_no_grep lowered-no-html-check "$OUT/last.err" "html-check"
P="$W/site/ctl.html"
expect_grep site-command-backspace "$P" 'redis-cli ping\x08\x08\x08\x08rm -rf x'
expect_grep site-command-rlo "$P" 'echo &lt;U+202E&gt;evil'
expect_grep site-command-isolate "$P" 'echo &lt;U+2066&gt;iso&lt;U+2069&gt;'
expect_grep site-command-c1 "$P" 'echo &lt;U+009B&gt;31m'
expect_grep site-command-zero-width "$P" 'echo zero&lt;U+200B&gt;width'
expect_grep site-title "$P" 'Cache \x1b[2K down'
expect_grep handbook-command "$W/site/handbook.html" 'echo &lt;U+202E&gt;evil'
# no page holds a raw C0/C1 control character (bidi in prose is kept)
if python3 - "$W/site" <<'PY'
import os, re, sys
bad = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
hits = [p for d, _, fs in os.walk(sys.argv[1]) for f in fs if f.endswith(".html")
        for p in [os.path.join(d, f)] if bad.search(open(p, encoding="utf-8").read())]
pages = [f for _, _, fs in os.walk(sys.argv[1]) for f in fs if f.endswith(".html")]
if hits or not pages:
    print(" ".join(hits) or "no pages")
sys.exit(1 if hits or not pages else 0)
PY
then pass site-no-raw-controls; else fail site-no-raw-controls "raw control characters in pages"; fi

S=$(find "$W/site/scripts" -name '*.sh' 2>/dev/null | head -1)
if [ -z "$S" ]; then fail script-written "no script in $W/site/scripts"; exit 0; fi
"$S" --list >"$W/list.out" 2>&1
expect_grep list-title-shown "$W/list.out" 'diagnosis.1	Check the cache'
"$S" --dry-run >"$W/dry.out" 2>&1
expect_grep dry-run-backspace "$W/dry.out" 'redis-cli ping\x08\x08\x08\x08rm -rf x'
expect_grep dry-run-rlo "$W/dry.out" 'echo <U+202E>evil'
expect_grep dry-run-zero-width "$W/dry.out" 'echo zero<U+200B>width'
for f in "$W/list.out" "$W/dry.out"; do
	if LC_ALL=C grep -qP '[\x01-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]' "$f"; then
		fail "no-raw-controls-$(basename "$f")" "raw control characters in $f"
	else
		pass "no-raw-controls-$(basename "$f")"
	fi
done
# the script's header comment shows the scenario title written out too
expect_grep script-header "$S" '# rbc step script: Cache \x1b[2K down'
