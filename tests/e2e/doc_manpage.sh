#!/usr/bin/env bash
# doc_manpage.sh: doc/rbc.1 renders without groff warnings and documents
# every command and every long option that `rbc help` lists.
GROUP=doc-manpage
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
MAN="$ROOT/doc/rbc.1"

if command -v groff >/dev/null; then
	groff -mandoc -Tutf8 -ww -z "$MAN" 2>"$OUT/groff.err"
	expect_eq renders-clean "$(cat "$OUT/groff.err")" ""
	TEXT=$(groff -mandoc -Tutf8 "$MAN" 2>/dev/null | sed 's/.\x08//g')
else
	skip renders-clean "groff is not installed"
	TEXT=$(cat "$MAN")
fi

run_rbc help
for cmd in $(sed -n '/^Commands:/,/^$/p' "$OUT/last.out" | awk 'NF && $1 != "Commands:" {print $1}'); do
	if printf '%s\n' "$TEXT" | grep -q "rbc $cmd\|^ *$cmd "; then pass "command-$cmd"; else fail "command-$cmd" "not in doc/rbc.1"; fi
done
for opt in $(grep -o -- '--[a-z-]*' "$OUT/last.out" | sort -u); do
	if printf '%s\n' "$TEXT" | grep -q -- "$opt"; then pass "option$opt"; else fail "option$opt" "not in doc/rbc.1"; fi
done
