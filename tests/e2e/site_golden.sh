#!/bin/bash
# site_golden.sh: the site of a small book (tests/site/golden-book: two
# runbooks, one in a folder, contacts and an escalation path) against
# reviewed golden pages in tests/site/golden/, and an independent link
# check (tests/site/linkcheck.py, Python's HTML parser) over that site and
# the demo book's. RBC_REGEN=1 rewrites the golden files: review the diff.
GROUP=site-golden
source "$ROOT/tests/lib.sh"
W=$(scratch golden)
G="$ROOT/tests/site/golden"
cp -R "$ROOT/tests/site/golden-book" "$W/book"
# the scratch book is no git checkout: the review page's git note is fixed
export GIT_CEILING_DIRECTORIES="$W"
run_rbc build "$W/book" -o "$W/site" --as-of 2026-11-22
expect_rc build 0

for want in $(cd "$G" && find . -type f | sort); do
	want=${want#./}
	if [ -n "${RBC_REGEN:-}" ] && [ -f "$W/site/$want" ]; then
		cp "$W/site/$want" "$G/$want"
	fi
	if [ -f "$W/site/$want" ]; then
		expect_same "page/$want" "$W/site/$want" "$G/$want"
	else
		fail "page/$want" "the build wrote no $want"
	fi
done

# every page the build wrote is covered by a golden file
for got in $(cd "$W/site" && find . -name '*.html' ! -name handbook.html | sort); do
	got=${got#./}
	[ -f "$G/$got" ] && pass "covered/$got" || fail "covered/$got" "no golden file for $got"
done

if python3 "$ROOT/tests/site/linkcheck.py" "$W/site" > "$W/links.txt"; then pass links/golden; else
	fail links/golden "$(head -c 600 "$W/links.txt")"; fi
run_rbc build "$ROOT/runbooks" -o "$W/demo" --as-of 2026-11-22
expect_rc demo-build 0
if python3 "$ROOT/tests/site/linkcheck.py" "$W/demo" > "$W/demo-links.txt"; then pass links/demo; else
	fail links/demo "$(head -c 600 "$W/demo-links.txt")"; fi
