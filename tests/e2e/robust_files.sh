#!/bin/bash
# robust_files.sh: hostile YAML, symlinks, files that vanish or are FIFOs,
# and output folders that cannot be written. Each gives a clear error at its
# file (and line:col where there is one), with no crash and no hang.
GROUP=robust-files
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch files)
cd "$W" || exit 1
GEN="$ROOT/tests/bench/gen.py"

# book NAME: a small valid book (3 generated runbooks).
# (generated once and copied: gen.py is seeded, and a python per book cost
# more than the checks on it)
book() {
	rm -rf "$1"
	[ -d "$OUT/book3" ] || python3 "$GEN" "$OUT/book3" 3 >/dev/null
	cp -R "$OUT/book3" "$1"
}
# bomb: 10 levels of 9 aliases each (9^10 nodes if expanded).
bomb() {
	python3 -c "
s = 'a: &a [x, x, x, x, x, x, x, x, x]\n'
for i in 'bcdefghij':
    p = chr(ord(i) - 1)
    s += i + ': &' + i + ' [' + ', '.join(['*' + p] * 9) + ']\n'
print(s, end='')"
}
dump() { timeout 20 "$RBC" dump "$@" >"$OUT/last.out" 2>"$OUT/last.err"; echo $? > "$OUT/last.rc"; }

book yb; { echo 'id: bomb'; echo 'title: Bomb'; bomb; } > yb/runbooks/bomb.yaml
dump yb
expect_rc yaml-bomb/exit 1
expect_grep yaml-bomb/message "$OUT/last.err" "yb/runbooks/bomb.yaml:3:4: error: YAML anchors and aliases are not allowed in runbooks; write the value out: anchor '&a' [yaml-alias]"

book yd; { echo 'id: deep'; echo 'title: Deep'; python3 -c "print('x: ' + '[' * 10000 + ']' * 10000)"; } > yd/runbooks/deep.yaml
dump yd
expect_rc yaml-deep/exit 1
expect_grep yaml-deep/message "$OUT/last.err" "yd/runbooks/deep.yaml:3:35: error: nesting exceeds the depth limit: YAML nesting deeper than 32 levels [limit]"

book yf; python3 -c "print('---\nid: fm\ntitle: FM\ntags: ' + '[' * 10000 + ']' * 10000 + '\n---\n# FM')" > yf/runbooks/fm.md
dump yf
expect_rc yaml-deep-front-matter/exit 1
expect_grep yaml-deep-front-matter/message "$OUT/last.err" "yf/runbooks/fm.md:4:38: error: nesting exceeds the depth limit: YAML nesting deeper than 32 levels [limit]"

book yc; bomb >> yc/contacts.yaml
dump yc
expect_rc contacts-bomb/exit 1
expect_grep contacts-bomb/message "$OUT/last.err" "yc/contacts.yaml:"
expect_grep contacts-bomb/what "$OUT/last.err" "YAML anchors and aliases are not allowed"

book yr; bomb >> yr/rbc.yaml
dump yr
expect_rc config-bomb/exit 1
expect_grep config-bomb/message "$OUT/last.err" "yr/rbc.yaml:3:4: error: YAML anchors and aliases are not allowed in runbooks; write the value out: anchor '&a' [yaml-alias]"

# Symlinks: a loop, a link to a folder that contains it, a link outside.
book sl
ln -s loop-b.md sl/runbooks/loop-a.md
ln -s loop-a.md sl/runbooks/loop-b.md
ln -s .. sl/runbooks/up
echo '# outside' > outside.md
ln -s ../../outside.md sl/runbooks/out.md
dump sl
expect_rc symlinks/exit 1
expect_grep symlinks/loop "$OUT/last.err" "sl/runbooks/loop-a.md: error: symlink loop: Too many levels of symbolic links [symlink]"
expect_grep symlinks/self "$OUT/last.err" "sl/runbooks/up: error: symlink loop: this folder contains itself; remove the symlink [symlink]"
expect_grep symlinks/outside "$OUT/last.err" "sl/runbooks/out.md: error: symlink points outside the book; copy the file into the book instead [symlink]"
expect_json symlinks/others-read "len(d['runbooks'])" "3"

# A FIFO named like a runbook is not read (it would block), and not skipped
# in silence either: an error naming it, the other runbooks still read.
book ff; mkfifo ff/runbooks/pipe.md
dump ff
expect_rc fifo/exit 1
expect_json fifo/runbooks "len(d['runbooks'])" "3"
expect_grep fifo/message "$OUT/last.err" "ff/runbooks/pipe.md: error: not a regular file; rbc reads only plain files and did not open it: it is a FIFO [io]"

# A file that vanishes between the walk and the read: an LD_PRELOAD shim
# makes open() of *vanish.md fail with ENOENT, deterministically.
book vb; cp vb/runbooks/svc-00001.md vb/runbooks/vanish.md; sed -i 's/^id: svc-00001/id: vanish/' vb/runbooks/vanish.md
if cc -shared -fPIC -o vanish.so "$ROOT/tests/robust/vanish.c" -ldl 2>"$OUT/cc.err"; then
	python3 "$GEN" vb-old 3 >/dev/null
	"$RBC" build vb-old -o vb-site >/dev/null 2>&1
	cp -a vb-site vb-site.want
	ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" LD_PRELOAD="$W/vanish.so" \
		timeout 20 "$RBC" build vb -o vb-site >"$OUT/last.out" 2>"$OUT/last.err"
	echo $? > "$OUT/last.rc"
	expect_rc vanish/exit 1
	expect_grep vanish/message "$OUT/last.err" "vb/runbooks/vanish.md: error: cannot read file: No such file or directory [io]"
	if diff -r vb-site vb-site.want >/dev/null; then pass vanish/old-site-kept; else fail vanish/old-site-kept "the site changed"; fi
	# rbc build reads a runbook twice when it does not keep its first read
	# (RBC_KEEP_READS_MB=0 here; a big book past the budget): for the whole
	# book, then again for its own pages. A file removed or edited in
	# between fails the build and leaves the old site; the rest of the book
	# never sees the change.
	for kind in gone edited; do
		book "c$kind"; cp "c$kind/runbooks/svc-00001.md" "c$kind/runbooks/$kind.md"
		sed -i "s/^id: svc-00001/id: $kind/" "c$kind/runbooks/$kind.md"
		rm -rf vb-site; cp -a vb-site.want vb-site
		# --no-cache: the build cache hashes every file first (a third open
		# the shim would count); these cases are about the two reads
		RBC_KEEP_READS_MB=0 ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" LD_PRELOAD="$W/vanish.so" \
			timeout 20 "$RBC" build "c$kind" -o vb-site --no-cache >"$OUT/last.out" 2>"$OUT/last.err"
		echo $? > "$OUT/last.rc"
		expect_rc "changed-$kind/exit" 2
		expect_grep "changed-$kind/message" "$OUT/last.err" \
			"c$kind/runbooks/$kind.md: error: file changed while rbc was building; build again [io]"
		# and nothing else: the pages not written are not reported as missing
		expect_eq "changed-$kind/one-error" "$(grep -c 'error:' "$OUT/last.err")" 1
		if diff -r vb-site vb-site.want >/dev/null; then pass "changed-$kind/old-site-kept"
		else fail "changed-$kind/old-site-kept" "the site changed"; fi
	done
	# A small book's first reads are kept (doc/cache.md): each runbook is
	# opened once, so the shim's second open never comes and it builds.
	for kind in gone edited; do
		rm -rf "c$kind" ko-site
		book "c$kind"; cp "c$kind/runbooks/svc-00001.md" "c$kind/runbooks/$kind.md"
		sed -i "s/^id: svc-00001/id: $kind/" "c$kind/runbooks/$kind.md"
		ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" LD_PRELOAD="$W/vanish.so" \
			timeout 20 "$RBC" build "c$kind" -o ko-site --no-cache >"$OUT/last.out" 2>"$OUT/last.err"
		echo $? > "$OUT/last.rc"
		expect_rc "read-once-$kind/exit" 0
		expect_grep "read-once-$kind/page" "ko-site/runbooks/$kind.html" "Service 1"
		expect_no_grep "read-once-$kind/not-edited" "ko-site/runbooks/$kind.html" "Edited while the build ran"
	done
	# without the shim the same book builds: the failure was the change
	timeout 20 "$RBC" build cedited -o ce-site >"$OUT/last.out" 2>"$OUT/last.err"
	echo $? > "$OUT/last.rc"
	expect_rc changed-control/exit 0
else
	skip vanish "no C compiler for the shim: $(head -c 200 "$OUT/cc.err")"
fi

# Output folders that cannot be written: a file in the way, a folder under a
# file, and (when not root, since root ignores modes) a read-only parent.
book ob; echo "not a folder" > ob-file
timeout 20 "$RBC" build ob -o ob-file >"$OUT/last.out" 2>"$OUT/last.err"; echo $? > "$OUT/last.rc"
expect_rc out-is-file/exit 2
expect_grep out-is-file/message "$OUT/last.err" "ob-file: error:"
expect_eq out-is-file/untouched "$(cat ob-file)" "not a folder"
timeout 20 "$RBC" build ob -o ob-file/site >"$OUT/last.out" 2>"$OUT/last.err"; echo $? > "$OUT/last.rc"
expect_rc out-under-file/exit 2
expect_grep out-under-file/message "$OUT/last.err" "ob-file/.site.rbc-lock: error: cannot write output: cannot create the build lock: Not a directory [io]"
if [ "$(id -u)" -ne 0 ]; then
	mkdir ro; chmod 555 ro
	timeout 20 "$RBC" build ob -o ro/site >"$OUT/last.out" 2>"$OUT/last.err"; echo $? > "$OUT/last.rc"
	expect_rc out-read-only/exit 2
	expect_grep out-read-only/message "$OUT/last.err" "cannot write beside the output folder"
	chmod 755 ro
else
	skip out-read-only "running as root, which ignores folder modes"
fi

# Fuzzing regression (fuzz_config, fuzz_contacts): an empty YAML sequence
# made yaml.c memcpy from NULL (undefined; caught by make check's UBSan).
book es
printf 'title: Empty\nreview_every: 90d\nx: [[[[], []]]]\n' > es/rbc.yaml
sed -i '0,/role: on-call/s//role: [[], []]/' es/contacts.yaml
dump es
expect_rc empty-seq/exit 1
expect_grep empty-seq/config "$OUT/last.err" "es/rbc.yaml:3:1: warning:"
expect_grep empty-seq/contacts "$OUT/last.err" "es/contacts.yaml:4:11: error: value has the wrong type: 'role' must be a single value, not a list [wrong-type]"
