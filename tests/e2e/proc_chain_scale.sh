#!/usr/bin/env bash
# proc_chain_scale.sh: a book of 3,000 procedures, each calling the next,
# across two runbooks. Finding a procedure's callers searched every call of
# the book and resolved each by a scan of the procedures: N^3, a minute of
# CPU for dump or lint here. With the book's index of procedures (built
# once per load) each command takes a fraction of a second; 10 s of CPU
# is the ceiling allowed on a slow, shared machine.
GROUP=proc-chain-scale
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2

B=$(scratch book)
python3 - "$B" <<'PY'
import sys
d, n = sys.argv[1], 3000
half = n // 2
with open(f"{d}/a.md", "w") as f:
    f.write("---\nowner: ops\nreviewed: 2026-11-01\n---\n# Chain A\n\n## Scenario: Start\n\n"
            "**Severity:** P1 · **RTO:** 1h\n\n### Symptoms\n\nIt broke.\n\n### Diagnosis\n\nLook.\n\n"
            "### Recovery\n\n1. [P 0](#procedure-p-0)\n\n### Rollback\n\nNone.\n\n")
    for i in range(half):
        nxt = f"#procedure-p-{i + 1}" if i + 1 < half else "b.md#procedure-p-%d" % half
        f.write(f"## Procedure: P {i}\n\n1. Step {i} (1 min)\n   ```bash\n   echo {i}\n   ```\n2. [Next]({nxt})\n\n")
with open(f"{d}/b.md", "w") as f:
    f.write("# Chain B\n\n")
    for i in range(half, n):
        f.write(f"## Procedure: P {i}\n\n1. Step {i} (1 min)\n")
        if i + 1 < n:
            f.write(f"2. [Next](#procedure-p-{i + 1})\n")
        f.write("\n")
PY
printf 'contacts:\n  ops: {name: Ops, email: ops@example.org, verified: 2026-11-01}\n' >"$B/contacts.yaml"

# cpu NAME CMD...: run CMD (at most 60 s), print its user+sys CPU seconds
cpu() {
	local t="$OUT/proc-chain.time"
	if [ -x /usr/bin/time ]; then
		timeout 60 /usr/bin/time -f '%U %S' -o "$t" "$@" >"$OUT/last.out" 2>"$OUT/last.err"
		echo $? >"$OUT/last.rc"
		tail -1 "$t" | awk '{ printf "%.0f\n", $1 + $2 + 0.5 }'
	else
		local s=$SECONDS
		timeout 60 "$@" >"$OUT/last.out" 2>"$OUT/last.err"
		echo $? >"$OUT/last.rc"
		echo $((SECONDS - s))
	fi
}
under() { if [ "$2" -le "$3" ] 2>/dev/null; then pass "$1"; else fail "$1" "took $2 s of CPU, want at most $3 (rc $(last_rc))"; fi; }

s=$(cpu "$RBC" dump "$B" --as-of 2026-12-01 -j1)
expect_rc dump-rc 0
under dump-cpu "$s" 10
expect_json used-by-chain "[p['used_by'] for r in d['runbooks'] for p in r['procedures'] if p['title'] in ('P 0', 'P 1500', 'P 2999')]" \
	"[['a.md#scenario-start'], ['a.md#procedure-p-1499'], ['b.md#procedure-p-2998']]"
expect_json all-used "sum(1 for r in d['runbooks'] for p in r['procedures'] if len(p['used_by']) == 1)" 3000

s=$(cpu "$RBC" lint "$B" --as-of 2026-12-01 -j1 --no-cache)
under lint-cpu "$s" 10
expect_no_grep lint-no-unused "$OUT/last.out" "[procedure-unused]"
expect_no_grep lint-no-broken "$OUT/last.out" "[procedure-call-broken]"

s=$(cpu "$RBC" build "$B" -o "$OUT/$GROUP/site" --as-of 2026-12-01 -j1 --no-cache)
expect_rc build-rc 0
under build-cpu "$s" 10
expect_grep site-used-by "$OUT/$GROUP/site/b.html" "Used by: "
