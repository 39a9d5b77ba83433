#!/bin/bash
# tier: full
# robust_output.sh: the output folder is always a whole site (kill -9 at
# many moments of a build), and builds are reproducible whatever TZ, LC_ALL,
# umask and the order in which the book's files were created.
GROUP=robust-out
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch out)
cd "$W" || exit 1
# The books here are not in a repository of their own: keep git from finding
# the rbc checkout around tests/out, whose HEAD (written into each script's
# header) moves when someone commits while the tests run.
export GIT_CEILING_DIRECTORIES="$W"
GEN="$ROOT/tests/bench/gen.py"

# tree DIR: every file's path, mode and checksum (what "a whole site" means).
tree() { (cd "$1" && find . -type f -printf '%p %m\n' | LC_ALL=C sort && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r cksum); }

# The old site (120 runbooks) and the new one (the same book with one more).
python3 "$GEN" old 120 >/dev/null
python3 "$GEN" new 121 >/dev/null
"$RBC" build old -o want-old >/dev/null 2>&1
"$RBC" build new -o want-new >/dev/null 2>&1
tree want-old > old.tree
tree want-new > new.tree
if cmp -s old.tree new.tree || [ ! -s old.tree ]; then
	fail kill9/setup "the two known sites are empty or equal"
else
	pass kill9/setup
fi

# 20 builds killed at spread-out moments (deterministic delays, 0-300 ms:
# before, during and after the swap). OUT must equal the old or new tree.
bad=0 seen_old=0 seen_new=0
for i in $(seq 0 19); do
	rm -rf site; cp -a want-old site
	"$RBC" build new -o site >/dev/null 2>&1 &
	pid=$!
	sleep "$(awk -v i="$i" 'BEGIN { printf "%.3f", (i * 7919 % 20) * 0.015 }')"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	tree site > got.tree
	if cmp -s got.tree old.tree; then
		seen_old=$((seen_old + 1))
	elif cmp -s got.tree new.tree; then
		seen_new=$((seen_new + 1))
	else
		bad=$((bad + 1))
		cp got.tree "bad-$i.tree"
	fi
done
expect_eq kill9/whole-site "$bad" 0
# After a killed build the next one still works and cleans up.
timeout 60 "$RBC" build new -o site >"$OUT/last.out" 2>"$OUT/last.err"; echo $? > "$OUT/last.rc"
expect_rc kill9/next-build 0
tree site > got.tree
expect_same kill9/next-build-tree got.tree new.tree
if ls -a . | grep -q '\.site\.rbc-tmp'; then fail kill9/leftovers "temporary folders left: $(ls -a | grep rbc-tmp)"; else pass kill9/leftovers; fi
echo "kill9: $seen_old old, $seen_new new, $bad broken" > kill9.log

# Reproducibility: the book written in two different file-creation orders
# (so directory order differs), built under different TZ, LC_ALL and umask.
# Both copies are called "book" (paths are part of the model). Review
# badges depend on the as-of date, so every build names the same one; the
# faketime build then shows that nothing else reads the clock.
mkdir -p ra rb
python3 "$GEN" ra/book 12 >/dev/null
mkdir -p rb/book/runbooks
cp ra/book/contacts.yaml ra/book/rbc.yaml rb/book/
for f in $(ls ra/book/runbooks | sort -r); do cp "ra/book/runbooks/$f" rb/book/runbooks/; done
(cd ra && umask 022 && TZ=UTC LC_ALL=C "$RBC" build book --as-of 2026-11-20 -o ../site-a >/dev/null 2>&1)
(cd rb && umask 077 && TZ=Pacific/Kiritimati LC_ALL=C.UTF-8 "$RBC" build book --as-of 2026-11-20 -o ../site-b >/dev/null 2>&1)
(cd ra && umask 002 && TZ=America/St_Johns LANG=fr_FR.UTF-8 "$RBC" build book --as-of 2026-11-20 -o ../site-c >/dev/null 2>&1)
tree site-a > a.tree; tree site-b > b.tree; tree site-c > c.tree
if [ -s a.tree ]; then pass repro/built; else fail repro/built "no output"; fi
expect_same repro/order-tz-umask b.tree a.tree
expect_same repro/locale-tz-umask c.tree a.tree
if command -v faketime >/dev/null && faketime '2031-01-01 00:00:00' true 2>/dev/null; then
	(cd ra && ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" faketime '2031-01-01 00:00:00' "$RBC" build book --as-of 2026-11-20 -o ../site-d >/dev/null 2>&1)
	tree site-d > d.tree
	expect_same repro/faketime d.tree a.tree
else
	skip repro/faketime "faketime is not installed"
fi
