#!/bin/bash
# tier: full
# robust_valgrind.sh: valgrind finds no leak and no memory error in a build
# of the demo book (runbooks/, or a generated book while it is absent), nor
# in rbc dump, and in a build that fails on bad input.
GROUP=robust-valgrind
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
if ! command -v valgrind >/dev/null; then
	skip valgrind "valgrind is not installed (.ci/run installs it)"
	exit 0
fi
if [ -n "${RBC_SANITIZED:-}" ]; then
	skip valgrind "the sanitized binary cannot run under valgrind (make test runs this)"
	exit 0
fi
W=$(scratch vg)
BOOK="$ROOT/runbooks"
if [ ! -d "$BOOK" ]; then
	BOOK="$W/book"
	python3 "$ROOT/tests/bench/gen.py" "$BOOK" 8
fi
VG="valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99"

# vg NAME ARGS...: run rbc under valgrind; 99 means valgrind found something.
vg() {
	name=$1; shift
	timeout 300 $VG "$RBC" "$@" >"$OUT/last.out" 2>"$W/$name.log"
	rc=$?
	if [ $rc -eq 99 ]; then fail "$name" "valgrind: $(grep -m 3 '==' "$W/$name.log" | tr '\n' '|')"
	elif [ $rc -ge 124 ]; then fail "$name" "exit $rc"
	else pass "$name"; fi
}
vg build build "$BOOK" -o "$W/site"
vg rebuild build "$BOOK" -o "$W/site"
vg dump dump "$BOOK"
mkdir -p "$W/bad"
printf -- '---\ntitle: [unclosed\n---\n' > "$W/bad/a.md"
printf -- '%s\n' '- ' > "$W/bad/b.md"
python3 -c "print('> ' * 300 + 'x')" > "$W/bad/c.md"
vg bad-book build "$W/bad" -o "$W/bad-site"
