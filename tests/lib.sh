# tests/lib.sh: helpers for end-to-end tests, sourced by tests/e2e/*.sh.
# Set GROUP before use; every helper records PASS/FAIL lines in $RESULTS.
: "${GROUP:=e2e}"
: "${RESULTS:?run through tests/run.sh}"

pass() { echo "PASS $GROUP/$1" >> "$RESULTS"; }
fail() { echo "FAIL $GROUP/$1: $2" >> "$RESULTS"; }
skip() { echo "SKIP $GROUP/$1: $2" >> "$RESULTS"; }

# A fresh scratch folder for one test: T=$(scratch name)
scratch() { d="$OUT/$GROUP/$1"; rm -rf "$d"; mkdir -p "$d"; echo "$d"; }

# run_rbc ARGS...: run rbc, keep stdout, stderr and status in $OUT/last.*
run_rbc() {
	"$RBC" "$@" >"$OUT/last.out" 2>"$OUT/last.err"
	echo $? > "$OUT/last.rc"
}
last_rc() { cat "$OUT/last.rc"; }

# expect_rc NAME WANT: the last run's exit status
expect_rc() {
	got=$(last_rc)
	if [ "$got" = "$2" ]; then pass "$1"; else fail "$1" "exit $got, want $2; stderr: $(head -c 400 "$OUT/last.err")"; fi
}
# expect_eq NAME GOT WANT
expect_eq() {
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "got [$2], want [$3]"; fi
}
# expect_grep NAME FILE PATTERN: a fixed string occurs in FILE
expect_grep() {
	if grep -qF -- "$3" "$2"; then pass "$1"; else fail "$1" "'$3' not in $2: $(head -c 400 "$2")"; fi
}
expect_no_grep() {
	if grep -qF -- "$3" "$2"; then fail "$1" "'$3' found in $2"; else pass "$1"; fi
}
# expect_same NAME GOT_FILE WANT_FILE: byte-identical (shows a diff)
expect_same() {
	if cmp -s "$2" "$3"; then pass "$1"; else fail "$1" "differs: $(diff "$3" "$2" | head -20 | tr '\n' '|')"; fi
}
# expect_json NAME JQ-LIKE-PYTHON-EXPR WANT: evaluate a python expression on
# the JSON in $OUT/last.out bound to `d`, compare its str() with WANT.
expect_json() {
	got=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$OUT/last.out" "$2" 2>&1)
	expect_eq "$1" "$got" "$3"
}
