#!/usr/bin/env bash
# stale_report.sh: `rbc stale` golden output in every format for a book with
# known dates at a fixed --as-of, the --owner filter, --fail-on exit codes
# and usage errors. Git is kept out (GIT_CEILING_DIRECTORIES) so the report
# notes that the history was not checked; stale_git.sh covers git.
GROUP=stale-report
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch report)
cp -R "$ROOT/tests/stale/book" "$W/book"
export GIT_CEILING_DIRECTORIES="$W"

# The golden reports (every format, and --owner) are checked by
# tests/golden/run.sh (tests/golden/stale-book.stale.*, stale-owner.stale.md).

# The default format is text; the JSON is valid and carries its schema.
run_rbc stale "$W/book" --as-of 2026-11-15
expect_grep default-text "$OUT/last.out" "Review report 2026-Q4, as of 2026-11-15"
run_rbc stale "$W/book" --as-of 2026-11-15 --format json
expect_json json-schema 'd["schema"], d["version"]' "('rbc-stale', 1)"
expect_json json-owner-order '[g["owner"] for g in d["owners"]][-1]' "(no owner)"
expect_json json-counts 'd["counts"]["runbooks"]' "{'fresh': 2, 'due': 2, 'overdue': 2, 'never': 1}"
expect_json json-git-skipped 'd["git"]["checked"]' "False"

# Escaping: titles with markup reach each format escaped, once.
expect_grep html-escaped "$ROOT/tests/golden/stale-book.stale.html" "Checkout &lt;API&gt; &amp; &quot;cards&quot;, refunds"
expect_no_grep html-no-raw "$ROOT/tests/golden/stale-book.stale.html" "<API>"
expect_grep csv-quoted "$ROOT/tests/golden/stale-book.stale.csv" '"Checkout <API> & ""cards"", refunds"'
expect_grep md-escaped "$ROOT/tests/golden/stale-book.stale.md" 'Checkout \<API\> \& "cards"'

# --owner keeps one group and counts only what it owns.
run_rbc stale "$W/book" --as-of 2026-11-15 --owner @pay-oncall --format json
expect_json owner-groups '[g["owner"] for g in d["owners"]]' "['pay-oncall']"
expect_json owner-counts 'd["counts"]["runbooks"], d["counts"]["contacts"]' \
	"({'fresh': 0, 'due': 2, 'overdue': 1, 'never': 0}, {'fresh': 0, 'due': 1, 'overdue': 0, 'never': 0})"
expect_json owner-sorted '[(f["tier"], f["kind"], f["subject"]) for f in d["owners"][0]["findings"]]' \
	"[(1, 'overdue', 'checkout.md'), (1, 'contact-due', 'pay-oncall'), (1, 'due', 'ledger.md'), (2, 'due', 'refunds.md')]"
run_rbc stale "$W/book" --as-of 2026-11-15 --owner nobody-at-all
expect_rc owner-unknown-exit 0
expect_grep owner-unknown-empty "$OUT/last.out" "Nothing to do."

# --fail-on: overdue items fail both levels; due-only fails only 'due'.
run_rbc stale "$W/book" --as-of 2026-11-15 --fail-on overdue; expect_rc fail-on-overdue 1
run_rbc stale "$W/book" --as-of 2026-11-15 --fail-on due;     expect_rc fail-on-due 1
run_rbc stale "$W/book" --as-of 2026-11-15 --owner dba-oncall --fail-on due
expect_rc fail-on-placeholder-only 0
mkdir -p "$W/due"
printf 'contacts:\n  ops:\n    name: Ops\n    verified: 2026-11-01\n' > "$W/due/contacts.yaml"
printf -- '---\nowner: ops\ntier: 1\nreviewed: 2026-10-01\n---\n# Q\n\n## Scenario: Down\n\n### Recovery\n1. Restart\n' > "$W/due/q.md"
run_rbc stale "$W/due" --as-of 2026-11-15 --fail-on overdue; expect_rc due-only-overdue 0
run_rbc stale "$W/due" --as-of 2026-11-15 --fail-on due;     expect_rc due-only-due 1
run_rbc stale "$W/due" --as-of 2026-11-15 --within 30d --fail-on due; expect_rc within-30d-fresh 0
run_rbc stale "$W/due" --as-of 2026-12-30 --fail-on overdue; expect_rc due-on-due-day 0
run_rbc stale "$W/due" --as-of 2026-12-31 --fail-on overdue; expect_rc overdue-day-after 1
run_rbc stale "$W/due" --as-of 2026-11-15;                   expect_rc default-exit-0 0

# Usage errors exit 2 with a message.
run_rbc stale "$W/book" --within soon;         expect_rc bad-within 2
expect_grep bad-within-msg "$OUT/last.err" "--within takes a duration"
run_rbc stale "$W/book" --format xml;          expect_rc bad-format 2
expect_grep bad-format-msg "$OUT/last.err" "not 'xml'"
run_rbc stale "$W/book" --as-of 2026-02-30;    expect_rc bad-as-of 2
run_rbc stale "$W/book" --fail-on sometimes;   expect_rc bad-fail-on 2
run_rbc stale "$W/no-such-book";               expect_rc missing-book 2

# The CSV reads back with a standard RFC 4180 reader: one row per finding.
got=$(python3 -c 'import csv,sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
print(len(rows) - 1, rows[0][3], [r[6] for r in rows if r[5] == "checkout.md"][0])' "$ROOT/tests/golden/stale-book.stale.csv" 2>&1)
expect_eq csv-reads-back "$got" '15 kind Checkout <API> & "cards", refunds'
