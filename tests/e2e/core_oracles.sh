#!/bin/bash
# core_oracles.sh: the tests' own oracles cannot pass by accident. A checker
# that crashes, is missing or prints nothing fails (or skips, with a reason)
# the test that called it, never compares empty with empty.
GROUP=oracles
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch oracles)

# Run the lib.sh helpers against a private results file and read back what they recorded.
probe() {
	( RESULTS="$W/results"; : > "$RESULTS"; "$@" ) >/dev/null 2>&1
	cut -d' ' -f1 "$W/results" | sort -u | tr '\n' ' '
}
expect_eq both-crash "$(probe expect_oracles_same x false -- false)" "FAIL "
expect_eq both-silent "$(probe expect_oracles_same x true -- true)" "FAIL "
expect_eq one-crashes "$(probe expect_oracles_same x echo a -- false)" "FAIL "
expect_eq differ "$(probe expect_oracles_same x echo a -- echo b)" "FAIL "
expect_eq agree "$(probe expect_oracles_same x echo a -- echo a)" "PASS "
expect_eq cannot-run-skips "$(probe run_oracle x "$W/o" sh -c 'echo no tool >&2; exit 77')" "SKIP "

# blocks.py without the cmark-gfm command says so and exits 77 (skip), not 0 with nothing.
mkdir -p "$W/bin"
ln -sf "$(python3 -c "import sys; print(sys.executable)")" "$W/bin/python3"
printf '# T\n\n```sh\nx\n```\n' > "$W/t.md"
PATH="$W/bin" python3 "$ROOT/tests/legacy/blocks.py" "$W/t.md" > "$W/b.out" 2> "$W/b.err"
expect_eq blocks-without-cmark-gfm "$?" 77
expect_grep blocks-says-why "$W/b.err" "cmark-gfm"
if command -v cmark-gfm >/dev/null; then
	run_oracle blocks-counts "$W/b2.out" python3 "$ROOT/tests/legacy/blocks.py" "$W/t.md" &&
		expect_grep blocks-counts "$W/b2.out" "code=1 tables=0 items=0"
else
	skip blocks-counts "the cmark-gfm command is not installed"
fi
