#!/bin/bash
# serve_warm.sh: `rbc serve` keeps its build engine warm (doc/serve.md,
# "Kept warm"). Once a rebuild has read the build cache's stores (the
# runbooks' summaries and the pages' check records), the next rebuilds
# take them from memory and do not open those files again; what they
# keep is looked up by content hash, so edits, an edit undone (its old
# summary is still kept) and a broken then fixed book end in a site
# byte-identical to a clean `rbc build`. The kept runbooks' parts of the
# joined files are copied file to file by the kernel. The lint child that follows each
# build runs at a lower priority than serve.
GROUP=serve-warm
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
source "${ROOT:?run it through tests/run.sh (make test)}/tests/serve/lib.sh" || exit 2
serve_need_curl
W=$(scratch warm)
AS_OF=2026-11-22
# a book where one edit leaves most pages as they were, as in a real one
python3 "$ROOT/tests/bench/gen.py" "$W/book" 24 > /dev/null || { fail setup/book "gen.py failed"; exit 0; }
B="$W/book"
F="$B/runbooks/svc-00010.md"
cp "$F" "$W/runbook.orig"

# edit N SED: apply SED to the runbook and wait for rebuild number N
edit() {
	sed -i "$2" "$F"
	wait_count "$SERR" "rbc: rebuilt" "$1" 20 || wait_count "$SERR" "rbc: the build failed" 1 1
}

SERVE_WRAP="" serve_start warm "$B" --as-of $AS_OF || exit 0    # SPID is rbc itself
edit 1 's/^title: .*/title: Warm edit one/'     # reads the stores the first build wrote
expect_grep first-edit/served "$SERR" "rbc: rebuilt"

# --- the stores are read once ------------------------------------------------------
if ! strace -V > /dev/null 2>&1; then
	skip stores/read-once "strace does not run here (apt-get install strace)"
else
	# SIGTERM detaches strace (a script's background job ignores SIGINT);
	# timeout ends it should it not
	timeout -s KILL 90 strace -f -qq -e trace=openat,copy_file_range,pread64 -o "$W/trace" -p "$SPID" 2> "$W/strace.err" &
	TPID=$!
	sleep 1     # attached
	edit 2 's/^title: .*/title: Warm edit two/'
	edit 3 's/^See \[the next service\]/See also [the next service]/'
	pkill -TERM -P "$TPID" strace 2>/dev/null
	wait "$TPID" 2>/dev/null
	if grep -q "Operation not permitted" "$W/strace.err"; then
		skip stores/read-once "strace cannot attach here: $(head -c 200 "$W/strace.err")"
	else
		reads=$(grep -E '/build-[0-9a-f]+/(summaries|checks)", O_RDONLY' "$W/trace" | grep -v ENOENT)
		[ -z "$reads" ] && pass stores/read-once || fail stores/read-once "rebuilds read the stores again: $(echo "$reads" | head -c 300)"
		grep -q 'openat' "$W/trace" && pass stores/traced || fail stores/traced "strace saw nothing: $(head -c 200 "$W/strace.err")"
		# the kept runbooks' parts of model.json, the search index and the
		# handbook go from the old file to the new one in the kernel, never
		# read into rbc's memory (most of a one-edit rebuild's bytes)
		grep -q 'copy_file_range(' "$W/trace" && pass joined/copied-in-kernel ||
			fail joined/copied-in-kernel "no copy_file_range in the rebuilds: $(grep -c pread64 "$W/trace") preads"
	fi
fi

# --- the lint child runs below serve's priority ------------------------------------
n=$(grep -c "rbc: rebuilt" "$SERR")
sed -i 's/^See also \[the next service\]/See then [the next service]/' "$F"
mine=$(sed 's/.*) //' "/proc/$SPID/stat" | cut -d' ' -f17)
seen="" niced=""
# until a lint child is seen niced, or 60 s (the rebuild comes first: under
# a sanitizer on a loaded machine it can take several seconds)
end=$((SECONDS + 60))
while [ "$SECONDS" -lt "$end" ]; do     # a child just spawned is niced a moment later: look again
	for c in $(pgrep -P "$SPID"); do
		ni=$(sed 's/.*) //' "/proc/$c/stat" 2>/dev/null | cut -d' ' -f17)
		[ -n "$ni" ] && seen="$seen $ni"
		[ -n "$ni" ] && [ "$ni" -gt "$mine" ] && niced=1
	done
	[ -n "$niced" ] && break
	sleep 0.01
done
if [ -n "$niced" ]; then pass lint/niced
elif [ -z "$seen" ]; then fail lint/niced "no lint child seen"
else fail lint/niced "serve nice $mine, its lint children:$(echo $seen | tr ' ' '\n' | sort -u | tr '\n' ' ')"; fi
wait_count "$SERR" "rbc: rebuilt" $((n + 1)) 20

# --- what is kept is never stale --------------------------------------------------
n=$(grep -c "rbc: rebuilt" "$SERR")
cp "$W/runbook.orig" "$F"                        # undone: the first summary is kept
wait_count "$SERR" "rbc: rebuilt" $((n + 1)) 20
sed -i 's/^id: .*/id: svc-00011/' "$F"           # broken: another runbook's id
wait_count "$SERR" "rbc: the build failed" 1 20 && pass broken/failed || fail broken/failed "$(tail -3 "$SERR")"
sed -i 's/^id: .*/id: svc-00010/; s/^title: .*/title: Warm edit fixed/' "$F"
wait_count "$SERR" "rbc: rebuilt" $((n + 2)) 20 && pass fixed/rebuilt || fail fixed/rebuilt "$(tail -3 "$SERR")"
sleep 0.3
"$RBC" build "$B" -o "$W/clean" --as-of $AS_OF -q
priv=$(ls -d "$STMP"/rbc-serve-*/site | head -1)
if diff -r "$priv" "$W/clean" > "$W/kept.diff"; then pass kept/same-as-clean-build; else
	fail kept/same-as-clean-build "$(head -c 400 "$W/kept.diff")"; fi
serve_stop
expect_eq stop/exit "$SRC" 0
