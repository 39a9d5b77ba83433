#!/bin/bash
# tier: full
# site_browser.sh: the site in a real browser (headless Chromium over the
# DevTools protocol, tests/site/cdp.py). From file://, with nothing from
# the network: search by typing finds a scenario and its anchor; pages
# show no console error and load nothing outside file://; copy buttons
# and table sorting work. The XSS book (tests/site/xss-book) never trips
# the window.__pwned canary or a dialog on any page, and a static scan
# finds no foreign script, event handler or script URL in its pages.
# On a 390 px phone no page of the demo site is wider than the screen.
# Search reads step titles, section text and commands, takes one typo per
# word of 5 letters or more, and words in any order.
GROUP=site-browser
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch browser)
export GIT_CEILING_DIRECTORIES="$W"

run_rbc build "$ROOT/tests/site/xss-book" -o "$W/xss" --as-of 2026-11-22
expect_rc xss/build 0
if python3 "$ROOT/tests/site/xss_scan.py" "$W/xss" > "$W/scan.txt"; then pass xss/static-scan; else
	fail xss/static-scan "$(head -c 600 "$W/scan.txt")"; fi

if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null; then
	skip chromium "chromium is not installed (.ci/run installs it)"
	exit 0
fi
run_rbc build "$ROOT/runbooks" -o "$W/demo" --as-of 2026-11-22
expect_rc demo/build 0

# cdp RUN-NAME ARGS...: run the driver, record its PASS/FAIL lines
cdp() {
	local name=$1; shift
	timeout 300 python3 "$ROOT/tests/site/cdp.py" "$@" > "$W/$name.out" 2> "$W/$name.err"
	local rc=$?
	if [ $rc -eq 2 ]; then
		skip "$name" "chromium did not start: $(tail -1 "$W/$name.err")"
	elif [ $rc -ne 0 ] || ! grep -q '^PASS' "$W/$name.out"; then
		fail "$name" "driver exit $rc: $(tail -c 400 "$W/$name.err")"
	fi
	sed -n "s|^PASS |PASS $GROUP/|p; s|^FAIL |FAIL $GROUP/|p" "$W/$name.out" >> "$RESULTS"
}

# OrdersWriteErrors is a symptom of orders-db's first scenario only
cdp search search "$W/demo" OrdersWriteErrors "Primary database down"
cdp pages pages "$W/demo" index.html orders-db.html rto.html contacts.html review.html tags.html handbook.html
cdp xss xss "$W/xss" "Pwn"
cdp phone phone "$W/demo"
D=orders-db.html#scenario-primary-database-down
cdp typo-postgres find "$W/demo" postgress "$D" orders-db.html '!web-deploy.html' '!session-cache.html'
cdp typo-certificate find "$W/demo" certifcate region-failover.html#scenario-tls-certificate-expired '!orders-db.html'
cdp command find "$W/demo" patronictl "$D" '!web-deploy.html'
cdp command-word find "$W/demo" pg_isready "$D"
cdp step-title find "$W/demo" "maintenance window" "$D"
cdp section-text find "$W/demo" "two leaders" "$D"
cdp any-order find "$W/demo" "down database primary" "$D" '!region-failover.html#scenario-primary-region-unavailable'
cdp short-words-exact find "$W/demo" "dnz" '!'"$D"
cdp two-typos-no-match find "$W/demo" "pstgress" '!'"$D"
