#!/bin/bash
# robust_outdir.sh: rbc never destroys what it did not write, and reads the
# book's own files only inside the book (doc/robustness.md, "The output
# folder and the book's own files"). OUT that is the book, holds it or lies
# in it; OUT/.rbc-manifest and the user's files in OUT; tampered manifests;
# lock files; symlinks out of the book and FIFOs among rbc.yaml,
# contacts.yaml, templates/, lua/ and --baseline; the lint cache; too-long
# paths; rbc.yaml's exclude:.
GROUP=robust-outdir
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch outdir)
cd "$W" || exit 1
export GIT_CEILING_DIRECTORIES="$W"
GEN="$ROOT/tests/bench/gen.py"

# book NAME: a small valid book (3 generated runbooks).
# (generated once and copied: gen.py is seeded, and a python per book cost
# more than the checks on it)
book() {
	rm -rf "$1"
	[ -d "$OUT/book3" ] || python3 "$GEN" "$OUT/book3" 3 >/dev/null
	cp -R "$OUT/book3" "$1"
}
# rbc ARGS...: run rbc with a time limit (a hang is exit 124)
rbc() { timeout 20 "$RBC" "$@" >"$OUT/last.out" 2>"$OUT/last.err"; echo $? > "$OUT/last.rc"; }
# files DIR: every file under DIR with its checksum, to show nothing changed
files() { (cd "$1" && find . -type f -exec cksum {} + | sort); }

# --- OUT is the book, contains it, or lies inside it -----------------------
book bk; files bk > bk.before
mkdir -p parent && book parent/pb && echo "mine" > parent/notes.txt
ln -s bk bk-link
for spelling in bk bk/ ./bk/../bk "$W/bk" bk-link; do
	rbc build bk -o "$spelling" -q
	expect_rc "out-is-book/exit[$spelling]" 2
	expect_grep "out-is-book/message[$spelling]" "$OUT/last.err" "is the book folder bk itself"
done
files bk > bk.after
expect_same out-is-book/book-untouched bk.after bk.before
rbc build parent/pb -o parent -q
expect_rc out-holds-book/exit 2
expect_grep out-holds-book/message "$OUT/last.err" "-o parent ($W/parent) contains the book folder parent/pb ($W/parent/pb)"
expect_eq out-holds-book/notes-kept "$(cat parent/notes.txt)" "mine"
[ -f parent/pb/rbc.yaml ] && pass out-holds-book/book-kept || fail out-holds-book/book-kept "the book is gone"
rbc build bk -o / -q
expect_rc out-is-root/exit 2
rbc build bk -o bk/site -q
expect_rc out-in-book/exit 2
expect_grep out-in-book/message "$OUT/last.err" "-o bk/site is inside the book folder bk; name a folder outside the book, or leave it out of the book in rbc.yaml: 'exclude: [\"site/\"]'"
[ ! -e bk/site ] && pass out-in-book/not-made || fail out-in-book/not-made "bk/site was written"
rbc scripts bk -o bk/runbooks -q
expect_rc scripts-in-book/exit 2
files bk > bk.after
expect_same out-in-book/book-untouched bk.after bk.before

# An OUT inside the book that rbc.yaml excludes is allowed, and not read.
book ex; printf 'exclude: ["site/", "runbooks/drafts/**", "*.wip.md"]\n' >> ex/rbc.yaml
mkdir -p ex/runbooks/drafts/deep
printf 'not a runbook\x00' > ex/runbooks/drafts/deep/x.md
printf 'not a runbook\x00' > ex/runbooks/half.wip.md
rbc dump ex -q
expect_rc exclude/read-clean 0
rbc build ex -o ex/site -q
expect_rc exclude/out-in-book 0
printf 'not a runbook\x00' > ex/site/stray.md
rbc build ex -o ex/site -q
expect_rc exclude/rebuild 0
expect_no_grep exclude/site-not-read "$OUT/last.err" "stray.md"
sed -i '/^exclude:/d' ex/rbc.yaml
rbc dump ex -q
expect_rc exclude/without-it 1
cat "$OUT/last.out" "$OUT/last.err" > both.txt
expect_grep exclude/without-it-message both.txt "ex/runbooks/drafts/deep/x.md"

# --- OUT/.rbc-manifest: only what rbc wrote goes --------------------------
mkdir notes && echo "todo" > notes/todo.txt
rbc build bk -o notes -q
expect_rc not-rbc/exit 2
expect_grep not-rbc/hint "$OUT/last.err" "add --force-clean to replace what it holds"
expect_eq not-rbc/kept "$(cat notes/todo.txt)" "todo"
rbc build bk -o notes -q --force-clean
expect_rc force-clean/exit 0
[ -f notes/.rbc-manifest ] && [ ! -e notes/todo.txt ] && pass force-clean/adopted ||
	fail force-clean/adopted "$(ls -a notes | tr '\n' ' ')"

mkdir empty
rbc build bk -o empty -q
expect_rc empty-out/exit 0
sed 's/^id: svc-00000$/id: extra/' bk/runbooks/svc-00000.md > bk/runbooks/extra.md
rbc build bk -o site -q
expect_rc new-out/exit 0
expect_grep manifest/lists-extra site/.rbc-manifest "extra"
expect_grep manifest/lists-pages site/.rbc-manifest "index.html"
# the user's files in OUT survive rebuilds: a PDF, a folder, an empty folder
echo "%PDF" > site/handbook.pdf
mkdir -p site/mine/empty && echo "x" > site/mine/x.txt
ln -s ../notes site/notes-link
rm bk/runbooks/extra.md
rbc build bk -o site -q
expect_rc keep/exit 0
expect_eq keep/pdf "$(cat site/handbook.pdf)" "%PDF"
expect_eq keep/nested "$(cat site/mine/x.txt)" "x"
[ -d site/mine/empty ] && pass keep/empty-folder || fail keep/empty-folder "gone"
[ -L site/notes-link ] && pass keep/symlink || fail keep/symlink "gone"
expect_eq keep/pdf-not-listed "$(grep -c 'handbook.pdf' site/.rbc-manifest)" 0
if grep -q extra site/.rbc-manifest || find site -name '*extra*' | grep -q .; then
	fail keep/old-pages-removed "pages of a removed runbook stayed"
else
	pass keep/old-pages-removed
fi
# a file rbc writes but did not write last time: refused, the user's file kept
sed -i '/^index\.html$/d' site/.rbc-manifest
echo "my index" > site/index.html
rbc build bk -o site -q
expect_rc keep/conflict-exit 2
expect_grep keep/conflict-message "$OUT/last.err" "site/index.html: error: cannot keep a file that rbc did not write"
expect_eq keep/conflict-kept "$(cat site/index.html)" "my index"

# OUT named through a symlink (a deploy link such as site -> /srv/www/site):
# the site goes into the folder it names and the user's link stays a link.
mkdir linked-real && ln -s linked-real linked
rbc build bk -o linked -q
expect_rc out-symlink/exit 0
rbc build bk -o linked/ -q
expect_rc out-symlink/rebuild-exit 0
[ -L linked ] && pass out-symlink/link-kept || fail out-symlink/link-kept "the symlink was replaced by a folder"
[ -f linked-real/index.html ] && pass out-symlink/written-there || fail out-symlink/written-there "no index.html in the folder the link names"
ln -s nowhere dangling
rbc build bk -o dangling -q
expect_rc out-symlink/dangling-exit 2
expect_grep out-symlink/dangling-message "$OUT/last.err" "dangling: error: cannot write output: the output folder is a symlink that leads nowhere"
[ -L dangling ] && pass out-symlink/dangling-kept || fail out-symlink/dangling-kept "the symlink was replaced"

# Tampered manifests: '..', absolute paths, entries through a symlink, a
# symlink for the manifest. Nothing outside OUT goes, ever.
mkdir victim && echo "precious" > victim/secret.txt
rbc build bk -o t1 -q
printf '../victim/secret.txt\n' >> t1/.rbc-manifest
rbc build bk -o t1 -q
expect_rc tamper/dotdot-exit 2
expect_grep tamper/dotdot-message "$OUT/last.err" "'../victim/secret.txt' is not a path inside the output folder"
printf '%s\n' "$W/victim/secret.txt" > t1/extra && sed -i '$d' t1/.rbc-manifest && cat t1/extra >> t1/.rbc-manifest
rbc build bk -o t1 -q
expect_rc tamper/absolute-exit 2
ln -s ../victim t1/through
printf 'through/secret.txt\nthrough\n' >> t1/.rbc-manifest
sed -i '/victim/d' t1/.rbc-manifest
rbc build bk -o t1 -q
expect_rc tamper/through-symlink-exit 0
expect_eq tamper/victim-kept "$(cat victim/secret.txt)" "precious"
rbc build bk -o t2 -q
mv t2/.rbc-manifest real-manifest && ln -s ../real-manifest t2/.rbc-manifest
rbc build bk -o t2 -q
expect_rc tamper/manifest-symlink 2
expect_eq tamper/victim-kept-2 "$(cat victim/secret.txt)" "precious"

# --- lock files do not pile up beside OUT ---------------------------------
for i in 1 2 3; do rbc build bk -o "locks$i" -q; done
if ls -a | grep -q 'rbc-lock'; then fail lock/none-left "$(ls -a | grep rbc-lock | tr '\n' ' ')"; else pass lock/none-left; fi
# two builds at once into one OUT: both succeed, one waits
"$RBC" build bk -o both -q 2>both1.err & p1=$!
"$RBC" build bk -o both -q 2>both2.err & p2=$!
wait $p1; r1=$?; wait $p2; r2=$?
expect_eq lock/parallel "$r1 $r2" "0 0"
if ls -a | grep -q 'rbc-lock'; then fail lock/none-after-parallel "lock left"; else pass lock/none-after-parallel; fi

# --- the book's own files: symlinks out and files that are not files ------
echo "outside" > outside.txt
book st; mkdir -p st/templates && ln -s "$W/outside.txt" st/templates/layout.html
rbc build st -o st-out -q
expect_rc templates-symlink/exit 1
expect_grep templates-symlink/message "$OUT/last.err" "st/templates/layout.html: error: symlink points outside the book"
book sl; mkdir -p sl/lua && ln -s "$W/outside.txt" sl/lua/evil.lua
rbc lint sl -q
cat "$OUT/last.out" "$OUT/last.err" > both.txt
expect_grep lua-symlink/message both.txt "sl/lua/evil.lua: error: symlink points outside the book"
for f in rbc.yaml contacts.yaml; do
	book sy; cp "sy/$f" "$W/outside-$f"; ln -sf "$W/outside-$f" "sy/$f"
	rbc lint sy -q
	cat "$OUT/last.out" "$OUT/last.err" > both.txt
	expect_grep "$f-symlink/message" both.txt "sy/$f: error: symlink points outside the book"
done
for f in rbc.yaml contacts.yaml templates/page.html lua/rule.lua; do
	book ff; mkdir -p ff/templates ff/lua; rm -f "ff/$f"; mkfifo "ff/$f"
	rbc lint ff -q
	cat "$OUT/last.out" "$OUT/last.err" > both.txt
	[ "$(last_rc)" != 124 ] && pass "fifo[$f]/no-hang" || fail "fifo[$f]/no-hang" "lint hung on a FIFO"
	expect_grep "fifo[$f]/message" both.txt "ff/$f: error: not a regular file; rbc reads only plain files and did not open it: it is a FIFO [io]"
	rbc build ff -o ff-out -q
	# build runs no Lua rules, so it has no reason to read lua/
	case "$f:$(last_rc)" in
	*:124) fail "fifo[$f]/build" "build hung" ;;
	lua/*:*|*:1|*:2) pass "fifo[$f]/build" ;;
	*) fail "fifo[$f]/build" "build exit $(last_rc), want an error" ;;
	esac
done
book fb; mkfifo base.fifo
rbc lint fb --baseline base.fifo -q
expect_rc baseline-fifo/exit 2
expect_grep baseline-fifo/message "$OUT/last.err" "base.fifo: error: the baseline is a FIFO, not a regular file"

# --- the lint cache ------------------------------------------------------
export XDG_CACHE_HOME="$W/xdg"
# a .rbc-cache in the book is never written through (a symlink) nor read
book cb; mkdir cache-target; ln -s "$W/cache-target" cb/.rbc-cache
rbc lint cb cb/runbooks/svc-00001.md -q
[ -z "$(ls -A cache-target)" ] && pass cache/symlink-not-followed || fail cache/symlink-not-followed "written: $(ls -AR cache-target | head -5 | tr '\n' ' ')"
# the cache folder itself is never used through a symlink either
mkdir -p xdg2 xdg-target
ln -s "$W/xdg-target" xdg2/rbc
XDG_CACHE_HOME="$W/xdg2" timeout 20 "$RBC" lint cb cb/runbooks/svc-00001.md -q >/dev/null 2>&1
[ -z "$(ls -A xdg-target)" ] && pass cache/xdg-symlink-not-followed || fail cache/xdg-symlink-not-followed "written through the symlink"
# A committed entry claiming an anchor svc-00002 does not have must not hide
# the broken link (the entry is made as rbc 0.x wrote them in BOOK/.rbc-cache).
book cc
printf '\nSee [gone](svc-00002.md#no-such-anchor).\n' >> cc/runbooks/svc-00001.md
rbc lint cc -q
cat "$OUT/last.out" "$OUT/last.err" > want.txt
expect_grep cache/forged-setup want.txt "no-such-anchor"
python3 - "$("$RBC" --version | cut -d' ' -f2)" cc runbooks/svc-00002.md <<'EOF'
import os, sys
M = (1 << 64) - 1
def mix(h, mul, data):
    i = 0
    while len(data) - i >= 8:
        w = int.from_bytes(data[i:i + 8], 'little')
        h = ((h ^ w) * mul) & M
        h ^= h >> 29
        i += 8
    for b in data[i:]:
        h = ((h ^ b) * mul) & M
    return h
def fin(h):
    h ^= h >> 30; h = (h * 0xbf58476d1ce4e5b9) & M
    h ^= h >> 27; h = (h * 0x94d049bb133111eb) & M
    return h ^ (h >> 31)
version, book, rel = sys.argv[1:]
data = open(os.path.join(book, rel), 'rb').read()
head = ('%s|0|0|%s|%d|' % (version, rel, len(data))).encode()
a = mix(0x9e3779b97f4a7c15, 0x100000001b3, head); c = mix(0xc2b2ae3d27d4eb4f, 0xff51afd7ed558ccd, head)
a = mix(a, 0x100000001b3, data); c = mix(c, 0xff51afd7ed558ccd, data)
key = '%016x%016x' % (fin(a), fin(c ^ a))
name = '%016x' % fin(mix(0x84222325cbf29ce4, 0x100000001b3, rel.encode()))
os.makedirs(os.path.join(book, '.rbc-cache/xref'), exist_ok=True)
with open(os.path.join(book, '.rbc-cache/xref', name), 'w') as f:
    f.write('rbc-xref 2 %s 0 0\npath %s\nstat 0 0.0 0.0 0 0\nkey %s\nid 1 1 svc-00002\nanchor no-such-anchor\n' % (version, rel, key))
EOF
rbc lint cc cc/runbooks/svc-00001.md -q
cat "$OUT/last.out" "$OUT/last.err" > got.txt
expect_grep cache/committed-entry-ignored got.txt "no-such-anchor"

# --- paths longer than the system allows ---------------------------------
# an output name longer than NAME_MAX: an error naming it inside OUT
book ln; long=$(printf 'x%.0s' $(seq 300)); sed -i "s/^id: svc-00000$/id: $long/" ln/runbooks/svc-00000.md
rbc build ln -o ln-out -q
expect_rc long-name/exit 2
expect_grep long-name/message "$OUT/last.err" "ln-out/scripts/$long: error: cannot write output: cannot create folder: File name too long [io]"
[ ! -e ln-out ] && pass long-name/nothing-written || fail long-name/nothing-written "ln-out exists"
book lp
python3 - lp/runbooks <<'EOF'
import os, sys
os.chdir(sys.argv[1])
for i in range(24):
    d = ('d%02d' % i) * 60
    os.mkdir(d); os.chdir(d)
open('deep.md', 'w').write('---\nid: deep\ntitle: Deep\n---\n# Deep\n')
EOF
rbc dump lp -q
cat "$OUT/last.out" "$OUT/last.err" > both.txt
[ "$(last_rc)" != 0 ] && pass long-path/exit || fail long-path/exit "exit 0: the deep runbook was skipped silently"
expect_grep long-path/message both.txt "error: path is longer than the system allows"
