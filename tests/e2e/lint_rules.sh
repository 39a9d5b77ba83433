#!/usr/bin/env bash
# lint_rules.sh: each built-in rule is silent on the clean fixture book and
# fires, at the documented line, on a variant that breaks it.
GROUP=lint-rules
source "$ROOT/tests/lib.sh"
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
