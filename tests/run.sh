#!/bin/sh
# tests/run.sh: run every test (unit, golden, end-to-end) against ./rbc and
# end with the line "N passed, N failed". Each test appends "PASS name",
# "FAIL name: why" or "SKIP name: why" to $RESULTS.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RBC="$ROOT/rbc"
OUT="$ROOT/tests/out"
RESULTS="$OUT/results"
rm -rf "$OUT"
mkdir -p "$OUT"
: > "$RESULTS"
export ROOT RBC OUT RESULTS
cd "$ROOT" || exit 2

if make -s tests/unit/unit >"$OUT/unit-build.log" 2>&1; then
	./tests/unit/unit >> "$RESULTS" 2>"$OUT/unit.err" || true
else
	echo "FAIL unit/build: see tests/out/unit-build.log" >> "$RESULTS"
	cat "$OUT/unit-build.log" >&2
fi

for t in tests/golden/run.sh tests/e2e/*.sh; do
	[ -f "$t" ] || continue
	bash "$t" || echo "FAIL $t: the test script itself exited non-zero" >> "$RESULTS"
done

pass=$(grep -c '^PASS' "$RESULTS")
fail=$(grep -c '^FAIL' "$RESULTS")
skip=$(grep -c '^SKIP' "$RESULTS")
grep '^FAIL' "$RESULTS" >&2
grep '^SKIP' "$RESULTS" >&2
if [ "$skip" -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
