#!/usr/bin/env bash
# tier: full
# lint_sandbox.sh: hostile rule files in a book's lua/. Each one becomes a
# rule-error diagnostic at the rule file, nothing outside is touched, and
# the other rules (a canary rule here) still run.
GROUP=lint-sandbox
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2

# hostile NAME LUA: lint a book whose lua/ holds LUA as bad.lua and a canary
hostile() {
	V=$(scratch "$1")
	cp -R "$ROOT/tests/lint/book/." "$V/"
	mkdir -p "$V/lua"
	printf '%s\n' "$2" > "$V/lua/bad.lua"
	cat > "$V/lua/zz-canary.lua" <<'LUA'
return { id = "canary", summary = "still runs", severity = "note",
  runbook = function(rb) rbc.report(rb, "canary saw %s", rb.path) end }
LUA
	# within 60 s: a rule that hangs lint must fail its test, not stall the suite
	(cd "$V" && timeout 60 "$RBC" lint . --as-of 2026-11-22 --format json ${JOBS:+-j$JOBS} \
		>"$OUT/last.out" 2>"$OUT/last.err"; echo $? > "$OUT/last.rc")
	expect_rc "$1-exit" 1
	expect_json "$1-diag" "[f['rule'] for f in d if f['file'].endswith('lua/bad.lua')][:1]" "['rule-error']"
	expect_json "$1-canary" "[f['message'] for f in d if f['rule'] == 'canary']" "['canary saw cache.md']"
	if [ -e "$V/x" ] || [ -e "$V/lua/x" ]; then fail "$1-nothing-run" "a file was created"; else pass "$1-nothing-run"; fi
	expect_no_grep "$1-no-passwd" "$OUT/last.out" "root:"
}

rule() { printf 'return { id = "bad", summary = "hostile", severity = "error", runbook = function(rb) %s end }' "$1"; }

hostile io "$(rule 'local f = io.open("/etc/passwd"); rbc.report(rb, "%s", f:read("a"))')"
hostile os "$(rule 'os.execute("touch x")')"
hostile require "$(rule 'local os = require "os"; os.execute("touch x")')"
hostile dump "$(rule 'local f = function() end; load(string.dump(f))()')"
hostile dofile "$(rule 'dofile("/etc/passwd")')"
hostile debug "$(rule 'debug.sethook(function() end, "c")')"
hostile loop "$(rule 'while true do end')"
hostile memory "$(rule 'local s = "x"; while true do s = s .. s end')"
hostile memory-table "$(rule 'local t = {}; for i = 1, 1e9 do t[i] = ("x"):rep(1000) .. i end')"
hostile error-table "$(rule 'error({})')"
hostile number 'return 42'
hostile no-id 'return { summary = "no id" }'
hostile bad-hook 'return { id = "bad", runbook = 7 }'
hostile write-model "$(rule 'rb.owner = "me"')"
hostile write-nested "$(rule 'rb.scenarios[1].title = "x"')"
hostile rawset "$(rule 'rawset(rb, "owner", "me")')"
hostile pcall-budget "$(rule 'while true do pcall(function() while true do end end) end')"
hostile coroutine "$(rule 'local co = coroutine.wrap(function() while true do end end); co()')"
hostile syntax 'return {'
hostile getmetatable "$(rule 'getmetatable(rb).__index.owner = "me"')"
hostile string-meta "$(rule 'getmetatable("").__index.rep = nil; rbc.report(rb, "x")')"

hostile xpcall-budget "$(rule 'while true do xpcall(function() while true do end end, function(e) return e end) end')"
hostile print "$(rule 'print("{not json")')"
hostile gc "$(rule 'setmetatable({}, {__gc = function() while true do end end})')"
hostile string-lib "$(rule 'string.rep = nil')"

# A rule that clobbers its globals changes only its own _ENV: a later
# rule still sees string, tostring and _G intact.
V=$(scratch clobber)
cp -R "$ROOT/tests/lint/book/." "$V/"
mkdir -p "$V/lua"
cat > "$V/lua/aa-clobber.lua" <<'LUA'
return { id = "clobber", summary = "clobbers globals", severity = "note",
  runbook = function(rb) _G.string = nil; tostring = nil; _G.pairs = nil end }
LUA
cat > "$V/lua/zz-canary.lua" <<'LUA'
return { id = "canary", summary = "still runs", severity = "note",
  runbook = function(rb) rbc.report(rb, "%s", string.upper(tostring(_G.pairs ~= nil))) end }
LUA
run_rbc lint "$V" --as-of 2026-11-22
expect_rc clobber-exit 0
expect_grep clobber-canary "$OUT/last.out" "note: TRUE [canary]"

# A rule that stalls inside a C function (the count hook never fires there)
# is stopped by the wall-clock watchdog within twice lua: timeout_ms; the
# finding names the rule, and the canary still reports.
V=$(scratch stall)
cp -R "$ROOT/tests/lint/book/." "$V/"
mkdir -p "$V/lua"
printf 'lua:\n  timeout_ms: 300\n' >> "$V/rbc.yaml"
cat > "$V/lua/stall.lua" <<'LUA'
return { id = "stall", summary = "stalls in C", severity = "error",
  runbook = function(rb) string.find(("a"):rep(2e4), ".-.-.-.-b") end }
LUA
cat > "$V/lua/zz-canary.lua" <<'LUA'
return { id = "canary", summary = "still runs", severity = "note",
  runbook = function(rb) rbc.report(rb, "canary saw %s", rb.path) end }
LUA
(cd "$V" && run_rbc lint . --as-of 2026-11-22)
expect_rc stall-exit 1
expect_grep stall-diag "$OUT/last.out" "lua/stall.lua:1:1: error: rule stalled: 'stall' ran for more than 300 ms"
expect_grep stall-canary "$OUT/last.out" "canary saw cache.md"

# A precompiled chunk is refused: chunks load as text only.
V=$(scratch bytecode)
cp -R "$ROOT/tests/lint/book/." "$V/"
mkdir -p "$V/lua"
if command -v luac5.4 >/dev/null; then
	printf 'return { id = "bin", severity = "error", runbook = function(rb) rbc.report(rb, "ran") end }\n' > "$V/src.lua"
	luac5.4 -o "$V/lua/bin.lua" "$V/src.lua"
	rm "$V/src.lua"
else
	printf '\033Lua\124\000binary' > "$V/lua/bin.lua"
fi
run_rbc lint "$V" --as-of 2026-11-22
expect_rc bytecode-exit 1
expect_grep bytecode-diag "$OUT/last.out" "bin.lua:1:1: error: rule failed"
expect_no_grep bytecode-not-run "$OUT/last.out" "ran [bin]"

# Reading the rule table is a call like any hook: an __index that loops,
# raises or stalls in C is that rule's error at its file and line, at -j1
# and -j2 (the other shard's rules and the canary still report), and
# never hangs lint or ends the pass.
for JOBS in 1 2; do
	hostile "index-loop-j$JOBS" 'return setmetatable({}, {__index = function(t, k) while true do end end})'
	hostile "index-error-j$JOBS" "$(printf 'return setmetatable({},\n  {__index = function(t, k) error("no " .. k) end})')"
	expect_json "index-error-j$JOBS-line" "[(f['line'], 'no id' in f['message'], 'reading its table' in f['message']) for f in d if f['file'].endswith('bad.lua')]" "[(2, True, True)]"
	hostile "index-pcall-budget-j$JOBS" 'return setmetatable({}, {__index = function() while true do pcall(function() while true do end end) end end})'
	hostile "index-hook-j$JOBS" 'return setmetatable({id = "bad"}, {__index = function(t, k) if k == "runbook" then while true do end end end})'
done
unset JOBS

# An __index that stalls inside a C function is stopped by the watchdog.
for j in 1 2; do
	V=$(scratch "index-stall-j$j")
	cp -R "$ROOT/tests/lint/book/." "$V/"
	mkdir -p "$V/lua"
	printf 'lua:\n  timeout_ms: 300\n' >> "$V/rbc.yaml"
	cat > "$V/lua/stall.lua" <<'LUA'
return setmetatable({}, {__index = function(t, k) string.find(("a"):rep(2e4), ".-.-.-.-b") end})
LUA
	cat > "$V/lua/zz-canary.lua" <<'LUA'
return { id = "canary", summary = "still runs", severity = "note",
  runbook = function(rb) rbc.report(rb, "canary saw %s", rb.path) end }
LUA
	(cd "$V" && timeout 60 "$RBC" lint . --as-of 2026-11-22 -j$j >"$OUT/last.out" 2>"$OUT/last.err"; echo $? > "$OUT/last.rc")
	expect_rc "index-stall-j$j-exit" 1
	expect_grep "index-stall-j$j-diag" "$OUT/last.out" "lua/stall.lua:1:1: error: rule stalled: './lua/stall.lua' ran for more than 300 ms"
	expect_grep "index-stall-j$j-canary" "$OUT/last.out" "canary saw cache.md"
done

# A rule whose id and hooks come from __index is read once and runs as
# any other; a finding it reports while its file loads is kept under its
# id (at -j2 once, not once per shard), with the level it asked for.
for j in 1 2; do
	V=$(scratch "index-id-j$j")
	cp -R "$ROOT/tests/lint/book/." "$V/"
	mkdir -p "$V/lua"
	cat > "$V/lua/meta.lua" <<'LUA'
local fields = { id = "from-index", summary = "via __index",
  runbook = function(rb) rbc.report(rb, "hook saw %s", rb.path) end }
rbc.report({ file = "lua/meta.lua", line = 3 }, { level = "error" }, "reported while loading")
return setmetatable({}, { __index = function(t, k) return fields[k] end })
LUA
	printf 'return { id = "zz", runbook = function(rb) rbc.report(rb, "zz") end }\n' > "$V/lua/zz.lua"
	(cd "$V" && run_rbc lint . --as-of 2026-11-22 -j$j --format json)
	expect_rc "index-id-j$j-exit" 1
	expect_json "index-id-j$j-findings" "sorted((f['rule'], f['level'], f['file'], f['line'], f['message']) for f in d if f['rule'] != 'review-current')" \
		"[('from-index', 'error', 'lua/meta.lua', 3, 'reported while loading'), ('from-index', 'warning', 'cache.md', 1, 'hook saw cache.md'), ('zz', 'warning', 'cache.md', 1, 'zz')]"
done

# A rule that reports while loading and then fails to load says that
# those findings went with it; none is shown without a rule id.
V=$(scratch load-report-fails)
cp -R "$ROOT/tests/lint/book/." "$V/"
mkdir -p "$V/lua"
printf 'rbc.report({ file = "lua/x.lua", line = 1 }, "early")\nreturn { summary = "no id" }\n' > "$V/lua/x.lua"
(cd "$V" && run_rbc lint . --as-of 2026-11-22 --format json)
expect_rc load-report-fails-exit 1
expect_json load-report-fails-diag "[('no id' in f['message'] or 'must be a string' in f['message'], 'the 1 finding it reported while loading was dropped' in f['message']) for f in d if f['file'].endswith('lua/x.lua')]" "[(True, True)]"
expect_no_grep load-report-fails-no-null "$OUT/last.out" "null"
