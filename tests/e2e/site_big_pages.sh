#!/bin/bash
# tier: full
# site_big_pages.sh: pages bigger than the renderer holds in memory
# (RB_TEMPLATE_FLUSH_AT, 256 KB) go to their file in pieces, and the HTML
# check reads them back from the file. The page must come out whole, and
# the check must see every row of it, those written before the first
# piece left memory and those after.
GROUP=site-big-pages
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch big)
export GIT_CEILING_DIRECTORIES="$W"
BOOK="$W/book"
python3 "$ROOT/tests/bench/gen.py" "$BOOK" 150   # rto.html: about 380 KB

run_rbc build "$BOOK" -o "$W/site" --as-of 2026-11-22
expect_rc build 0
size=$(stat -c %s "$W/site/rto.html" 2>/dev/null || echo 0)
if [ "$size" -gt $((2 * 256 * 1024)) ] || [ "$size" -lt $((256 * 1024)) ]; then
	fail rto-size "rto.html is $size bytes; the test wants one to two pieces of 256 KB"
else
	pass rto-size
fi
scenarios=$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print(sum(len(r["scenarios"]) for r in m["runbooks"]))' "$W/site/model.json")
expect_eq rto-every-row "$(grep -c '<th scope="row">' "$W/site/rto.html")" "$scenarios"
expect_eq rto-ends "$(tail -n 1 "$W/site/rto.html")" "</html>"
python3 -c 'import html.parser,sys; p=html.parser.HTMLParser(); p.feed(open(sys.argv[1],encoding="utf-8").read()); p.close()' \
	"$W/site/rto.html" && pass rto-utf8 || fail rto-utf8 "rto.html is not whole UTF-8 HTML"

# A book's rto.html that puts a broken link and a repeated id in every row:
# the check reports each of them, at its own line, and the build fails
# (exit 2, as for any build whose output could not be made).
mkdir -p "$BOOK/templates"
sed 's|<th scope="row">|<th scope="row" id="again"><a href="#nowhere">x</a>|' "$ROOT/templates/rto.html" > "$BOOK/templates/rto.html"
cp -R "$W/site" "$W/site.want"
run_rbc build "$BOOK" -o "$W/site" --as-of 2026-11-22
expect_rc bad-rows/exit 2
expect_eq bad-rows/every-link "$(grep -c "^rto.html:[0-9]*:1: error: .*link to an id the page does not have: '#nowhere'" "$OUT/last.err")" "$scenarios"
expect_eq bad-rows/every-id "$(grep -c "^rto.html:[0-9]*:1: error: .*id 'again' is used twice on this page" "$OUT/last.err")" $((scenarios - 1))
# the rows' lines as the check saw them are the lines of the page
lines=$(grep -o "^rto.html:[0-9]*:1: error: .*#nowhere" "$OUT/last.err" | cut -d: -f2 | tr '\n' ' ')
want=$(sed 's|<th scope="row">|<th scope="row" id="again"><a href="#nowhere">x</a>|' "$W/site.want/rto.html" | grep -n '#nowhere' | cut -d: -f1 | tr '\n' ' ')
expect_eq bad-rows/lines "$lines" "$want"
if diff -r "$W/site" "$W/site.want" >/dev/null; then pass bad-rows/old-site-kept; else fail bad-rows/old-site-kept "the site changed"; fi
