#!/usr/bin/env bash
# site_template_names.sh: a book's template that names a value no template
# is ever given ({{page_titel}}, {{#has_tag}}, {{site.title}}) fails the
# build (exit 2) at BOOK/templates/NAME:line:col with the nearest known
# name, writes no site and keeps the previous one; every name rbc's
# renderers set (read from src/render/*.c) is accepted, so no valid
# template is refused.
GROUP=site-template-names
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
ASOF=2026-12-01
W=$(scratch names)
cp -R "$ROOT/tests/lint/book" "$W/book"
mkdir -p "$W/book/templates"

# No site yet: a misspelt value writes none.
sed 's/{{page_title}}/{{page_titel}}/' "$ROOT/templates/layout.html" > "$W/book/templates/layout.html"
line=$(grep -n 'page_titel' "$W/book/templates/layout.html" | head -1 | cut -d: -f1)
col=$(grep 'page_titel' "$W/book/templates/layout.html" | head -1 | awk '{print index($0, "{{page_titel}}")}')
(cd "$W" && run_rbc build book -o site --as-of $ASOF)
expect_rc typo/exit-2 2
expect_grep typo/where "$OUT/last.err" "book/templates/layout.html:$line:$col: error: no value of this name is given to any template, so it would always be empty: 'page_titel'; did you mean 'page_title'?"
expect_grep typo/rule-id "$OUT/last.err" "[template]"
[ -e "$W/site" ] && fail typo/no-site "OUT was written" || pass typo/no-site

# A good build, then a misspelt section name and a dotted name: both
# reported, and the previous site stays as it was.
cp "$ROOT/templates/layout.html" "$W/book/templates/layout.html"
(cd "$W" && run_rbc build book -o site --as-of $ASOF)
expect_rc good/exit-0 0
cp "$W/site/tags.html" "$W/tags.before"
sed 's/{{#has_tags}}/{{#has_tag}}/; s/{{\^has_tags}}/{{^has_tag}}/; s/{{\/has_tags}}/{{\/has_tag}}/g' "$ROOT/templates/tags.html" > "$W/book/templates/tags.html"
printf '<p>{{site.title}}</p>\n' >> "$W/book/templates/tags.html"
(cd "$W" && run_rbc build book -o site --as-of $ASOF)
expect_rc section/exit-2 2
expect_grep section/named "$OUT/last.err" "'has_tag'; did you mean 'has_tags'?"
expect_grep dotted/named "$OUT/last.err" ": 'site'; did you mean 'site_title'?"
expect_same section/old-site-kept "$W/site/tags.html" "$W/tags.before"

# Every name the renderers set, in a section that never renders: accepted.
rm "$W/book/templates/tags.html"
names=$("$RBC_PY" - "$ROOT/src/render" <<'PY'
import glob, re, sys
names = set()
for f in glob.glob(sys.argv[1] + "/*.c"):
    s = open(f).read()
    names.update(re.findall(r'rb_tv_set(?:_text|_html|_bool|_int)?\(\s*[^,;]+?,\s*"([A-Za-z0-9_-]+)"', s, re.S))
    names.update(re.findall(r'"(nav_[a-z]+)"', s))
    if 'rb_arena_printf(s->arena, "%s_s", key)' in s:
        names.update(k + "_s" for k in re.findall(r'set_duration\([^,]+,[^,]+,\s*"([a-z]+)"', s))
print(" ".join("{{%s}}" % n for n in sorted(names)))
PY
)
count=$(echo "$names" | wc -w)
if [ "$count" -lt 80 ]; then fail all-names/extracted "only $count names read from src/render"; else pass all-names/extracted; fi
{ cat "$ROOT/templates/404.html"; printf '{{^as_of}}%s{{/as_of}}\n' "$names"; } > "$W/book/templates/404.html"
(cd "$W" && run_rbc build book -o site --as-of $ASOF)
expect_rc all-names/accepted 0
expect_no_grep all-names/no-error "$OUT/last.err" "no value of this name"
