#!/usr/bin/env bash
# tier: full
# build_inplace.sh: an incremental build updates OUT in place (doc/cache.md,
# "Writing OUT"): only files whose bytes changed are replaced, each whole
# (a temporary file renamed over it); files the user put in OUT stay; a
# build killed with SIGKILL part way through leaves every file of OUT old
# or new, never half written, names every file it made in the manifest,
# and the next build repairs OUT to equal a clean build's.
GROUP=build-inplace
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch inplace)
A="--as-of 2026-12-01"

# setup: a cached build of the demo book, one user file in OUT, then an
# edit that changes many outputs (a title others show), adds a runbook
# (new files and a new folder) and deletes one (files and a folder go).
setup() {
	rm -rf "$W/book" "$W/site" "$W/xdg" "$W/old" "$W/new"
	cp -r "$ROOT/runbooks" "$W/book"
	export XDG_CACHE_HOME="$W/xdg"
	"$RBC" build "$W/book" -o "$W/site" $A -q 2>/dev/null
	echo "mine" > "$W/site/notes.txt"
	cp -a "$W/site" "$W/old"
	sed -i '0,/^title: .*/s//title: Orders database, renamed/' "$W/book/orders-db.md"
	sed -e 's/^title: .*/title: Added one/' -e 's/^service: .*/service: added-one/' -e '/^id: /d' \
		"$W/book/session-cache.md" > "$W/book/added-one.md"
	rm "$W/book/payments-gateway.md"
	"$RBC" build "$W/book" -o "$W/new" $A -q --no-cache 2>/dev/null
	cp "$W/site/notes.txt" "$W/new/notes.txt"
}

# LeakSanitizer stops the world with ptrace at exit, which fails under
# strace: the sanitized binary (make check) runs here without leak checks,
# which every other script keeps.
[ -n "${RBC_SANITIZED:-}" ] && export ASAN_OPTIONS="detect_leaks=0:abort_on_error=0"
setup
(cd "$W/site" && find . -type f -printf '%p %i\n' | sort) > "$W/inodes.before"
if command -v strace >/dev/null 2>&1; then
	strace -f -o "$W/trace.first" -e trace=renameat "$RBC" build "$W/book" -o "$W/site" $A -q 2>/dev/null
else
	"$RBC" build "$W/book" -o "$W/site" $A -q 2>/dev/null
fi
expect_eq edit-builds "$?" 0
diff -r "$W/new" "$W/site" >/dev/null && pass in-place-same-as-clean ||
	fail in-place-same-as-clean "$(diff -rq "$W/new" "$W/site" | head -3)"
(cd "$W/site" && find . -type f -printf '%p %i\n' | sort) > "$W/inodes.after"
kept=$(join "$W/inodes.before" "$W/inodes.after" | awk '$2 == $3' | wc -l)
[ "$kept" -gt 20 ] && pass unchanged-files-untouched || fail unchanged-files-untouched "only $kept files kept their inode"
[ -z "$(ls -A "$W" | grep rbc-tmp)" ] && pass no-temporary-left || fail no-temporary-left "$(ls -A "$W")"
[ ! -d "$W/site/scripts/payments-gateway" ] && pass deleted-runbook-folder-gone ||
	fail deleted-runbook-folder-gone "$(ls "$W/site/scripts/payments-gateway")"

if ! command -v strace >/dev/null 2>&1; then
	skip step-edit-and-kill "no strace to count renames and to kill the build at a chosen rename"
	exit 0
fi
# One step-text edit: nothing is linked or copied over, only the changed
# files are renamed into OUT (the whole-folder swap linked every file).
sed -i '0,/^1\. /s/^1\. /1. Now /' "$W/book/session-cache.md"
strace -f -o "$W/trace" -e trace=link,linkat,rename,renameat2 "$RBC" build "$W/book" -o "$W/site" $A -q 2>/dev/null
links=$(grep -c 'link' "$W/trace") renames=$(grep -c 'rename' "$W/trace")
[ "$links" = 0 ] && [ "$renames" -ge 1 ] && [ "$renames" -le 8 ] && pass step-edit-renames-few ||
	fail step-edit-renames-few "$links links, $renames renames"
rm -rf "$W/cold" && "$RBC" build "$W/book" -o "$W/cold" $A -q --no-cache 2>/dev/null && cp "$W/site/notes.txt" "$W/cold/"
diff -r "$W/cold" "$W/site" >/dev/null && pass step-edit-same-as-clean ||
	fail step-edit-same-as-clean "$(diff -rq "$W/cold" "$W/site" | head -3)"

# Kill the build with SIGKILL at its Kth renameat (the first is the
# manifest naming old and new files, then the changed files one by one).
LAST=$(grep -c '^[0-9]* *renameat(' "$W/trace.first" 2>/dev/null)
for K in 1 2 3 6 12 "$LAST"; do
	setup
	strace -f -o /dev/null -e trace=renameat -e inject=renameat:signal=KILL:when=$K \
		"$RBC" build "$W/book" -o "$W/site" $A -q >/dev/null 2>&1
	[ $? -ge 128 ] && pass "killed-at-rename-$K" || fail "killed-at-rename-$K" "the build was not killed"
	bad=""
	while IFS= read -r f; do
		f=${f#./}
		case "$f" in .rbc-manifest) continue ;; esac
		if cmp -s "$W/site/$f" "$W/old/$f" 2>/dev/null || cmp -s "$W/site/$f" "$W/new/$f" 2>/dev/null; then
			:
		else
			bad="$bad $f"
		fi
		if [ ! -e "$W/old/$f" ] && ! grep -qxF "$f" "$W/site/.rbc-manifest"; then
			bad="$bad unowned:$f"
		fi
	done < <(cd "$W/site" && find . -type f)
	[ -z "$bad" ] && pass "killed-at-rename-$K-old-or-new" || fail "killed-at-rename-$K-old-or-new" "$bad"
	run_rbc build "$W/book" -o "$W/site" $A -q
	expect_rc "killed-at-rename-$K-next-build" 0
	diff -r "$W/new" "$W/site" >/dev/null && pass "killed-at-rename-$K-repaired" ||
		fail "killed-at-rename-$K-repaired" "$(diff -rq "$W/new" "$W/site" | head -3 | tr '\n' '|')"
done
