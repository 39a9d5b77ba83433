#!/usr/bin/env bash
# print_structure.sh: OUT/handbook.html of the fixture book: a contents
# entry for every runbook and scenario, contacts before the matrix before
# the runbooks, each runbook's section, the paper switch, the breaches,
# and the same bytes on a second build.
GROUP=print-structure
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch structure)
BOOK="$ROOT/tests/print/book"

run_rbc build "$BOOK" -o "$W/site" --as-of 2026-11-20; expect_rc build 0
H="$W/site/handbook.html"
if [ -s "$H" ]; then pass written; else fail written "no handbook.html in $(ls "$W/site")"; exit 0; fi

# Every runbook of the model has a contents entry and a section, in path order.
python3 - "$W/site/model.json" "$H" > "$W/check.txt" 2>&1 <<'PY'
import json, re, sys, html
model = json.load(open(sys.argv[1]))
page = open(sys.argv[2], encoding="utf-8").read()
toc = page[page.index('id="book:toc"'):page.index('</nav>')]
ids = [rb["id"] for rb in model["runbooks"]]
for rb in model["runbooks"]:
    title = html.escape(rb["title"], quote=True).replace("&#x27;", "&#39;")
    if f'<a href="#{rb["id"]}">{title}</a>' not in toc: print("no-toc-entry", rb["id"])
    if f'<section class="part runbook" id="{rb["id"]}" data-title="{title}">' not in page: print("no-section", rb["id"])
    for sc in rb["scenarios"]:
        if f'href="#{rb["id"]}/{sc["id"]}"' not in toc: print("no-toc-scenario", rb["id"], sc["id"])
order = [m.start() for m in re.finditer(r'<section class="part runbook" id="([^"]+)"', page)]
found = re.findall(r'<section class="part runbook" id="([^"]+)"', page)
if found != ids: print("runbook-order", found, ids)
print("runbooks", len(ids))
PY
expect_grep model-has-runbooks "$W/check.txt" "runbooks 3"
if grep -qv '^runbooks ' "$W/check.txt"; then fail toc-and-sections "$(grep -v '^runbooks ' "$W/check.txt" | head -5 | tr '\n' '|')"; else pass toc-and-sections; fi

# Front matter order: contents, contacts, matrix, then the first runbook.
pos() { grep -bo -- "$1" "$H" | head -1 | cut -d: -f1; }
toc=$(pos 'id="book:toc"'); contacts=$(pos 'id="book:contacts"'); rto=$(pos 'id="book:rto"')
first=$(pos 'class="part runbook"')
if [ -n "$toc" ] && [ -n "$first" ] && [ "$toc" -lt "$contacts" ] && [ "$contacts" -lt "$rto" ] && [ "$rto" -lt "$first" ]; then
	pass front-order
else
	fail front-order "toc=$toc contacts=$contacts rto=$rto first-runbook=$first"
fi
expect_grep escalation-first-step "$H" '<li><a href="#contact:ovens-oncall">Ovens on-call</a> (Keeps the ovens and their controllers running): +44 20 7946 0500, at once</li>'
expect_grep escalation-second-step "$H" '<a href="#contact:bakery-manager">Bakery manager</a> (Decides when to close the shop): +44 20 7946 0502, after 20m</li>'
expect_grep contact-row "$H" '<tr id="contact:till-team"><td>Till team'

# The matrix: a declared RPO over the tier's policy, and steps over the RTO.
expect_grep matrix-rpo-breach "$H" '<td class="nowrap breach">2h <span class="breach-mark">(over)</span></td>'
expect_grep matrix-steps-breach "$H" '<td class="nowrap breach">20m <span class="breach-mark">(over RTO)</span></td>'
expect_grep matrix-tier-policy "$H" '<td class="nowrap">20 min</td><td class="nowrap">30m</td><td class="nowrap">17m</td>'
expect_grep matrix-inherited-rto "$H" '<td class="nowrap">4h</td><td class="nowrap">4h</td><td class="nowrap">45m</td>'

# Paged media: the pieces WeasyPrint needs.
expect_grep css-page-a4 "$H" 'size: A4;'
expect_grep css-running-header "$H" 'content: string(runbook)'
expect_grep css-page-number "$H" 'counter(page)'
expect_grep css-toc-pages "$H" 'target-counter(attr(href), page)'
expect_grep css-break-before "$H" 'break-before: page'
expect_grep css-break-after "$H" 'break-after: avoid'
expect_grep css-external-urls "$H" 'a[href^="http"]:not(.bare)::after { content: " (" attr(href) ")"'
expect_grep css-code-wraps "$H" 'white-space: pre-wrap'
expect_grep external-link-kept "$H" '<a href="https://ovens.example/manual">the vendor site</a>'
expect_grep autolink-bare "$H" '<a href="https://status.ovens.example/" class="bare">https://status.ovens.example/</a>'

# --paper letter adds a Letter page rule; a4 an A4 one; bad values are usage errors.
run_rbc build "$BOOK" -o "$W/letter" --paper letter; expect_rc letter-build 0
expect_grep letter-rule "$W/letter/handbook.html" '<style>@page { size: letter; }</style>'
run_rbc build "$BOOK" -o "$W/a4" --paper a4; expect_rc a4-build 0
expect_grep a4-rule "$W/a4/handbook.html" '<style>@page { size: A4; }</style>'
run_rbc build "$BOOK" -o "$W/bad" --paper legal; expect_rc paper-bad 2
expect_grep paper-bad-message "$OUT/last.err" "--paper takes a4 or letter"

# Same input and --as-of, same bytes; the cover names the build date:
# --as-of, else SOURCE_DATE_EPOCH (the same bytes on any day), else today.
run_rbc build "$BOOK" -o "$W/again" --as-of 2026-11-20; expect_rc again 0
expect_same byte-identical "$W/again/handbook.html" "$H"
expect_grep as-of-printed "$H" '<time datetime="2026-11-20">2026-11-20</time>.</p>'
SOURCE_DATE_EPOCH=1796083200 run_rbc build "$BOOK" -o "$W/sde1"; expect_rc sde-build 0
SOURCE_DATE_EPOCH=1796083200 run_rbc build "$BOOK" -o "$W/sde2"; expect_rc sde-build-again 0
expect_grep sde-date "$W/sde1/handbook.html" '<time datetime="2026-12-01">2026-12-01</time>'
expect_same sde-byte-identical "$W/sde1/handbook.html" "$W/sde2/handbook.html"

# BOOK/templates/handbook.css replaces the built-in style sheet; one that
# could end the <style> element fails the build and keeps the old OUT.
cp -r "$BOOK" "$W/own" && mkdir -p "$W/own/templates"
printf '@page { size: A5; } /* own-style */\n' > "$W/own/templates/handbook.css"
run_rbc build "$W/own" -o "$W/own-site"; expect_rc own-css-build 0
expect_grep own-css-used "$W/own-site/handbook.html" '/* own-style */'
expect_no_grep own-css-replaces "$W/own-site/handbook.html" 'size: A4;'
printf 'p {} </STYLE><script>alert(1)</script>\n' > "$W/own/templates/handbook.css"
run_rbc build "$W/own" -o "$W/own-site"; expect_rc own-css-bad 2
expect_grep own-css-bad-message "$OUT/last.err" "templates/handbook.css: error: template error: it holds '</style'"
expect_grep own-css-bad-keeps-old "$W/own-site/handbook.html" '/* own-style */'
