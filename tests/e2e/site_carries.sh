#!/bin/bash
# site_carries.sh: the site carries what runbooks link to. Linked files
# and images of the book are copied at their relative paths (never one
# outside the book); a link or image to a missing file is a link-broken
# finding at its source line, not an html-check error; README.md is the
# index page's introduction, not a runbook; 404.html; a permalink on every
# heading; edit_url's "Edit this page" links (validated, did-you-mean);
# each runbook's last change from one git call; the handbook cover's
# commit and build date.
GROUP=site-carries
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch carries)
export GIT_CEILING_DIRECTORIES="$W"
BOOK="$W/book"
cp -R "$ROOT/tests/site/golden-book" "$BOOK"
mkdir -p "$BOOK/docs/diagrams"
printf 'PNG fake diagram\n' > "$BOOK/docs/diagrams/ledger.png"
printf '%%PDF-1.4 fake\n' > "$BOOK/docs/failover guide.pdf"
cat >> "$BOOK/ledger.md" <<'MD'

The layout: ![ledger layout](docs/diagrams/ledger.png), and the
[failover guide](docs/failover%20guide.pdf).
MD
# a runbook in a folder links the same files with ../
printf '\nSee ![the layout](../docs/diagrams/ledger.png).\n' >> "$BOOK/storage/blobs.md"
cat > "$BOOK/README.md" <<'MD'
# Ledger team handbook

Start at the [ledger](ledger.md#scenario-primary-unreachable) runbook.
Our **layout**: ![layout](docs/diagrams/ledger.png)

## How to use it

Search for a symptom.
MD

# --- attachments and the introduction ---
run_rbc lint "$BOOK" --as-of 2026-11-22
expect_no_grep readme/no-runbook-findings "$OUT/last.out" "README.md"
run_rbc build "$BOOK" -o "$W/site" --as-of 2026-11-22
expect_rc build 0
expect_eq attach/image-copied "$(cat "$W/site/docs/diagrams/ledger.png" 2>&1)" "$(cat "$BOOK/docs/diagrams/ledger.png")"
if cmp -s "$W/site/docs/failover guide.pdf" "$BOOK/docs/failover guide.pdf"; then pass attach/pdf-copied; else
	fail attach/pdf-copied "$(ls -R "$W/site/docs" 2>&1 | head -5)"; fi
expect_grep attach/img-src "$W/site/ledger.html" '<img src="docs/diagrams/ledger.png" alt="ledger layout">'
expect_grep attach/href "$W/site/ledger.html" '<a href="docs/failover%20guide.pdf">failover guide</a>'
expect_grep attach/from-folder "$W/site/storage/blobs.html" '<img src="../docs/diagrams/ledger.png" alt="the layout">'
expect_grep attach/handbook "$W/site/handbook.html" 'src="docs/diagrams/ledger.png"'
expect_grep attach/in-manifest "$W/site/.rbc-manifest" 'docs/failover guide.pdf'
if python3 "$ROOT/tests/site/linkcheck.py" "$W/site" > "$W/links.txt" 2>&1; then pass attach/links-resolve; else
	fail attach/links-resolve "$(head -5 "$W/links.txt")"; fi
expect_grep readme/intro "$W/site/index.html" '<h1 id="intro-ledger-team-handbook">Ledger team handbook'
expect_grep readme/intro-link "$W/site/index.html" '<a href="ledger.html#scenario-primary-unreachable">ledger</a>'
expect_grep readme/intro-image "$W/site/index.html" '<img src="docs/diagrams/ledger.png" alt="layout">'
expect_grep readme/still-counts "$W/site/index.html" '2 runbooks, 2 scenarios.'
[ -e "$W/site/README.html" ] && fail readme/no-page "README.html was written" || pass readme/no-page
expect_no_grep readme/not-searched "$W/site/assets/search-index.js" 'Ledger team handbook'
expect_no_grep readme/not-in-handbook "$W/site/handbook.html" 'Ledger team handbook'
# index.md serves as well when there is no README.md
mv "$BOOK/README.md" "$BOOK/index.md"
run_rbc build "$BOOK" -o "$W/site-index" --as-of 2026-11-22
expect_rc readme/index-md-build 0
expect_grep readme/index-md "$W/site-index/index.html" 'Ledger team handbook'
[ -e "$W/site-index/index-runbook.html" ] && fail readme/index-md-no-page "index-runbook.html was written" ||
	pass readme/index-md-no-page
mv "$BOOK/index.md" "$BOOK/README.md"

# --- the usual pages ---
expect_grep pages/404 "$W/site/404.html" '<h1>Page not found</h1>'
python3 - "$W/site" > "$W/permalinks.txt" <<'PY'
import os, re, sys
site = sys.argv[1]
bad = checked = 0
for d, _, fs in os.walk(site):
    for f in fs:
        if not f.endswith(".html") or f == "handbook.html":
            continue
        text = open(os.path.join(d, f), encoding="utf-8").read()
        for m in re.finditer(r'<h([1-6]) id="([^"]+)"[^>]*>(.*?)</h\1>', text, re.S):
            checked += 1
            if f'<a class="permalink" href="#{m.group(2)}"' not in m.group(3):
                bad += 1
                print("no permalink:", f, m.group(2))
print("checked", checked, "bad", bad)
PY
expect_grep pages/permalink-every-heading "$W/permalinks.txt" ' bad 0'
if grep -q 'checked [1-9][0-9]' "$W/permalinks.txt"; then pass pages/permalinks-checked; else
	fail pages/permalinks-checked "$(tail -1 "$W/permalinks.txt")"; fi
expect_no_grep pages/no-edit-without-setting "$W/site/ledger.html" 'Edit this page'
expect_no_grep pages/no-git-outside-git "$W/site/ledger.html" 'Last change'

# edit_url: each page's "Edit this page"; a bad value or a misspelt key
cp -R "$BOOK" "$W/edit"
printf 'edit_url: https://git.example.org/ops/book/-/edit/main/runbooks/\n' >> "$W/edit/rbc.yaml"
run_rbc build "$W/edit" -o "$W/edit-site" --as-of 2026-11-22
expect_rc edit/build 0
expect_grep edit/runbook "$W/edit-site/storage/blobs.html" '<a class="edit" href="https://git.example.org/ops/book/-/edit/main/runbooks/storage/blobs.md">Edit this page</a>'
expect_grep edit/intro "$W/edit-site/index.html" 'href="https://git.example.org/ops/book/-/edit/main/runbooks/README.md">Edit this page</a>'
sed -i 's|^edit_url: .*|edit_url: "https://example.org/edit/{path}?ref=main"|' "$W/edit/rbc.yaml"
run_rbc build "$W/edit" -o "$W/edit-site" --as-of 2026-11-22
expect_grep edit/placeholder "$W/edit-site/ledger.html" 'href="https://example.org/edit/ledger.md?ref=main"'
sed -i 's|^edit_url: .*|edit_url: javascript:alert(1)|' "$W/edit/rbc.yaml"
run_rbc lint "$W/edit" --as-of 2026-11-22
expect_rc edit/bad-scheme-exit 1
expect_grep edit/bad-scheme "$OUT/last.out" "rbc.yaml:6:11: error: invalid setting in rbc.yaml: edit_url: 'javascript:alert(1)' is not an http(s) address"
sed -i 's|^edit_url: .*|edit_uri: https://example.org/|' "$W/edit/rbc.yaml"
run_rbc lint "$W/edit" --as-of 2026-11-22
expect_grep edit/did-you-mean "$OUT/last.out" "rbc.yaml:6:1: warning: unknown key: 'edit_uri' in rbc.yaml; did you mean 'edit_url'?"

# --- links that cannot be carried: found by lint, at the source line ---
cp -R "$BOOK" "$W/bad"
printf '\nGone: ![old diagram](docs/old.png) and [notes](docs/notes.txt).\n' >> "$W/bad/ledger.md"
lines=$(wc -l < "$W/bad/ledger.md")
run_rbc lint "$W/bad" --as-of 2026-11-22
expect_rc missing/lint-exit 1
expect_grep missing/image "$OUT/last.out" "ledger.md:$lines:7: error: broken link: 'docs/old.png': no such file in the book [link-broken]"
expect_grep missing/link "$OUT/last.out" "ledger.md:$lines:40: error: broken link: 'docs/notes.txt': no such file in the book [link-broken]"
run_rbc build "$W/bad" -o "$W/bad-site" --as-of 2026-11-22
expect_rc missing/build-exit 1
expect_grep missing/build-finding "$OUT/last.err" "ledger.md:$lines:7: error: broken link: 'docs/old.png'"
expect_no_grep missing/no-html-check "$OUT/last.err" "[html-check]"

# a file left out by exclude: is no attachment
cp -R "$BOOK" "$W/excl"
printf 'exclude: ["docs/diagrams/"]\n' >> "$W/excl/rbc.yaml"
run_rbc lint "$W/excl" --as-of 2026-11-22
expect_grep excluded/finding "$OUT/last.out" "ledger.md:45:13: error: broken link: 'docs/diagrams/ledger.png' is excluded from the book by rbc.yaml's exclude:"

# a symlink out of the book and a FIFO are never read or copied
cp -R "$BOOK" "$W/out"
printf 'outside secret\n' > "$W/secret.txt"
ln -s "$W/secret.txt" "$W/out/docs/secret.txt"
mkfifo "$W/out/docs/pipe.pdf"
printf '\n[secret](docs/secret.txt) and [pipe](docs/pipe.pdf).\n' >> "$W/out/ledger.md"
lines=$(wc -l < "$W/out/ledger.md")
run_rbc lint "$W/out" --as-of 2026-11-22
expect_grep outside/symlink "$OUT/last.out" "ledger.md:$lines:1: error: broken link: 'docs/secret.txt' leads out of the book through a symbolic link"
expect_grep outside/fifo "$OUT/last.out" "ledger.md:$lines:31: error: broken link: 'docs/pipe.pdf' is not a regular file"
run_rbc build "$W/out" -o "$W/out-site" --as-of 2026-11-22
expect_rc outside/build-exit 1
if grep -rqs 'outside secret' "$W/out-site" 2>/dev/null; then fail outside/not-copied "the secret is in the site"; else
	pass outside/not-copied; fi

# files the site will not carry: HTML or scripts, and names the site uses
cp -R "$BOOK" "$W/clash"
mkdir -p "$W/clash/assets"
printf 'x\n' > "$W/clash/assets/site.css"
printf '<script>alert(1)</script>\n' > "$W/clash/docs/page.html"
printf '\n[css](assets/site.css) and [page](docs/page.html).\n' >> "$W/clash/ledger.md"
lines=$(wc -l < "$W/clash/ledger.md")
run_rbc build "$W/clash" -o "$W/clash-site" --as-of 2026-11-22
expect_rc clash/build-exit 2
expect_grep clash/site-name "$OUT/last.err" "ledger.md:$lines:1: error: the site cannot carry this linked file: 'assets/site.css' has the name of a file the site writes itself"
expect_grep clash/html "$OUT/last.err" "ledger.md:$lines:28: error: the site cannot carry this linked file: 'docs/page.html' is HTML or a script"
[ -e "$W/clash-site" ] && fail clash/no-output "OUT was written" || pass clash/no-output

# --- git: each runbook's last change, one git call; the handbook cover ---
if ! command -v git >/dev/null; then
	skip git "git is not installed"
	exit 0
fi
G="$W/repo"
mkdir -p "$G" && cp -R "$BOOK" "$G/runbooks"
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
gitc() { git -C "$G" -c user.name=T -c user.email=t@example.org "$@" >/dev/null 2>&1; }
gitc init -q
gitc add -A
GIT_COMMITTER_DATE='2026-09-01T10:00:00Z' GIT_AUTHOR_DATE='2026-09-01T10:00:00Z' gitc commit -qm first
printf '\nA later line.\n' >> "$G/runbooks/ledger.md"
gitc add -A
GIT_COMMITTER_DATE='2026-10-05T23:30:00Z' GIT_AUTHOR_DATE='2026-10-05T23:30:00Z' gitc commit -qm second
first=$(git -C "$G" rev-parse HEAD~1 | cut -c1-12)
second=$(git -C "$G" rev-parse HEAD | cut -c1-12)
# a git on PATH that logs every call, to count them
mkdir -p "$W/bin"
printf '#!/bin/sh\necho "$*" >> "%s"\nexec "%s" "$@"\n' "$W/git-calls.txt" "$(command -v git)" > "$W/bin/git"
chmod +x "$W/bin/git"
: > "$W/git-calls.txt"
export GIT_CEILING_DIRECTORIES="$W/none"
PATH="$W/bin:$PATH" run_rbc build "$G/runbooks" -o "$W/git-site" --as-of 2026-11-22
expect_rc git/build 0
expect_grep git/ledger "$W/git-site/ledger.html" '<dt>Last change</dt><dd><time datetime="2026-10-05">2026-10-05</time> <code class="commit">'"$second"'</code>'
expect_grep git/blobs "$W/git-site/storage/blobs.html" '<time datetime="2026-09-01">2026-09-01</time> <code class="commit">'"$first"'</code>'
expect_grep git/cover-commit "$W/git-site/handbook.html" "Commit <code class=\"commit\" title=\"$(git -C "$G" rev-parse HEAD)\">$second</code>, built <time datetime=\"2026-11-22\">2026-11-22</time>."
PATH="$W/bin:$PATH" run_rbc build "$G/runbooks" -o "$W/git-site2" --as-of 2026-11-22
if diff -r "$W/git-site" "$W/git-site2" > /dev/null; then pass git/deterministic; else
	fail git/deterministic "$(diff -r "$W/git-site" "$W/git-site2" | head -5)"; fi
# the number of git calls does not grow with the book: the same for 2 runbooks and 12
calls=$(($(wc -l < "$W/git-calls.txt") / 2))
for i in 1 2 3 4 5 6 7 8 9 10; do
	sed "s/^title: Ledger database/title: Ledger $i/; s/^# Ledger database/# Ledger $i/" "$G/runbooks/ledger.md" > "$G/runbooks/ledger-$i.md"
done
gitc add -A
GIT_COMMITTER_DATE='2026-10-06T10:00:00Z' GIT_AUTHOR_DATE='2026-10-06T10:00:00Z' gitc commit -qm more
: > "$W/git-calls.txt"
PATH="$W/bin:$PATH" run_rbc build "$G/runbooks" -o "$W/git-more" --as-of 2026-11-22
expect_rc git/more-build 0
expect_eq git/calls-independent-of-size "$(wc -l < "$W/git-calls.txt")" "$calls"
expect_eq git/one-log-for-last-changes "$(grep -c -- '--name-only' "$W/git-calls.txt")" 1
expect_grep git/new-file "$W/git-more/ledger-3.html" '<time datetime="2026-10-06">2026-10-06</time>'
# File names git would quote in its line output (a newline, a double quote,
# a tab, a backslash) get their last change too: the log is read -z, so a
# name is its bytes and cannot pass for another line.
for n in "$(printf 'odd\nname')" 'say "hi"' "$(printf 'tab\there')" 'back\slash'; do
	sed "s/^title: Ledger database/title: Odd name/; s/^# Ledger database/# Odd name/" "$G/runbooks/ledger.md" > "$G/runbooks/$n.md"
done
gitc add -A
GIT_COMMITTER_DATE='2026-10-07T10:00:00Z' GIT_AUTHOR_DATE='2026-10-07T10:00:00Z' gitc commit -qm odd
run_rbc build "$G/runbooks" -o "$W/git-odd" --as-of 2026-11-22
expect_rc git/odd-names-build 0
for n in "$(printf 'odd\nname')" 'say "hi"' "$(printf 'tab\there')" 'back\slash'; do
	label=$(printf '%s' "$n" | tr -c 'a-z' '-')
	if [ -f "$W/git-odd/$n.html" ] && grep -qF '<time datetime="2026-10-07">2026-10-07</time>' "$W/git-odd/$n.html"; then
		pass "git/odd-name-$label"; else fail "git/odd-name-$label" "no last change on the page of '$n'"; fi
done
expect_grep git/odd-names-ledger-kept "$W/git-odd/ledger.html" '<time datetime="2026-10-05">2026-10-05</time>'
