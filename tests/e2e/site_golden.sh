#!/bin/bash
# site_golden.sh: an independent link check (tests/site/linkcheck.py,
# Python's HTML parser) over the site of a small book (tests/site/golden-book:
# two runbooks, one in a folder, contacts and an escalation path) and the
# demo book's. Its pages are compared with reviewed golden files by
# tests/golden/run.sh (tests/golden/site-book.site/).
GROUP=site-golden
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch golden)
cp -R "$ROOT/tests/site/golden-book" "$W/book"
# the scratch book is no git checkout: the review page's git note is fixed
export GIT_CEILING_DIRECTORIES="$W"
run_rbc build "$W/book" -o "$W/site" --as-of 2026-11-22
expect_rc build 0

if python3 "$ROOT/tests/site/linkcheck.py" "$W/site" > "$W/links.txt"; then pass links/golden; else
	fail links/golden "$(head -c 600 "$W/links.txt")"; fi
run_rbc build "$ROOT/runbooks" -o "$W/demo" --as-of 2026-11-22
expect_rc demo-build 0
if python3 "$ROOT/tests/site/linkcheck.py" "$W/demo" > "$W/demo-links.txt"; then pass links/demo; else
	fail links/demo "$(head -c 600 "$W/demo-links.txt")"; fi
