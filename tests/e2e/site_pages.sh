#!/bin/bash
# site_pages.sh: what `rbc build` does with the site beyond the golden
# pages: page names that meet the site's own, two runbooks on one page,
# template and asset overrides, template errors, the search index, no
# machine paths, removed runbooks, unchanged files' mtimes.
GROUP=site-pages
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch pages)
export GIT_CEILING_DIRECTORIES="$W"
BOOK="$W/book"
cp -R "$ROOT/tests/site/golden-book" "$BOOK"

# A runbook called tags.md gets tags-runbook.html; links to it follow
# (index.md at the root is the introduction: site_carries.sh).
cat > "$BOOK/tags.md" <<'MD'
---
title: Index of everything
owner: db-team
reviewed: 2026-11-01
---
# Index of everything

See the [ledger](ledger.md#scenario-primary-unreachable).
MD
printf '\nBack to the [tags runbook](tags.md).\n' >> "$BOOK/ledger.md"
run_rbc build "$BOOK" -o "$W/site" --as-of 2026-11-22
expect_rc reserved/build 0
expect_grep reserved/site-index "$W/site/index.html" '<h1>Golden Test Book</h1>'
expect_grep reserved/runbook-page "$W/site/tags-runbook.html" '<h1 id="index-of-everything">Index of everything'
expect_grep reserved/link-rewritten "$W/site/ledger.html" 'href="tags-runbook.html">tags runbook</a>'
expect_grep reserved/backlink "$W/site/ledger.html" '<a href="tags-runbook.html">Index of everything</a>'

# The search index is a script defining window.RBC_SEARCH with every
# runbook, scenario (at its anchor) and contact, and site-relative URLs.
python3 - "$W/site/assets/search-index.js" > "$W/search.txt" <<'PY'
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
head = "window.RBC_SEARCH = "
body = text[text.index(head) + len(head):].rstrip().rstrip(";")
docs = json.loads(body)["docs"]
for kind, title, url, context, hay in docs:
    print(kind, url, title)
PY
expect_grep search/scenario "$W/search.txt" 's storage/blobs.html#bucket-gone Bucket deleted'
expect_grep search/runbook "$W/search.txt" 'r tags-runbook.html Index of everything'
expect_grep search/contact "$W/search.txt" 'c contacts.html#contact-storage-team Storage team'
expect_eq search/count "$(wc -l < "$W/search.txt")" 7

# Nothing in the output names the machine's folders.
if grep -rqF -- "$W" "$W/site"; then fail no-machine-path "$(grep -rlF -- "$W" "$W/site" | head -3)"; else pass no-machine-path; fi
if grep -rqE --include='*.html' -- '(href|src)="(/|file:)' "$W/site"; then fail relative-urls "an absolute URL in the site"; else
	pass relative-urls; fi

# Unchanged files keep their mtime; a removed runbook's page goes away.
touch -d '2020-01-01 00:00:00' "$W/site/storage/blobs.html" "$W/site/assets/site.css"
rm "$BOOK/tags.md"
sed -i 's/^Back to the \[tags runbook\](tags.md).$//' "$BOOK/ledger.md"
run_rbc build "$BOOK" -o "$W/site" --as-of 2026-11-22
expect_rc rebuild/build 0
[ -e "$W/site/tags-runbook.html" ] && fail rebuild/removed "tags-runbook.html is still there" || pass rebuild/removed
expect_eq rebuild/css-mtime "$(date -r "$W/site/assets/site.css" +%Y)" 2020
# tags.md linked only the ledger, so blobs.html's bytes are the same: old mtime
expect_eq rebuild/page-mtime "$(date -r "$W/site/storage/blobs.html" +%Y)" 2020

# A no-op rebuild rewrites nothing: every file keeps its inode and mtime.
(cd "$W/site" && find . -type f -printf '%p %i %T@ %n\n' | sort) > "$W/noop-before.lst"
run_rbc build "$BOOK" -o "$W/site" --as-of 2026-11-22
expect_rc noop/build 0
(cd "$W/site" && find . -type f -printf '%p %i %T@ %n\n' | sort) > "$W/noop-after.lst"
if cmp -s "$W/noop-before.lst" "$W/noop-after.lst"; then pass noop/nothing-rewritten; else
	fail noop/nothing-rewritten "$(diff "$W/noop-before.lst" "$W/noop-after.lst" | head -4)"; fi
# A file edited by hand in the output is written afresh, not kept.
printf 'tampered\n' >> "$W/site/assets/site.css"
run_rbc build "$BOOK" -o "$W/site" --as-of 2026-11-22
if grep -q tampered "$W/site/assets/site.css"; then fail noop/tampered-restored "the edit survived"; else
	pass noop/tampered-restored; fi

# Two runbooks that would share a page: an error naming both, no output.
mkdir -p "$W/clash" && cp -R "$ROOT/tests/site/golden-book/." "$W/clash/"
cat > "$W/clash/ledger.yaml" <<'YML'
id: ledger-yaml
title: Ledger, YAML edition
owner: db-team
reviewed: 2026-11-01
scenarios: []
YML
run_rbc build "$W/clash" -o "$W/clash-site" --as-of 2026-11-22
expect_rc clash/exit 2
expect_grep clash/message "$OUT/last.err" "ledger.md and ledger.yaml would both be ledger.html; rename one of them [page-clash]"
[ -e "$W/clash-site" ] && fail clash/no-output "OUT was written" || pass clash/no-output

# A book's templates/ overrides pages, partials and assets by name.
mkdir -p "$BOOK/templates/assets" "$BOOK/templates/partials"
printf '/* our own style */\nbody { font-size: 20px; }\n' > "$BOOK/templates/assets/site.css"
printf '<p class="own-review">{{#review}}{{label}}{{/review}}</p>\n' > "$BOOK/templates/partials/review-badge.html"
run_rbc build "$BOOK" -o "$W/site" --as-of 2026-11-22
expect_rc override/build 0
expect_grep override/asset "$W/site/assets/site.css" '/* our own style */'
expect_grep override/partial "$W/site/index.html" '<p class="own-review">Overdue</p>'

# A template error names the template's line and column, fails the build
# and keeps the previous site.
printf '<h1>{{title}}</h1>\n{{#scenarios}}\n<p>{{title}}</p>\n' > "$BOOK/templates/runbook.html"
run_rbc build "$BOOK" -o "$W/site" --as-of 2026-11-22
expect_rc template-error/exit 2
expect_grep template-error/where "$OUT/last.err" "templates/runbook.html:2:1: error: template error: '{{#scenarios}}' is never closed"
expect_grep template-error/old-site-kept "$W/site/assets/site.css" '/* our own style */'
expect_grep template-error/old-pages-kept "$W/site/ledger.html" 'Ledger database'

# The HTML check runs on every page: a template that emits an inline
# script or a link to nowhere fails the build, naming page and line.
rm "$BOOK/templates/runbook.html"
printf '<h1>{{site_title}}</h1>\n<script>alert(1)</script>\n<a href="nowhere.html">x</a>\n' > "$BOOK/templates/tags.html"
run_rbc build "$BOOK" -o "$W/site" --as-of 2026-11-22
expect_rc html-check/exit 2
expect_grep html-check/inline-script "$OUT/last.err" "tags.html:"
expect_grep html-check/inline-script-why "$OUT/last.err" "a script without src; the site loads only its own script files [html-check]"
expect_grep html-check/dead-link "$OUT/last.err" "link to a file the site does not have: 'nowhere.html' [html-check]"
expect_grep html-check/old-site-kept "$W/site/assets/site.css" '/* our own style */'
