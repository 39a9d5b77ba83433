#!/usr/bin/env bash
# lint_limits.sh: the sandbox's limits. A rule keeps at most 10,000
# findings (then one summary) and its findings count against lua: memory:;
# rbc.yaml may lower the limits, never raise them (--lua-limits does); the
# rbc.* helpers refuse numbers out of range instead of overflowing (run
# this with a -fsanitize=undefined build too: UBSan must stay quiet).
GROUP=lint-limits
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2

# book NAME: a scratch copy of the lint fixture book with an empty lua/
book() {
	V=$(scratch "$1")
	cp -R "$ROOT/tests/lint/book/." "$V/"
	mkdir -p "$V/lua"
	cat > "$V/lua/zz-canary.lua" <<'LUA'
return { id = "canary", summary = "still runs", severity = "note",
  runbook = function(rb) rbc.report(rb, "canary saw %s", rb.path) end }
LUA
}

# lint ARGS...: lint $V as of a fixed day, within 60 s
lint() {
	(cd "$V" && timeout 60 "$RBC" lint . --as-of 2026-11-22 "$@" >"$OUT/last.out" 2>"$OUT/last.err"
	 echo $? > "$OUT/last.rc")
}

# At most 10,000 findings per rule, then one finding with the count of the
# rest, in the same place at -j1 and -j2.
book many
cat > "$V/lua/many.lua" <<'LUA'
return { id = "many", summary = "too many", severity = "note",
  runbook = function(rb) for i = 1, 10050 do rbc.report(rb, "finding %d", i) end end }
LUA
for j in 1 2; do
	lint -j$j
	expect_rc "many-j$j-exit" 0
	expect_eq "many-j$j-kept" "$(grep -c 'note: finding [0-9]* \[many\]' "$OUT/last.out")" 10000
	expect_grep "many-j$j-summary" "$OUT/last.out" "lua/many.lua:1:1: note: 50 more findings of 'many' were dropped: a rule keeps at most 10000 [many]"
	expect_grep "many-j$j-canary" "$OUT/last.out" "canary saw cache.md"
	cp "$OUT/last.out" "$OUT/many-j$j.out"
done
expect_same many-j1-j2 "$OUT/many-j2.out" "$OUT/many-j1.out"

# Findings live outside the Lua allocator but count against lua: memory:
# (8 MiB here): 400 findings of 64 KiB cannot all be kept, the rule fails
# with a memory error a pcall cannot catch, and the canary still runs.
book memory
printf 'lua:\n  memory: 8M\n' >> "$V/rbc.yaml"
cat > "$V/lua/big.lua" <<'LUA'
return { id = "big", summary = "big findings", severity = "note",
  runbook = function(rb)
    local s = ("x"):rep(65536)
    for i = 1, 400 do pcall(rbc.report, rb, "%d %s", i, s) end
  end }
LUA
lint -j1 --format json
expect_rc memory-exit 1
expect_json memory-kept "0 < len([f for f in d if f['rule'] == 'big']) < 128" "True"
expect_json memory-error "[('out of memory' in f['message'], 'lua: memory:' in f['message']) for f in d if f['file'].endswith('lua/big.lua')]" "[(True, True)]"
expect_json memory-canary "[f['message'] for f in d if f['rule'] == 'canary']" "['canary saw cache.md']"

# rbc.yaml may lower a limit, never raise it past the built-in maximum:
# a higher value is a config error at its line that names the maximum.
book raise
printf 'lua:\n  instructions: 50000000\n  memory: 128M\n  timeout_ms: 2001\n' >> "$V/rbc.yaml"
line=$(grep -n 'instructions: 50000000' "$V/rbc.yaml" | cut -d: -f1)
lint
expect_rc raise-exit 1
expect_grep raise-instructions "$OUT/last.out" "rbc.yaml:$line:17: error: invalid setting in rbc.yaml: lua: instructions: 50000000 is above the maximum of 10000000"
expect_grep raise-memory "$OUT/last.out" "rbc.yaml:$((line + 1)):11: error: invalid setting in rbc.yaml: lua: memory: 128M is above the maximum of 67108864"
expect_grep raise-timeout "$OUT/last.out" "rbc.yaml:$((line + 2)):15: error: invalid setting in rbc.yaml: lua: timeout_ms: 2001 is above the maximum of 2000"
expect_grep raise-hint "$OUT/last.out" "--lua-limits instructions=N"
# ... unless the person running rbc raised the maximum.
lint --lua-limits instructions=50000000,memory=128M,timeout_ms=2001
expect_rc raise-flag-exit 0
expect_no_grep raise-flag-no-error "$OUT/last.out" "error:"

# The budget in force: a rule needing 20 million instructions fails by
# default, runs with --lua-limits, and fails again when the book lowers
# the limit below what the flag allows.
book budget
cat > "$V/lua/slow.lua" <<'LUA'
return { id = "slow", summary = "slow", severity = "note",
  runbook = function(rb) local x = 0; for i = 1, 5e6 do x = x + i end; rbc.report(rb, "sum %d", x) end }
LUA
lint
expect_rc budget-default-exit 1
expect_grep budget-default "$OUT/last.out" "instruction budget of 10000000 exceeded"
lint --lua-limits instructions=50000000
expect_rc budget-flag-exit 0
expect_grep budget-flag "$OUT/last.out" "note: sum 12500002500000 [slow]"
printf 'lua:\n  instructions: 100000\n' >> "$V/rbc.yaml"
lint --lua-limits instructions=50000000
expect_rc budget-lowered-exit 1
expect_grep budget-lowered "$OUT/last.out" "instruction budget of 100000 exceeded"
expect_grep budget-lowered-canary "$OUT/last.out" "canary saw cache.md"

# --lua-limits is checked like any option: unknown keys, bad numbers and
# values past the ceilings are usage errors.
for bad in 'foo=1' 'instructions=0' 'instructions=2000000000' 'memory=5G' 'timeout_ms=x' 'memory' ''; do
	lint --lua-limits "$bad"
	expect_rc "flag-bad-[$bad]" 2
done
lint --lua-limits instructons=5
expect_grep flag-did-you-mean "$OUT/last.err" "did you mean 'instructions'?"
lint --lua-limits memory=100GB
expect_grep flag-memory-units "$OUT/last.err" "a k, M or G suffix means KiB, MiB or GiB"
run_rbc help lint
expect_grep flag-help "$OUT/last.out" "--lua-limits K=N,..."

# The rbc.* helpers refuse numbers they cannot use: day numbers past
# +-10^8 (math.maxinteger would overflow the difference), NaN and
# infinities; durations past 10^15 seconds; a line or column that is
# negative or past 2^32-1. next() on a model list after math.maxinteger
# ends the list.
book helpers
cat > "$V/lua/helpers.lua" <<'LUA'
local function try(f, ...)
  local ok, v = pcall(f, ...)
  return ok and tostring(v) or "error"
end
return { id = "helpers", summary = "helpers at their limits", severity = "note",
  runbook = function(rb)
    rbc.report(rb, "days %s %s %s %s %s %s %s", try(rbc.days_between, math.mininteger, math.maxinteger),
      try(rbc.days_between, 0, 100000001), try(rbc.days_between, 0/0, 1), try(rbc.days_between, 1, 1/0),
      try(rbc.days_between, 0.5, 1), try(rbc.days_between, -100000000, 100000000),
      try(rbc.days_between, "2026-01-01", "2026-03-01"))
    rbc.report(rb, "duration %s %s", tostring((rbc.duration(("999999999 weeks "):rep(20000)))),
      tostring((rbc.duration("2 weeks"))))
    rbc.report(rb, "tier %s %s", try(rbc.tier_policy, math.maxinteger), try(rbc.tier_policy, 0/0))
    rbc.report(rb, "next %s", tostring(next(rb.scenarios, math.maxinteger)))
  end }
LUA
cat > "$V/lua/line.lua" <<'LUA'
return { id = "line", summary = "a negative line", severity = "note",
  runbook = function(rb) rbc.report(rb, { line = -1 }, "at line -1") end }
LUA
cat > "$V/lua/col.lua" <<'LUA'
return { id = "col", summary = "a huge column", severity = "note",
  runbook = function(rb) rbc.report(rb, { line = 1, col = math.maxinteger }, "at a huge column") end }
LUA
for j in 1 2; do
	lint -j$j
	expect_rc "helpers-j$j-exit" 1
	expect_grep "helpers-j$j-days" "$OUT/last.out" "note: days error error error error error 200000000 59 [helpers]"
	expect_grep "helpers-j$j-duration" "$OUT/last.out" "note: duration nil 1209600 [helpers]"
	expect_grep "helpers-j$j-tier" "$OUT/last.out" "note: tier nil error [helpers]"
	expect_grep "helpers-j$j-next" "$OUT/last.out" "note: next nil [helpers]"
	expect_grep "helpers-j$j-line" "$OUT/last.out" "error: rule failed: line (runbook hook): "
	expect_grep "helpers-j$j-line-why" "$OUT/last.out" "'line' must be a whole number from 0 to 4294967295"
	expect_grep "helpers-j$j-col" "$OUT/last.out" "'col' must be a whole number from 0 to 4294967295"
	expect_no_grep "helpers-j$j-no-line" "$OUT/last.out" "at line -1"
	expect_no_grep "helpers-j$j-ubsan" "$OUT/last.err" "runtime error"
	expect_grep "helpers-j$j-canary" "$OUT/last.out" "canary saw cache.md"
done
