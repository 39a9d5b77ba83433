#!/usr/bin/env bash
# build_cache.sh: the build cache of `rbc build` (doc/cache.md). It lives
# in $XDG_CACHE_HOME/rbc/build-*/ (0700, outside the book and OUT);
# --no-cache neither reads nor writes it; a rebuild with nothing changed is
# answered from it (its diagnostics given again, no file written), and
# anything that changed (the book, OUT, rbc itself, the as-of day) makes
# it build again.
GROUP=build-cache
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch cache)
BOOK="$W/book"
cp -r "$ROOT/runbooks" "$BOOK"
# The early-cutoff book (below) is copied now, so that the checks between
# age its stamps instead of a sleep.
W2=$(scratch cutoff)
cp -r "$ROOT/runbooks" "$W2/book"
cutoff_copied=$(date +%s)
export XDG_CACHE_HOME="$W/xdg"
# A note every build gives: a file name that is not a plain id.
cp "$BOOK/session-cache.md" "$BOOK/Nobody At All.md"

"$RBC" build "$BOOK" -o "$W/cold" --no-cache --as-of 2026-12-01 -q 2>"$W/cold.err"
[ $? = 0 ] && [ ! -e "$XDG_CACHE_HOME" ] && pass no-cache-writes-nothing ||
	fail no-cache-writes-nothing "$(ls -R "$XDG_CACHE_HOME" 2>&1 | head -5)"
grep -q "using id" "$W/cold.err" && pass warning-present || fail warning-present "$(head -3 "$W/cold.err")"

run_rbc build "$BOOK" -o "$W/site" --as-of 2026-12-01 -q
expect_rc first-build 0
STATE=$(ls "$XDG_CACHE_HOME"/rbc/build-*/state-* 2>/dev/null | head -1)
[ -n "$STATE" ] && pass state-written || fail state-written "no state in $XDG_CACHE_HOME/rbc"
mode=$(stat -c %a "$(dirname "$STATE")" 2>/dev/null)
expect_eq cache-folder-0700 "$mode" 700
expect_same diagnostics-cold "$OUT/last.err" "$W/cold.err"
diff -r "$W/cold" "$W/site" >/dev/null && pass same-as-cold || fail same-as-cold "$(diff -rq "$W/cold" "$W/site" | head -3)"

# A rebuild with nothing changed comes from the state: prove it by marking
# the state's copy of the warning, which only a replay can print. The
# state ends with its own sha256 ("sum HEX"), so the mark sums it again.
mark_state() {
	sed -i -e '$d' -e 's/using id/using MARKED id/' "$1" &&
		printf 'sum %s\n' "$(sha256sum < "$1" | cut -d' ' -f1)" >> "$1"
}
mark_state "$STATE"
(cd "$W/site" && find . -type f -printf '%p %i %T@\n' | sort) > "$W/before.lst"
run_rbc build "$BOOK" -o "$W/site" --as-of 2026-12-01 -q
expect_rc noop-rc 0
expect_grep noop-replays-state "$OUT/last.err" "using MARKED id"
(cd "$W/site" && find . -type f -printf '%p %i %T@\n' | sort) > "$W/after.lst"
expect_same noop-writes-nothing "$W/after.lst" "$W/before.lst"
# The same mark without a fresh sum is a damaged state: not replayed.
sed -i 's/using MARKED id/using DAMAGED id/' "$STATE"
run_rbc build "$BOOK" -o "$W/site" --as-of 2026-12-01 -q
expect_rc damaged-state-rc 0
expect_no_grep damaged-state-not-replayed "$OUT/last.err" "using DAMAGED id"
diff -r "$W/cold" "$W/site" >/dev/null && pass damaged-state-same-as-cold || fail damaged-state-same-as-cold "$(diff -rq "$W/cold" "$W/site" | head -3)"

# Each of these must build again (the mark disappears) and match a cold build.
rebuilds() {
	mark_state "$(ls "$XDG_CACHE_HOME"/rbc/build-*/state-* | head -1)"
	run_rbc build "$BOOK" -o "$W/site" "$@" -q
	expect_no_grep "$NAME-rebuilt" "$OUT/last.err" "using MARKED id"
	rm -rf "$W/cold"
	"$RBC" build "$BOOK" -o "$W/cold" --no-cache "$@" -q 2>/dev/null
	diff -r "$W/cold" "$W/site" >/dev/null && pass "$NAME-same-as-cold" ||
		fail "$NAME-same-as-cold" "$(diff -rq "$W/cold" "$W/site" | head -3)"
}
NAME=as-of rebuilds --as-of 2027-06-01
echo "one more line" >> "$BOOK/session-cache.md"
NAME=book-edit rebuilds --as-of 2027-06-01
echo "<p>mine</p>" > "$W/site/index.html"
NAME=out-edited rebuilds --as-of 2027-06-01
cp "$RBC" "$W/rbc2" && printf 'x' >> "$W/rbc2"
RBC="$W/rbc2" NAME=binary-changed rebuilds --as-of 2027-06-01
mkdir -p "$BOOK/templates" && sed 's|</body>|<!-- mine --></body>|' "$ROOT/templates/layout.html" > "$BOOK/templates/layout.html"
NAME=template rebuilds --as-of 2027-06-01
grep -q -- '<!-- mine -->' "$W/site/index.html" && pass template-used || fail template-used "the book's layout is not in index.html"

# Never through a symlink: a cache folder that is a symlink is not used.
rm -rf "$XDG_CACHE_HOME" && mkdir -p "$W/elsewhere" "$XDG_CACHE_HOME" && ln -s "$W/elsewhere" "$XDG_CACHE_HOME/rbc"
run_rbc build "$BOOK" -o "$W/site" --as-of 2027-06-01 -q
expect_rc symlinked-cache-builds 0
[ -z "$(ls -A "$W/elsewhere")" ] && pass symlinked-cache-unused || fail symlinked-cache-unused "$(ls "$W/elsewhere")"

# Nor a cache folder others may write into (mode 0777, e.g. made by a tool
# with umask 0): anyone could plant a state there, so it is not used.
for d in rbc build; do
	rm -rf "$XDG_CACHE_HOME" && mkdir -p "$XDG_CACHE_HOME"
	"$RBC" build "$BOOK" -o "$W/site" --as-of 2027-06-01 -q 2>/dev/null
	if [ $d = rbc ]; then chmod 777 "$XDG_CACHE_HOME/rbc"; else chmod 777 "$XDG_CACHE_HOME"/rbc/build-*; fi
	rm -f "$XDG_CACHE_HOME"/rbc/build-*/state-*
	run_rbc build "$BOOK" -o "$W/site" --as-of 2027-06-01 -q
	expect_rc writable-$d-cache-builds 0
	[ -z "$(ls "$XDG_CACHE_HOME"/rbc/build-*/state-* 2>/dev/null)" ] && pass writable-$d-cache-unused ||
		fail writable-$d-cache-unused "a state was written into a mode 0777 $d folder"
done

# Early cutoff: after an edit inside one runbook's step text (its summary
# stays), the other runbooks are not read again, and the output still
# equals a cold build's.
# stamps younger than two seconds are hashed again: let the copy's (made at
# the top) be three seconds old so they are recorded
while [ $(($(date +%s) - cutoff_copied)) -lt 3 ]; do sleep 0.2; done
export XDG_CACHE_HOME="$W2/xdg"
"$RBC" build "$W2/book" -o "$W2/site" --as-of 2026-12-01 -q 2>/dev/null
sed -i '0,/^1\. /s/^1\. /1. Now /' "$W2/book/orders-db.md"
if command -v strace >/dev/null 2>&1; then
	strace -f -e trace=openat -o "$W2/trace" "$RBC" build "$W2/book" -o "$W2/site" --as-of 2026-12-01 -q 2>/dev/null
	edited=$(grep -c 'orders-db\.md"' "$W2/trace") other=$(grep -c 'session-cache\.md"' "$W2/trace")
	[ "$other" -lt "$edited" ] && pass cutoff-reads-less ||
		fail cutoff-reads-less "session-cache.md opened $other times, the edited orders-db.md $edited"
	# the summary cache: a runbook whose bytes did not change is not even
	# read for its summary (its stat stamp vouches for its hash)
	[ "$other" = 0 ] && [ "$edited" -ge 1 ] && pass summary-cache-reads-none ||
		fail summary-cache-reads-none "session-cache.md opened $other times, the edited orders-db.md $edited"
	# the HTML check's records: a kept page is not read back to be checked
	# again (its record is replayed); the page rendered afresh is
	kept=$(grep -c 'session-cache\.html"' "$W2/trace") made=$(grep -c 'orders-db\.html"' "$W2/trace")
	[ "$kept" = 0 ] && [ "$made" -ge 1 ] && pass check-cache-reads-no-kept-page ||
		fail check-cache-reads-no-kept-page "session-cache.html opened $kept times, orders-db.html $made"
else
	skip cutoff-reads-less "no strace to count the files read"
	"$RBC" build "$W2/book" -o "$W2/site" --as-of 2026-12-01 -q 2>/dev/null
fi
"$RBC" build "$W2/book" -o "$W2/cold" --as-of 2026-12-01 -q --no-cache 2>/dev/null
diff -r "$W2/cold" "$W2/site" >/dev/null && pass cutoff-same-as-cold || fail cutoff-same-as-cold "$(diff -rq "$W2/cold" "$W2/site" | head -3)"

# A procedure's steps reach the scripts and pages of the runbooks that call
# it: editing only a step's command or estimate in shared-procedures.md
# must rebuild the callers (region-failover.md, web-deploy.md) too.
"$RBC" build "$W2/book" -o "$W2/site" --as-of 2026-12-01 -q 2>/dev/null
sed -i 's/deploy-freeze=incident --overwrite/deploy-freeze=incident-7 --overwrite/' "$W2/book/shared-procedures.md"
"$RBC" build "$W2/book" -o "$W2/site" --as-of 2026-12-01 -q 2>/dev/null
rm -rf "$W2/cold" && "$RBC" build "$W2/book" -o "$W2/cold" --as-of 2026-12-01 -q --no-cache 2>/dev/null
grep -rqs 'incident-7' "$W2/cold/scripts/web-deploy" && diff -r "$W2/cold" "$W2/site" >/dev/null &&
	pass procedure-command-reaches-callers || fail procedure-command-reaches-callers "$(diff -rq "$W2/cold" "$W2/site" | head -3)"
sed -i '0,/ (1 min)$/s/ (1 min)$/ (25 min)/' "$W2/book/shared-procedures.md"
"$RBC" build "$W2/book" -o "$W2/site" --as-of 2026-12-01 -q 2>/dev/null
rm -rf "$W2/cold" && "$RBC" build "$W2/book" -o "$W2/cold" --as-of 2026-12-01 -q --no-cache 2>/dev/null
grep -qs '25 min' "$W2/book/shared-procedures.md" && diff -r "$W2/cold" "$W2/site" >/dev/null &&
	pass procedure-estimate-reaches-callers || fail procedure-estimate-reaches-callers "$(diff -rq "$W2/cold" "$W2/site" | head -3)"

# A damaged state whose runbook parts lie past the end of the old joined
# files (a length of 2^64-1, or of 100 GB) is a miss for that runbook (kept:
# only another runbook's step changed),
# never a crash or a huge allocation; the output still equals a cold build.
for len in 18446744073709551615 99999999999; do
	"$RBC" build "$W2/book" -o "$W2/site" --as-of 2026-12-01 -q 2>/dev/null
	st=$(ls "$W2"/xdg/rbc/build-*/state-* | head -1)
	sed -i -E "s/^(unit [0-9a-f]{32} [0-9]+) [0-9]+ (.*	orders-db\.md)$/\1 $len \2/" "$st"
	grep -q " $len .*orders-db.md" "$st" || fail damaged-length-$len-set "no orders-db unit line in the state"
	sed -i "0,/^1\. /s/^1\. /1. Len$len /" "$W2/book/session-cache.md"
	run_rbc build "$W2/book" -o "$W2/site" --as-of 2026-12-01 -q
	expect_rc damaged-length-$len-builds 0
	rm -rf "$W2/cold" && "$RBC" build "$W2/book" -o "$W2/cold" --as-of 2026-12-01 -q --no-cache 2>/dev/null
	diff -r "$W2/cold" "$W2/site" >/dev/null && pass damaged-length-$len-same-as-cold ||
		fail damaged-length-$len-same-as-cold "$(diff -rq "$W2/cold" "$W2/site" | head -3)"
done
# A damaged state whose numbers still look valid (one part's offset moved
# by 3 bytes) fails its checksum and is not trusted: the output still
# equals a cold build, not a model.json or handbook cut 3 bytes off.
"$RBC" build "$W2/book" -o "$W2/site" --as-of 2026-12-01 -q 2>/dev/null
st=$(ls "$W2"/xdg/rbc/build-*/state-* | head -1)
python3 - "$st" <<'PY'
import re, sys
p = sys.argv[1]
t = open(p, encoding="utf-8").read()
t, n = re.subn(r"^(unit [0-9a-f]{32} )([0-9]+)( .*\torders-db\.md)$",
               lambda m: m.group(1) + str(int(m.group(2)) + 3) + m.group(3), t, count=1, flags=re.M)
open(p, "w", encoding="utf-8").write(t)
sys.exit(0 if n else 1)
PY
[ $? = 0 ] || fail damaged-offset-set "no orders-db unit line in the state"
sed -i "0,/^1\. /s/^1\. /1. Shifted /" "$W2/book/session-cache.md"
run_rbc build "$W2/book" -o "$W2/site" --as-of 2026-12-01 -q
expect_rc damaged-offset-builds 0
rm -rf "$W2/cold" && "$RBC" build "$W2/book" -o "$W2/cold" --as-of 2026-12-01 -q --no-cache 2>/dev/null
diff -r "$W2/cold" "$W2/site" >/dev/null && pass damaged-offset-same-as-cold ||
	fail damaged-offset-same-as-cold "$(diff -rq "$W2/cold" "$W2/site" | head -3)"
