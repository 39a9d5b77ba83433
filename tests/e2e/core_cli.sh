#!/usr/bin/env bash
# core_cli.sh: the command line: help generated from the option table,
# version, usage errors (exit 2), colour control, dump and build basics.
GROUP=core-cli
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch cli)

run_rbc --help;            expect_rc help-exit 0
expect_grep help-lists-lint "$OUT/last.out" "lint [BOOK] [FILE...]"
expect_grep help-lists-option "$OUT/last.out" "--max-warnings N"
run_rbc help lint;         expect_rc help-cmd-exit 0
expect_grep help-cmd-synopsis "$OUT/last.out" "Usage: rbc lint [BOOK] [FILE...]"
expect_grep help-cmd-own-option "$OUT/last.out" "--baseline FILE"
expect_no_grep help-cmd-not-others "$OUT/last.out" "--paper"
run_rbc --version;         expect_rc version-exit 0
expect_grep version-text "$OUT/last.out" "rbc 0."
run_rbc;                   expect_rc no-command 2
run_rbc frobnicate;        expect_rc unknown-command 2
expect_grep unknown-command-msg "$OUT/last.err" "rbc: unknown command 'frobnicate'"
run_rbc dump --bogus;      expect_rc unknown-option 2
expect_grep unknown-option-msg "$OUT/last.err" "rbc: unknown option '--bogus'"
run_rbc dump --paper a4;   expect_rc option-not-for-command 2
expect_grep option-not-for-command-msg "$OUT/last.err" "option '--paper' does not apply to 'rbc dump'"
run_rbc lint --format;     expect_rc option-needs-value 2
run_rbc dump --color=sometimes; expect_rc bad-color 2
run_rbc build "$ROOT/tests/golden/yamlform"; expect_rc build-needs-output 2
run_rbc dump --as-of 2026-13-01 "$ROOT/tests/golden/yamlform"; expect_rc bad-as-of 2

# Colour: only when asked or on a TTY, and never with NO_COLOR.
mkdir -p "$W/b" && printf -- '---\nrevieved: 2026-01-01\n---\n# T\n## Scenario: A\n' > "$W/b/a.md"
run_rbc dump --color=always "$W/b"
if grep -q $'\033\[' "$OUT/last.err"; then pass color-always; else fail color-always "no escape codes"; fi
run_rbc dump "$W/b"
if grep -q $'\033\[' "$OUT/last.err"; then fail color-auto-pipe "escape codes on a pipe"; else pass color-auto-pipe; fi
NO_COLOR=1 "$RBC" dump --color=auto "$W/b" >/dev/null 2>"$W/nc.err"
if grep -q $'\033\[' "$W/nc.err"; then fail no-color "escape codes with NO_COLOR"; else pass no-color; fi

# dump: schema field, the whole model, exit 0 on a clean book.
run_rbc dump "$ROOT/tests/golden/yamlform"; expect_rc dump-clean 0
expect_json dump-schema 'd["schema"]' 1
expect_json dump-scenarios 'len(d["runbooks"][0]["scenarios"])' 1
expect_json dump-contacts 'd["contacts"][0]["id"]' ops

# build: writes OUT/model.json atomically; a failed build keeps the old output.
run_rbc build "$ROOT/tests/golden/yamlform" -o "$W/site"; expect_rc build-exit 0
if [ -s "$W/site/model.json" ]; then pass build-writes-model; else fail build-writes-model "no model.json"; fi
cp -R "$W/site" "$W/site.before"
mkdir -p "$W/broken" && printf -- '---\nrto: [1]\n---\n# T\n' > "$W/broken/a.md"
run_rbc build "$W/broken" -o "$W/site"; expect_rc build-fails-on-error 1
if diff -r "$W/site" "$W/site.before" >/dev/null; then pass build-keeps-old-output; else fail build-keeps-old-output "output changed"; fi
if ls -a "$W" | grep -q 'rbc-tmp'; then fail build-no-leftovers "temporary folder left behind"; else pass build-no-leftovers; fi
