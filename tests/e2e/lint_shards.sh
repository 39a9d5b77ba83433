#!/usr/bin/env bash
# lint_shards.sh: with -j N the rules are split over N Lua states in N
# children, a rule with all its hooks in one of them. The findings must
# not depend on N: the same list, in the same order, from -j1 to -j8,
# including findings at one position from different rules, a rule that
# keeps state across runbooks, a rule that fails part way, a rule that
# fails to load (reported once, not once per child) and a rule that
# stalls (reported once, none of its findings kept).
GROUP=lint-shards
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2

V=$(scratch book)
cp -R "$ROOT/runbooks/." "$V/"
mkdir -p "$V/lua"
printf 'lua:\n  timeout_ms: 300\n' >> "$V/rbc.yaml"
# two rules that report at the same heading: the order between them is
# the rule order, and within a rule the order it reported in
cat > "$V/lua/aa-same.lua" <<'LUA'
return { id = "aa-same", summary = "same place", severity = "note",
  scenario = function(sc) rbc.report(sc, "aa %s", sc.id) end }
LUA
cat > "$V/lua/bb-same.lua" <<'LUA'
return { id = "bb-same", summary = "same place twice", severity = "note",
  scenario = function(sc)
    rbc.report(sc, "bb first %s", sc.id)
    rbc.report(sc, "bb second %s", sc.id)
  end }
LUA
# state across runbooks: right only when every hook runs in one state, in order
cat > "$V/lua/cc-count.lua" <<'LUA'
local seen = 0
return { id = "cc-count", summary = "counts", severity = "note",
  runbook = function(rb) rbc.report(rb, "cc %d scenarios before %s", seen, rb.path) end,
  scenario = function(sc) seen = seen + 1 end,
  contact = function(c) rbc.report(c, "cc %d scenarios in all", seen) end }
LUA
# fails on its third call: two findings, then one rule-error, then silence
cat > "$V/lua/dd-fail.lua" <<'LUA'
local calls = 0
return { id = "dd-fail", summary = "fails", severity = "note",
  scenario = function(sc)
    calls = calls + 1
    if calls == 3 then error("third call") end
    rbc.report(sc, "dd call %d", calls)
  end }
LUA
printf 'return { id = "ee-load", summary = ' > "$V/lua/ee-load.lua"
# reports on the first runbook, then stalls in C on the second
cat > "$V/lua/ff-stall.lua" <<'LUA'
local n = 0
return { id = "ff-stall", summary = "stalls", severity = "note",
  runbook = function(rb)
    n = n + 1
    if n == 2 then string.find(("a"):rep(2e4), ".-.-.-.-b") end
    rbc.report(rb, "ff before the stall")
  end }
LUA

for j in 1 2 3 8; do
	run_rbc lint "$V" --as-of 2026-11-22 --format json -j "$j"
	expect_rc "j$j-exit" 1
	cp "$OUT/last.out" "$OUT/$GROUP/j$j.json"
done
for j in 2 3 8; do
	expect_same "j$j-same-as-j1" "$OUT/$GROUP/j$j.json" "$OUT/$GROUP/j1.json"
done

# what -j8 found, checked on its own terms
expect_json order-at-heading \
	"[f['rule'] for f in d if f['rule'] in ('aa-same', 'bb-same')][:6]" \
	"['aa-same', 'bb-same', 'bb-same', 'aa-same', 'bb-same', 'bb-same']"
expect_json order-within-rule \
	"[f['message'].split()[1] for f in d if f['rule'] == 'bb-same'][:2]" "['first', 'second']"
expect_json state-kept \
	"len(set(f['message'] for f in d if f['rule'] == 'cc-count' and 'in all' in f['message']))" "1"
expect_json state-counts-up \
	"sorted(int(f['message'].split()[1]) for f in d if f['rule'] == 'cc-count' and 'before' in f['message'])[0]" "0"
expect_json fail-findings "len([f for f in d if f['rule'] == 'dd-fail'])" "2"
expect_json fail-once "len([f for f in d if f['file'].endswith('dd-fail.lua')])" "1"
expect_json load-once "len([f for f in d if f['file'].endswith('ee-load.lua')])" "1"
expect_json stall-once "len([f for f in d if f['file'].endswith('ff-stall.lua')])" "1"
expect_json stall-none-kept "len([f for f in d if f['rule'] == 'ff-stall'])" "0"
expect_json others-ran "len([f for f in d if f['rule'] == 'aa-same']) > 5" "True"
