#!/usr/bin/env bash
# build_nochange.sh: the rebuild with nothing changed (doc/cache.md) stays
# correct while it is made fast. Its stat stamps of OUT are checked on
# several threads and through folder descriptors kept open, and git
# rev-parse runs while the book is stat'ed; still, a file of OUT edited in
# place (same size, mtime set back), removed, or a scripts folder swapped
# for a symlink to its own files, and a book file edited in place the same
# way, added or removed, and a new commit, each make it build again, to
# the bytes of a cold build, on any -j. It opens each folder of OUT once,
# not once per runbook, and waits for git only after the book's files
# are stat'ed (strace).
GROUP=build-nochange
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch nochange)
BOOK="$W/book"
# 40 runbooks: about 290 files in OUT, checked in chunks of 128
python3 "$ROOT/tests/bench/gen.py" "$BOOK" 40 > /dev/null
export XDG_CACHE_HOME="$W/xdg"
have_git=
if command -v git > /dev/null && git -C "$BOOK" init -q 2> /dev/null; then
	git -C "$BOOK" add -A && git -C "$BOOK" -c user.email=t@e -c user.name=t commit -qm one && have_git=1
fi
sleep 3   # stamps younger than two seconds are hashed again: let the book's settle
"$RBC" build "$BOOK" -o "$W/site" -q 2> /dev/null

mark_state() {
	local st
	st=$(ls "$XDG_CACHE_HOME"/rbc/build-*/state-* | head -1)
	sed -i -e '$d' -e 's/^\(diag .*\)$/\1/' "$st" && echo "diag 0 1 1 1	marked	MARKED.md	MARKED replay	\\0" >> "$st" &&
		printf 'sum %s\n' "$(sha256sum < "$st" | cut -d' ' -f1)" >> "$st"
}
# A rebuild with nothing changed is a replay (the marked state's note is
# given again) and writes nothing.
mark_state
(cd "$W/site" && find . -printf '%p %i %T@\n' | sort) > "$W/before.lst"
run_rbc build "$BOOK" -o "$W/site"
expect_rc noop-rc 0
expect_grep noop-replays "$OUT/last.err" "MARKED replay"
(cd "$W/site" && find . -printf '%p %i %T@\n' | sort) > "$W/after.lst"
expect_same noop-writes-nothing "$W/after.lst" "$W/before.lst"
for j in 1 2 3; do
	run_rbc build "$BOOK" -o "$W/site" -j $j
	expect_grep noop-replays-j$j "$OUT/last.err" "MARKED replay"
done

# NAME ARGS: after a change, the build is not a replay and equals a cold
# one (made again only when the book changed: COLD_STALE set)
rebuilt() {
	local name=$1
	shift
	run_rbc build "$BOOK" -o "$W/site" "$@"
	expect_rc "$name-rc" 0
	expect_no_grep "$name-rebuilt" "$OUT/last.err" "MARKED replay"
	if [ -n "${COLD_STALE:-}" ] || [ ! -d "$W/cold" ]; then
		rm -rf "$W/cold"
		"$RBC" build "$BOOK" -o "$W/cold" --no-cache -q 2> /dev/null
	fi
	diff -r "$W/cold" "$W/site" > /dev/null && pass "$name-same-as-cold" ||
		fail "$name-same-as-cold" "$(diff -rq "$W/cold" "$W/site" 2>&1 | head -3)"
	mark_state
}
# same_size_edit FILE: change a byte of FILE, keeping its size and mtime
same_size_edit() {
	cp -p "$1" "$W/stamp.ref"
	python3 - "$1" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
i = b.rfind(b"e")
b[i:i + 1] = b"E"
open(p, "r+b").write(b)
PY
	touch -r "$W/stamp.ref" "$1"
}

# OUT's files: the first and the last the state lists, one in between,
# a step script in place (same size, same mtime: only ctime tells)
first=$(grep -m1 '^out ' "$(ls "$XDG_CACHE_HOME"/rbc/build-*/state-*)" | cut -f2)
last=$(grep '^out ' "$(ls "$XDG_CACHE_HOME"/rbc/build-*/state-*)" | tail -1 | cut -f2)
[ -n "$first" ] && [ -n "$last" ] && [ "$first" != "$last" ] && pass state-lists-out ||
	fail state-lists-out "no out lines in the state"
same_size_edit "$W/site/$first"
rebuilt out-first-edited
same_size_edit "$W/site/$last"
rebuilt out-last-edited
script=$(ls "$W/site/scripts/svc-00027/"*.sh | head -1)
same_size_edit "$script"
rebuilt out-script-edited-j1 -j 1
same_size_edit "$script"
rebuilt out-script-edited-j2 -j 2
rm "$W/site/runbooks/svc-00032.html"
rebuilt out-page-removed
# a scripts folder moved aside and a symlink put in its place: its files
# keep their stamps, but the folder is no longer OUT's own (refused, exit 2)
mv "$W/site/scripts/svc-00030" "$W/site/scripts/svc-00030.real" && ln -s svc-00030.real "$W/site/scripts/svc-00030"
run_rbc build "$BOOK" -o "$W/site"
expect_no_grep out-folder-symlinked-not-replayed "$OUT/last.err" "MARKED replay"
rm "$W/site/scripts/svc-00030" && mv "$W/site/scripts/svc-00030.real" "$W/site/scripts/svc-00030"
rebuilt out-folder-back

# the book: a runbook edited in place (same size and mtime), one added,
# one removed, and a new commit (the scripts name the book's commit)
export COLD_STALE=1
same_size_edit "$BOOK/runbooks/svc-00039.md"
rebuilt book-edited-in-place
sed 's/svc-00010/svc-00040/g' "$BOOK/runbooks/svc-00010.md" > "$BOOK/runbooks/svc-00040.md"
rebuilt book-file-added
rm "$BOOK/runbooks/svc-00040.md"
rebuilt book-file-removed
if [ -n "$have_git" ]; then
	git -C "$BOOK" -c user.email=t@e -c user.name=t commit -q --allow-empty -m two
	rebuilt new-commit
	head=$(git -C "$BOOK" rev-parse HEAD)
	expect_grep new-commit-in-scripts "$script" "$head"
else
	skip new-commit "no git"
fi

# how: each folder of OUT is opened once (it was twice per runbook), and
# git is waited for after the book's last runbook was stat'ed
if command -v strace > /dev/null; then
	# (without LeakSanitizer in a sanitized build: it cannot run under ptrace)
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f -o "$W/trace" \
		-e trace=openat,newfstatat,fstatat64,wait4 "$RBC" build "$BOOK" -o "$W/site" 2> "$W/strace.err"
	expect_eq strace-build-rc "$?" 0
	expect_grep strace-replays "$W/strace.err" "MARKED replay"
	opens=$(grep -c "openat(.*$W/site/[^\"]*\", O_RDONLY.*O_DIRECTORY" "$W/trace")
	[ "$opens" -le 50 ] && pass out-folders-opened-once ||
		fail out-folders-opened-once "$opens opens of OUT's folders for 40 runbooks"
	if [ -n "$have_git" ]; then
		stat_line=$(grep -n '"svc-00039.md"' "$W/trace" | head -1 | cut -d: -f1)
		wait_line=$(grep -n 'wait4(' "$W/trace" | head -1 | cut -d: -f1)
		[ -n "$stat_line" ] && [ -n "$wait_line" ] && [ "$wait_line" -gt "$stat_line" ] &&
			pass git-waited-after-stats ||
			fail git-waited-after-stats "wait4 at trace line ${wait_line:-none}, the book's last stat at ${stat_line:-none}"
	fi
else
	skip out-folders-opened-once "no strace"
fi
