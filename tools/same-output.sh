#!/bin/sh
# tools/same-output.sh OLD_RBC NEW_RBC BOOK...: build each BOOK with both
# binaries (site, scripts, lint JSON, dump) and diff the results. For
# refactors that must not change a byte. Exits 1 on any difference.
# The as-of date is pinned so that review badges do not move.
set -u
old=$1 new=$2; shift 2
w=${TMPDIR:-/tmp}/same-output.$$
bad=0
for book in "$@"; do
	for v in old new; do
		eval bin=\$$v
		d=$w/$v/$(basename "$book")
		mkdir -p "$d"
		"$bin" build "$book" -o "$d/site" --as-of 2026-12-01 >"$d/build.out" 2>&1; echo "build $?" >"$d/status"
		"$bin" scripts "$book" -o "$d/scripts" >"$d/scripts.out" 2>&1; echo "scripts $?" >>"$d/status"
		"$bin" lint "$book" --format json --as-of 2026-12-01 >"$d/lint.json" 2>"$d/lint.err"; echo "lint $?" >>"$d/status"
		"$bin" dump "$book" >"$d/dump.json" 2>"$d/dump.err"; echo "dump $?" >>"$d/status"
		rm -f "$d/site/.rbc-manifest.lock"
	done
	if ! diff -r "$w/old/$(basename "$book")" "$w/new/$(basename "$book")" >"$w/diff" 2>&1; then
		echo "DIFFERENT: $book"; head -40 "$w/diff"; bad=1
	else
		echo "same: $book ($(find "$w/new/$(basename "$book")" -type f | wc -l) files)"
	fi
done
rm -rf "$w"
exit $bad
