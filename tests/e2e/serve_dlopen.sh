#!/bin/bash
# serve_dlopen.sh: libmicrohttpd is loaded with dlopen() by `rbc serve`
# only (src/serve/mhd.c), so the other commands start without it and the
# ten libraries it brings: rbc does not list it as NEEDED, and a broken
# copy of it on the library path stops neither `rbc build` nor `rbc lint`.
# `rbc serve` says, with exit 2 and before building, that it cannot load
# the library and why (a file that is no library; one without MHD_*).
GROUP=serve-dlopen
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch dlopen)
python3 "$ROOT/tests/bench/gen.py" "$W/book" 3 > /dev/null

# a broken libmicrohttpd on the path: the other commands never load it
dl_broken libmicrohttpd microhttpd || exit 0
mkdir -p "$W/empty"

# serve cannot load it: a clear reason, exit 2, nothing served or built
LD_LIBRARY_PATH="$W/junk" timeout 30 "$RBC" serve "$W/book" --port 0 > "$W/serve.out" 2> "$W/serve.err"
expect_eq junk/serve-exit "$?" 2
expect_grep junk/serve-says "$W/serve.err" "serve needs $soname; install it"
expect_grep junk/serve-why "$W/serve.err" "$soname"
expect_eq junk/serve-quiet "$(wc -c < "$W/serve.out")" 0

if command -v cc > /dev/null && echo 'int rb_not_mhd;' > "$W/empty.c" &&
	cc -shared -fPIC -o "$W/empty/$soname" "$W/empty.c" 2> "$W/cc.err"; then
	LD_LIBRARY_PATH="$W/empty" timeout 30 "$RBC" serve "$W/book" --port 0 > /dev/null 2> "$W/serve2.err"
	expect_eq symbols/serve-exit "$?" 2
	expect_grep symbols/serve-names-missing "$W/serve2.err" "MHD_"
else
	skip symbols/serve-exit "no C compiler to make a library without MHD_* functions"
fi
