# tests/lib.sh: helpers for end-to-end tests, sourced by tests/e2e/*.sh.
# Set GROUP before use; every helper records PASS/FAIL lines in $RESULTS.
: "${GROUP:=e2e}"
: "${RESULTS:?run through tests/run.sh}"
: "${OUT:?run through tests/run.sh}"
: "${ROOT:?run through tests/run.sh}"
# A test writes only under an absolute OUT inside the checkout: a relative
# or empty one would scatter files wherever the shell stood (once, /).
case $OUT in "$ROOT"/?*) ;; *) echo "tests/lib.sh: OUT ($OUT) must be a folder under ROOT ($ROOT)" >&2; exit 2 ;; esac
# rbc's caches (doc/cache.md) go under OUT, never into the user's ~/.cache;
# a test that needs its own sets XDG_CACHE_HOME itself.
: "${XDG_CACHE_HOME:=$OUT/xdg-cache}"
export XDG_CACHE_HOME
# A book copied under OUT is not in the checkout's git (a test that wants
# git makes its own repository there, or sets its own ceiling): git would
# otherwise walk the checkout's history for every build of it.
: "${GIT_CEILING_DIRECTORIES:=$OUT}"
export GIT_CEILING_DIRECTORIES

# The real python3, found once and exported (tests/run.sh finds it for all
# scripts): a version manager's shim (pyenv) forks several shells per call,
# which cost more than most oracles run. The oracles use only the standard
# library, so Debian's own python3 is preferred: it starts twice as fast as
# a pyenv build here.
if [ -z "${RBC_PY:-}" ]; then
	if [ -x /usr/bin/python3 ]; then RBC_PY=/usr/bin/python3
	elif command -v python3 >/dev/null 2>&1; then RBC_PY=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null)
	fi
	export RBC_PY
fi
if [ -n "${RBC_PY:-}" ]; then python3() { "$RBC_PY" "$@"; }; fi

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
last_rc() { local rc; read -r rc < "$OUT/last.rc"; echo "$rc"; }

# expect_rc NAME WANT: the last run's exit status (read without a fork:
# a test makes hundreds of these checks)
expect_rc() {
	read -r got < "$OUT/last.rc"
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
# the JSON in $OUT/last.out bound to `d`, compare its str() with WANT (an
# error's traceback is what it got). One python per script answers them
# all (json_eval): starting python for each check cost more than the rbc
# runs it checks.
expect_json() {
	json_eval "$OUT/last.out" "$2"
	expect_eq "$1" "$got" "$3"
}
# json_eval FILE EXPR: set $got to str(eval(EXPR)) with d = FILE's JSON,
# or to the error, through a python coprocess started on first use. A
# request is FILE and EXPR, each ended by NUL; the answer ends with \x1e.
json_eval() {
	if [ -z "${RBC_JSON_PID:-}" ] || ! kill -0 "$RBC_JSON_PID" 2> /dev/null; then
		coproc RBC_JSON { python3 -u -c '
import json, sys, traceback
inp = sys.stdin.buffer
while True:
    req = []
    for _ in range(2):
        b = bytearray()
        while True:
            c = inp.read(1)
            if not c:
                sys.exit(0)
            if c == b"\0":
                break
            b += c
        req.append(b.decode())
    try:
        d = json.load(open(req[0]))
        out = str(eval(req[1], {"json": json, "sys": sys, "d": d}))
    except BaseException:
        out = traceback.format_exc()
    sys.stdout.write(out.rstrip("\n") + "\x1e")
    sys.stdout.flush()
'; }
	fi
	printf '%s\0%s\0' "$1" "$2" >&"${RBC_JSON[1]}"
	IFS= read -r -d $'\x1e' got <&"${RBC_JSON[0]}" || got="json_eval: the python coprocess ended"
}

# run_oracle NAME OUTFILE CMD...: run a checker program (an oracle) with its
# stdout in OUTFILE. An oracle that fails or prints nothing fails test NAME
# and returns 1, so two broken oracles never compare empty with empty; exit
# status 77 means "cannot run here" and skips NAME with the oracle's reason.
run_oracle() {
	_n=$1 _o=$2
	shift 2
	"$@" > "$_o" 2> "$_o.err"
	_rc=$?
	if [ "$_rc" = 0 ] && [ -s "$_o" ]; then return 0; fi
	if [ "$_rc" = 77 ]; then
		skip "$_n" "oracle cannot run: $(head -c 200 "$_o.err")"
	else
		fail "$_n" "oracle '$*' exited $_rc or printed nothing: $(head -c 300 "$_o.err")"
	fi
	return 1
}
# expect_oracles_same NAME CMD_A -- CMD_B: both oracles run and print the same
expect_oracles_same() {
	_name=$1
	shift
	_a=() _b=() _side=a
	for _x in "$@"; do
		if [ "$_side" = a ] && [ "$_x" = -- ]; then _side=b; continue; fi
		if [ "$_side" = a ]; then _a+=("$_x"); else _b+=("$_x"); fi
	done
	_f="$OUT/oracle.$$"
	run_oracle "$_name" "$_f.a" "${_a[@]}" || return 0
	run_oracle "$_name" "$_f.b" "${_b[@]}" || return 0
	expect_same "$_name" "$_f.a" "$_f.b"
}

# dl_broken PKG NAME: for a library rbc loads with dlopen() only where it is
# needed (src/base/dl.c): check that rbc does not list it as NEEDED, then
# put a broken copy of it under its soname in $W/junk (set $soname) and
# check that `rbc build` and `rbc lint` of $W/book still run with that copy
# first on the library path. Returns 1, after a skip, when pkg-config and
# objdump find no soname for PKG.
dl_broken() {
	if command -v readelf > /dev/null; then
		readelf -d "$RBC" > "$W/dyn" 2>&1
		expect_grep needed/read "$W/dyn" "NEEDED"
		expect_no_grep "needed/no-$2" "$W/dyn" "$2"
	else
		skip "needed/no-$2" "no readelf"
	fi
	local libdir
	libdir=$(pkg-config --variable=libdir "$1" 2> /dev/null)
	soname=$(objdump -p "$libdir/$1.so" 2> /dev/null | sed -n 's/^ *SONAME *//p')
	if [ -z "$soname" ]; then
		skip broken-lib "no $1.so with a SONAME found through pkg-config and objdump"
		return 1
	fi
	mkdir -p "$W/junk"
	printf 'not a library' > "$W/junk/$soname"
	LD_LIBRARY_PATH="$W/junk" run_rbc build "$W/book" -o "$W/site" -q
	expect_rc junk/build 0
	[ -f "$W/site/index.html" ] && pass junk/build-wrote || fail junk/build-wrote "no index.html"
	LD_LIBRARY_PATH="$W/junk" run_rbc lint "$W/book"
	case $(last_rc) in 0 | 1) pass junk/lint ;; *) fail junk/lint "exit $(last_rc): $(head -c 300 "$OUT/last.err")" ;; esac
}
