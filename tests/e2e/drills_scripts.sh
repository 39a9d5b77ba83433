#!/usr/bin/env bash
# tier: full
# drills_scripts.sh: the generated step scripts run as drills (and one real
# run) against stubs, on a fake clock (libfaketime reads the time from a
# file that the `work` stub moves on), so every measured time is exact:
# several drills, a failing step, a retry, a skip, a real run, a dry run.
# The records they write must give the golden reports that drills_report.sh
# checks on the committed copies in tests/drills/book/drills (RBC_REGEN=1 renews
# those copies and the goldens).
GROUP=drills-scripts
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch run)
cp -r "$ROOT/tests/drills/book" "$W/book"
rm -rf "$W/book/drills"   # the committed records: these runs make them again
mkdir -p "$W/book/drills" "$W/state"
export GIT_CEILING_DIRECTORIES="$W"   # the book is not in git: "book_commit": null
cd "$W" || exit 1   # scripts run by relative path: no machine path in the records

run_rbc scripts book -o s; expect_rc generate 0
S=s/svc
if command -v shellcheck >/dev/null; then
	if out=$(shellcheck -S warning "$S"/*.sh 2>&1); then pass shellcheck; else fail shellcheck "$(echo "$out" | head -20)"; fi
else
	skip shellcheck "shellcheck is not installed (.ci/run installs it)"
fi

FT=""
for f in /usr/lib/*/faketime/libfaketime.so.1 /usr/lib/faketime/libfaketime.so.1; do
	[ -e "$f" ] && FT=$f && break
done
if [ -z "$FT" ]; then
	skip faketime "libfaketime is not installed (apt-get install faketime); no drill can be timed"
	exit 0
fi

export PATH="$ROOT/tests/drills/stubs:$PATH" CALLS="$W/calls" STATE="$W/state" TZ=UTC USER=drill-op
unset SUDO_USER
export RBC_LOG_DIR=book/drills
# at TIME SCRIPT ARGS...: run a script with the clock at TIME (frozen but
# for what `work` adds); stdin is the operator's answers. Status in $rc.
at() {
	echo "$1" >"$W/clock"
	shift
	rc=0
	LD_PRELOAD=$FT FAKETIME_TIMESTAMP_FILE="$W/clock" FAKETIME_NO_CACHE=1 "$@" >"$W/run.out" 2>&1 || rc=$?
}

# fast: two drills and a real recovery, 18 minutes each (RTO 30 min).
at "2026-11-02 10:00:00" "$S/fast.sh" --yes --drill </dev/null; expect_eq fast-drill-1 "$rc" 0
at "2026-11-09 10:00:00" "$S/fast.sh" --yes --drill </dev/null; expect_eq fast-drill-2 "$rc" 0
at "2026-11-20 03:00:00" "$S/fast.sh" --yes </dev/null; expect_eq fast-real "$rc" 0
# cert: 10, 30 and 20 minutes: last 20, median 20, worst 30 (RTO 1h).
WORK_SCALE=1 at "2026-11-05 09:00:00" "$S/cert.sh" --yes --drill </dev/null
WORK_SCALE=3 at "2026-11-15 09:00:00" "$S/cert.sh" --yes --drill </dev/null
WORK_SCALE=2 at "2026-11-25 09:00:00" "$S/cert.sh" --yes --drill </dev/null; expect_eq cert-drills "$rc" 0
# slow: 21 minutes against an RTO of 15.
at "2026-11-03 10:00:00" "$S/slow.sh" --yes --drill </dev/null; expect_eq slow-drill "$rc" 0
# flaky: fails under --yes; then interactively, retried and done.
rm -f "$STATE/flaky"
at "2026-11-10 10:00:00" "$S/flaky.sh" --yes --drill </dev/null; expect_eq flaky-fails "$rc" 1
rm -f "$STATE/flaky"
at "2026-11-11 10:00:00" "$S/flaky.sh" --drill <<<$'y\nr\ny\n'; expect_eq flaky-retried "$rc" 0
# purge: the operator skips the second step, so no run passes.
at "2026-11-12 10:00:00" "$S/purge.sh" --drill <<<$'y\ns\n'; expect_eq purge-skip "$rc" 0
# region: passed, but on 2026-09-01; tier 1 drills every 30 days.
at "2026-09-01 08:00:00" "$S/region.sh" --yes --drill </dev/null; expect_eq region-drill "$rc" 0
# Each line of the record is hashed by one process: the runner's command
# substitution runs sha256sum itself (no pipeline under it), so every
# sha256sum is a child of the runner. Counted with strace on a drill of
# its own (the record's lines are the events).
if command -v strace >/dev/null 2>&1; then
	mkdir -p traced
	RBC_LOG_DIR=traced at "2026-11-14 10:00:00" strace -f -e trace=clone,clone3,fork,vfork,execve -o "$W/trace" \
		"$S/fast.sh" --yes --drill </dev/null
	got=$(python3 - "$W/trace" <<'PY'
import re, sys
parent, main, sha = {}, None, []
for line in open(sys.argv[1]):
    m = re.match(r'(\d+)\s+(.*)', line)
    if not m:
        continue
    pid, call = int(m.group(1)), m.group(2)
    main = main or pid
    c = re.match(r'(clone3?|v?fork)\(.*= (\d+)$', call)
    if c:
        parent[int(c.group(2))] = pid
    if re.match(r'execve\("[^"]*/sha256sum"', call) and call.endswith('= 0'):
        sha.append(pid)
# the first sha256sum is the script's own digest (sha256sum -- "$0")
print(len(sha) - 1, sum(parent.get(p) == main for p in sha[1:]))
PY
)
	n=$(wc -l <traced/*.jsonl)
	expect_eq hash-one-process-per-line "$got" "$n $n"
else
	skip hash-one-process-per-line "no strace to count the processes"
fi
# A dry run is never recorded.
n0=$(find book/drills -name '*.jsonl' | wc -l)
at "2026-11-13 10:00:00" "$S/fast.sh" --dry-run </dev/null
expect_eq dry-run-no-record "$(find book/drills -name '*.jsonl' | wc -l)" "$n0"
expect_eq records-written "$n0" 11

F=$(ls book/drills/rbc-svc-fast-20261102T100000Z.jsonl 2>/dev/null)
if [ -n "$F" ]; then pass record-name; else fail record-name "$(ls "$W/book/drills")"; fi
head -1 "$F" >"$W/first"
expect_grep record-mode "$W/first" '"mode":"drill"'
expect_grep record-ids "$W/first" '"runbook":"svc","scenario":"fast"'
expect_grep record-operator "$W/first" '"operator":"drill-op","host":"drill-host"'
expect_grep record-no-commit "$W/first" '"book_commit":null'
expect_grep record-rto "$W/first" '"rto":"30 min","rto_seconds":1800'
expect_grep record-estimate "$W/first" '{"id":"recovery.1","phase":"recovery","estimate":"10 min","estimate_lo":600,"estimate_hi":600,"selected":true}'
expect_grep record-script-sha "$W/first" "\"script_sha256\":\"$(sha256sum "$S/fast.sh" | cut -c1-64)\""
expect_grep record-real "book/drills/rbc-svc-fast-20261120T030000Z.jsonl" '"mode":"real"'
expect_grep record-times "$F" '"time":"2026-11-02T10:18:00Z","event":"step_end","step":"verification.1"'
expect_grep record-retry "book/drills/rbc-svc-flaky-20261111T100000Z.jsonl" '"event":"retry","step":"recovery.1"'
expect_grep record-skip "book/drills/rbc-svc-purge-20261112T100000Z.jsonl" '"event":"skip","step":"recovery.2","reason":"operator"'
# the chain as sha256sum sees it: line 2's prev is the hash of line 1
expect_eq chain-sha256sum "$(sed -n 2p "$F" | sed 's/.*"prev":"\([0-9a-f]*\)".*/\1/')" \
	"$(head -1 "$F" | sha256sum | cut -c1-64)"
expect_grep seal-in-transcript "${F%.jsonl}.log" "sealed; its last line's sha256 is $(tail -1 "$F" | sha256sum | cut -c1-64)"

run_rbc drills verify book/drills; expect_rc verify-clean 0

# A record of a scenario the book does not have (drills_report.sh uses it).
cp -r book book2
sed -i 's/{#fast}/{#fsat}/' book2/svc.md
"$RBC" scripts book2 -o s2 2>/dev/null
mkdir -p other
RBC_LOG_DIR=other at "2026-11-02 10:00:00" s2/svc/fsat.sh --yes --drill </dev/null
expect_eq unknown-record "$(ls other/*.jsonl 2>/dev/null | wc -l)" 1

# The reports of these records are the goldens (hashes masked: they follow the runner's text).
for fmt in text md csv json html; do
	run_rbc drills book --as-of 2026-12-01 --format "$fmt"
	sed -E 's/[0-9a-f]{64}/<sha256>/g' "$OUT/last.out" >"$W/report.$fmt"
	[ -z "${RBC_REGEN:-}" ] || cp "$W/report.$fmt" "$ROOT/tests/drills/report.$fmt"
	expect_same "golden-$fmt" "$W/report.$fmt" "$ROOT/tests/drills/report.$fmt"
done
if [ -n "${RBC_REGEN:-}" ]; then
	rm -rf "$ROOT/tests/drills/book/drills" "$ROOT/tests/drills/other"
	mkdir -p "$ROOT/tests/drills/book/drills" "$ROOT/tests/drills/other"
	cp book/drills/*.jsonl "$ROOT/tests/drills/book/drills/"
	cp other/*.jsonl "$ROOT/tests/drills/other/"
fi
