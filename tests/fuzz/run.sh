#!/bin/sh
# tests/fuzz/run.sh [SECONDS] [TARGET...]: run the libFuzzer targets built by
# `make fuzz`, each for SECONDS (default 600), two at a time, with corpora
# seeded from the tests' fixtures. Crashes land in build/fuzz/crash-*;
# turn each into a regression test. Prints executions per target.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 2
SECS=${1:-600}
[ $# -gt 0 ] && shift
TARGETS=${*:-markdown yaml_runbook contacts config lint}
F=build/fuzz

# seed NAME GLOB...: copy the fixtures that match into NAME's corpus.
seed() {
	d="$F/corpus-$1"; shift
	mkdir -p "$d"
	for f in "$@"; do [ -f "$f" ] && cp "$f" "$d/" 2>/dev/null; done
}
mkdir -p "$F"
[ -d "$F/bench-seed" ] || python3 tests/bench/gen.py "$F/bench-seed" 4 >/dev/null
seed markdown tests/golden/*.md tests/golden/*/*.md tests/stale/*.md tests/stale/*/*.md tests/stale/*/*/*.md "$F"/bench-seed/runbooks/*.md
seed lint tests/lint/book/*.md runbooks/*.md tests/golden/*.md
seed yaml_runbook tests/golden/*.yaml tests/golden/*/*.yaml tests/golden/*/*.yml tests/stale/*/*.yaml tests/stale/*/*/*.yaml
seed contacts tests/*/contacts.yaml tests/*/*/contacts.yaml tests/*/*/*/contacts.yaml "$F/bench-seed/contacts.yaml"
seed config tests/*/rbc.yaml tests/*/*/rbc.yaml tests/*/*/*/rbc.yaml "$F/bench-seed/rbc.yaml"

run() {
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		"$F/fuzz_$1" -max_total_time="$SECS" -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
		-artifact_prefix="$F/crash-$1-" -print_final_stats=1 "$F/corpus-$1" > "$F/log-$1.txt" 2>&1
	echo "fuzz_$1: exit $? $(grep -E '^stat::number_of_executed_units' "$F/log-$1.txt" | awk '{print $2}') executions in ${SECS}s, corpus $(ls "$F/corpus-$1" | wc -l)"
}
set -- $TARGETS
while [ $# -gt 0 ]; do
	run "$1" &
	if [ $# -gt 1 ]; then run "$2" & shift; fi
	shift
	wait
done
