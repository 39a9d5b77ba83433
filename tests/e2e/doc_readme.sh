#!/bin/bash
# doc_readme.sh: every command of the README's five-minute tour works as
# written, in a copy of a fresh clone after `make site` (`rbc serve`, which
# runs until stopped, on a free port: it serves the index page and stops
# with status 0); the step-script
# example names exactly the parameters the script needs.
GROUP=doc-readme
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch readme)
export GIT_CEILING_DIRECTORIES="$W"
# the files of a fresh clone that the tour reads, and ./rbc
cp -r "$ROOT/runbooks" "$W/runbooks"
mkdir -p "$W/doc" && cp -r "$ROOT/doc/examples" "$W/doc/examples"
ln -s "$RBC" "$W/rbc"
(cd "$W" && ./rbc build runbooks -o site -q) > /dev/null 2>&1 || fail make-site "the build that make site runs failed"

# The tour: the first ```sh block after "## A five-minute tour".
sed -n '/^## A five-minute tour/,$p' "$ROOT/README.md" | sed -n '/^```sh/,/^```/p' | sed '1d;$d' | sed '/^```/,$d' > "$W/tour.sh"
n=0
while IFS= read -r line; do
	[ -z "$line" ] && continue
	n=$((n + 1))
	cmd=$(printf '%s' "$line" | sed 's/  *# .*$//; s/| less$/| cat/')
	if [[ $cmd == "./rbc serve "* ]]; then
		# the preview runs until stopped: on a free port it serves the
		# index page, and SIGTERM ends it with status 0
		mkdir -p "$W/serve.tmp"
		(cd "$W" && TMPDIR="$W/serve.tmp" exec timeout -s KILL 120 $cmd --port 0) > "$W/tour-$n.out" 2> "$W/tour-$n.err" &
		spid=$! port=""
		for _ in $(seq 600); do
			port=$(sed -n 's|.*serving .* at http://[^:]*:\([0-9]*\)/.*|\1|p' "$W/tour-$n.err")
			[ -n "$port" ] || ! kill -0 $spid 2>/dev/null && break
			sleep 0.1
		done
		if [ -n "$port" ] && curl --version > /dev/null 2>&1; then
			curl -s --max-time 10 -o "$W/tour-$n.page" "http://127.0.0.1:$port/"
			grep -q "</html>" "$W/tour-$n.page" || echo "no page at http://127.0.0.1:$port/" >> "$W/tour-$n.err"
		fi
		kill -TERM $spid 2>/dev/null
		wait $spid
		rc=$?
		if [ "$rc" = 0 ] && { [ -z "$port" ] || grep -q "no page at" "$W/tour-$n.err"; }; then rc=1; fi
	else
		(cd "$W" && bash -o pipefail -c "$cmd") > "$W/tour-$n.out" 2> "$W/tour-$n.err"
		rc=$?
	fi
	if [ "$rc" = 0 ]; then pass "tour/$n"; else fail "tour/$n" "'$cmd' exited $rc: $(head -c 300 "$W/tour-$n.err")"; fi
done < "$W/tour.sh"
[ "$n" -ge 6 ] && pass tour/found || fail tour/found "only $n tour commands found in README.md"
expect_grep tour/import-wrote "$W/canonical.md" "## Scenario: "

# The step-script block: --list and --dry-run as written; the run line's
# parameters are the ones the script checks, and with them set (and stub
# tools on PATH) the preflight passes and the first step is offered.
sed -n '/^A generated step script runs a scenario/,$p' "$ROOT/README.md" | sed -n '/^```sh/,/^```/p' | sed '1d;$d' \
	| sed -e ':a' -e '/\\$/N; s/\\\n *//; ta' > "$W/scripts.txt"
grep -- '--list$' "$W/scripts.txt" > /dev/null && grep -- '--dry-run$' "$W/scripts.txt" > /dev/null && pass script/lines || fail script/lines "no --list/--dry-run lines"
for flag in --list --dry-run; do
	cmd=$(grep -- "$flag\$" "$W/scripts.txt" | head -1)
	(cd "$W" && bash -c "$cmd") > "$W/s$flag.out" 2>&1
	expect_eq "script/$flag" "$?" 0
done
run=$(grep -v -- '--list$\|--dry-run$' "$W/scripts.txt" | sed 's/  *# .*$//' | head -1)
script=$(printf '%s\n' "$run" | grep -o 'site/scripts/[^ ]*\.sh')
want=$(cd "$W" && "$script" --help | sed -n '/^Parameters/,/^$/p' | sed '1d' | awk 'NF {print $1}' | sort | tr '\n' ' ')
got=$(printf '%s\n' "$run" | grep -oE '(^| )[A-Z_][A-Z0-9_]*=' | tr -d ' =' | sort | tr '\n' ' ')
[ -n "$want" ] && expect_eq script/parameters "$got" "$want" || fail script/parameters "the script lists no parameters"
mkdir -p "$W/stubs"
for t in $(cd "$W" && "$script" --help | sed -n '/^Tools/,/^$/p' | sed '1d' | awk 'NF {print $1}'); do
	printf '#!/bin/sh\nexit 0\n' > "$W/stubs/$t" && chmod +x "$W/stubs/$t"
done
(cd "$W" && PATH="$W/stubs:$PATH" RBC_LOG_DIR="$W" bash -c "$run" < /dev/null) > "$W/run.out" 2> "$W/run.err"
expect_no_grep script/no-missing-parameters "$W/run.err" "missing parameters"
expect_grep script/first-step-offered "$W/run.out" "==> [diagnosis.1]"
