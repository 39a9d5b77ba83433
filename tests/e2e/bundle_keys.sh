#!/usr/bin/env bash
# tier: full
# bundle_keys.sh: the slow parts of `rbc bundle` (scrypt at minisign's
# strength takes 1 GiB and seconds per key; WeasyPrint and Chromium take
# longer). A password-protected key from the real `minisign -G` signs a
# kit with the password from RBC_KEY_PASSWORD and from --password-file,
# and `minisign -Vm` verifies it; a wrong password, or none without a
# terminal, fails loudly and leaves the old kit alone; on a terminal
# (script(1)) rbc prompts without echo. `rbc bundle keygen`
# with a password makes a key minisign itself can sign with. --pdf puts a
# reproducible handbook.pdf into the kit. The unpacked kit's site works
# from file:// in Chromium (the search test of site_browser.sh).
GROUP=bundle-keys
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch keys)
[ -n "$W" ] && cd "$W" || exit 1
export GIT_CEILING_DIRECTORIES="$W"
unset SOURCE_DATE_EPOCH RBC_KEY_PASSWORD
cp -r "$ROOT/runbooks" book
git -C book init -q && git -C book add -A
GIT_AUTHOR_DATE=2026-11-20T12:00:00Z GIT_COMMITTER_DATE=2026-11-20T12:00:00Z \
	git -C book -c user.name=t -c user.email=t@example.invalid commit -qm book
# no controlling terminal, so that no prompt can wait for input
NOTTY=(); command -v setsid >/dev/null && NOTTY=(setsid -w)

if command -v minisign >/dev/null; then
	# minisign -G reads the password twice from stdin when it is not a terminal
	printf 'correct horse\ncorrect horse\n' | minisign -G -p ms.pub -s ms.key > ms.log 2>&1 || fail minisign-keygen "$(cat ms.log)"
	chmod 600 ms.key
	expect_grep ms/encrypted ms.key "encrypted secret key"
	RBC_KEY_PASSWORD='correct horse' "${NOTTY[@]}" "$RBC" bundle book -o env.tar.gz --sign ms.key -q < /dev/null 2> env.err
	expect_eq env/exit "$?" 0
	if minisign -Vm env.tar.gz -p ms.pub > env.v 2>&1; then pass env/minisign-V; else fail env/minisign-V "$(cat env.v) $(cat env.err)"; fi
	printf 'correct horse\n' > pw.txt
	"${NOTTY[@]}" "$RBC" bundle book -o file.tar.gz --sign ms.key --password-file pw.txt -q < /dev/null 2> file.err
	expect_eq password-file/exit "$?" 0
	if minisign -Vm file.tar.gz -p ms.pub > file.v 2>&1; then pass password-file/minisign-V; else fail password-file/minisign-V "$(cat file.v)"; fi
	cp env.tar.gz before.tar.gz
	printf 'wrong horse\n' > bad.txt
	"${NOTTY[@]}" "$RBC" bundle book -o env.tar.gz --sign ms.key --password-file bad.txt -q < /dev/null 2> bad.err
	expect_eq wrong-password/exit "$?" 2
	expect_grep wrong-password/message bad.err "wrong password for this secret key"
	expect_eq wrong-password/kit-untouched "$(cmp env.tar.gz before.tar.gz && echo same)" same
	"${NOTTY[@]}" "$RBC" bundle book -o none.tar.gz --sign ms.key -q < /dev/null 2> none.err
	expect_eq no-password/exit "$?" 2
	expect_grep no-password/message none.err "needs a password and there is no terminal"
	expect_eq no-password/no-kit "$(ls none.tar.gz* 2>/dev/null)" ""

	# rbc's encrypted key, read by minisign itself (and by rbc)
	RBC_KEY_PASSWORD='battery staple' "${NOTTY[@]}" "$RBC" bundle keygen -o rk < /dev/null 2> rk.err
	expect_eq rbc-keygen/exit "$?" 0
	expect_grep rbc-keygen/encrypted rk.key "encrypted secret key"
	echo "a file" > f.txt
	if printf 'battery staple\n' | minisign -S -s rk.key -m f.txt > rk-sign.log 2>&1 && minisign -Vm f.txt -p rk.pub > rk-v.log 2>&1; then
		pass rbc-keygen/minisign-signs; else fail rbc-keygen/minisign-signs "$(cat rk-sign.log rk-v.log)"; fi
	RBC_KEY_PASSWORD='battery staple' "${NOTTY[@]}" "$RBC" bundle book -o rk.tar.gz --sign rk.key -q < /dev/null 2> rkb.err
	expect_eq rbc-keygen/bundle "$?" 0
	if minisign -Vm rk.tar.gz -p rk.pub > rkb.v 2>&1; then pass rbc-keygen/minisign-V; else fail rbc-keygen/minisign-V "$(cat rkb.v)"; fi
	# the prompt on a terminal (script(1) gives rbc one): twice for keygen, once to sign
	if command -v script >/dev/null; then
		printf 'tty horse\ntty horse\n' | timeout 120 script -qec "'$RBC' bundle keygen -o tk" /dev/null > tk.log 2>&1
		expect_grep tty/keygen-prompt tk.log "The same password again:"
		expect_grep tty/keygen-encrypted tk.key "encrypted secret key"
		printf 'tty horse\n' | timeout 120 script -qec "'$RBC' bundle '$W/book' -o '$W/tty.tar.gz' --sign tk.key -q" /dev/null > tks.log 2>&1
		if minisign -Vm tty.tar.gz -p tk.pub > tk.v 2>&1; then pass tty/minisign-V; else fail tty/minisign-V "$(cat -v tks.log tk.v | head -c 400)"; fi
	else
		skip tty "script(1) is not installed: the terminal prompt is not tested"
	fi
else
	skip minisign "minisign is not installed (.ci/run installs it)"
fi

# --pdf: handbook.pdf in the kit, listed in SHA256SUMS, the same bytes twice
if command -v weasyprint >/dev/null; then
	mkdir -p p1 p2
	(cd p1 && "$RBC" bundle ../book -o k.tar.gz --pdf -q) 2> p1.err; expect_eq pdf/exit "$?" 0
	(cd p2 && TZ=America/Sao_Paulo "$RBC" bundle "$W/book" -o k.tar.gz --pdf -q) 2> p2.err
	expect_eq pdf/in-kit "$(tar tzf p1/k.tar.gz | grep -c '^dr-kit/handbook.pdf$')" 1
	expect_eq pdf/in-sums "$(tar xzf p1/k.tar.gz -O dr-kit/SHA256SUMS | grep -c '  handbook.pdf$')" 1
	expect_eq pdf/reproducible "$(cmp p1/k.tar.gz p2/k.tar.gz && echo same)" same
else
	skip pdf "weasyprint is not installed (.ci/run installs it)"
fi

# The unpacked kit works from file:// (search finds a scenario by its symptom)
"$RBC" bundle book -o site.tar.gz -q 2>/dev/null
mkdir -p x && tar xzf site.tar.gz -C x
if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null; then
	skip browser "chromium is not installed (.ci/run installs it)"
	exit 0
fi
timeout 300 python3 "$ROOT/tests/site/cdp.py" search "$W/x/dr-kit" OrdersWriteErrors "Primary database down" > cdp.out 2> cdp.err
rc=$?
if [ $rc -eq 2 ]; then skip browser "chromium did not start: $(tail -1 cdp.err)"
elif [ $rc -ne 0 ] || ! grep -q '^PASS' cdp.out; then fail browser "driver exit $rc: $(tail -c 400 cdp.err)"
fi
sed -n "s|^PASS |PASS $GROUP/kit-|p; s|^FAIL |FAIL $GROUP/kit-|p" cdp.out >> "$RESULTS"
