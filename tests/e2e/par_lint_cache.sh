#!/usr/bin/env bash
# tier: full
# par_lint_cache.sh: `rbc lint BOOK FILE` reads the other runbooks as stubs
# from its cache ($XDG_CACHE_HOME/rbc/, outside the book). Its findings must
# equal the whole-book lint's findings on FILE, with a cold cache, a warm
# one, after every file was touched, and after another runbook changed the
# anchors FILE links to.
GROUP=par-lint-cache
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch cache)
BOOK="$W/book"
R="$BOOK/runbooks"
export XDG_CACHE_HOME="$W/xdg"
CACHE="$XDG_CACHE_HOME/rbc"
python3 "$ROOT/tests/bench/gen.py" "$BOOK" 40 || fail gen "gen.py failed"

# Real scenario and step ids of svc-00007, from the model.
"$RBC" dump "$BOOK" >"$W/dump.json" 2>/dev/null
read -r SC STEP < <(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
rb = [r for r in d["runbooks"] if r["path"] == "runbooks/svc-00007.md"][0]
sc = rb["scenarios"][0]
st = [s for sec in sc["sections"] for s in sec["steps"]][0]
print(sc["id"], sc["id"] + "." + st["id"])' "$W/dump.json")
[ -n "$SC" ] && [ -n "$STEP" ] && pass ids || fail ids "no scenario or step id in the dump"

cat >> "$R/svc-00005.md" <<EOT

Links: [s](svc-00006.md#symptoms), [sc](svc-00007.md#$SC), [step](svc-00007.md#$STEP),
[bad](svc-00006.md#nope), [gone](svc-00099.md), [dir](../runbooks), @nobody.
EOT
sed -i 's/^id: svc-00010$/id: svc-00003/' "$R/svc-00010.md"
printf '\xff\n' > "$R/svc-00020.md"

# same NAME FILE: the fast lint of FILE equals the whole lint's FILE lines.
same() {
	"$RBC" lint "$BOOK" --as-of 2026-11-01 -j 2 >"$W/full.out" 2>/dev/null
	grep -F "$R/$2:" "$W/full.out" >"$W/want.out"
	"$RBC" lint "$BOOK" "$R/$2" --as-of 2026-11-01 -j 2 >"$W/fast.out" 2>"$W/fast.err"
	expect_same "$1/$2" "$W/fast.out" "$W/want.out"
}
check_all() {
	for f in svc-00005.md svc-00010.md svc-00003.md svc-00007.md; do same "$1" "$f"; done
}

rm -rf "$CACHE"
check_all cold
ls "$CACHE"/xref-*/* >/dev/null 2>&1 && pass cache-written || fail cache-written "no entries in $CACHE"
[ ! -e "$BOOK/.rbc-cache" ] && pass cache-outside-book || fail cache-outside-book "the book got a .rbc-cache"
same found svc-00005.md
expect_grep found/anchor "$W/fast.out" "svc-00006.md#nope"
expect_grep found/missing "$W/fast.out" "svc-00099.md"
expect_grep found/contact "$W/fast.out" "@nobody"
expect_no_grep found/scenario-ok "$W/fast.out" "#$SC'"
expect_no_grep found/step-ok "$W/fast.out" "#$STEP'"
same dup svc-00010.md
expect_grep found/dup-id "$W/fast.out" "is also the id of"

check_all warm
touch "$R"/*.md
check_all touched

# Another runbook changes: the scenario FILE links to is renamed.
sed -i "0,/^## Scenario: /s//## Scenario: Renamed /" "$R/svc-00007.md"
same changed svc-00005.md
expect_grep changed/now-broken "$W/fast.out" "#$SC'"
printf 'corrupt\n' > "$(ls "$CACHE"/xref-*/* | head -n 1)"
check_all corrupt-entry

# With rules of the book's own, every runbook is read in full (no stubs:
# only the whole book's lint results are kept, doc/cache.md).
rm -rf "$CACHE"
mkdir -p "$BOOK/lua"
printf 'return { id = "book-size", summary = "s", book = function(book) end }\n' > "$BOOK/lua/size.lua"
same book-rules svc-00005.md
! ls -d "$CACHE"/xref-* >/dev/null 2>&1 && pass book-rules/no-cache || fail book-rules/no-cache "xref cache written"
