#!/usr/bin/env bash
# core_bad_input.sh: every bad input of the core issue gives its exact
# diagnostic (file:line:col, level, words that say what to fix), a non-zero
# exit, and no crash.
GROUP=core-bad
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch books)
cd "$W" || exit 1

# bad NAME WANT_RC WANT_STDERR: runs `rbc dump NAME` in $W and compares.
bad() {
	local name=$1 rc=$2 want=$3
	"$RBC" dump --color=never "$name" >/dev/null 2>"$name.err"
	local got=$?
	if [ "$got" != "$rc" ]; then fail "$name" "exit $got, want $rc: $(cat "$name.err")"; return; fi
	if [ "$(cat "$name.err")" = "$want" ]; then pass "$name"; else
		fail "$name" "stderr was [$(cat "$name.err")], want [$want]"; fi
}
book() { rm -rf "$1"; mkdir -p "$1"; }

book unterminated; printf -- '---\ntitle: x\nowner: y\n' > unterminated/a.md
bad unterminated 1 "unterminated/a.md:1:1: error: front matter opened with '---' is never closed; add a line '---' after the last key [front-matter]"

book yaml-syntax; printf -- '---\ntitle: [x\n---\n' > yaml-syntax/a.md
bad yaml-syntax 1 "yaml-syntax/a.md:3:1: error: YAML syntax error: did not find expected ',' or ']' while parsing a flow sequence [yaml-syntax]"

book tab; printf -- '---\ntitle: x\n\towner: y\n---\n# T\n' > tab/a.md
bad tab 1 "tab/a.md:3:1: error: tab character in YAML indentation; indent with spaces [yaml-syntax]"

book wrong-type; printf -- '---\ntitle: T\nrto: [1]\n---\n## Scenario: A\n' > wrong-type/a.md
bad wrong-type 1 "wrong-type/a.md:3:6: error: value has the wrong type: 'rto' must be a duration such as 15m, not a list [wrong-type]"

book bad-duration; printf -- '---\ntitle: T\nrto: soon\n---\n## Scenario: A\n' > bad-duration/a.md
bad bad-duration 1 "bad-duration/a.md:3:6: error: cannot parse duration; write e.g. '15m', '4 hours', '90d' or '10-15 minutes': rto: 'soon' [bad-duration]"

book bad-date; printf -- '---\ntitle: T\nreviewed: 2026-02-30\n---\n## Scenario: A\n' > bad-date/a.md
bad bad-date 1 "bad-date/a.md:3:11: error: cannot parse date; write an ISO date such as 2026-01-31: reviewed: '2026-02-30' [bad-date]"

# A review date after --as-of (or today) is an error at the date.
book future-date; printf -- '---\ntitle: T\nreviewed: 2026-12-07\n---\n## Scenario: A\n' > future-date/a.md
"$RBC" dump --as-of 2026-12-06 future-date >/dev/null 2>"$OUT/last.err"; echo $? > "$OUT/last.rc"
expect_rc future-date/exit 1
expect_eq future-date/message "$(cat "$OUT/last.err")" "future-date/a.md:3:11: error: review date is in the future; write the day the review happened: reviewed: 2026-12-07 is after 2026-12-06 (--as-of) [bad-date]"
"$RBC" dump --as-of 2026-12-07 future-date >/dev/null 2>"$OUT/last.err"; echo $? > "$OUT/last.rc"
expect_rc future-date/same-day-ok 0
printf -- '---\ntitle: T\nreviewed: 2999-01-01\n---\n## Scenario: A\n' > future-date/a.md
"$RBC" dump future-date >/dev/null 2>"$OUT/last.err"; echo $? > "$OUT/last.rc"
expect_rc future-date/today 1
expect_grep future-date/today-message "$OUT/last.err" "reviewed: 2999-01-01 is after "

# UTF-16 and UTF-32, with or without a byte-order mark: named, with the
# iconv line that converts them, not "binary".
printf -- '---\ntitle: T\n---\n## Scenario: A\n\xc3\x96l\n' > "$OUT/utf8.md"
for enc in UTF-16 UTF-16LE UTF-16BE UTF-32 UTF-32BE; do
	book "wide-$enc"; iconv -f UTF-8 -t "$enc" < "$OUT/utf8.md" > "wide-$enc/a.md"
	want=$enc bom=""
	case $enc in UTF-16|UTF-32) want=${enc}LE bom=" with a byte-order mark";; esac
	[ "$enc" = UTF-16 ] && [ "$(head -c 2 "wide-$enc/a.md" | od -An -tx1 | tr -d ' ')" = feff ] && want=UTF-16BE
	bad "wide-$enc" 1 "wide-$enc/a.md:1:1: error: file is UTF-16 or UTF-32 text, not UTF-8; convert it: it is $want$bom: iconv -f $want -t UTF-8 FILE > FILE.new && mv FILE.new FILE [encoding]"
done

book unknown-key; printf -- '---\ntitle: T\nrevieved: 2026-01-01\n---\n## Scenario: A\n' > unknown-key/a.md
bad unknown-key 0 "unknown-key/a.md:3:1: warning: unknown key: 'revieved' in front matter; did you mean 'reviewed'? [unknown-key]"

book empty; : > empty/a.md
bad empty 1 "empty/a.md:1:1: error: file is empty; a runbook needs front matter and at least one scenario [empty-file]"

book binary; printf '# T\n\x7fELF\x02\x01\x01\x00\x00' > binary/a.md
bad binary 1 "binary/a.md:2:8: error: file holds a NUL byte and looks binary; runbooks must be UTF-8 text [encoding]"

book bad-utf8; printf '# T\n\nCaf\xe9 au lait\n' > bad-utf8/a.md
bad bad-utf8 1 "bad-utf8/a.md:3:4: error: invalid UTF-8; re-save the file as UTF-8: byte 0xE9 [encoding]"

book huge; head -c 20971520 /dev/zero | tr '\0' 'a' > huge/a.md
bad huge 1 "huge/a.md:1:1: error: input exceeds a size limit: file is 20.0 MB; the limit is 8 MB per file; split it into several runbooks [limit]"

book "odd-name"; printf -- '# T\n\n## Scenario: A\n\n### Symptoms\nx\n' > "odd-name/Ölpumpe Ausfall.md"
bad odd-name 0 "odd-name/Ölpumpe Ausfall.md:1:1: note: file name is not a plain id: using id 'lpumpe-ausfall'; set 'id:' in the front matter to choose one [id-from-name]"

book symlink-loop; mkdir symlink-loop/sub; ln -s .. symlink-loop/sub/up; ln -s me symlink-loop/me
bad symlink-loop 1 "symlink-loop/me: error: symlink loop: Too many levels of symbolic links [symlink]
symlink-loop/sub/up: error: symlink loop: this folder contains itself; remove the symlink [symlink]"

book outside; ln -s /etc/hostname outside/host.md
bad outside 1 "outside/host.md: error: symlink points outside the book; copy the file into the book instead [symlink]"

book dup-scenario; printf -- '# T\n\n## Scenario: Disk full\n\n## Scenario: Disk  full\n\n## Scenario: disk full\n' > dup-scenario/a.md
bad dup-scenario 1 "dup-scenario/a.md:7:1: error: duplicate scenario id: 'scenario-disk-full' is also the id of the scenario at line 3; rename one or add {#other-id} [duplicate-id]"

book deep-list; python3 -c "print('# T'); print(); print('- ' * 10000 + 'x')" > deep-list/a.md
bad deep-list 1 "deep-list/a.md:3:99: error: nesting exceeds the depth limit: lists, quotes or emphasis nested deeper than 100 levels [limit]"

book deep-quote; python3 -c "print('# T'); print(); print('> ' * 10000 + 'x')" > deep-quote/a.md
bad deep-quote 1 "deep-quote/a.md:3:199: error: nesting exceeds the depth limit: lists, quotes or emphasis nested deeper than 100 levels [limit]"

book alias-bomb
cat > alias-bomb/lol.yaml <<'YAML'
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: [*c,*c,*c,*c,*c,*c,*c,*c,*c]
YAML
bad alias-bomb 1 "alias-bomb/lol.yaml:1:4: error: YAML anchors and aliases are not allowed in runbooks; write the value out: anchor '&a' [yaml-alias]"

book alias-cycle; printf -- '---\ntitle: &a [*a]\n---\n' > alias-cycle/a.md
bad alias-cycle 1 "alias-cycle/a.md:2:8: error: YAML anchors and aliases are not allowed in runbooks; write the value out: anchor '&a' [yaml-alias]"

book deep-yaml; python3 -c "print('title: T'); print('x: ' + '['*40 + ']'*40)" > deep-yaml/a.yaml
bad deep-yaml 1 "deep-yaml/a.yaml:2:35: error: nesting exceeds the depth limit: YAML nesting deeper than 32 levels [limit]"

book big-front; { echo '---'; python3 -c "print('title: ' + 'x' * 70000)"; echo '---'; } > big-front/a.md
bad big-front 1 "big-front/a.md:1:1: error: input exceeds a size limit: front matter is 70008 bytes; the limit is 64 KiB [limit]"

# BOM and CRLF are accepted: same model as the plain file.
book bom; printf '\xef\xbb\xbf---\r\ntitle: T\r\n---\r\n## Scenario: A\r\n\r\n**RTO:** 5m\r\n' > bom/a.md
"$RBC" dump bom > bom.json 2>bom.err; expect_eq bom-exit "$?" 0
expect_json_file() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }
expect_eq bom-title "$(expect_json_file bom.json 'd["runbooks"][0]["title"]')" "T"
expect_eq crlf-rto "$(expect_json_file bom.json 'd["runbooks"][0]["scenarios"][0]["rto"]["max"]')" "300"

# Unreadable file: only meaningful for a non-root user.
book unreadable; printf '# T\n' > unreadable/a.md; chmod 000 unreadable/a.md
if [ "$(id -u)" -ne 0 ]; then
	bad unreadable 1 "unreadable/a.md: error: cannot read file: Permission denied; check its permissions [io]"
elif command -v setpriv >/dev/null; then
	chmod 755 "$W"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$RBC" dump --color=never unreadable >/dev/null 2>unreadable.err
	expect_eq unreadable-exit "$?" 1
	expect_eq unreadable "$(cat unreadable.err)" "unreadable/a.md: error: cannot read file: Permission denied; check its permissions [io]"
else
	skip unreadable "running as root without setpriv"
fi
chmod 644 unreadable/a.md

# Not a book at all.
"$RBC" dump no-such-dir >/dev/null 2>nobook.err; expect_eq not-a-book-exit "$?" 2
expect_eq not-a-book "$(cat nobook.err)" "no-such-dir: error: not a book directory: No such file or directory [io]"
