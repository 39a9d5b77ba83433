#!/usr/bin/env bash
# lint_rule_errors.sh: a book's Lua rule with a syntax error, or one that
# fails while it runs, makes `rbc lint` exit 1 with an error at the rule
# file's own line ([rule-error]); the other rule still runs. `rbc build`
# does not run rules (doc/rules.md), so it builds the site as before.
GROUP=lint-rule-errors
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
ASOF=2026-11-22
W=$(scratch book)
cp -R "$ROOT/tests/lint/book/." "$W/"
mkdir -p "$W/lua"
# line 5 opens a call that line 6 never closes
printf 'return {\n  id = "syn",\n  runbook = function(rb)\n    if rb.title then\n      rbc.report(rb, "x"\n    end\n  end,\n}\n' > "$W/lua/syn.lua"
# line 5 indexes nil
printf 'return {\n  id = "rt",\n  runbook = function(rb)\n    local t = nil\n    return t.field\n  end,\n}\n' > "$W/lua/rt.lua"
printf 'return { id = "canary", severity = "note",\n  runbook = function(rb) rbc.report(rb, "canary ran") end }\n' > "$W/lua/zz-canary.lua"

(cd "$W" && run_rbc lint . --as-of $ASOF)
expect_rc exit-1 1
expect_grep syntax/at-line "$OUT/last.out" "lua/syn.lua:6:1: error: rule failed: "
expect_grep syntax/says-what "$OUT/last.out" "')' expected (to close '(' at line 5)"
expect_grep runtime/at-line "$OUT/last.out" "lua/rt.lua:5:1: error: rule failed: rt (runbook hook): "
expect_grep runtime/says-what "$OUT/last.out" "attempt to index a nil value (local 't')"
expect_grep rule-id "$OUT/last.out" "[rule-error]"
expect_grep canary-still-runs "$OUT/last.out" "canary ran"
(cd "$W" && run_rbc lint . --as-of $ASOF --format json)
expect_rc json/exit-1 1
expect_json json/both "sorted((f['file'].split('/')[-1], f['line'], f['rule']) for f in d if f['rule'] == 'rule-error')" "[('rt.lua', 5, 'rule-error'), ('syn.lua', 6, 'rule-error')]"

(cd "$W" && run_rbc build . -o "$W.site" --as-of $ASOF)
expect_rc build-runs-no-rules 0
