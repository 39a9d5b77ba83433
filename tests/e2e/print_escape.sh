#!/usr/bin/env bash
# print_escape.sh: the hostile book (tests/print/hostile) through the
# handbook: titles, contact fields, front matter values and body HTML
# come out as text; javascript:, vbscript: and data: links lose their
# target; a remote image becomes a link (the handbook loads nothing).
GROUP=print-escape
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch escape)
run_rbc build "$ROOT/tests/print/hostile" -o "$W/site"; expect_rc build 0
H="$W/site/handbook.html"
if [ -s "$H" ]; then pass written; else fail written "no handbook.html"; exit 0; fi

# No canary reaches markup: a tag, an attribute or a URL.
for n in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do
	if grep -o "[^;]\{0,40\}window.__pwned=${n}[^&]\{0,5\}" "$H" | grep -qE '<script|<[a-z][^<>]* on[a-z]+=|(href|src)=["'"'"'][[:space:]]*javascript:'; then
		fail "canary-$n" "$(grep -o ".\{0,60\}window.__pwned=$n.\{0,10\}" "$H" | head -2 | tr '\n' '|')"
	else
		pass "canary-$n"
	fi
done
if grep -qiE '<script|<iframe|<object|<embed|<link|<img' "$H"; then fail no-active-elements "$(grep -oiE '.{0,40}<(script|iframe|object|embed|link|img).{0,40}' "$H" | head -3)"; else pass no-active-elements; fi
if grep -qiE '<[a-z][^>]* on[a-z]+=' "$H"; then fail no-handlers "$(grep -oiE '<[a-z][^>]* on[a-z]+=[^>]*' "$H" | head -3)"; else pass no-handlers; fi
if grep -qiE '(href|src)="[[:space:]]*(javascript|vbscript|data):' "$H"; then fail no-script-urls "$(grep -oiE '(href|src)="(javascript|vbscript|data):[^"]*' "$H" | head -3)"; else pass no-script-urls; fi

# The values are there, as text.
expect_grep title-in-contents "$H" '<a href="#evil">&quot;&gt;&lt;script&gt;window.__pwned=6&lt;/script&gt;</a>'
expect_grep title-in-header-string "$H" 'data-title="&quot;&gt;&lt;script&gt;window.__pwned=6&lt;/script&gt;"'
expect_grep book-title "$H" '<title>Book &lt;/title&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt; &#8211; print handbook</title>'
expect_grep contact-name "$H" '&quot;&gt;&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;'
expect_grep service "$H" '&lt;b onmouseover=&quot;window.__pwned=7&quot;&gt;svc&lt;/b&gt;'
expect_grep code-block "$H" 'echo &#39;&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;window.__pwned=15&lt;/script&gt;&#39;'
expect_grep js-link-text-kept "$H" '<span class="unsafe-link">click</span>'
expect_grep remote-image-as-link "$H" '<a class="image" href="https://evil.example/t.png">tracker</a>'
