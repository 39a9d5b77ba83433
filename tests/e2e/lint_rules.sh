#!/usr/bin/env bash
# lint_rules.sh: each built-in rule is silent on the clean fixture book and
# fires, at the documented line, on a variant that breaks it.
GROUP=lint-rules
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
ASOF=2026-11-22

# The clean book: no findings at all.
run_rbc lint "$ROOT/tests/lint/book" --as-of $ASOF
expect_rc clean-exit 0
expect_eq clean-empty "$(cat "$OUT/last.out")" ""

# variant NAME: a fresh copy of the book in $V
variant() { V=$(scratch "$1"); cp -R "$ROOT/tests/lint/book/." "$V/"; }
# lint_expect NAME RULE LINE LEVEL: the variant's lint names RULE at FILE:LINE
lint_expect() {
	run_rbc lint "$V" --as-of "${AS:-$ASOF}" --format json
	expect_json "$1" "sorted(set((f['rule'], f['file'].split('/')[-1], f['line'], f['level']) for f in d if f['rule'] == '$2'))" "$3"
}

variant sections
sed -i 's/^### Rollback$/### Notes/' "$V/cache.md"
lint_expect scenario-sections-missing scenario-sections "[('scenario-sections', 'cache.md', 10, 'error')]"
variant sections-empty
sed -i '/^- Latency rises.$/d' "$V/cache.md"
lint_expect scenario-sections-empty scenario-sections "[('scenario-sections', 'cache.md', 10, 'error')]"

variant rto-missing
sed -i 's/ · \*\*RTO:\*\* 30 min//' "$V/cache.md"
lint_expect scenario-rto-missing scenario-rto "[('scenario-rto', 'cache.md', 10, 'error')]"
variant rto-policy
sed -i 's/\*\*RTO:\*\* 30 min/**RTO:** 2h/' "$V/cache.md"
lint_expect scenario-rto-policy scenario-rto "[('scenario-rto', 'cache.md', 12, 'error')]"

variant scenario-owner
sed -i 's/\*\*Owner:\*\* db-team/**Owner:** nobody/' "$V/cache.md"
lint_expect scenario-owner-unknown scenario-owner "[('scenario-owner', 'cache.md', 12, 'error')]"
variant scenario-owner-none
sed -i 's/ · \*\*Owner:\*\* db-team//; /^owner:/d' "$V/cache.md"
lint_expect scenario-owner-none scenario-owner "[('scenario-owner', 'cache.md', 9, 'error')]"

variant runbook-owner
sed -i 's/^owner: ops-oncall/owner: ghost/' "$V/cache.md"
lint_expect runbook-owner-unknown runbook-owner "[('runbook-owner', 'cache.md', 3, 'error')]"
variant runbook-owner-none
sed -i '/^owner:/d' "$V/cache.md"
lint_expect runbook-owner-none runbook-owner "[('runbook-owner', 'cache.md', 1, 'error')]"

variant review
AS=2027-01-15 lint_expect review-overdue review-current "[('review-current', 'cache.md', 5, 'error')]"
AS=2026-12-20 lint_expect review-due review-current "[('review-current', 'cache.md', 5, 'warning')]"
sed -i '/^reviewed:/d' "$V/cache.md"
lint_expect review-missing review-current "[('review-current', 'cache.md', 1, 'error')]"

variant contact
sed -i 's/ops@larkspur.example/TBD/' "$V/contacts.yaml"
lint_expect contact-placeholder contact-current "[('contact-current', 'contacts.yaml', 2, 'error')]"
variant contact-mail
sed -i 's/db@larkspur.example/db-at-larkspur/; s/+44 20 7946 0201/call me/' "$V/contacts.yaml"
run_rbc lint "$V" --as-of $ASOF --format json
expect_json contact-malformed "sorted((f['line'], 'email' in f['message'] or 'phone' in f['message']) for f in d)" "[(8, True), (8, True)]"
variant contact-old
AS=2027-05-01 lint_expect contact-stale contact-current "[('contact-current', 'contacts.yaml', 2, 'error'), ('contact-current', 'contacts.yaml', 8, 'error')]"

variant budget
sed -i 's/Restart the cache (10 min)/Restart the cache (20-40 min)/' "$V/cache.md"
lint_expect step-budget step-budget "[('step-budget', 'cache.md', 10, 'warning')]"

# rules: in rbc.yaml sets a level or turns a rule off.
variant level
sed -i 's/Restart the cache (10 min)/Restart the cache (20-40 min)/' "$V/cache.md"
printf 'rules:\n  step-budget: error\n' >> "$V/rbc.yaml"
lint_expect rules-level step-budget "[('step-budget', 'cache.md', 10, 'error')]"
expect_rc rules-level-exit 1
variant off
sed -i 's/^owner: ops-oncall/owner: ghost/' "$V/cache.md"
printf 'rules:\n  runbook-owner: off\n' >> "$V/rbc.yaml"
lint_expect rules-off runbook-owner "[]"
expect_rc rules-off-exit 0

# A book's own rule replaces a built-in one by id, and adds new ones.
variant own
mkdir -p "$V/lua"
cat > "$V/lua/owner.lua" <<'LUA'
return { id = "runbook-owner", summary = "team version", severity = "warning",
  runbook = function(rb) rbc.report(rb, "team owner rule for %s", rb.path) end }
LUA
cat > "$V/lua/tags.lua" <<'LUA'
return { id = "team-tags", summary = "runbooks carry tags", severity = "note",
  runbook = function(rb) if #rb.tags == 0 then rbc.report(rb, "no tags (min %d)", rbc.settings.min or 1) end end }
LUA
printf 'rules:\n  team-tags: {level: warning, min: 2}\n' >> "$V/rbc.yaml"
run_rbc lint "$V" --as-of $ASOF --format json
expect_json own-rules "sorted((f['rule'], f['level'], f['message']) for f in d)" "[('runbook-owner', 'warning', 'team owner rule for cache.md'), ('team-tags', 'warning', 'no tags (min 2)')]"

# rbc.sections(): the section kinds from the one table the readers use,
# a fresh table on every call (the rule may change its copy).
variant sections-lib
mkdir -p "$V/lua"
cat > "$V/lua/kinds.lua" <<'LUA'
local kinds = {}
for _, k in ipairs(rbc.sections()) do kinds[#kinds + 1] = k.name .. "/" .. k.title .. (k.required and "!" or "") end
local mine = rbc.sections()
mine[1].name = "changed"
return { id = "kinds", summary = "lists the section kinds", severity = "note",
  book = function(book) rbc.report(book, "%s; again: %s", table.concat(kinds, " "), rbc.sections()[1].name) end }
LUA
run_rbc lint "$V" --as-of $ASOF --format json
expect_json sections-lib "[f['message'] for f in d if f['rule'] == 'kinds']" "['symptoms/Symptoms! impact/Impact diagnosis/Diagnosis! recovery/Recovery! rollback/Rollback! verification/Verification; again: symptoms']"

# rbc.review(node [, window]): the review computation of rbc stale and the
# site, for a runbook (reviewed 2026-10-01, every 90d) and a contact
# (verified 2026-10-01, contact_verify_every's default 180d).
variant review-lib
mkdir -p "$V/lua"
cat > "$V/lua/rev.lua" <<'LUA'
return { id = "rev", summary = "shows rbc.review", severity = "note",
  runbook = function(rb)
    local r, w = rbc.review(rb), rbc.review(rb, 60.5)
    rbc.report(rb, "%s every=%d due=%s left=%d; window 60.5: %s", r.state, r.every, r.due, r.days_left, w.state)
  end,
  contact = function(c)
    local r = rbc.review(c)
    rbc.report(c, "%s: %s every=%d due=%s", c.id, r.state, r.every, tostring(r.due))
  end,
  book = function(book)
    local ok, err = pcall(rbc.review, book)
    rbc.report(book, "book: %s %s", tostring(ok), tostring(err):match("runbook or contact expected") or err)
  end }
LUA
run_rbc lint "$V" --as-of $ASOF --format json
expect_json review-lib "sorted(f['message'] for f in d if f['rule'] == 'rev')" "['book: false runbook or contact expected', 'db-team: fresh every=180 due=2027-03-30', 'fresh every=90 due=2026-12-30 left=38; window 60.5: due', 'ops-oncall: fresh every=180 due=2027-03-30']"
run_rbc lint "$V" --as-of 2027-01-15 --format json
expect_json review-lib-overdue "[f['message'] for f in d if f['rule'] in ('rev', 'review-current') and f['file'].endswith('cache.md')]" "['overdue every=90 due=2026-12-30 left=-16; window 60.5: overdue', 'review overdue by 16 days (reviewed 2026-10-01, every 90 days)']"

# The model as rules see it: nodes keep their identity, next/pairs see
# through the read-only proxies, and state kept across hooks survives.
variant model
sed -i 's/(5 min)/(2-5 min)/' "$V/cache.md"   # a range, for the estimate sums
mkdir -p "$V/lua"
cat > "$V/lua/model.lua" <<'LUA'
local seen, names = 0, {}
return { id = "model-view", summary = "checks the model view", severity = "note",
  book = function(book)
    local n = 0
    for i, rb in ipairs(book.runbooks) do n = n + 1; names[#names + 1] = rb.path end
    rbc.report(book, "book: %d runbook(s), #=%d, same=%s", n, #book.runbooks,
      tostring(book.runbooks[1] == book.runbooks[1]))
  end,
  runbook = function(rb)
    local keys = {}
    for k in pairs(rb) do keys[#keys + 1] = k end
    rbc.report(rb, "keys: %s", table.concat(keys, ","))
    rbc.report(rb, "next: %s %s", tostring(next(rb.scenarios) ~= nil), tostring(next(rb.tags)))
  end,
  scenario = function(sc, rb)
    seen = seen + 1
    local first = sc.sections[1]
    rbc.report(sc, "scenario %d: runbook=%s sections=%s first=%s owner_loc=%s", seen,
      tostring(sc.runbook == rb), tostring(sc.sections == sc.sections), first.kind,
      tostring(sc.owner_loc and sc.owner_loc.line))
    local ok, err = pcall(function() first.title = "x" end)
    rbc.report(sc, "write: %s %s", tostring(ok), tostring(err):match("read%-only.*$"))
    local ok2 = pcall(function() rawset(sc, "title", "x") end)
    rbc.report(sc, "rawset: %s", tostring(ok2))
    local sums = {}
    for _, sec in ipairs(sc.sections) do
      local lo, hi, any = 0, 0, false
      for _, st in ipairs(sec.steps) do
        if st.estimate then lo, hi, any = lo + st.estimate.min, hi + st.estimate.max, true end
      end
      sums[#sums + 1] = string.format("%s=%s/%s(%s)", sec.kind, tostring(sec.estimate_min),
        tostring(sec.estimate_max), any and (lo .. "/" .. hi) or "-")
    end
    rbc.report(sc, "estimates: %s", table.concat(sums, " "))
    local p1, p2 = rbc.tier_policy(1), rbc.tier_policy(1)
    local okp = pcall(function() p1.rto = nil end)
    rbc.report(sc, "policy: %s %s same=%s write=%s none=%s", p1.rto.text, p1.rpo.text,
      tostring(p1 == p2), tostring(okp), tostring(rbc.tier_policy(3) and rbc.tier_policy(3).rto))
  end,
  contact = function(c)
    if c.id == "ops-oncall" then rbc.report(c, "after the walk: %d scenario(s), %s", seen, names[1]) end
  end }
LUA
run_rbc lint "$V" --as-of $ASOF --format json
expect_json model/book "[f['message'] for f in d if f['message'].startswith('book:')]" "['book: 1 runbook(s), #=1, same=true']"
expect_json model/pairs "[f['message'] for f in d if f['message'].startswith('keys:')]" "['keys: file,line,col,path,format,id,id_loc,title,title_loc,owner,owner_loc,tier,tier_loc,reviewed,reviewed_loc,review_every,tags,scenarios,procedures']"
expect_json model/next "[f['message'] for f in d if f['message'].startswith('next:')]" "['next: true nil']"
expect_json model/identity "[f['message'] for f in d if f['message'].startswith('scenario ')]" "['scenario 1: runbook=true sections=true first=symptoms owner_loc=12']"
expect_json model/write "[f['message'] for f in d if f['message'].startswith('write:')]" "[\"write: false read-only (tried to set 'title')\"]"
expect_json model/estimates "[f['message'] for f in d if f['message'].startswith('estimates:')]" "['estimates: symptoms=nil/nil(-) diagnosis=120/300(120/300) recovery=600/600(600/600) rollback=nil/nil(-)']"
expect_json model/tier-policy "[f['message'] for f in d if f['message'].startswith('policy:')]" "['policy: 1h 5m same=true write=false none=nil']"
expect_json model/rawset "[f['message'] for f in d if f['message'].startswith('rawset:')]" "['rawset: false']"
expect_json model/state "[f['message'] for f in d if f['message'].startswith('after')]" "['after the walk: 1 scenario(s), cache.md']"

# The model is made as the rules reach it, so a book far larger than the
# rules' memory cap still lints: 400 runbooks under a 4 MiB cap.
variant big
# (one awk writes the 400 copies: a sed per copy cost 4 s of CPU)
awk -v dir="$V" '{ line[NR] = $0 }
	END { for (i = 1; i <= 400; i++) { f = dir "/copy-" i ".md"
		for (j = 1; j <= NR; j++) print (line[j] ~ /^id: / ? "id: copy-" i : line[j]) > f
		close(f) } }' "$V/cache.md"
printf 'lua:\n  memory: 4194304\n' >> "$V/rbc.yaml"
run_rbc lint "$V" --as-of $ASOF --format json
expect_rc big/exit 0
expect_json big/no-rule-error "[f['rule'] for f in d if f['rule'] == 'rule-error']" "[]"
sed -i 's/^owner: ops-oncall/owner: ghost/' "$V/copy-400.md"
run_rbc lint "$V" --as-of $ASOF --format json
expect_json big/finding "sorted(set((f['rule'], f['file'].split('/')[-1]) for f in d))" "[('runbook-owner', 'copy-400.md')]"
