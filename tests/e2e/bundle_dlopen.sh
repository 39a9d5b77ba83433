#!/bin/bash
# bundle_dlopen.sh: libarchive is loaded with dlopen() by the commands
# that write or read a kit (rbc bundle, rbc verify; src/base/dl.c), so the
# others start without it and the five libraries only it brings: rbc does
# not list it as NEEDED, and a broken copy of it on the library path stops
# neither build nor lint. bundle and verify say they cannot load it and
# why, with a non-zero exit and no kit written.
GROUP=bundle-dlopen
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch dlopen)
python3 "$ROOT/tests/bench/gen.py" "$W/book" 3 > /dev/null

# a kit made while libarchive loads, to verify with a broken one below
run_rbc bundle "$W/book" -o "$W/good.tar.gz" -q
expect_rc good/bundle 0
dl_broken libarchive libarchive || exit 0

LD_LIBRARY_PATH="$W/junk" run_rbc bundle "$W/book" -o "$W/kit.tar.gz" -q
[ "$(last_rc)" != 0 ] && pass junk/bundle-fails || fail junk/bundle-fails "exit 0"
expect_grep junk/bundle-says "$OUT/last.err" "bundle needs $soname; install it"
[ ! -e "$W/kit.tar.gz" ] && pass junk/bundle-no-kit || fail junk/bundle-no-kit "a kit was written"
LD_LIBRARY_PATH="$W/junk" run_rbc verify "$W/good.tar.gz"
[ "$(last_rc)" != 0 ] && pass junk/verify-fails || fail junk/verify-fails "exit 0"
cat "$OUT/last.out" "$OUT/last.err" > "$W/verify.all"
expect_grep junk/verify-says "$W/verify.all" "verify needs $soname; install it"
