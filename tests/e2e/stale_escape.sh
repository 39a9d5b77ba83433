#!/usr/bin/env bash
# stale_escape.sh: `rbc stale` shows hostile book text safely in every
# format. Titles, an owner, a contact's name and a file name carry ESC
# sequences, CR, a newline, bidi and C1 controls, Markdown and HTML markup
# and spreadsheet formulas: text and Markdown show them escaped (\x1b,
# <U+202E>) and never raw; Markdown escapes what would become markup; no
# CSV cell of book text starts with = + - @ tab or CR; JSON parses
# strictly and keeps the text as it is.
GROUP=stale-escape
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch book)
export GIT_CEILING_DIRECTORIES="$W"
B="$W/book"
mkdir -p "$B"
cat > "$B/contacts.yaml" <<'EOF'
contacts:
  ops:
    name: "=HYPERLINK(\"http://x.example\",\"click\")"
    email: ops@corp.example
    verified: 2025-01-01
EOF
# runbook FILE TITLE OWNER: a runbook that is due for review
runbook() {
	printf -- '---\ntitle: "%s"\nowner: "%s"\ntier: 1\nreviewed: 2026-01-01\n---\n\n## Scenario: Down\n\n### Recovery\n1. Restart\n' \
		"$2" "$3" > "$B/$1"
}
runbook esc.md 'Esc \e[2J\e]0;pwned\a cleared | <script>alert(1)</script>' ops
runbook bidi.md 'Bidi \u202Egnp.exe\u202C and C1 \u009B31m' ops
runbook formula.md '=cmd|'"'"'/c calc'"'"'!A1' '\e[31mred-owner\u2066'
runbook plus.md '+SUM(1)' ops
runbook minus.md '-2+3' ops
runbook at.md '@SUM(1)' ops
runbook tab.md '\tTabbed' ops
runbook cr.md '\rReturned' ops
runbook "$(printf 'bad\033[31m\nname.md')" 'Plain' ops

# The bytes a terminal must never receive: C0 other than tab and LF, DEL,
# C1, bidi controls; and ill-formed UTF-8.
cat > "$OUT/$GROUP/raw.py" <<'PY'
import re, sys
data = open(sys.argv[1], 'rb').read()
if sys.argv[2:] == ['crlf']:   # CSV rows end in CRLF (RFC 4180)
    data = data.replace(b'\r\n', b'\n')
bad = [m.group() for m in re.finditer(rb'[\x00-\x08\x0b-\x1f\x7f]', data)]
try:
    text = data.decode('utf-8')
    bad += [c for c in text if 0x80 <= ord(c) <= 0x9f or 0x202a <= ord(c) <= 0x202e or 0x2066 <= ord(c) <= 0x2069]
except UnicodeDecodeError as e:
    bad.append('ill-formed UTF-8: %s' % e)
print(repr(bad[:5]) if bad else 'clean')
PY

run_rbc stale "$B" --as-of 2026-11-15
cat "$OUT/last.out" "$OUT/last.err" > "$OUT/$GROUP/text.all"
expect_rc text-exit 0
expect_eq text-no-raw "$(python3 "$OUT/$GROUP/raw.py" "$OUT/$GROUP/text.all")" "clean"
expect_grep text-owner "$OUT/last.out" '\x1b[31mred-owner<U+2066> (2)'
expect_grep text-file "$OUT/last.out" 'runbook  bad\x1b[31m\x0aname.md: review it: due'
expect_eq text-file-one-line "$(grep -c '^name.md' "$OUT/last.out")" "0"

run_rbc stale "$B" --as-of 2026-11-15 --format md
expect_eq md-no-raw "$(python3 "$OUT/$GROUP/raw.py" "$OUT/last.out")" "clean"
expect_grep md-title "$OUT/last.out" 'Esc \\x1b\[2J\\x1b\]0;pwned\\x07 cleared \| \<script\>alert(1)\</script\>'
expect_grep md-bidi "$OUT/last.out" 'Bidi \<U+202E\>gnp.exe\<U+202C\> and C1 \<U+009B\>31m'
expect_eq md-every-lt-escaped "$(grep -cE '(^|[^\\])<' "$OUT/last.out")" "0"
expect_grep md-owner-heading "$OUT/last.out" '## \\x1b\[31mred-owner\<U+2066\>'

run_rbc stale "$B" --as-of 2026-11-15 --format csv
expect_eq csv-no-raw "$(python3 "$OUT/$GROUP/raw.py" "$OUT/last.out" crlf)" "clean"
cat > "$OUT/$GROUP/csvcheck.py" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8')))
text = ['owner', 'subject', 'title', 'file', 'detail']
bad = [(r['subject'], k, r[k]) for r in rows for k in text if r[k][:1] in ('=', '+', '-', '@', '\t', '\r')]
print(bad or 'guarded %d' % len(rows))
print(sorted(r['title'] for r in rows if r['kind'] == 'overdue'))
PY
python3 "$OUT/$GROUP/csvcheck.py" "$OUT/last.out" > "$OUT/$GROUP/csv.txt" 2>&1
expect_eq csv-guarded "$(head -1 "$OUT/$GROUP/csv.txt")" "guarded 11"
expect_eq csv-titles "$(tail -1 "$OUT/$GROUP/csv.txt")" \
	"[\"'\\tTabbed\", \"'+SUM(1)\", \"'-2+3\", \"'=cmd|'/c calc'!A1\", \"'@SUM(1)\", 'Bidi <U+202E>gnp.exe<U+202C> and C1 <U+009B>31m', 'Esc \\\\x1b[2J\\\\x1b]0;pwned\\\\x07 cleared | <script>alert(1)</script>', 'Plain', '\\\\x0dReturned']"

run_rbc stale "$B" --as-of 2026-11-15 --format json
expect_eq json-no-raw "$(python3 "$OUT/$GROUP/raw.py" "$OUT/last.out")" "clean"
expect_json json-title-as-is "sorted(f['title'] for g in d['owners'] for f in g['findings'] if f['subject'] == 'bidi.md')" \
	"['Bidi \u202egnp.exe\u202c and C1 \x9b31m']"
expect_json json-file-as-is "sorted(f['subject'] for g in d['owners'] for f in g['findings'] if 'name' in f['subject'])" \
	"['bad\\x1b[31m\\nname.md']"
