#!/bin/bash
# serve_security.sh: `rbc serve` refuses what a preview server must
# (doc/serve.md, "Safe by default"): path traversal in a dozen spellings
# (plain, percent-encoded, mixed case, double-encoded, backslashes, NUL)
# and symbolic links out of the served folder never return a file outside
# it; a Host header naming another site is refused (DNS rebinding);
# methods other than GET and HEAD get 405; no CORS header is ever sent;
# 250 event streams held open at once leave pages served (streams past
# the cap get 503, and a closed one gives its slot back); --bind to a
# non-loopback address warns; a bad --bind, a bad --port and a busy port
# are refused with exit 2 before anything is built.
GROUP=serve-security
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
source "${ROOT:?run it through tests/run.sh (make test)}/tests/serve/lib.sh" || exit 2
serve_need_curl
W=$(scratch security)
python3 "$ROOT/tests/bench/gen.py" "$W/book" 3 > /dev/null
echo "TOP-SECRET-$$" > "$W/secret.txt"

serve_start sec "$W/book" || exit 0
priv=$(ls -d "$STMP"/rbc-serve-*/site | head -1)
ln -s "$W/secret.txt" "$priv/leak.txt"
ln -s "$W" "$priv/up"
# the secret is two folders above the served one: $W/sec.tmp/rbc-serve-X/site
up=../../..
i=0
for path in "/$up/secret.txt" "/assets/$up/../secret.txt" "/%2e%2e/%2e%2e/%2e%2e/secret.txt" \
	"/%2E%2E/%2E%2E/%2E%2E/secret.txt" "/..%2f..%2f..%2fsecret.txt" "/%2e%2e%2f%2e%2e%2f%2e%2e%2fsecret.txt" \
	"/.%2e/.%2e/.%2e/secret.txt" '/..\..\..\secret.txt' "/%5c..%5c..%5c..%5csecret.txt" \
	"/..%5c..%5c..%5csecret.txt" "/%2e%2e/%2e%2e/%2e%2e/secret.txt%00.html" "/./../../../secret.txt" \
	"/leak.txt" "/up/secret.txt" "/%6c%65%61%6b.txt"; do
	i=$((i + 1))
	got=$(get "$path" | cut -d' ' -f1)
	if [ "$got" = 403 ] && ! grep -q "TOP-SECRET" "$W/body"; then pass "traversal/$i"; else
		fail "traversal/$i" "$path: status $got, body $(head -c 100 "$W/body")"; fi
done
[ "$i" -ge 12 ] && pass traversal/dozen || fail traversal/dozen "only $i spellings"
# double encoding decodes once only: a file named %2e%2e does not exist
expect_eq traversal/double-encoded "$(get "/%252e%252e/%252e%252e/secret.txt" | cut -d' ' -f1)" 404

expect_eq host/evil "$(get /index.html -H 'Host: evil.example' | cut -d' ' -f1)" 403
expect_grep host/says "$W/body" "DNS rebinding"
expect_eq host/evil-with-port "$(get /index.html -H "Host: evil.example:$PORT" | cut -d' ' -f1)" 403
expect_eq host/wrong-port "$(get /index.html -H "Host: 127.0.0.1:1" | cut -d' ' -f1)" 403
expect_eq host/localhost "$(get /index.html -H "Host: localhost:$PORT" | cut -d' ' -f1)" 200
expect_eq host/events-too "$(get /_rbc/events -H 'Host: evil.example' --max-time 2 | cut -d' ' -f1)" 403

for m in POST PUT DELETE PATCH OPTIONS; do
	expect_eq "method/$m" "$(get /index.html -X "$m" -d x | cut -d' ' -f1)" 405
	expect_grep "method/$m-allow" "$W/headers" "Allow: GET, HEAD"
	if grep -qi '^access-control-' "$W/headers"; then fail "cors/$m" "$(grep -i '^access-control' "$W/headers")"; else pass "cors/$m"; fi
done
get /index.html -H 'Origin: http://evil.example' > /dev/null
if grep -qi '^access-control-' "$W/headers"; then fail cors/get "$(grep -i '^access-control' "$W/headers")"; else pass cors/get; fi
rm -f "$priv/leak.txt" "$priv/up"

# --- 250 event streams at once: pages are still served ------------------------------
flood=()
for _ in $(seq 250); do flood+=(-o /dev/null "http://127.0.0.1:$PORT/_rbc/events"); done
timeout 30 curl -s --no-progress-meter -N -Z --parallel-immediate --parallel-max 300 -w '%{stderr}%{http_code}\n' "${flood[@]}" 2> "$W/flood" &
fpid=$!
# 64 streams stay open (they print nothing until they end); the rest are refused at once
if wait_count "$W/flood" 503 186 15; then pass flood/streams-past-cap-refused; else
	fail flood/streams-past-cap-refused "$(sort "$W/flood" | uniq -c | tr '\n' ' ')"; fi
expect_eq flood/only-503 "$(grep -vc '^503$' "$W/flood")" 0
expect_eq flood/page-still-served "$(get /index.html)" "200 text/html; charset=utf-8"
expect_grep flood/page-body "$W/body" "</html>"
expect_eq flood/another-stream-503 "$(get /_rbc/events --max-time 3 | cut -d' ' -f1)" 503
expect_grep flood/503-says-why "$W/body" "pages are listening for live reload already"
kill "$fpid" 2>/dev/null; wait "$fpid" 2>/dev/null
# the closed streams give their slots back within a few seconds
ok=""
for _ in $(seq 50); do
	code=$(curl -s -o /dev/null --max-time 1 -w '%{http_code}' "http://127.0.0.1:$PORT/_rbc/events")
	[ "$code" = 200 ] && { ok=1; break; }
	sleep 0.1
done
[ -n "$ok" ] && pass flood/slots-come-back || fail flood/slots-come-back "still $code after 5 s"
serve_stop
expect_eq stop/exit "$SRC" 0

# binding beyond this machine warns; a bad address is refused
serve_start wide "$W/book" --bind 0.0.0.0 || exit 0
expect_grep bind/warns "$SERR" "other machines can read the book"
serve_stop
# refused before any build: a broken book would print diagnostics, and a
# build would write its cache; neither happens
cp -r "$W/book" "$W/broken"
printf '\nSee [x](no-such-notes.md).\n' >> "$(ls "$W/broken/runbooks/"*.md | head -1)"
# refused NAME EXIT MESSAGE ARGS...: serve the broken book with ARGS; it exits
# EXIT at once with MESSAGE, no other line, nothing built, no folder left
refused() {
	local name=$1 want=$2 msg=$3; shift 3
	mkdir -p "$W/$name.tmp"
	XDG_CACHE_HOME="$W/$name.cache" TMPDIR="$W/$name.tmp" timeout -s KILL 10 "$RBC" serve "$W/broken" "$@" \
		> "$W/$name.out" 2> "$W/$name.err" < /dev/null
	expect_eq "$name/exit" "$?" "$want"
	expect_grep "$name/message" "$W/$name.err" "$msg"
	expect_eq "$name/nothing-else" "$(grep -v -- "$msg" "$W/$name.err" | grep -v "^Try 'rbc" )" ""
	expect_eq "$name/nothing-built" "$(ls -A "$W/$name.cache" 2>/dev/null)" ""
	expect_eq "$name/nothing-left" "$(ls -A "$W/$name.tmp")" ""
}
refused bind/bad 2 "--bind takes an IPv4 or IPv6 address" --bind not-an-address --port 0
refused port/bad 2 "--port takes a port number from 0 to 65535" --port 70000
serve_start busy "$W/book" || exit 0
refused port/busy 2 "cannot listen on 127.0.0.1 port $PORT (Address already in use)" --port "$PORT"
serve_stop
