#!/usr/bin/env bash
# scripts_hostile.sh: a book whose titles, step text and commands hold
# $(...), backticks, quotes, backslashes, newlines, EOF lines, a leading
# '-' and UTF-8. --help, --list and --dry-run must run nothing, and
# --list must give the titles back byte for byte (against rbc dump).
GROUP=scripts-hostile
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch hostile)
BOOK="$ROOT/tests/scripts/hostile"

run_rbc scripts "$BOOK" -o "$W/s"; expect_rc generate 0
S="$W/s/hostile/evil.sh"
if [ -x "$S" ]; then pass generated; else fail generated "$(find "$W/s")"; exit 0; fi
if command -v shellcheck >/dev/null; then
	if out=$(shellcheck -S warning "$S" 2>&1); then pass shellcheck; else fail shellcheck "$(echo "$out" | head -20)"; fi
else
	skip shellcheck "shellcheck is not installed (.ci/run installs it)"
fi
if bash -n "$S"; then pass bash-n; else fail bash-n "syntax error"; fi
# No runbook text outside the data block's literals: no heredocs at all
# (a here-string of a variable, <<<"$line", has no delimiter to forge).
if grep -qE '(^|[^<])<<-?[[:space:]]*[A-Za-z_'"'"'"]' "$S"; then fail no-heredoc "$(grep -nE '(^|[^<])<<-?[[:space:]]*[A-Za-z_'"'"'"]' "$S" | head -3)"; else pass no-heredoc; fi
printf 'x <<EOF\nx <<-"END"\nsum=$(exec sha256sum <<<"$line")\n' >"$W/heredocs"
expect_eq no-heredoc-oracle "$(grep -cE '(^|[^<])<<-?[[:space:]]*[A-Za-z_'"'"'"]' "$W/heredocs")" 2
# Comments hold no raw newline from a title: every header line is a comment.
if sed -n '2,/^set -Eeuo pipefail$/p' "$S" | grep -v '^#' | grep -qv '^set -Eeuo pipefail$'; then
	fail header-comments "a header line is not a comment"
else
	pass header-comments
fi

cd "$W" || exit 1
# no_canary NAME: nothing created the canary file anywhere under $W.
no_canary() {
	if [ -n "$(find "$W" -name canary)" ]; then fail "$1" "canary created"; rm -f "$(find "$W" -name canary)"; else pass "$1"; fi
}
"$S" --help >"$W/help.out" 2>&1; expect_eq help-rc "$?" 0
no_canary help-runs-nothing
"$S" --list >"$W/list.out" 2>"$W/list.err"; expect_eq list-rc "$?" 0
no_canary list-runs-nothing
"$S" --dry-run >"$W/dry.out" 2>&1; expect_eq dry-run-rc "$?" 0
no_canary dry-run-runs-nothing
expect_grep dry-run-shows-command "$W/dry.out" "echo 'diag \$(touch canary)' \"it's\" \`echo tick\` \\"
expect_grep dry-run-shows-manual "$W/dry.out" "\$(touch canary) manual text block"

# --list round trip: "id<TAB>title" per step in phase order, from the model,
# with control and bidi characters written out as the script shows them.
run_rbc dump "$BOOK"
python3 - "$OUT/last.out" >"$W/list.want" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
def shown(t):
    return re.sub("[\x01-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]",
                  lambda m: "\\x%02x" % ord(m.group()) if ord(m.group()) < 0x80 else "<U+%04X>" % ord(m.group()), t)
order = ["diagnosis", "recovery", "verification", "rollback"]
for rb in d["runbooks"]:
    for sc in rb["scenarios"]:
        secs = {s["kind"]: s for s in sc["sections"]}
        for k in order:
            for st in secs.get(k, {}).get("steps", []):
                sys.stdout.buffer.write((st["id"] + "\t" + shown(st["title"]) + "\n").encode())
PY
if [ -s "$W/list.want" ]; then expect_same list-round-trip "$W/list.out" "$W/list.want"; else
	fail list-round-trip "the dump oracle printed no steps"; fi
expect_grep list-utf8 "$W/list.out" "ünïcödé 日本語 ✓"

# Running hostile commands for real: they run as their own text, nothing more.
"$S" --yes --only diagnosis.1 >"$W/run.out" 2>&1; expect_eq run-rc "$?" 0
expect_grep run-output "$W/run.out" "diag \$(touch canary) it's tick done"
no_canary run-creates-nothing-extra
RBC_LOG_DIR="$W" "$S" --yes --only recovery.1 >"$W/run2.out" 2>&1; expect_eq run2-rc "$?" 0
expect_grep run2-output "$W/run2.out" "recovery ran"
no_canary run2-no-canary

# Terminal control bytes are shown, not obeyed, in what the operator reads.
if grep -q $'\033' "$W/dry.out" || grep -q $'\r' "$W/dry.out"; then fail dry-run-no-raw-escapes "ESC or CR reached the terminal"; else pass dry-run-no-raw-escapes; fi
expect_grep dry-run-escapes-visible "$W/dry.out" 'Terminal \x1b[2K\x1b[1Ahidden'
expect_grep dry-run-command-escaped "$W/dry.out" 'echo "esc \x1b[31mred"'
if grep -q $'\033' "$W/list.out"; then fail list-no-raw-escapes "ESC reached the terminal"; else pass list-no-raw-escapes; fi
