#!/usr/bin/env bash
# tier: full
# print_pdf.sh: WeasyPrint renders the fixture book's handbook to PDF.
# pdftotext finds every runbook title, the contents give each a page
# number, that page starts the runbook (its running header and title), and
# pdfinfo reports A4 by default and Letter with --paper letter. Skipped
# when weasyprint or poppler-utils are missing (.ci/run installs both).
GROUP=print-pdf
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
if ! command -v weasyprint >/dev/null || ! command -v pdftotext >/dev/null || ! command -v pdfinfo >/dev/null; then
	skip weasyprint "weasyprint or poppler-utils is not installed (.ci/run installs them)"
	exit 0
fi
W=$(scratch pdf)
BOOK="$ROOT/tests/print/book"

run_rbc build "$BOOK" -o "$W/site" --as-of 2026-11-20; expect_rc build 0
run_rbc dump "$BOOK"; expect_rc dump 0
python3 -c 'import json,sys; [print(r["title"]) for r in json.load(open(sys.argv[1]))["runbooks"]]' "$OUT/last.out" > "$W/titles"
expect_eq three-titles "$(wc -l < "$W/titles")" 3

# render PAPER-NAME HTML: HTML → PDF with weasyprint; stderr must be free of CSS warnings.
render() {
	if weasyprint "$2" "$W/$1.pdf" >"$W/$1.log" 2>&1 && [ -s "$W/$1.pdf" ]; then pass "$1/rendered"; else fail "$1/rendered" "$(head -5 "$W/$1.log")"; return 1; fi
	if grep -q 'WARNING' "$W/$1.log"; then fail "$1/css-accepted" "$(grep WARNING "$W/$1.log" | head -3 | tr '\n' '|')"; else pass "$1/css-accepted"; fi
	pdftotext -layout "$W/$1.pdf" "$W/$1.txt"
}

render a4 "$W/site/handbook.html" || exit 0
pages=$(pdfinfo "$W/a4.pdf" | sed -n 's/^Pages: *//p')
while IFS= read -r title; do
	# The contents line: the title, dot leaders, a page number.
	n=$(grep -E "^ *$(printf '%s' "$title" | sed 's/[][\.*^$()+?{}|/]/\\&/g') *\.+ *[0-9]+ *$" "$W/a4.txt" | head -1 | grep -oE '[0-9]+ *$' | tr -d ' ')
	if [ -n "$n" ]; then pass "toc-page/$title"; else fail "toc-page/$title" "no '$title ..... N' line in the contents"; continue; fi
	# That page shows the title in its running header and its body, and its number.
	pdftotext -layout -f "$n" -l "$n" "$W/a4.pdf" "$W/page.txt"
	if [ "$(grep -cF -- "$title" "$W/page.txt")" -ge 2 ]; then pass "page-has-title/$title"; else fail "page-has-title/$title" "page $n: $(head -c 300 "$W/page.txt" | tr '\n' '|')"; fi
	expect_grep "page-number/$title" "$W/page.txt" "Page $n of $pages"
done < "$W/titles"
expect_grep contacts-in-toc "$W/a4.txt" "Contacts and escalation ..."
expect_grep external-url-printed "$W/a4.txt" "(https://ovens.example/manual)"
if pdfinfo "$W/a4.pdf" | grep -q 'Page size: *595.* x 841.* (A4)'; then pass a4/page-size; else fail a4/page-size "$(pdfinfo "$W/a4.pdf" | grep 'Page size')"; fi

run_rbc build "$BOOK" -o "$W/letter" --paper letter; expect_rc letter-build 0
render letter "$W/letter/handbook.html" || exit 0
if pdfinfo "$W/letter.pdf" | grep -q 'Page size: *612 x 792 pts (letter)'; then pass letter/page-size; else fail letter/page-size "$(pdfinfo "$W/letter.pdf" | grep 'Page size')"; fi
while IFS= read -r title; do expect_grep "letter-has/$title" "$W/letter.txt" "$title"; done < "$W/titles"
