#!/bin/bash
# tier: full
# serve_full.sh: the slow `rbc serve` checks (doc/serve.md). 100 saves in
# 2 s give at most a few rebuilds and a site byte-identical to a clean
# build; with a tiny fs.inotify.max_user_watches (in a user namespace)
# serve says so and polls, at start and when a new folder finds no watch
# left, and still sees changes; in Chromium the page reloads at the same
# scroll position, other pages stay, the overlay comes and goes and search
# works, also under a Content-Security-Policy allowing 'self'; valgrind finds no leak or error over rebuilds and a clean stop.
GROUP=serve-full
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
source "${ROOT:?run it through tests/run.sh (make test)}/tests/serve/lib.sh" || exit 2
serve_need_curl
W=$(scratch full)
AS_OF=2026-11-22

# --- a burst of saves --------------------------------------------------------------
cp -r "$ROOT/runbooks" "$W/book"
B="$W/book"
serve_start burst "$B" --as-of $AS_OF || exit 0
n0=$(grep -c 'rbc: rebuilt' "$SERR")
took=$(python3 - "$B/orders-db.md" <<'PY'
import re, sys, time
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
t0 = time.monotonic()
for i in range(1, 101):
    with open(path, "w", encoding="utf-8") as f:
        f.write(re.sub(r"^title: .*$", f"title: Burst save {i}", text, count=1, flags=re.M))
    time.sleep(max(0, t0 + i * 0.02 - time.monotonic()))
print(int((time.monotonic() - t0) * 1000))
PY
)
[ "$took" -le 4000 ] && pass burst/in-2s || fail burst/in-2s "100 saves took $took ms"
ok=""
for _ in $(seq 200); do
	get /orders-db.html > /dev/null
	grep -q "Burst save 100" "$W/body" && { ok=1; break; }
	sleep 0.1
done
[ -n "$ok" ] && pass burst/last-save-served || fail burst/last-save-served "the page never showed the last save"
sleep 1
rebuilds=$(( $(grep -c 'rbc: rebuilt' "$SERR") - n0 ))
[ "$rebuilds" -ge 1 ] && [ "$rebuilds" -le 5 ] && pass burst/few-rebuilds || fail burst/few-rebuilds "$rebuilds rebuilds"
"$RBC" build "$B" -o "$W/clean" --as-of $AS_OF -q
priv=$(ls -d "$STMP"/rbc-serve-*/site | head -1)
if diff -r "$priv" "$W/clean" > "$W/burst.diff"; then pass burst/same-as-clean-build; else
	fail burst/same-as-clean-build "$(head -c 400 "$W/burst.diff")"; fi
serve_stop
expect_eq burst/exit "$SRC" 0

# --- tiny inotify limits ------------------------------------------------------------
python3 "$ROOT/tests/bench/gen.py" "$W/small" 3 > /dev/null
mkdir -p "$W/small/notes/deep" "$W/small/more"
printf 'echo "$1" > /proc/sys/user/max_inotify_watches && shift && exec "$@"\n' > "$W/limit.sh"
if ! unshare -Ur sh "$W/limit.sh" 2 true 2>/dev/null; then
	skip watches "cannot set max_inotify_watches in a user namespace here (unshare -Ur)"
else
	SERVE_WRAP="timeout --preserve-status -s KILL 600 unshare -Ur sh $W/limit.sh 2" serve_start few "$W/small" || exit 0
	expect_grep watches/start-says "$SERR" "inotify is out of watches"
	expect_grep watches/start-polls "$SERR" "polling"
	sse_listen "$W/ev-few" 10
	f=$(ls "$W/small/runbooks/"*.md | head -1)
	sed -i 's/^title: .*/title: Seen while polling/' "$f"
	if wait_grep "$W/ev-few" "event: reload" 8; then pass watches/start-change-seen; else fail watches/start-change-seen "$(cat "$W/ev-few")"; fi
	serve_stop
	expect_eq watches/start-exit "$SRC" 0
	# exactly enough watches for the book's folders: a new folder runs out
	dirs=$(find "$W/small" -type d ! -path '*/.*' | wc -l)
	SERVE_WRAP="timeout --preserve-status -s KILL 600 unshare -Ur sh $W/limit.sh $dirs" serve_start later "$W/small" || exit 0
	expect_no_grep watches/enough-at-start "$SERR" "polling"
	mkdir "$W/small/new-folder"
	if wait_grep "$SERR" "inotify is out of watches" 5; then pass watches/new-folder-says; else fail watches/new-folder-says "$(cat "$SERR")"; fi
	sse_listen "$W/ev-later" 10
	sed -i 's/^title: .*/title: Seen after running out/' "$f"
	if wait_grep "$W/ev-later" "event: reload" 8; then pass watches/later-change-seen; else fail watches/later-change-seen "$(cat "$W/ev-later")"; fi
	serve_stop
	expect_eq watches/later-exit "$SRC" 0
fi

# --- Chromium ---------------------------------------------------------------------------
if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null; then
	skip chromium "chromium is not installed (.ci/run installs it)"
else
	# cbrowse NAME BOOK [csp]: serve BOOK and run the driver on it
	cbrowse() {
		local name=$1 book=$2; shift 2
		serve_start "$name" "$book" --as-of $AS_OF || return
		timeout 300 python3 "$ROOT/tests/serve/live_browser.py" "http://127.0.0.1:$PORT/" "$book" "$@" \
			> "$W/$name.cdp" 2> "$W/$name.cdp.err"
		local rc=$?
		if [ $rc -eq 2 ]; then skip "$name" "chromium did not start: $(tail -1 "$W/$name.cdp.err")"
		elif [ $rc -ne 0 ] || ! grep -q '^PASS' "$W/$name.cdp"; then fail "$name/driver" "exit $rc: $(tail -c 400 "$W/$name.cdp.err")"; fi
		sed -n "s|^PASS |PASS $GROUP/$name/|p; s|^FAIL |FAIL $GROUP/$name/|p" "$W/$name.cdp" >> "$RESULTS"
		serve_stop
		expect_eq "$name/exit" "$SRC" 0
	}
	rm -rf "$W/cbook" && cp -r "$ROOT/runbooks" "$W/cbook"
	cbrowse chromium "$W/cbook"
	# a book whose pages carry a Content-Security-Policy that allows 'self'
	rm -rf "$W/cspbook" && cp -r "$ROOT/runbooks" "$W/cspbook" && mkdir -p "$W/cspbook/templates"
	sed "s|<meta charset=\"utf-8\">|&\\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'\">|" \
		"$ROOT/templates/layout.html" > "$W/cspbook/templates/layout.html"
	cbrowse chromium-csp "$W/cspbook" csp
fi

# --- valgrind over rebuilds ---------------------------------------------------------------
if ! command -v valgrind >/dev/null; then
	skip valgrind "valgrind is not installed (.ci/run installs it)"
elif [ -n "${RBC_SANITIZED:-}" ]; then
	skip valgrind "the sanitized binary cannot run under valgrind"
else
	python3 "$ROOT/tests/bench/gen.py" "$W/vbook" 3 > /dev/null
	SERVE_WAIT=120 SERVE_WRAP="timeout --preserve-status -s KILL 900 valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 --log-file=$W/vg.log" \
		serve_start vg "$W/vbook" --as-of $AS_OF || exit 0
	f=$(ls "$W/vbook/runbooks/"*.md | head -1)
	cp "$f" "$W/vgood.md"
	get / > /dev/null
	sed -i 's/^title: .*/title: Under valgrind/' "$f"
	wait_count "$SERR" "rbc: rebuilt" 1 60 && pass valgrind/rebuilt || fail valgrind/rebuilt "$(tail -3 "$SERR")"
	printf '\nSee [x](nowhere.md).\n' >> "$f"
	wait_grep "$SERR" "the build failed" 60 && pass valgrind/failed-build || fail valgrind/failed-build "$(tail -3 "$SERR")"
	cp "$W/vgood.md" "$f"
	wait_count "$SERR" "rbc: rebuilt" 2 60 && pass valgrind/fixed || fail valgrind/fixed "$(tail -3 "$SERR")"
	SERVE_WAIT=60 serve_stop
	if [ "$SRC" = 99 ]; then fail valgrind/clean "$(grep -m 5 '==' "$W/vg.log" | tr '\n' '|')"
	elif [ "$SRC" = 0 ]; then pass valgrind/clean; else fail valgrind/clean "exit $SRC: $(tail -3 "$SERR")"; fi
fi
