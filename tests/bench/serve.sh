#!/bin/sh
# tests/bench/serve.sh: `make bench`, the `rbc serve` goal (doc/serve.md):
# from the write of a one-line edit in a 1,000-runbook book to the reload
# event reaching a client, median under 150 ms; serve's peak RSS under
# 64 MB. Works on a copy of tests/bench/gen/book1000 (made by run.sh, or
# here when missing) so the cached book stays as generated.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RBC=${BENCH_RBC:-$ROOT/rbc}   # BENCH_RBC: time another binary (an older build, to compare)
N=${BENCH_SERVE_EDITS:-9}
SRC="$ROOT/tests/bench/gen/book1000"
[ -d "$SRC/runbooks" ] || python3 "$ROOT/tests/bench/gen.py" "$SRC" 1000 > /dev/null || exit 2
W=$(mktemp -d "${TMPDIR:-/tmp}/rbc-bench-serve-XXXXXX")
trap 'rm -rf "$W"' EXIT
cp -r "$SRC" "$W/book"
mkdir -p "$W/tmp"
TMPDIR="$W/tmp" "$RBC" serve "$W/book" --port 0 2> "$W/err" &
pid=$!
port=""
i=0
while [ $i -lt 1200 ] && [ -z "$port" ] && kill -0 $pid 2>/dev/null; do
	port=$(sed -n 's|.*serving .* at http://[^:]*:\([0-9]*\)/.*|\1|p' "$W/err")
	[ -n "$port" ] || sleep 0.1
	i=$((i + 1))
done
if [ -z "$port" ]; then
	echo "bench: rbc serve did not start: $(head -c 300 "$W/err")" >&2
	kill $pid 2>/dev/null
	exit 1
fi
echo "serve: first build: $(sed -n 's/^rbc: built in \([0-9]*\) ms.*/\1 ms/p' "$W/err")"
file=$(ls "$W/book/runbooks/"*.md | sed -n 500p)
timeout 900 python3 "$ROOT/tests/bench/serve_latency.py" "$port" "$file" "$N" "$pid"
rc=$?
echo "serve: goals: median under 150 ms, peak RSS under 64 MB"
kill -TERM $pid
wait $pid
exit $rc
