#!/bin/sh
# tests/run.sh [quick|full]: run the tests against ./rbc and end with the
# line "N passed, N failed". quick (make test) is the loop: unit, golden and
# the core end-to-end scripts. full (make test-full) adds the scripts that
# start with a line "# tier: full": browser, PDF, valgrind, kill -9 and
# big-book tests. Scripts run RBC_TEST_JOBS at a time (default: the number
# of cores), each with its own $OUT folder and results file; every test
# appends "PASS name", "FAIL name: why" or "SKIP name: why" to $RESULTS.
set -u
TIER="${1:-quick}"
case $TIER in quick|full) ;; *) echo "usage: tests/run.sh [quick|full]" >&2; exit 2 ;; esac
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RBC="${RBC:-$ROOT/rbc}"
UNIT="${RBC_UNIT:-$ROOT/tests/unit/unit}"
OUT="$ROOT/tests/out"
RESULTS="$OUT/results"
JOBS="${RBC_TEST_JOBS:-$(nproc 2>/dev/null || echo 2)}"
# The last run's wall seconds per script (tests/out/times, "wall cpu
# script"), kept to start the slowest scripts first.
last_times=$(cat "$OUT/times" 2>/dev/null)
rm -rf "$OUT"
mkdir -p "$OUT"
: > "$RESULTS"
export ROOT RBC
cd "$ROOT" || exit 2
# python3 for the oracles, found once for every script (see tests/lib.sh)
if [ -z "${RBC_PY:-}" ]; then
	if [ -x /usr/bin/python3 ]; then RBC_PY=/usr/bin/python3; else RBC_PY=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null); fi
	export RBC_PY
fi
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

# The scripts of this tier, slowest first so the workers end together: by
# the last run's wall time where tests/out/times has one, else the scripts
# of $SLOW (the slowest on a 2-core machine) first, in its order; a script
# new since the last run counts as slow.
SLOW="tests/e2e/scripts_run.sh tests/e2e/scripts_honest.sh tests/e2e/serve_live.sh
	tests/e2e/build_nochange.sh tests/e2e/build_cache.sh tests/e2e/proc_calls.sh
	tests/e2e/lint_cache.sh tests/e2e/serve_security.sh tests/e2e/serve_warm.sh"
for t in tests/golden/run.sh tests/e2e/*.sh; do
	[ -f "$t" ] || continue
	if [ "$TIER" = quick ] && grep -q '^# tier: full' "$t"; then continue; fi
	echo "$t"
done | { printf '%s\n' "$last_times"; echo "--"; cat; } | awk -v slow="$SLOW" '
	$0 == "--" { listing = 1; split(slow, s); for (i in s) known[s[i]] = 1000 - i; next }
	!listing { if (NF == 3) { w[$3] = $1; n++ }; next }
	{ print (n ? ($0 in w ? w[$0] : 1000) : ($0 in known ? known[$0] : 0)), $0 }' |
	sort -s -k1,1 -rn | cut -d' ' -f2- > "$OUT/scripts"
# run_one SCRIPT: one script in its own OUT, its results and log kept there.
export OUT
xargs -P "$JOBS" -I{} sh -c '
	t=$1; d="$OUT/$(echo "$t" | tr / _ | sed "s/\.sh$//")"
	mkdir -p "$d"; : > "$d/results"
	# wall and CPU seconds of the script, children included
	OUT="$d" RESULTS="$d/results" T="$t" bash -c '"'"'TIMEFORMAT="%R %U %S"; { time bash "$T" > "$OUT/log" 2>&1; } 2> "$OUT/time"'"'"' ||
		echo "FAIL $t: the test script itself exited non-zero (see $d/log)" >> "$d/results"
	awk -v t="$t" '"'"'{printf "%.0f %.0f %s\n", $1, $2 + $3, t}'"'"' "$d/time" > "$d/seconds"
' _ {} < "$OUT/scripts"
while read -r t; do
	cat "$OUT/$(echo "$t" | tr / _ | sed 's/\.sh$//')/results"
done < "$OUT/scripts" >> "$RESULTS"

# Each script's wall and CPU seconds, slowest first (tests/out/times): the
# quick tier stays a loop only while its CPU total fits the cores.
cat "$OUT"/*/seconds 2>/dev/null | sort -rn > "$OUT/times"
echo "slowest (wall s): $(head -3 "$OUT/times" | awk '{printf "%s%s %s", (NR>1 ? ", " : ""), $3, $1}'); CPU total $(awk '{s += $2} END {print s}' "$OUT/times") s" >&2
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
