#!/bin/bash
# serve_live.sh: `rbc serve` end to end (doc/serve.md), quick tier. A
# server on a free port serves the book's pages with the right content
# types and Cache-Control: no-store, the live script only in served pages;
# an edit sends an SSE reload naming the page and the page holds the new
# text; a broken book sends the overlay's diagnostics while the last good
# page stays served, and fixing it clears them; editor swap files and
# unchanged saves rebuild nothing; an atomic-rename save is seen; a deleted
# runbook's page goes 404; SIGTERM exits 0 and removes the private folder,
# keeping only a file rbc did not write. A finding of the book's own Lua
# rule (which `rbc build` does not run, `rbc lint` does) reaches the
# overlay and the terminal once, and goes when fixed. A book that never
# built gets a placeholder until it does; --poll sees changes; --open runs
# xdg-open with the URL; SIGINT stops it cleanly, even as a script's
# background job. -q prints the URL on stdout and, on stderr, only
# diagnostics and errors.
GROUP=serve-live
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
source "${ROOT:?run it through tests/run.sh (make test)}/tests/serve/lib.sh" || exit 2
serve_need_curl
W=$(scratch live)
cp -r "$ROOT/runbooks" "$W/book"
B="$W/book"
mkdir -p "$B/lua"
cat > "$B/lua/no-todo.lua" <<'LUA'
return { id = "no-todo", summary = "a title says no TODO", severity = "error",
  runbook = function(rb) if rb.title and rb.title:find("TODO") then rbc.report(rb, "title still says TODO: %s", rb.title) end end }
LUA

serve_start live "$B" --as-of 2026-11-22 || exit 0

# --- pages, types, headers -------------------------------------------------
expect_eq page/index "$(get /)" "200 text/html; charset=utf-8"
expect_grep page/no-store "$W/headers" "Cache-Control: no-store"
expect_grep page/nosniff "$W/headers" "X-Content-Type-Options: nosniff"
if grep -qi '^access-control-' "$W/headers"; then fail page/no-cors "$(grep -i '^access-control-' "$W/headers")"; else pass page/no-cors; fi
expect_grep page/live-script "$W/body" '<script src="/_rbc/live.js" defer></script>'
expect_eq page/runbook "$(get /orders-db.html)" "200 text/html; charset=utf-8"
expect_grep page/runbook-text "$W/body" "Primary database down"
expect_eq type/css "$(get /assets/site.css)" "200 text/css; charset=utf-8"
expect_eq type/js "$(get /assets/site.js)" "200 text/javascript; charset=utf-8"
expect_eq type/json "$(get /model.json)" "200 application/json"
expect_eq type/step-script "$(get /scripts/orders-db/scenario-primary-database-down.sh)" "200 text/plain; charset=utf-8"
expect_eq type/live-js "$(get /_rbc/live.js)" "200 text/javascript; charset=utf-8"
expect_grep type/live-js-body "$W/body" "EventSource('/_rbc/events')"
expect_eq head/status "$(get /index.html -I)" "200 text/html; charset=utf-8"
expect_eq missing/status "$(get /no-such-page.html)" "404 text/html; charset=utf-8"
expect_grep missing/site-404-page "$W/body" "_rbc/live.js"
expect_eq manifest/hidden "$(get /.rbc-manifest | cut -d' ' -f1)" 404

# the build's own output never carries the live script
"$RBC" build "$B" -o "$W/built" --as-of 2026-11-22 -q
if grep -rlq "_rbc" "$W/built"; then fail build/no-live-script "$(grep -rl _rbc "$W/built" | head -3)"; else pass build/no-live-script; fi
# and a served page is that file plus the one script tag
get /orders-db.html >/dev/null
sed 's|<script src="/_rbc/live.js" defer></script>||' "$W/body" > "$W/unlive.html"
expect_same page/same-as-build "$W/unlive.html" "$W/built/orders-db.html"

# --- an edit reloads the page it changed --------------------------------------
sse_listen "$W/ev1"
n0=$(grep -c 'rbc: rebuilt' "$SERR")
sed -i 's/^title: .*/title: Orders DB Live Edit/' "$B/orders-db.md"
if wait_grep "$W/ev1" "event: reload" 5; then pass edit/sse-reload; else fail edit/sse-reload "no reload event: $(cat "$W/ev1")"; fi
expect_grep edit/names-page "$W/ev1" '"orders-db.html"'
expect_no_grep edit/not-other-page "$W/ev1" '"backup-drill.html"'
get /orders-db.html >/dev/null
expect_grep edit/new-text "$W/body" "Orders DB Live Edit"
expect_grep edit/timing-line "$SERR" "rbc: rebuilt in "
sleep 0.3
expect_eq edit/one-rebuild "$(( $(grep -c 'rbc: rebuilt' "$SERR") - n0 ))" 1

# --- swap files, backups and unchanged saves rebuild nothing ------------------
n0=$(grep -c 'rbc: rebuilt' "$SERR")
echo x > "$B/.orders-db.md.swp"; echo x > "$B/orders-db.md~"; echo x > "$B/4913"; echo x > "$B/.#orders-db.md"
rm -f "$B/4913"
cp "$B/orders-db.md" "$W/same.md"; cp "$W/same.md" "$B/orders-db.md"     # same bytes, new mtime
touch "$B/backup-drill.md"
sleep 0.6
expect_eq quiet/no-rebuild "$(( $(grep -c 'rbc: rebuilt' "$SERR") - n0 ))" 0
rm -f "$B/.orders-db.md.swp" "$B/orders-db.md~" "$B/.#orders-db.md"

# --- atomic rename save ----------------------------------------------------------
sse_listen "$W/ev2"
sed 's/^title: .*/title: Backup Drill Renamed Save/' "$B/backup-drill.md" > "$B/.backup-drill.md.tmp"
mv "$B/.backup-drill.md.tmp" "$B/backup-drill.md"
if wait_grep "$W/ev2" '"backup-drill.html"' 5; then pass rename/seen; else fail rename/seen "$(cat "$W/ev2")"; fi
get /backup-drill.html >/dev/null
expect_grep rename/new-text "$W/body" "Backup Drill Renamed Save"

# --- a broken book: overlay data, the last good page stays ------------------------
sse_listen "$W/ev3"
cp "$B/orders-db.md" "$W/orders-db.good"
sed -i 's/^title: .*/title: Orders DB Broken Edit/' "$B/orders-db.md"
printf '\nSee [the notes](no-such-notes.md).\n' >> "$B/orders-db.md"
if wait_grep "$W/ev3" '"ok":false' 5; then pass broken/overlay-event; else fail broken/overlay-event "$(cat "$W/ev3")"; fi
expect_grep broken/overlay-rule "$W/ev3" '"rule":"link-broken"'
expect_grep broken/overlay-file "$W/ev3" 'orders-db.md","line":'
line=$(grep -n 'no-such-notes' "$B/orders-db.md" | cut -d: -f1)
expect_grep broken/overlay-line "$W/ev3" "\"line\":$line,"
expect_grep broken/terminal-diag "$SERR" "orders-db.md:$line:"
expect_eq broken/terminal-diag-once "$(grep -c "orders-db.md:$line:.*link-broken" "$SERR")" 1
expect_grep broken/terminal-line "$SERR" "still serving the last good site"
get /orders-db.html >/dev/null
expect_grep broken/old-page-served "$W/body" "Orders DB Live Edit"
expect_no_grep broken/not-new-text "$W/body" "Orders DB Broken Edit"
# a page opened now gets the overlay's state first
timeout 0.5 curl -s -N "http://127.0.0.1:$PORT/_rbc/events" > "$W/ev-late"
expect_grep broken/state-for-new-page "$W/ev-late" '"ok":false'
sse_listen "$W/ev4"
cp "$W/orders-db.good" "$B/orders-db.md"
if wait_grep "$W/ev4" '"ok":true' 5; then pass fixed/overlay-gone; else fail fixed/overlay-gone "$(cat "$W/ev4")"; fi
timeout 0.5 curl -s -N "http://127.0.0.1:$PORT/_rbc/events" > "$W/ev-late2"
expect_no_grep fixed/state-clean "$W/ev-late2" '"ok":false'

# --- a finding of the book's Lua rule: overlay and terminal, gone when fixed -------
sse_listen "$W/ev-lint"
cp "$B/orders-db.md" "$W/orders-db.good"
sed -i 's/^title: .*/title: Orders DB TODO/' "$B/orders-db.md"
if wait_grep "$W/ev-lint" '"rule":"no-todo"' 8; then pass lint/overlay-rule; else fail lint/overlay-rule "$(cat "$W/ev-lint")"; fi
expect_grep lint/overlay-item "$W/ev-lint" '{"file":"'"$B"'/orders-db.md","line":1,"col":1,"level":"error","message":"title still says TODO: Orders DB TODO","rule":"no-todo"}'
expect_grep lint/overlay-counts "$W/ev-lint" '"ok":true,"errors":1,'
wait_grep "$SERR" "[no-todo]" 3
expect_eq lint/terminal-once "$(grep -c "orders-db.md:1:1: error: title still says TODO: Orders DB TODO \[no-todo\]" "$SERR")" 1
get /orders-db.html >/dev/null
expect_grep lint/page-still-built "$W/body" "Orders DB TODO"
timeout 0.5 curl -s -N "http://127.0.0.1:$PORT/_rbc/events" > "$W/ev-lint-late"
expect_grep lint/state-for-new-page "$W/ev-lint-late" '"rule":"no-todo"'
sse_listen "$W/ev-lint2"
cp "$W/orders-db.good" "$B/orders-db.md"
gone=""                     # the latest state no longer names the rule
for _ in $(seq 160); do
	last=$(grep '^data: {"ok"' "$W/ev-lint2" | tail -1)
	[ -n "$last" ] && [[ $last != *no-todo* ]] && { gone=1; break; }
	sleep 0.05
done
[ -n "$gone" ] && pass lint/overlay-gone || fail lint/overlay-gone "$(cat "$W/ev-lint2")"
timeout 0.5 curl -s -N "http://127.0.0.1:$PORT/_rbc/events" > "$W/ev-lint-late2"
expect_no_grep lint/state-clean "$W/ev-lint-late2" 'no-todo'

# --- a deleted runbook's page goes 404, the index follows -------------------------
sse_listen "$W/ev5"
rm "$B/session-cache.md"
if wait_grep "$W/ev5" '"session-cache.html"' 5; then pass delete/event; else fail delete/event "$(cat "$W/ev5")"; fi
expect_eq delete/404 "$(get /session-cache.html | cut -d' ' -f1)" 404
get /index.html >/dev/null
expect_no_grep delete/index-updated "$W/body" 'session-cache.html'

# --- SIGTERM: exit 0, the private folder goes, a stranger's file stays ------------
priv=$(ls -d "$STMP"/rbc-serve-* 2>/dev/null | head -1)
[ -d "$priv/site" ] && pass stop/private-folder-used || fail stop/private-folder-used "no $STMP/rbc-serve-*/site"
echo mine > "$priv/site/mine.txt"
serve_stop
expect_eq stop/exit "$SRC" 0
expect_grep stop/message "$SERR" "rbc: stopped"
left=$(cd "$STMP" && find . -mindepth 1 | sort | tr '\n' ' ')
expect_eq stop/only-strangers-file-left "$left" "./$(basename "$priv") ./$(basename "$priv")/site ./$(basename "$priv")/site/mine.txt "
expect_grep stop/says-left "$SERR" "holds files rbc did not write"

# --- a book that never built yet, --poll, --open, SIGINT ------------------------------
printf '\nSee [x](no-such-notes.md).\n' >> "$B/web-deploy.md"
mkdir -p "$W/bin"
printf '#!/bin/sh\necho "$@" > "%s/opened"\n' "$W" > "$W/bin/xdg-open"
chmod +x "$W/bin/xdg-open"
# started directly as a background job (SIGINT ignored by the shell), so
# that the SIGINT below reaches rbc itself; serve_stop still kills a hang
PATH="$W/bin:$PATH" SERVE_WRAP="" serve_start first "$B" --poll 100ms --open --as-of 2026-11-22 || exit 0
expect_grep poll/says "$SERR" "polling"
expect_grep first/says-failed "$SERR" "nothing to serve yet"
expect_eq first/placeholder "$(get /index.html)" "503 text/html; charset=utf-8"
expect_grep first/placeholder-live "$W/body" "_rbc/live.js"
wait_grep "$W/opened" "http://127.0.0.1:$PORT/" 3
expect_grep open/url "$W/opened" "http://127.0.0.1:$PORT/"
sse_listen "$W/ev7"
expect_grep first/state-broken "$W/ev7" '"ok":false'
sed -i '/no-such-notes/d' "$B/web-deploy.md"
if wait_grep "$W/ev7" '"index.html"' 5; then pass poll/reload-when-built; else fail poll/reload-when-built "$(cat "$W/ev7")"; fi
expect_eq first/site "$(get /index.html)" "200 text/html; charset=utf-8"
sse_listen "$W/ev8"
sed -i 's/^title: .*/title: Polled Edit/' "$B/web-deploy.md"
if wait_grep "$W/ev8" '"web-deploy.html"' 5; then pass poll/edit-seen; else fail poll/edit-seen "$(cat "$W/ev8")"; fi
kill -INT "$SPID"
if wait_grep "$SERR" "rbc: stopped" 3; then pass sigint/stops; else fail sigint/stops "$(tail -2 "$SERR")"; fi
serve_stop
expect_eq sigint/exit "$SRC" 0
expect_eq sigint/private-gone "$(ls -A "$STMP")" ""

# --- -q: the URL on stdout; on stderr only diagnostics and errors ---------------------
python3 "$ROOT/tests/bench/gen.py" "$W/qbook" 3 > /dev/null
serve_start quiet "$W/qbook" -q --as-of 2026-11-22 || exit 0
expect_eq quiet/url-on-stdout "$(cat "$SOUT")" "http://127.0.0.1:$PORT/"
expect_eq quiet/page "$(get /index.html)" "200 text/html; charset=utf-8"
q=$(ls "$W/qbook/runbooks/"*.md | head -1)
sse_listen "$W/ev-q"
sed -i 's/^title: .*/title: Quiet edit/' "$q"
wait_grep "$W/ev-q" "event: reload" 5 && pass quiet/rebuilds || fail quiet/rebuilds "$(cat "$W/ev-q")"
printf '\nSee [x](no-such-notes.md).\n' >> "$q"
wait_grep "$SERR" "link-broken" 5 && pass quiet/diagnostics-printed || fail quiet/diagnostics-printed "$(cat "$SERR")"
wait_grep "$SERR" "the build failed" 3 && pass quiet/failure-printed || fail quiet/failure-printed "$(cat "$SERR")"
serve_stop
expect_eq quiet/exit "$SRC" 0
expect_eq quiet/stderr-only-diagnostics "$(grep -v ': error: \|: warning: \|: note: \|rbc: the build failed' "$SERR")" ""
