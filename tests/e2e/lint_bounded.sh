#!/usr/bin/env bash
# lint_bounded.sh: a big book's lint keeps only a budget of runbooks whole
# (RBC_LINT_FULL_MB) and the others as summaries, which the rules read
# again one runbook at a time (parse_file.h, rules.c). The findings must
# not depend on it: every runbook kept whole, none, or some, give the same
# bytes in every format, also for a rule that keeps model nodes of every
# runbook and reads them after the walk has moved on (their memory must
# stay while a rule holds them).
GROUP=lint-bounded
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch bounded)
BOOK="$W/book"
python3 "$ROOT/tests/bench/gen.py" "$BOOK" 60 >/dev/null || fail gen "gen.py failed"
mkdir -p "$BOOK/lua"
cat > "$BOOK/lua/keep.lua" <<'EOT'
-- keeps a step of every runbook and a list of every runbook's scenarios,
-- and reads them all at the end (the contact hook runs after the walk)
local kept, lists, seen = {}, {}, 0
return {
  id = "keep-nodes",
  summary = "reads nodes it kept from every runbook after the walk",
  book = function(book)
    for _, rb in ipairs(book.runbooks) do
      lists[#lists + 1] = rb.scenarios
      seen = seen + #(rb.title or "")
    end
  end,
  step = function(step, sc, rb)
    if step.index == 1 and #kept < 400 then kept[#kept + 1] = {step, sc, rb} end
  end,
  contact = function(c, book)
    if seen < 0 then return end
    seen = -1
    local text = 0
    for _, k in ipairs(kept) do
      local step, sc, rb = k[1], k[2], k[3]
      text = text + #(step.text or "") + #sc.id + #rb.file
      for _, cmd in ipairs(step.commands) do text = text + #cmd.text end
    end
    local n = 0
    for _, l in ipairs(lists) do
      for _, sc in ipairs(l) do n = n + #sc.sections + (sc.runbook.id and 1 or 0) end
    end
    local last = book.runbooks[1]
    rbc.report(c, "kept %d steps (%d bytes), %d scenario sections; first runbook %s",
      #kept, text, n, last.id)
  end,
}
EOT
# The demo book: alerts whose runbook and scenario the rules reach from
# the book (not from its runbook list), and drill facts on its scenarios.
DEMO="$W/demo"
cp -r "$ROOT/runbooks" "$DEMO"
mkdir -p "$DEMO/lua"
cat > "$DEMO/lua/reach.lua" <<'EOT'
-- reaches runbooks and scenarios through the alerts, and drill facts
return {
  id = "reach-alerts",
  summary = "reads the steps of each alert's scenario and each scenario's drill facts",
  book = function(book)
    for _, a in ipairs(book.alerts) do
      local sc, n = a.scenario, 0
      if sc then
        for _, sec in ipairs(sc.sections) do n = n + #sec.steps end
        rbc.report(a, "alert %s: scenario %s of %s has %d steps", a.name, sc.id, a.runbook and a.runbook.id or "?", n)
      end
    end
    for _, r in ipairs(book.alert_refs) do
      if r.scenario then rbc.report(r, "ref %s: %d sections", r.name, #r.scenario.sections) end
    end
  end,
  scenario = function(sc)
    if sc.drill then rbc.report(sc, "drill %s, %d runs", sc.drill.status, sc.drill.runs) end
  end,
}
EOT

# same_budgets NAME BOOK: whole, none and one MB kept whole give the same
# findings in every format
same_budgets() {
	for f in text json github sarif junit; do
		for mb in 1000 0 1; do
			RBC_LINT_FULL_MB=$mb "$RBC" lint "$2" --as-of 2026-11-01 --no-cache -f "$f" >"$W/$1.$mb.$f.out" 2>"$W/$1.$mb.$f.err"
			echo $? >"$W/$1.$mb.$f.rc"
		done
		for mb in 0 1; do
			bad=""
			for k in out err rc; do cmp -s "$W/$1.$mb.$f.$k" "$W/$1.1000.$f.$k" || bad="$bad $k"; done
			[ -z "$bad" ] && pass "$1-budget-$mb-$f-same" ||
				fail "$1-budget-$mb-$f-same" "differs:$bad $(diff "$W/$1.1000.$f.out" "$W/$1.$mb.$f.out" | head -4 | tr '\n' '|')"
		done
	done
	grep -q "file changed\|rule failed" "$W/$1.0.text.out" && fail "$1-no-rule-error" "$(grep -m2 'rule' "$W/$1.0.text.out")" ||
		pass "$1-no-rule-error"
}
same_budgets gen "$BOOK"
expect_grep rule-read-kept-nodes "$W/gen.0.text.out" "kept 400 steps"
same_budgets demo "$DEMO"
expect_grep alert-scenario-steps "$W/demo.0.text.out" "scenario-aws-access-key-pushed-to-a-public-repository of credential-leak has 7 steps"
expect_grep drill-facts "$W/demo.0.text.out" "[reach-alerts]"
grep -q "drill [a-z-]*, [1-9]" "$W/demo.0.text.out" && pass drill-facts-seen || fail drill-facts-seen "no drill runs seen"
# The summaries' lint uses less memory than keeping every runbook whole,
# measured without keep.lua: a rule that holds nodes of every runbook
# keeps them in memory either way, and the two peaks then differ by less
# than rbc's own start-up (a shard child's peak against the parent's: they
# swapped places when rbc stopped linking libmicrohttpd's libraries).
mkdir -p "$W/nokeep" && mv "$BOOK/lua/keep.lua" "$W/nokeep/"
if [ -n "${RBC_SANITIZED:-}" ]; then
	skip summaries-use-less-memory "ASan's shadow memory and quarantine decide a sanitized binary's peak (make test checks it)"
elif [ -x /usr/bin/time ]; then
	RBC_LINT_FULL_MB=1000 /usr/bin/time -o "$W/full.time" -f '%M' "$RBC" lint "$BOOK" -q --no-cache >/dev/null 2>&1
	RBC_LINT_FULL_MB=0 /usr/bin/time -o "$W/sum.time" -f '%M' "$RBC" lint "$BOOK" -q --no-cache >/dev/null 2>&1
	m_full=$(tail -1 "$W/full.time") m_sum=$(tail -1 "$W/sum.time")
	[ "$m_sum" -lt "$m_full" ] 2>/dev/null && pass summaries-use-less-memory ||
		fail summaries-use-less-memory "peak $m_sum KB with summaries, $m_full KB whole"
else
	skip summaries-use-less-memory "no /usr/bin/time"
fi
mv "$W/nokeep/keep.lua" "$BOOK/lua/"
