#!/usr/bin/env bash
# par_build.sh: `rbc build` makes each runbook's own outputs (page, step
# scripts, handbook part, model.json entry, search entries) on the thread
# pool and joins them in book order, so -j1, -j2 and -j8 write
# byte-identical folders with the same diagnostics and exit status: on
# the demo book, on a generated book, and on a book whose runbook template
# fails on every page (each page's diagnostic, in book order). A runbook
# whose full read the load kept is rendered as one read again: the
# generated book built with no reads kept (RBC_KEEP_READS_MB=0) and with
# some of them kept is the same.
GROUP=par-build
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch build)
export XDG_CACHE_HOME="$W/xdg"

GEN="$W/gen"
python3 "$ROOT/tests/bench/gen.py" "$GEN" 40 || fail gen "gen.py failed"
# a note from the read: a file name that is not a plain id
sed '/^id: /d; s/^title: Service 7$/title: Not an id/' "$GEN/runbooks/svc-00007.md" > "$GEN/runbooks/Not An Id.md"
BAD="$W/bad"
cp -r "$GEN" "$BAD"
mkdir -p "$BAD/templates"
printf '<article>{{> partials/nowhere.html}}{{{body}}}</article>\n' > "$BAD/templates/runbook.html"

# site J BOOK TAG: build BOOK with -j J (no cache: every runbook rendered)
# into $W/TAG-jJ, its stderr and exit status beside it.
site() {
	d="$W/$3-j$1"
	rm -rf "$d" "$d.err" "$d.rc"
	"$RBC" build "$2" -o "$d" -j "$1" --as-of 2026-12-01 --no-cache >/dev/null 2>"$d.err"
	echo $? > "$d.rc"
	rm -f "$d/.rbc-manifest.lock"
}
for tag in demo gen bad; do
	case $tag in demo) b="$ROOT/runbooks" ;; gen) b="$GEN" ;; bad) b="$BAD" ;; esac
	for j in 1 2 8; do site $j "$b" $tag; done
	for j in 2 8; do
		expect_same "$tag/j$j/diagnostics" "$W/$tag-j$j.err" "$W/$tag-j1.err"
		expect_same "$tag/j$j/exit" "$W/$tag-j$j.rc" "$W/$tag-j1.rc"
		if [ ! -e "$W/$tag-j1" ] && [ ! -e "$W/$tag-j$j" ]; then
			pass "$tag/j$j/tree"
		elif diff -r "$W/$tag-j1" "$W/$tag-j$j" >"$W/diff" 2>&1; then
			pass "$tag/j$j/tree"
		else
			fail "$tag/j$j/tree" "$(head -c 600 "$W/diff")"
		fi
	done
done

for keep in 0 1; do
	d="$W/gen-keep$keep"
	RBC_KEEP_READS_MB=$keep "$RBC" build "$GEN" -o "$d" -j 2 --as-of 2026-12-01 --no-cache >/dev/null 2>"$d.err"
	expect_same "gen/keep-$keep-MB/diagnostics" "$d.err" "$W/gen-j1.err"
	if diff -r "$W/gen-j1" "$d" >"$W/diff" 2>&1; then
		pass "gen/keep-$keep-MB/tree"
	else
		fail "gen/keep-$keep-MB/tree" "$(head -c 600 "$W/diff")"
	fi
done

# The comparisons compare something: the books built, the joined files
# hold every runbook in book order, and the bad template failed each page.
expect_eq demo/built "$(cat "$W/demo-j1.rc")" 0
expect_eq gen/built "$(cat "$W/gen-j1.rc")" 0
expect_grep gen/note-kept "$W/gen-j8.err" "using id"
cp "$W/gen-j8/model.json" "$OUT/last.out"
expect_json gen/model-in-book-order "[r['path'] for r in d['runbooks']] == sorted(r['path'] for r in d['runbooks']) and len(d['runbooks'])" 41
order=$(grep -o 'class="part runbook" id="[^"]*"' "$W/gen-j8/handbook.html" | sed 's/.*id="//; s/"$//' | tr '\n' ' ')
expect_json gen/handbook-in-book-order "' '.join(r['id'] for r in d['runbooks']) + ' '" "$order"
n=$(ls "$W/gen-j8/runbooks" | wc -l)
expect_eq gen/pages "$n" 41
expect_eq bad/fails "$(cat "$W/bad-j1.rc")" 2
expect_eq bad/one-diagnostic-per-page "$(grep -c "nowhere.html" "$W/bad-j8.err")" 41
