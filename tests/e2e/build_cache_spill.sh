#!/usr/bin/env bash
# build_cache_spill.sh: the build cache's stores (`summaries`, `checks`:
# doc/cache.md, "Memory, and reading a runbook twice") write the entries a
# build makes into the new file's temporary as they come, with
# RBC_STORE_BUFFER_KB=0 every one at once. The file they make is the one a
# build holding them all makes and is read back; a build killed while
# writing them leaves the stores as they were (never a part of a file),
# its temporaries are removed by the next build that writes the store, and
# that build equals a clean one.
GROUP=build-cache-spill
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch spill)
A="--as-of 2026-12-01"

# setup: a copy of the demo book and its first cached build (-j1: the
# entries in book order), the stores as it left them in $W/kept.
setup() {
	rm -rf "$W/book" "$W/site" "$W/xdg" "$W/kept"
	cp -r "$ROOT/runbooks" "$W/book"
	export XDG_CACHE_HOME="$W/xdg"
	RBC_STORE_BUFFER_KB=0 "$RBC" build "$W/book" -o "$W/site" $A -q -j1 2>/dev/null
	C=$(ls -d "$XDG_CACHE_HOME"/rbc/build-* 2>/dev/null | head -1)
	mkdir -p "$W/kept" && cp "$C/summaries" "$C/checks" "$W/kept/" 2>/dev/null
}
# same_as_clean NAME: OUT equals a --no-cache build of the book now.
same_as_clean() {
	rm -rf "$W/clean"
	"$RBC" build "$W/book" -o "$W/clean" $A -q --no-cache 2>/dev/null
	diff -r "$W/clean" "$W/site" >/dev/null && pass "$1" || fail "$1" "$(diff -rq "$W/clean" "$W/site" | head -3)"
}

setup
[ -s "$W/kept/summaries" ] && [ -s "$W/kept/checks" ] && pass stores-written ||
	fail stores-written "$(ls -la "$C" 2>&1 | head -5)"
# The same build holding its entries in memory makes the same files (into
# the same OUT: the keys cover -o as written).
mv "$W/site" "$W/site-spill"
XDG_CACHE_HOME="$W/xdg-mem" "$RBC" build "$W/book" -o "$W/site" $A -q -j1 2>/dev/null
rm -rf "$W/site" && mv "$W/site-spill" "$W/site"
M=$(ls -d "$W"/xdg-mem/rbc/build-* | head -1)
cmp -s "$M/summaries" "$W/kept/summaries" && pass spilled-summaries-same || fail spilled-summaries-same "$(cmp "$M/summaries" "$W/kept/summaries" 2>&1)"
cmp -s "$M/checks" "$W/kept/checks" && pass spilled-checks-same || fail spilled-checks-same "$(cmp "$M/checks" "$W/kept/checks" 2>&1)"
[ -z "$(ls -A "$C" | grep tmp)" ] && pass no-temporary-left || fail no-temporary-left "$(ls -A "$C")"

# The spilled entries are read back: mark one runbook's title in the
# store (same length), edit another runbook; the mark shows, so the
# summary came from the store and not from the book.
sed -i 's/(Redis Sentinel)/(Redis SENTINEL)/' "$C/summaries"
sed -i '0,/^1\. /s/^1\. /1. Now /' "$W/book/orders-db.md"
run_rbc build "$W/book" -o "$W/site" $A -q
expect_rc spilled-read-rc 0
expect_grep spilled-summary-used "$W/site/index.html" "Redis SENTINEL"

# A store entry cut off (a crash while appending) is a miss: the build
# equals a clean one and writes the store anew, whole.
setup
rm -f "$C"/state-*   # no state: every runbook is read (through the summaries)
size=$(stat -c %s "$C/summaries")
truncate -s $((size - 7)) "$C/summaries"
run_rbc build "$W/book" -o "$W/site" $A -q -j1
expect_rc cut-store-rc 0
same_as_clean cut-store-same-as-clean
expect_eq cut-store-rewritten-whole "$(stat -c %s "$C/summaries")" "$size"

if ! command -v strace >/dev/null 2>&1; then
	skip killed-while-spilling "no strace to kill the build at a chosen write"
	exit 0
fi
# A build whose every summary is new (a file that is not Markdown added:
# the summaries' key covers it), killed with SIGKILL at its Kth write
# (entries spilled, outputs written) or at the rename of its summaries:
# the stores stay the old ones, byte for byte, and the next build removes
# the killed one's temporaries and equals a clean build.
setup
echo "an attachment" > "$W/book/notes.txt"
RBC_STORE_BUFFER_KB=0 strace -f -o "$W/trace" -e trace=write,rename "$RBC" build "$W/book" -o "$W/site" $A -q -j1 2>/dev/null
WRITES=$(grep -c '^[0-9]* *write(' "$W/trace")
RENAME=$(grep '^[0-9]* *rename(' "$W/trace" | grep -n '\.summaries\.tmp' | cut -d: -f1)
[ "$WRITES" -gt 20 ] && [ -n "$RENAME" ] && pass killed-traced || fail killed-traced "$WRITES writes, summaries renamed at '$RENAME'"
for at in "write:$((WRITES / 3))" "write:$((2 * WRITES / 3))" "rename:$RENAME"; do
	call=${at%%:*} K=${at#*:}
	setup
	echo "an attachment" > "$W/book/notes.txt"
	(RBC_STORE_BUFFER_KB=0 strace -f -o /dev/null -e trace=$call -e inject=$call:signal=KILL:when=$K \
		"$RBC" build "$W/book" -o "$W/site" $A -q -j1 >/dev/null 2>&1; echo $? > "$W/killed.rc") 2>/dev/null
	[ "$(cat "$W/killed.rc")" -ge 128 ] && pass "killed-at-$call-$K" || fail "killed-at-$call-$K" "the build was not killed"
	cmp -s "$C/summaries" "$W/kept/summaries" && cmp -s "$C/checks" "$W/kept/checks" &&
		pass "killed-at-$call-$K-stores-kept" || fail "killed-at-$call-$K-stores-kept" "$(ls -la "$C")"
	[ -n "$(ls -A "$C" | grep '^\.summaries\.tmp-')" ] && pass "killed-at-$call-$K-left-temporary" ||
		fail "killed-at-$call-$K-left-temporary" "$(ls -A "$C")"
	run_rbc build "$W/book" -o "$W/site" $A -q
	expect_rc "killed-at-$call-$K-next-rc" 0
	same_as_clean "killed-at-$call-$K-next-same-as-clean"
	[ -z "$(ls -A "$C" | grep tmp)" ] && pass "killed-at-$call-$K-temporaries-removed" ||
		fail "killed-at-$call-$K-temporaries-removed" "$(ls -A "$C")"
	cmp -s "$C/summaries" "$W/kept/summaries" && fail "killed-at-$call-$K-next-saved" "the summaries were not written anew" ||
		pass "killed-at-$call-$K-next-saved"
done
