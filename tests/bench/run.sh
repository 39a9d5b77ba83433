#!/bin/sh
# tests/bench/run.sh: `make bench`. Generates deterministic synthetic books
# (tests/bench/gen/, not tracked) and prints wall time, MB/s and peak RSS
# for rbc beside bare cmark-gfm and Hugo on the same text. Speed lives
# here, never in the tests. Installs cmark-gfm, hugo and time when root.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RBC="$ROOT/rbc"
GEN="$ROOT/tests/bench/gen"
REPS=${BENCH_REPS:-3}
mkdir -p "$GEN"
cd "$ROOT" || exit 2

# --- tools -----------------------------------------------------------------
need=""
command -v cmark-gfm >/dev/null || need="$need cmark-gfm"
command -v hugo >/dev/null || need="$need hugo"
[ -x /usr/bin/time ] || need="$need time"
if [ -n "$need" ]; then
	if [ "$(id -u)" -eq 0 ]; then
		echo "bench: installing$need" >&2
		apt-get install -y -qq --no-install-recommends $need >/dev/null 2>&1 ||
			{ apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq --no-install-recommends $need >/dev/null 2>&1; }
	elif command -v sudo >/dev/null; then
		sudo apt-get install -y -qq --no-install-recommends $need >/dev/null 2>&1
	fi
fi
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time (Debian package time) is needed" >&2; exit 2; }

# --- books -----------------------------------------------------------------
# gen N: make $GEN/bookN once (regenerated when gen.py changes).
gen() {
	d="$GEN/book$1"
	if [ ! -f "$d/.done" ] || [ "$ROOT/tests/bench/gen.py" -nt "$d/.done" ]; then
		rm -rf "$d" "$GEN/cat$1.md" "$GEN/hugo$1"
		python3 "$ROOT/tests/bench/gen.py" "$d" "$1" || exit 2
		: > "$d/.done"
	fi
	[ -f "$GEN/cat$1.md" ] || cat "$d"/runbooks/*.md > "$GEN/cat$1.md"
}
gen 1000
gen 10000

# --- measuring -------------------------------------------------------------
# measure CMD...: run REPS times; set WALL (best, seconds) and RSS (KB, max).
measure() {
	WALL=""; RSS=0; RC=0
	i=0
	while [ $i -lt "$REPS" ]; do
		t0=$(date +%s%N)
		/usr/bin/time -f %M -o "$GEN/time.out" "$@" >/dev/null 2>"$GEN/last.err"
		RC=$?
		t1=$(date +%s%N)
		w=$(( (t1 - t0) / 1000 ))
		[ -z "$WALL" ] || [ "$w" -lt "$WALL" ] && WALL=$w
		r=$(tail -n 1 "$GEN/time.out")
		[ "$r" -gt "$RSS" ] 2>/dev/null && RSS=$r
		i=$((i + 1))
	done
}
secs() { awk -v u="$1" 'BEGIN { printf "%.3f", u / 1e6 }'; }
mbps() { awk -v u="$1" -v b="$2" 'BEGIN { if (u > 0) printf "%.1f", b / 1048576 / (u / 1e6); else print "-" }'; }
row() { printf '%-44s %9s %9s %10s\n' "$1" "$2" "$3" "$4"; }
# record NAME BYTES CMD...: measure and print one row; keeps WALL and RSS.
record() {
	name=$1 bytes=$2; shift 2
	measure "$@"
	if [ "$RC" -ge 2 ]; then
		row "$name" "failed" "rc=$RC" "-"; WALL=""
		sed 's/^/    /' "$GEN/last.err" | head -3
		return
	fi
	row "$name" "$(secs "$WALL")" "$(mbps "$WALL" "$bytes")" "$((RSS / 1024)) MB"
}
# works SUBCOMMAND ARGS...: the subcommand exists and is implemented.
works() {
	"$RBC" "$@" >/dev/null 2>"$GEN/probe.err"
	rc=$?
	[ $rc -lt 2 ] && ! grep -q "not implemented" "$GEN/probe.err"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && b > 0) printf "%.2f", a / b; else print "n/a" }'; }

B1="$GEN/book1000" B10="$GEN/book10000"
BYTES1=$(cat "$B1"/runbooks/*.md | wc -c)
BYTES10=$(cat "$B10"/runbooks/*.md | wc -c)
EXT="-e table -e strikethrough -e autolink -e tagfilter -e tasklist"

echo "rbc bench: $(nproc) cores, best of $REPS runs; 1,000 runbooks = $((BYTES1 / 1048576)) MB, 10,000 = $((BYTES10 / 1048576)) MB"
row "measure" "wall s" "MB/s" "peak RSS"
row "-------" "------" "----" "--------"

# reading into the model: `rbc stale` reads and checks the whole book and
# writes a small report, so it is the read path with little output.
record "rbc stale (read into model), 1,000" "$BYTES1" "$RBC" stale "$B1" --as-of 2026-11-01 -q
T_READ=$WALL
record "rbc dump (read + JSON), 1,000, -j1" "$BYTES1" "$RBC" dump "$B1" -j1
T_DUMP1=$WALL
record "rbc dump (read + JSON), 1,000, -j2" "$BYTES1" "$RBC" dump "$B1" -j2
T_DUMP=$WALL
# shellcheck disable=SC2086
record "cmark-gfm, 1,000 as one file" "$BYTES1" cmark-gfm $EXT "$GEN/cat1000.md"
T_CMARK=$WALL

T_LINT1="" T_LINT2="" T_LINT_ALL="" T_LINT_OFF="" T_BUILD="" T_HUGO=""
if works lint "$B1"; then
	record "rbc lint, 1,000, -j1" "$BYTES1" "$RBC" lint "$B1" -j1
	record "rbc lint, 1,000, -j2" "$BYTES1" "$RBC" lint "$B1" -j2
	T_LINT_ALL=$WALL
	# the same book with every built-in Lua rule off: the read, the C checks
	# and the rule states, without the hooks; a hard-linked copy of the book
	NR="$GEN/book1000-norules"
	rm -rf "$NR" && cp -al "$B1" "$NR" && rm -f "$NR/rbc.yaml"
	{ cat "$B1/rbc.yaml"; echo "rules:"
	  for r in lua/*.lua; do echo "  $(basename "$r" .lua): off"; done; } > "$NR/rbc.yaml"
	record "rbc lint, 1,000, -j2, Lua rules off" "$BYTES1" "$RBC" lint "$NR" -j2
	T_LINT_OFF=$WALL
	# one changed file: the others come from the cache (xref_cache.h),
	# here a folder of the bench's own
	export XDG_CACHE_HOME="$GEN/xdg-cache"
	F1="$B1/runbooks/svc-00500.md"
	record "rbc lint BOOK FILE, 1,000, no cache, -j1" 16384 \
		sh -c 'rm -rf "$XDG_CACHE_HOME"; exec "$2" lint "$1" "$3" -j1' sh "$B1" "$RBC" "$F1"
	record "rbc lint BOOK FILE, 1,000, no cache, -j2" 16384 \
		sh -c 'rm -rf "$XDG_CACHE_HOME"; exec "$2" lint "$1" "$3" -j2' sh "$B1" "$RBC" "$F1"
	touch "$F1"
	record "rbc lint BOOK FILE, 1,000, FILE changed, -j1" 16384 "$RBC" lint "$B1" "$F1" -j1
	T_LINT1=$WALL
	record "rbc lint BOOK FILE, 1,000, FILE changed, -j2" 16384 "$RBC" lint "$B1" "$F1" -j2
	T_LINT2=$WALL
	# every file touched (a checkout): the content hashes are compared
	record "rbc lint BOOK FILE, 1,000, all touched, -j2" 16384 \
		sh -c 'touch "$1"/runbooks/*.md; exec "$2" lint "$1" "$3" -j2' sh "$B1" "$RBC" "$F1"
else
	row "rbc lint" "n/a" "n/a" "n/a"
fi

OUT1="$GEN/out1000" OUT10="$GEN/out10000"
if works build "$B1" -o "$OUT1"; then
	# --no-cache: these rows measure full builds (doc/cache.md; the
	# incremental ones are the #22 goals below)
	record "rbc build, 1,000, -j1" "$BYTES1" "$RBC" build "$B1" -o "$OUT1" -j1 --no-cache
	record "rbc build, 1,000, -j2" "$BYTES1" "$RBC" build "$B1" -o "$OUT1" -j2 --no-cache
	T_BUILD=$WALL
	record "rbc build, 10,000" "$BYTES10" "$RBC" build "$B10" -o "$OUT10" --no-cache
	RSS_BUILD10=$RSS
	# no-op rebuild: every file keeps its inode and mtime
	(cd "$OUT1" && find . -type f -printf '%p %i %T@\n' | sort) > "$GEN/before.lst"
	"$RBC" build "$B1" -o "$OUT1" >/dev/null 2>&1
	(cd "$OUT1" && find . -type f -printf '%p %i %T@\n' | sort) > "$GEN/after.lst"
	NOOP=$(diff "$GEN/before.lst" "$GEN/after.lst" | grep -c '^>')
	NFILES=$(wc -l < "$GEN/before.lst")
	# the search index holds titles, symptoms, step titles, commands and
	# section text: every page loads it, so it has a budget
	SEARCH_BYTES=$(wc -c < "$OUT1/assets/search-index.js")
else
	row "rbc build" "n/a" "n/a" "n/a"
	RSS_BUILD10="" NOOP="n/a" NFILES=0 SEARCH_BYTES=""
fi

# Hugo on the same Markdown: minimal layout, highlighting off.
if command -v hugo >/dev/null; then
	H="$GEN/hugo1000"
	if [ ! -d "$H/content" ]; then
		mkdir -p "$H/layouts/_default" "$H/content"
		cp "$B1"/runbooks/*.md "$H/content/"
		cat > "$H/config.toml" <<'TOML'
baseURL = "http://localhost/"
title = "bench"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[markup.highlight]
codeFences = false
[markup.goldmark.renderer]
unsafe = false
TOML
		printf '<html><body>{{ .Content }}</body></html>\n' > "$H/layouts/_default/single.html"
		printf '<html><body>{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</body></html>\n' \
			> "$H/layouts/_default/list.html"
		cp "$H/layouts/_default/list.html" "$H/layouts/index.html"
	fi
	record "hugo, 1,000" "$BYTES1" hugo --quiet -s "$H" -d "$H/public"
	T_HUGO=$WALL
else
	row "hugo" "n/a" "n/a" "n/a"
fi

echo
echo "goals"
g() { printf '  %-58s %s\n' "$1" "$2"; }
g "read 1,000 into the model / cmark-gfm (goal < 1)" "$(ratio "$T_READ" "$T_CMARK")"
g "rbc dump 1,000 / cmark-gfm" "$(ratio "$T_DUMP" "$T_CMARK")"
g "rbc dump 1,000: time at -j1 / time at -j2" "$(ratio "$T_DUMP1" "$T_DUMP")"
if [ -n "$T_LINT1" ]; then g "lint one changed file in 1,000 (goal < 0.100 s)" "$(secs "$T_LINT1") s at -j1, $(secs "$T_LINT2") s at -j2"; else g "lint one changed file (goal < 0.100 s)" "n/a"; fi
if [ -n "$T_LINT_ALL" ]; then
	g "whole lint of 1,000 at -j2 (goal < 0.5 s)" "$(secs "$T_LINT_ALL") s"
	g "Lua rule hooks over reading: (lint - rules off) / read (goal < 0.30)" \
		"$(awk -v a="$T_LINT_ALL" -v o="$T_LINT_OFF" -v r="$T_READ" 'BEGIN { printf "%.2f", (a - o) / r }')"
	g "whole lint / read 1,000 (read + C checks + rules)" "$(ratio "$T_LINT_ALL" "$T_READ")"
fi
g "hugo / rbc build, 1,000 (goal >= 5)" "$(ratio "$T_HUGO" "$T_BUILD")"
g "rbc build / cmark-gfm, 1,000 (goal <= 0.5)" "$(ratio "$T_BUILD" "$T_CMARK")"
if [ -n "$RSS_BUILD10" ]; then g "peak RSS, build of 10,000 (goal < 256 MB)" "$((RSS_BUILD10 / 1024)) MB"; else g "peak RSS, build of 10,000 (goal < 256 MB)" "n/a"; fi
g "files rewritten by a no-op rebuild (goal 0)" "$NOOP of $NFILES"
if [ -n "$SEARCH_BYTES" ]; then
	g "search index of 1,000 runbooks (budget < 6 MB)" \
		"$(awk -v b="$SEARCH_BYTES" 'BEGIN { printf "%.2f MB, %.1f KB per runbook", b / 1048576, b / 1024 / 1000 }')"
else
	g "search index of 1,000 runbooks (budget < 6 MB)" "n/a"
fi

# --- issue #22: the incremental build's goals (tests/bench/goals22.sh) ---
. "$ROOT/tests/bench/goals22.sh"
