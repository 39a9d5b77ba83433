#!/usr/bin/env bash
# stale_quarters.sh: the report's quarter and window at quarter boundaries
# and across leap years, through the real command.
GROUP=stale-quarters
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch quarters)
export GIT_CEILING_DIRECTORIES="$W"

# book DIR REVIEWED: one runbook reviewed on REVIEWED, every 90 days.
book() {
	mkdir -p "$W/$1"
	printf 'contacts:\n  ops:\n    name: Ops\n' > "$W/$1/contacts.yaml"
	printf -- '---\nowner: ops\ntier: 2\nreviewed: %s\nreview_every: 90d\n---\n# R\n\n## Scenario: Down\n\n### Recovery\n1. Restart\n' \
		"$2" > "$W/$1/r.md"
}
# state NAME DIR AS_OF WANT_QUARTER WANT_WINDOW_END WANT_KIND_AND_DAYS
state() {
	run_rbc stale "$W/$2" --as-of "$3" --format json
	expect_json "$1" 'd["quarter"], d["window_end"], [(f["kind"], f["days_overdue"]) for g in d["owners"] for f in g["findings"] if f["subject"] == "r.md"]' \
		"('$4', '$5', $6)"
}

# Reviewed 2026-01-01 + 90d: due 2026-04-01, the first day of Q2.
book q1 2026-01-01
state last-day-of-q1 q1 2026-03-31 2026-Q1 2026-03-31 "[]"
state first-day-of-q2 q1 2026-04-01 2026-Q2 2026-06-30 "[('due', 0)]"
state second-day-of-q2 q1 2026-04-02 2026-Q2 2026-06-30 "[('overdue', 1)]"
run_rbc stale "$W/q1" --as-of 2026-03-31 --within 1d --format json
expect_json within-overrides-quarter 'd["window_end"], [f["kind"] for g in d["owners"] for f in g["findings"] if f["subject"] == "r.md"]' "('2026-04-01', ['due'])"

# Reviewed on a leap day + 90d: due 2024-05-29.
book leap 2024-02-29
state leap-q1 leap 2024-02-29 2024-Q1 2024-03-31 "[]"
state leap-due-day leap 2024-05-29 2024-Q2 2024-06-30 "[('due', 0)]"
state leap-day-after leap 2024-05-30 2024-Q2 2024-06-30 "[('overdue', 1)]"

# The last day of 2028 (a leap year) and the first of 2029.
book y2028 2028-10-02
state last-day-2028 y2028 2028-12-31 2028-Q4 2028-12-31 "[('due', 0)]"
state first-day-2029 y2028 2029-01-01 2029-Q1 2029-03-31 "[('overdue', 1)]"
run_rbc stale "$W/y2028" --as-of 2028-12-31
expect_grep text-header-2028 "$OUT/last.out" "Review report 2028-Q4, as of 2028-12-31 (due window: until 2028-12-31)"
