#!/bin/bash
# serve_security.sh: `rbc serve` refuses what a preview server must
# (doc/serve.md, "Safe by default"): path traversal in a dozen spellings
# (plain, percent-encoded, mixed case, double-encoded, backslashes, NUL)
# and symbolic links out of the served folder never return a file outside
# it; a Host header naming another site is refused (DNS rebinding);
# methods other than GET and HEAD get 405; no CORS header is ever sent;
# --bind to a non-loopback address warns; a bad --bind is a usage error.
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
serve_stop
expect_eq stop/exit "$SRC" 0

# binding beyond this machine warns; a bad address is refused
serve_start wide "$W/book" --bind 0.0.0.0 || exit 0
expect_grep bind/warns "$SERR" "other machines can read the book"
serve_stop
mkdir -p "$W/bad.tmp"
TMPDIR="$W/bad.tmp" "$RBC" serve "$W/book" --bind not-an-address --port 0 > /dev/null 2> "$W/bad.err" < /dev/null &
bp=$!
for _ in $(seq 100); do kill -0 $bp 2>/dev/null || break; sleep 0.05; done
kill -KILL $bp 2>/dev/null
wait $bp
expect_eq bind/bad-exit "$?" 2
expect_grep bind/bad-message "$W/bad.err" "--bind takes an IPv4 or IPv6 address"
expect_eq bind/bad-nothing-left "$(ls -A "$W/bad.tmp")" ""
