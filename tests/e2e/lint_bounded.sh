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
cp -r "$ROOT/runbooks/." "$BOOK/demo/"
mv "$BOOK/demo/contacts.yaml" "$BOOK/demo/rbc.yaml" "$W/" 2>/dev/null
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
for f in text json github sarif junit; do
	for mb in 1000 0 1; do
		RBC_LINT_FULL_MB=$mb "$RBC" lint "$BOOK" --as-of 2026-11-01 --no-cache -f "$f" >"$W/$mb.$f.out" 2>"$W/$mb.$f.err"
		echo $? >"$W/$mb.$f.rc"
	done
	for mb in 0 1; do
		bad=""
		for k in out err rc; do cmp -s "$W/$mb.$f.$k" "$W/1000.$f.$k" || bad="$bad $k"; done
		[ -z "$bad" ] && pass "budget-$mb-$f-same" ||
			fail "budget-$mb-$f-same" "differs:$bad $(diff "$W/1000.$f.out" "$W/$mb.$f.out" | head -4 | tr '\n' '|')"
	done
done
expect_grep rule-read-kept-nodes "$W/0.text.out" "kept 400 steps"
grep -q "file changed\|rule-error\|rule failed" "$W/0.text.out" && fail no-rule-error "$(grep -m2 'rule' "$W/0.text.out")" ||
	pass no-rule-error
# The summaries' lint uses less memory than keeping every runbook whole.
if [ -x /usr/bin/time ]; then
	RBC_LINT_FULL_MB=1000 /usr/bin/time -o "$W/full.time" -f '%M' "$RBC" lint "$BOOK" -q --no-cache >/dev/null 2>&1
	RBC_LINT_FULL_MB=0 /usr/bin/time -o "$W/sum.time" -f '%M' "$RBC" lint "$BOOK" -q --no-cache >/dev/null 2>&1
	m_full=$(tail -1 "$W/full.time") m_sum=$(tail -1 "$W/sum.time")
	[ "$m_sum" -lt "$m_full" ] 2>/dev/null && pass summaries-use-less-memory ||
		fail summaries-use-less-memory "peak $m_sum KB with summaries, $m_full KB whole"
else
	skip summaries-use-less-memory "no /usr/bin/time"
fi
