# tests/serve/lib.sh: helpers for the `rbc serve` end-to-end scripts,
# sourced after tests/lib.sh. Every wait has a time limit, so a test can
# fail but never hang; every server is started under `timeout` as well.

# serve_need_curl: skip the script (exit 0 after a SKIP) when curl cannot run
serve_need_curl() {
	curl --version >/dev/null 2>&1 && return 0
	skip curl "curl does not run here (apt-get install curl)"
	exit 0
}

# serve_start NAME BOOK ARGS...: start `rbc serve BOOK --port 0 ARGS` with
# its private folder under $W/NAME.tmp; sets SPID, PORT, SERR (its stderr),
# SOUT (its stdout, where -q prints the URL) and STMP. Returns 1 (after a
# FAIL) when it does not start within 10 s ($SERVE_WAIT seconds when set). $SERVE_WRAP, when set, is the command that
# runs rbc instead of `timeout` (valgrind, unshare; "" runs it directly, as
# a script's background job, so that SIGINT reaches rbc itself).
serve_start() {
	local name=$1 book=$2; shift 2
	STMP="$W/$name.tmp"; SERR="$W/$name.err"; SOUT="$W/$name.out"
	rm -rf "$STMP"; mkdir -p "$STMP"; : > "$SERR"
	XDG_CACHE_HOME="$W/cache" TMPDIR="$STMP" ${SERVE_WRAP-timeout --preserve-status -s KILL 600} "$RBC" serve "$book" --port 0 "$@" \
		> "$SOUT" 2> "$SERR" &
	SPID=$!
	PORT=""
	for _ in $(seq $(( ${SERVE_WAIT:-10} * 10 ))); do
		PORT=$(sed -n 's|.*serving .* at http://[^:]*:\([0-9]*\)/.*|\1|p' "$SERR" | head -1)
		[ -n "$PORT" ] || PORT=$(sed -n 's|^http://[^:]*:\([0-9]*\)/$|\1|p' "$SOUT" | head -1)
		[ -n "$PORT" ] && return 0
		kill -0 "$SPID" 2>/dev/null || break
		sleep 0.1
	done
	fail "$name/start" "serve did not start: $(head -c 400 "$SERR")"
	return 1
}

# wait_grep FILE PATTERN [SECONDS]: wait until a fixed string shows in FILE
wait_grep() {
	local i n=$(( ${3:-5} * 20 ))
	for ((i = 0; i < n; i++)); do
		grep -qF -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.05
	done
	return 1
}

# wait_count FILE PATTERN N [SECONDS]: wait until PATTERN shows N times
wait_count() {
	local i n=$(( ${4:-5} * 20 ))
	for ((i = 0; i < n; i++)); do
		[ "$(grep -cF -- "$2" "$1" 2>/dev/null)" -ge "$3" ] && return 0
		sleep 0.05
	done
	return 1
}

# sse_listen FILE [SECONDS]: read /_rbc/events into FILE in the background;
# returns once the stream is open (its "retry:" line arrived)
sse_listen() {
	: > "$1"
	timeout "${2:-8}" curl -s -N "http://127.0.0.1:$PORT/_rbc/events" > "$1" 2>/dev/null &
	wait_grep "$1" "retry:" 3
}

# get PATH [CURL ARGS...]: fetch a path; prints "STATUS TYPE", body in $W/body
get() {
	local p=$1; shift
	curl -s --path-as-is --max-time 5 -o "$W/body" -D "$W/headers" -w '%{http_code} %{content_type}' "$@" \
		"http://127.0.0.1:$PORT$p"
}

# serve_stop: SIGTERM the server; sets SRC to its exit status (124+ on a hang)
serve_stop() {
	kill -TERM "$SPID" 2>/dev/null
	local i
	for ((i = 0; i < ${SERVE_WAIT:-5} * 20; i++)); do kill -0 "$SPID" 2>/dev/null || break; sleep 0.05; done
	kill -0 "$SPID" 2>/dev/null && kill -KILL "$SPID" 2>/dev/null
	wait "$SPID"
	SRC=$?
}
