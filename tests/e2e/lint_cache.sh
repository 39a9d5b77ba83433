#!/usr/bin/env bash
# lint_cache.sh: `rbc lint` keeps a whole-book lint's results in
# $XDG_CACHE_HOME/rbc/lint-*/ (0700, outside the book) and gives them
# again, without reading the book or running a Lua rule, when nothing it
# read changed (doc/cache.md). A replay must print the same bytes as a
# cold lint (--no-cache) in every format, on stdout and stderr, with the
# same exit status; each kind of input change (a runbook, a rule file,
# rbc.yaml, --as-of, the binary, an option) must lint afresh.
GROUP=lint-cache
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch cache)
BOOK="$W/book"
cp -r "$ROOT/runbooks" "$BOOK"
export XDG_CACHE_HOME="$W/xdg"
CACHE="$XDG_CACHE_HOME/rbc"
# A rule of the book's own, and a broken link (a built-in check's error, so
# the exit status is 1 and the findings hold both kinds).
mkdir -p "$BOOK/lua"
cat > "$BOOK/lua/word.lua" <<'EOT'
return {
  id = "book-word",
  summary = "a rule of the book's own",
  severity = "warning",
  runbook = function(rb) rbc.report(rb, "checked by the word rule: %s", rb.title or "?") end,
}
EOT
printf '\nSee [the gone runbook](gone-runbook.md).\n' >> "$BOOK/web-deploy.md"
AS_OF=(--as-of 2026-12-01)
FORMATS="text json github sarif junit"

# lint_all TAG ARGS...: every format, cached, into $W/TAG.FMT.{out,err,rc}
lint_all() {
	tag=$1
	shift
	for f in $FORMATS; do
		"$RBC" lint "$BOOK" -f "$f" "$@" >"$W/$tag.$f.out" 2>"$W/$tag.$f.err"
		echo $? >"$W/$tag.$f.rc"
	done
}
# same_all NAME A B: every format's stdout, stderr and status equal
same_all() {
	bad=""
	for f in $FORMATS; do
		for k in out err rc; do cmp -s "$W/$2.$f.$k" "$W/$3.$f.$k" || bad="$bad $f.$k"; done
	done
	[ -z "$bad" ] && pass "$1" || fail "$1" "differs:$bad ($(diff "$W/$3.text.out" "$W/$2.text.out" | head -5 | tr '\n' '|'))"
}
STATE() { ls "$CACHE"/lint-*/state 2>/dev/null | head -1; }
# mark: change the kept copy of the book rule's message (same length: the
# state's strings are length-prefixed); only a replay can print WORD.
mark() { st=$(STATE) && [ -n "$st" ] && sed -i 's/word rule/WORD rule/g' "$st"; }
unmark() { st=$(STATE) && [ -n "$st" ] && sed -i 's/WORD rule/word rule/g' "$st"; }

lint_all cold "${AS_OF[@]}" --no-cache
[ ! -e "$XDG_CACHE_HOME" ] && pass no-cache-writes-nothing || fail no-cache-writes-nothing "$(ls -R "$XDG_CACHE_HOME" | head -3)"
expect_eq cold-rc "$(cat "$W/cold.text.rc")" 1
expect_grep cold-has-rule-finding "$W/cold.text.out" "checked by the word rule"
expect_grep cold-has-check-finding "$W/cold.text.out" "gone-runbook.md"

(cd "$BOOK" && find . | sort) >"$W/book-before.lst"
lint_all first "${AS_OF[@]}"
same_all first-same-as-cold first cold
[ -n "$(STATE)" ] && pass state-written || fail state-written "no state in $CACHE"
expect_eq cache-folder-0700 "$(stat -c %a "$(dirname "$(STATE)")" 2>/dev/null)" 700
(cd "$BOOK" && find . | sort) >"$W/book-after.lst"
expect_same nothing-written-in-book "$W/book-after.lst" "$W/book-before.lst"

# Unchanged: every format comes from the state, and equals the cold lint
# but for the mark.
mark
lint_all hit "${AS_OF[@]}"
expect_grep hit-replays-state "$W/hit.text.out" "checked by the WORD rule"
for f in $FORMATS; do sed -i 's/WORD rule/word rule/g' "$W/hit.$f.out"; done
same_all hit-same-as-cold hit cold
"$RBC" lint "$BOOK" "${AS_OF[@]}" -q --no-cache >/dev/null 2>&1
expect_grep no-cache-leaves-state "$(STATE)" "WORD rule"
# ... and nothing ran: the rules run in child processes and the book is
# read on threads, so a replay starts neither (strace counts them).
if command -v strace >/dev/null; then
	# (no leak check under strace: LeakSanitizer's exit-time ptrace would count as a clone)
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f -e trace=clone,clone3,fork,vfork -o "$W/hit.strace" "$RBC" lint "$BOOK" "${AS_OF[@]}" -j 2 -q >/dev/null 2>&1
	expect_eq hit-starts-no-process "$(grep -cE 'clone|fork' "$W/hit.strace")" 0
	strace -f -e trace=clone,clone3,fork,vfork -o "$W/cold.strace" "$RBC" lint "$BOOK" "${AS_OF[@]}" -j 2 -q --no-cache >/dev/null 2>&1
	[ "$(grep -cE 'clone|fork' "$W/cold.strace")" -gt 1 ] && pass cold-starts-rule-processes ||
		fail cold-starts-rule-processes "$(head -3 "$W/cold.strace")"
else
	skip hit-starts-no-process "no strace"
fi

# changes NAME ARGS...: after a change, the lint runs afresh (the mark is
# gone; the first format lints, the others replay what it kept) and
# equals --no-cache in every format; then it is cached again.
changes() {
	name=$1
	shift
	mark
	lint_all "$name" "$@"
	expect_no_grep "$name-runs-afresh" "$W/$name.text.out" "WORD rule"
	lint_all "$name-cold" "$@" --no-cache
	same_all "$name-same-as-no-cache" "$name" "$name-cold"
	mark
	"$RBC" lint "$BOOK" "$@" >"$W/$name-again.out" 2>&1
	expect_grep "$name-cached-again" "$W/$name-again.out" "WORD rule"
}
changes as-of --as-of 2027-06-01
printf '\nMore words.\n' >> "$BOOK/session-cache.md"
changes runbook "${AS_OF[@]}"
sed -i 's/checked by the word rule: %s/checked by the word rule, title %s/' "$BOOK/lua/word.lua"
changes rule-file "${AS_OF[@]}"
expect_grep rule-file-used "$W/rule-file.text.out" "word rule, title"
sed -i 's/^rules:$/rules:\n  book-word: error/' "$BOOK/rbc.yaml"
changes rbc-yaml "${AS_OF[@]}"
expect_grep rbc-yaml-used "$W/rbc-yaml.text.out" "error: checked by the word rule"
changes lua-limits "${AS_OF[@]}" --lua-limits instructions=20000000
changes strict "${AS_OF[@]}" --strict
cp "$RBC" "$W/rbc2" && printf 'x' >>"$W/rbc2"
RBC="$W/rbc2" changes binary "${AS_OF[@]}"
rm "$BOOK/session-cache.md"
changes runbook-deleted "${AS_OF[@]}"

# FILE operands choose from the whole book's kept results when the book has
# rules of its own (it is then read whole anyway).
mark
"$RBC" lint "$BOOK" "$BOOK/web-deploy.md" "${AS_OF[@]}" >"$W/file.out" 2>&1
expect_grep file-from-state "$W/file.out" "WORD rule"
"$RBC" lint "$BOOK" "$BOOK/web-deploy.md" "${AS_OF[@]}" --no-cache >"$W/file-cold.out" 2>&1
sed -i 's/WORD rule/word rule/g' "$W/file.out"
expect_same file-same-as-no-cache "$W/file.out" "$W/file-cold.out"

# A baseline is applied to the kept results afresh, and written alike.
unmark
"$RBC" lint "$BOOK" "${AS_OF[@]}" --baseline "$W/base-hit.json" -q >/dev/null 2>&1
"$RBC" lint "$BOOK" "${AS_OF[@]}" --baseline "$W/base-cold.json" -q --no-cache >/dev/null 2>&1
sed -i 's/WORD rule/word rule/g' "$W/base-hit.json"
expect_same baseline-written-alike "$W/base-hit.json" "$W/base-cold.json"
run_rbc lint "$BOOK" "${AS_OF[@]}" --baseline "$W/base-cold.json"
expect_rc baseline-applied 0

# A damaged state is a miss, never a crash or a wrong result.
printf 'rbc-lint-state 1 garbage\n' >"$(STATE)"
lint_all damaged "${AS_OF[@]}"
same_all damaged-same-as-cold damaged runbook-deleted-cold
STATEFILE=$(STATE)
head -c 2000 "$STATEFILE" >"$W/cut" && cp "$W/cut" "$STATEFILE"
lint_all cut "${AS_OF[@]}"
same_all cut-same-as-cold cut runbook-deleted-cold
# A symlinked cache folder turns the cache off (cache_dir.h).
rm -rf "$CACHE" && mkdir -p "$W/elsewhere" && ln -s "$W/elsewhere" "$CACHE"
lint_all symlinked "${AS_OF[@]}"
same_all symlinked-same-as-cold symlinked runbook-deleted-cold
[ -z "$(ls -A "$W/elsewhere")" ] && pass symlinked-cache-unused || fail symlinked-cache-unused "$(ls "$W/elsewhere")"

# A runs folder that is a symlink out of the book: its records are not the
# book's (nothing in the key covers them), so none is read, and the lint
# says so at drills: runs; after the records there go, a replay still equals
# --no-cache.
B2="$W/linked"
rm -rf "$CACHE" && cp -r "$ROOT/runbooks" "$B2" && mv "$B2/drills" "$W/runs-outside" && ln -s ../runs-outside "$B2/drills"
"$RBC" lint "$B2" "${AS_OF[@]}" -q >/dev/null 2>&1
rm "$W"/runs-outside/*.jsonl
"$RBC" lint "$B2" "${AS_OF[@]}" >"$W/linked.out" 2>&1
echo $? >>"$W/linked.out"
"$RBC" lint "$B2" "${AS_OF[@]}" --no-cache >"$W/linked-cold.out" 2>&1
echo $? >>"$W/linked-cold.out"
expect_same linked-runs-same-as-no-cache "$W/linked.out" "$W/linked-cold.out"
expect_grep linked-runs-not-read "$W/linked-cold.out" "'drills' resolves outside the book"
