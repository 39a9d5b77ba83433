#!/bin/sh
# tests/run.sh: run every test (unit, golden, end-to-end) against ./rbc and
# end with the line "N passed, N failed". Each test appends "PASS name",
# "FAIL name: why" or "SKIP name: why" to $RESULTS.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RBC="${RBC:-$ROOT/rbc}"
UNIT="${RBC_UNIT:-$ROOT/tests/unit/unit}"
OUT="$ROOT/tests/out"
RESULTS="$OUT/results"
rm -rf "$OUT"
mkdir -p "$OUT"
: > "$RESULTS"
export ROOT RBC OUT RESULTS
cd "$ROOT" || exit 2
if [ ! -x "$RBC" ]; then
	echo "tests/run.sh: $RBC is missing; run 'make' first" >&2
	echo "0 passed, 1 failed"
	exit 1
fi

if [ -n "${RBC_UNIT:-}" ] || make -s tests/unit/unit >"$OUT/unit-build.log" 2>&1; then
	"$UNIT" >> "$RESULTS" 2>"$OUT/unit.err" || echo "FAIL unit/run: the unit binary exited non-zero: $(tail -3 "$OUT/unit.err")" >> "$RESULTS"
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
