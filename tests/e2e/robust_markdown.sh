#!/bin/bash
# tier: full
# robust_markdown.sh: hostile Markdown is refused with a limit error at
# file:line, or read correctly; never a crash, a hang or a half-written site.
# The inputs are generated here (cmark's pathological cases, huge files).
# Safety timeouts are generous; speed is measured by `make bench`, not here.
# Every case runs under `ulimit -v` (2 GB of address space; not under the
# sanitizers, whose shadow memory needs far more), so a case that costs
# gigabytes fails instead of taking the machine down.
GROUP=robust-md
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch md)
cd "$W" || exit 1

VMEM=2000000
[ -n "${RBC_SANITIZED:-}" ] && VMEM=unlimited
# one_case NAME PYTHON-EXPR [SECONDS]: a book whose only runbook is front
# matter plus the generated body; runs `rbc dump` under a safety timeout
# (default 60 s) and the address-space cap.
one_case() {
	mkdir -p "$1"
	python3 -c "import sys; sys.stdout.write('---\ntitle: T\n---\n' + ($2))" > "$1/x.md"
	(ulimit -v "$VMEM"; timeout "${3:-60}" "$RBC" dump "$1" >"$OUT/last.out" 2>"$OUT/last.err")
	echo $? > "$OUT/last.rc"
}
# refused NAME PYTHON-EXPR WANT: exit 1 and the exact first diagnostic line
refused() {
	one_case "$1" "$2"
	expect_rc "$1/exit" 1
	expect_eq "$1/message" "$(head -n 1 "$OUT/last.err")" "$3"
}

refused brackets "'[' * 25000 + 'a' + ']' * 25000 + '\n'" \
	"brackets/x.md:4:1: error: input exceeds a size limit: this paragraph has 25000 '[' brackets; the limit is 5000; split it with blank lines or put it in a code block [limit]"
refused brackets-lines "'[a\n' * 6000" \
	"brackets-lines/x.md:4:1: error: input exceeds a size limit: this paragraph has 6000 '[' brackets; the limit is 5000; split it with blank lines or put it in a code block [limit]"
refused quotes "'>' * 25000 + ' a\n'" \
	"quotes/x.md:4:100: error: nesting exceeds the depth limit: lists, quotes or emphasis nested deeper than 100 levels [limit]"
refused images "'![[]()' * 40000 + '\n'" \
	"images/x.md:4:1: error: input exceeds a size limit: line is 240000 bytes; the limit is 64 KiB per line [limit]"
refused images-lines "'![[]()\n' * 40000" \
	"images-lines/x.md:4:1: error: input exceeds a size limit: this paragraph has 80000 '[' brackets; the limit is 5000; split it with blank lines or put it in a code block [limit]"
refused comments "'<!--' * 300000 + '\n'" \
	"comments/x.md:4:1: error: input exceeds a size limit: line is 1200000 bytes; the limit is 64 KiB per line [limit]"
refused www "'www._' * 20000 + '\n'" \
	"www/x.md:4:1: error: input exceeds a size limit: line is 100000 bytes; the limit is 64 KiB per line [limit]"
refused www-lines "'www._\n' * 20000" \
	"www-lines/x.md:4:1: error: input exceeds a size limit: this paragraph has 20000 'www.' autolinks; the limit is 2000; split it with blank lines or put it in a code block [limit]"
refused emph-quote "'> ' * 5000 + '*a* ' * 10000 + '\n'" \
	"emph-quote/x.md:4:199: error: nesting exceeds the depth limit: lists, quotes or emphasis nested deeper than 100 levels [limit]"
refused emph-quote-lazy "'> ' * 30000 + '\n' + ('*a* ' * 1000 + '\n') * 500" \
	"emph-quote-lazy/x.md:4:199: error: nesting exceeds the depth limit: lists, quotes or emphasis nested deeper than 100 levels [limit]"
refused table "'|' + '|'.join('c' for _ in range(2000)) + '|\n|' + '|'.join('-' for _ in range(2000)) + '|\n' + ('|' + '|'.join('x' for _ in range(2000)) + '|\n') * 10" \
	"table/x.md:4:1: error: input exceeds a size limit: this paragraph has 24012 '|' table cells; the limit is 20000; split it with blank lines or put it in a code block [limit]"
refused lists-indented "''.join('  ' * i + '- a\n' for i in range(1000))" \
	"lists-indented/x.md:53:99: error: nesting exceeds the depth limit: lists, quotes or emphasis nested deeper than 100 levels [limit]"
refused lists-10000 "'- ' * 10000 + 'x\n'" \
	"lists-10000/x.md:4:99: error: nesting exceeds the depth limit: lists, quotes or emphasis nested deeper than 100 levels [limit]"
refused too-many-lines "'a\n\n' * 100001" \
	"too-many-lines/x.md:200004:1: error: input exceeds a size limit: more than 200000 lines; split the runbook into several files [limit]"

# Autolinks (cmark-gfm's autolink extension copies the rest of the line for
# every e-mail address it links and rescans it for every candidate): 7 MB of
# addresses took 26-70 s and 6.6 GB. Now refused in well under a second.
refused emails "''.join(' '.join('user%d@example.com' % (i * 1000 + j) for j in range(1000)) + '\n' for i in range(300))" \
	"emails/x.md:4:947: error: input exceeds a size limit: this line has more than 50 e-mail or web autolinks ('x@', 'www.', '://'); split it into several lines or put it in a code block [limit]"
refused at-run "('a@' * 32000 + '\n') * 110" \
	"at-run/x.md:4:102: error: input exceeds a size limit: this line has more than 50 e-mail or web autolinks ('x@', 'www.', '://'); split it into several lines or put it in a code block [limit]"
refused emails-file "(' '.join(['a@b.cd'] * 50) + '\n\n') * 20000" \
	"emails-file/x.md:804:2: error: input exceeds a size limit: this runbook has more than 20000 e-mail or web autolinks ('x@', 'www.', '://'); split it into several runbooks or put them in code blocks [limit]"
refused www-parens "('www.a' + ')' * 60000 + '\n') * 110" \
	"www-parens/x.md:4:1: error: input exceeds a size limit: this link has 60000 ')'; the limit is 100; put it in a code block [limit]"
refused http-parens "('see http://a' + ')' * 60000 + '\n\n') * 110" \
	"http-parens/x.md:4:5: error: input exceeds a size limit: this link has 60000 ')'; the limit is 100; put it in a code block [limit]"
refused www-blocks "('www._' * 1999 + '\n\n') * 700" \
	"www-blocks/x.md:4:251: error: input exceeds a size limit: this line has more than 50 e-mail or web autolinks ('x@', 'www.', '://'); split it into several lines or put it in a code block [limit]"
# cmark-gfm makes a ~200-byte node of nearly every punctuation character:
# 7 MB of them took 1.2-1.6 GB (dots, brackets, 100x190 tables, quotes).
markup_msg="Markdown punctuation characters outside code blocks (each costs a parse node; at most a quarter of its text may be '[]!&<>\\_*\`~|:.-\"' or 'w'); split it into several runbooks or put such text in code blocks [limit]"
refused dots "('.' * 60000 + '\n') * 120" \
	"dots/x.md:34:1: error: input exceeds a size limit: this runbook has more than 1800030 $markup_msg"
refused brackets-blocks "('[' * 4999 + '\n\n') * 1400" \
	"brackets-blocks/x.md:704:1: error: input exceeds a size limit: this runbook has more than 1750350 $markup_msg"
refused tables "(('|' + '|'.join(['c'] * 100) + '|\n|' + '|'.join(['-'] * 100) + '|\n' + ('|' + '|'.join(['x'] * 100) + '|\n') * 190) + '\n') * 180" \
	"tables/x.md:17284:1: error: input exceeds a size limit: this runbook has more than 1745325 $markup_msg"
refused quotes-many "('> ' * 45 + 'a\n\n') * 80000" \
	"quotes-many/x.md:82670:1: error: input exceeds a size limit: this runbook has more than 1860000 $markup_msg"
# Just inside the limits, a 7 MB runbook is read in seconds, under the cap.
one_case emails-ok "(' '.join(['a@b.cd'] * 50) + '\n\n') * 400 + ('word ' * 70 + '\n') * 18000" 30
expect_rc emails-ok/exit 0
one_case at-run-ok "('a@' * 50 + 'a' * 64000 + '\n') * 110" 30
expect_rc at-run-ok/exit 0
one_case parens-ok "('www.a' + 'a' * 64000 + ')' * 100 + '\n\n') * 110" 30
expect_rc parens-ok/exit 0

# A 2,000-column table that fits the cell limit is read, not refused.
one_case table-ok "'|' + '|'.join('c' for _ in range(2000)) + '|\n|' + '|'.join('-' for _ in range(2000)) + '|\n' + ('|' + '|'.join('x' for _ in range(2000)) + '|\n') * 3"
expect_rc table-ok/exit 0
# Code blocks are verbatim: many brackets inside a fence are fine.
one_case fenced "'## Scenario: S\n\n### Recovery\n\n1. Run\n   \`\`\`bash\n' + '   [[ -f x ]] && echo \"[\$i]\"\n' * 3000 + '   \`\`\`\n'"
expect_rc fenced/exit 0
expect_json fenced/command-lines "d['runbooks'][0]['scenarios'][0]['sections'][0]['steps'][0]['commands'][0]['text'].count('\n')" "3000"
# '- - -' alone is a thematic break, not 1,000 nested lists.
one_case rule "'- ' * 1000 + '\n\ntext\n'"
expect_rc rule/exit 0

# A 200,000-line runbook of 13,000 scenarios is read correctly (it once took
# minutes: repeated headings made anchor ids cubic).
mkdir -p lines
python3 - > lines/big.md <<'PY'
L = ['---', 'title: Big', '---', '', '# Big', '']
i = 0
while len(L) < 200000:
    L += ['## Scenario: S %d' % i, '', '**Severity:** P1 · **RTO:** 15 min', '', '### Symptoms', '',
          'Bad.', '', '### Recovery', '', '1. Fix it (5 min)', '   ```bash', '   echo fix', '   ```', '']
    i += 1
print('\n'.join(L[:200000]))
PY
timeout 120 "$RBC" dump lines >"$OUT/last.out" 2>"$OUT/last.err"; echo $? > "$OUT/last.rc"
expect_rc lines/exit 0
expect_json lines/scenarios "len(d['runbooks'][0]['scenarios'])" "13333"
expect_json lines/last-anchors "d['runbooks'][0]['anchors'][-2:]" "['symptoms-13332', 'recovery-13332']"

# Files over the 8 MB cap: refused at file:1:1 before reading, nothing written.
for mb in 20 50; do
	mkdir -p "size$mb/runbooks"
	python3 /dev/fd/3 3<<'PY' "$mb" > "size$mb/runbooks/huge.md"
import sys
n = int(sys.argv[1]) * 1024 * 1024
sys.stdout.write('---\ntitle: Huge\n---\n' + ('word ' * 15 + '\n\n') * (n // 77))
PY
	timeout 60 "$RBC" build "size$mb" -o "size$mb-site" >"$OUT/last.out" 2>"$OUT/last.err"; echo $? > "$OUT/last.rc"
	expect_rc "size$mb/exit" 1
	expect_grep "size$mb/message" "$OUT/last.err" "size$mb/runbooks/huge.md:1:1: error: input exceeds a size limit: file is $mb.0 MB; the limit is 8 MB per file; split it into several runbooks [limit]"
	if [ -e "size$mb-site" ] || ls -a . | grep -q "rbc-tmp"; then fail "size$mb/nothing-written" "output or temporary folder left"; else pass "size$mb/nothing-written"; fi
done
