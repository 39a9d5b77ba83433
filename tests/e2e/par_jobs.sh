#!/usr/bin/env bash
# tier: full
# par_jobs.sh: the thread pool changes nothing but speed. -j1, -j2 and -j8
# give byte-identical dumps, diagnostics, lint reports and step scripts on
# the demo book and on a generated book full of errors; the progress line
# shows only on a terminal and never with -q.
GROUP=par
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch jobs)

# A generated book (the bench generator, 60 runbooks) with errors planted:
# broken links and anchors, unknown contacts, a duplicate id, bad UTF-8, an
# empty file, a YAML runbook, and GFM extension syntax in every runbook.
BOOK="$W/book"
python3 "$ROOT/tests/bench/gen.py" "$BOOK" 60 || fail gen "gen.py failed"
R="$BOOK/runbooks"
for i in 03 11 27 44; do
	printf '\nSee [gone](missing-%s.md) and [no anchor](svc-00001.md#nowhere), ask @nobody%s.\n' "$i" "$i" \
		>> "$R/svc-000$i.md"
done
for f in "$R"/svc-0001*.md; do
	printf '\n~~struck~~ text, www.example.com/%s and https://example.org/x | a | b |\n' "${f##*/}" >> "$f"
done
sed -i 's/^id: svc-00020$/id: svc-00019/' "$R/svc-00020.md"
printf -- '---\ntitle: Bad\n---\n\xff\xfe bytes\n' > "$R/bad-utf8.md"
: > "$R/empty.md"
cp "$ROOT/runbooks/object-storage.yaml" "$R/object-storage.yaml"

# outputs J BOOK TAG: every output of one -j setting under $W/TAG-jJ.
outputs() {
	d="$W/$3-j$1"
	rm -rf "$d"; mkdir -p "$d"
	"$RBC" dump "$2" -j "$1" >"$d/dump.json" 2>"$d/dump.err"; echo $? >"$d/dump.rc"
	"$RBC" lint "$2" -j "$1" --as-of 2026-12-01 >"$d/lint.txt" 2>"$d/lint.err"; echo $? >"$d/lint.rc"
	"$RBC" lint "$2" -j "$1" --as-of 2026-12-01 -f json >"$d/lint.json" 2>/dev/null
	"$RBC" scripts "$2" -j "$1" --as-of 2026-12-01 -o "$d/scripts" >"$d/scripts.out" 2>"$d/scripts.err"
	echo $? >"$d/scripts.rc"
	(cd "$d/scripts" 2>/dev/null && find . -type f -printf '%p %m\n' | sort) >"$d/scripts.lst"
}
for tag in demo gen; do
	[ $tag = demo ] && b="$ROOT/runbooks" || b="$BOOK"
	for j in 1 2 8; do outputs $j "$b" $tag; done
	for j in 2 8; do
		for f in dump.json dump.err dump.rc lint.txt lint.err lint.rc lint.json scripts.out scripts.err \
			scripts.rc scripts.lst; do
			expect_same "$tag/j$j/$f" "$W/$tag-j$j/$f" "$W/$tag-j1/$f"
		done
		if { [ ! -e "$W/$tag-j1/scripts" ] && [ ! -e "$W/$tag-j$j/scripts" ]; } ||
			diff -r "$W/$tag-j1/scripts" "$W/$tag-j$j/scripts" >/dev/null 2>&1; then
			pass "$tag/j$j/scripts-tree"
		else
			fail "$tag/j$j/scripts-tree" "$(diff -r "$W/$tag-j1/scripts" "$W/$tag-j$j/scripts" | head -5)"
		fi
	done
done

# The planted errors are found (so the comparisons above compare something).
E="$W/gen-j1/dump.err"
expect_eq gen/dump-rc "$(cat "$W/gen-j1/dump.rc")" 1
expect_grep gen/broken-link "$E" "'missing-27.md': no such file in the book"
expect_grep gen/broken-anchor "$E" "has no heading with anchor '#nowhere'"
expect_grep gen/unknown-contact "$E" "'@nobody44' is not in contacts.yaml"
expect_grep gen/dup-id "$E" "svc-00020.md"
expect_grep gen/bad-utf8 "$E" "bad-utf8.md:4:1"
expect_grep gen/empty "$E" "empty.md"
cp "$W/gen-j1/dump.json" "$OUT/last.out"
expect_json gen/runbooks "len(d['runbooks'])" 61
expect_json gen/extensions-read "'struck' in json.dumps(d) and 'www.example.com/svc-00012.md' in json.dumps(d)" True
expect_eq demo/dump-rc "$(cat "$W/demo-j1/dump.rc")" 0
if [ -f "$W/demo-j1/scripts.lst" ] && [ "$(wc -l < "$W/demo-j1/scripts.lst")" -gt 5 ]; then
	pass demo/scripts-written
else
	fail demo/scripts-written "$(cat "$W/demo-j1/scripts.err")"
fi

# Progress: never in a pipe (stderr above is the diagnostics alone).
if grep -q $'\r' "$W/gen-j2/dump.err" "$W/gen-j2/lint.err"; then
	fail progress/not-a-tty "a carriage return in stderr that is not a terminal"
else
	pass progress/not-a-tty
fi
# On a terminal (script(1) gives one) the line shows and is erased; -q hides it.
if command -v script >/dev/null && script -qec true /dev/null >/dev/null 2>&1; then
	script -qec "'$RBC' dump '$BOOK' -j 2 >/dev/null" "$W/tty.log" >/dev/null 2>&1
	expect_grep progress/tty-line "$W/tty.log" "/63] runbooks/"
	expect_grep progress/tty-erased "$W/tty.log" $'\r\033[K'
	script -qec "'$RBC' dump '$BOOK' -j 2 -q >/dev/null" "$W/tty-q.log" >/dev/null 2>&1
	expect_no_grep progress/tty-quiet "$W/tty-q.log" "/63] runbooks/"
else
	skip progress/tty "script(1) from util-linux is not available"
fi
