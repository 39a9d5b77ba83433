#!/usr/bin/env bash
# build_deps.sh: what each runbook's outputs are made from (unit_keys.h,
# doc/cache.md). A title edit renders again the runbooks on either end of
# its links, not the whole book; a procedure called through another
# procedure in a third file still reaches the caller's script and page;
# tags and ids, which every page can show, render everything again. Each
# rebuild must equal a clean build.
GROUP=build-deps
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch deps)
export XDG_CACHE_HOME="$W/xdg"
B="$W/book"
mkdir -p "$B"
# page NAME TITLE BODY: a runbook NAME.md
page() {
	printf -- '---\nid: %s\ntitle: %s\nowner: "@ops"\nreviewed: 2026-11-01\n---\n\n# %s\n\n%b\n' "$1" "$2" "$2" "$3" > "$B/$1.md"
}
printf 'contacts:\n  ops:\n    name: Ops\n    email: ops@example.com\n' > "$B/contacts.yaml"
scen='## Scenario: Down\n\n**Severity:** P1 · **RTO:** 30 min\n\n### Symptoms\n\nIt is down.\n\n### Recovery\n\n'
tail='\n\n### Rollback\n\n1. Undo it (1 min)\n\n### Verification\n\n1. It answers (1 min)'
page a "Service A" "${scen}1. Check the balancer (2 min)\n2. [Do B](b.md#procedure-do-b)${tail}"
page b "Service B" '## Procedure: Do B\n\n1. Step of B (3 min)\n2. [Do C](c.md#procedure-do-c)'
page c "Service C" '## Procedure: Do C\n\n1. Step of C (4 min)'
page d "Service D" "${scen}1. See [C](c.md) first (2 min)${tail}"
page e "Service E" "${scen}1. Restart E (2 min)${tail}"
page f "Service F" "${scen}1. Restart F (2 min)${tail}"

# build LABEL: the cached build into site (traced when strace is here),
# then a clean one; the two must be the same
build() {
	if command -v strace >/dev/null 2>&1; then
		# LeakSanitizer (make check) cannot stop the world under ptrace
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
			strace -f -e trace=openat -o "$W/trace" "$RBC" build "$B" -o "$W/site" -q 2>"$W/err"
	else
		"$RBC" build "$B" -o "$W/site" -q 2>"$W/err"
	fi
	expect_eq "$1-exit" "$?" 0
	rm -rf "$W/clean"
	"$RBC" build "$B" -o "$W/clean" -q --no-cache 2>/dev/null
	diff -r "$W/clean" "$W/site" >/dev/null && pass "$1-same-as-clean" ||
		fail "$1-same-as-clean" "$(diff -rq "$W/clean" "$W/site" | head -3)"
}
# read_set: the runbooks the last traced build parsed, as "a c d " (the
# parser opens with O_NOCTTY; the fingerprint's hashing, which reads any
# file written in the last two seconds again, does not)
read_set() {
	grep "O_NOCTTY" "$W/trace" 2>/dev/null | grep -o "$B/[a-f]\.md\"" | sed 's|.*/\([a-f]\)\.md"|\1|' |
		sort -u | tr '\n' ' '
}
# expect_read LABEL WANT: the last build read exactly the runbooks WANT
expect_read() {
	if command -v strace >/dev/null 2>&1; then
		expect_eq "$1" "$(read_set)" "$2"
	else
		skip "$1" "no strace to count the files read"
	fi
}

build first
grep -q 'Step of C' "$W/site/scripts/a/scenario-down.sh" && pass nested-call-in-script ||
	fail nested-call-in-script "a's script lacks c's step"

# c's procedure changes: a calls it through b, d only links to c
sed -i 's/Step of C (4 min)/Step of Cee (9 min)/' "$B/c.md"
build nested
grep -q 'Step of Cee' "$W/site/scripts/a/scenario-down.sh" && pass nested-call-reaches-caller ||
	fail nested-call-reaches-caller "a's script still has the old step of c"
expect_read nested-reads-callers "a b c d "

# a title: the pages that show it (b links to c; d links to c), not e or f
sed -i 's/^title: Service C/title: Service Sea/' "$B/c.md"
build title
expect_read title-reads-neighbours "a b c d "
grep -q 'Service Sea' "$W/site/d.html" || grep -q 'Service Sea' "$W/site/c.html" && pass title-shown ||
	fail title-shown "the new title is on no page"

# step text that no summary keeps: that runbook alone
sed -i 's/Restart E (2 min)/Restart E now (2 min)/' "$B/e.md"
build step-text
expect_read step-text-reads-itself "e "

# a tag: tag anchors are unique across the book, so every page again
sed -i 's/^title: Service F/tags: [edge]\ntitle: Service F/' "$B/f.md"
build tag
expect_read tag-reads-all "a b c d e f "

# a link added from e to f: both ends (f's backlinks) and no other
printf '\nSee [F](f.md).\n' >> "$B/e.md"
build link
expect_read link-reads-both-ends "e f "
grep -q 'href="e.html' "$W/site/f.html" && pass backlink-shown || fail backlink-shown "f.html has no backlink to e"
