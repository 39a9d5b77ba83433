#!/bin/sh
# tests/bench/goals22.sh: the goals of issue #22 (the incremental build,
# doc/cache.md), each with its measured value and "met" or "missed".
# `make bench` runs it at the end of tests/bench/run.sh; alone it measures
# only these (sh tests/bench/goals22.sh). BENCH_QUICK=1 leaves out the
# 10,000-runbook goals (for a loaded machine); BENCH_EDITS=N sets the
# number of random edits of the 1,000 book (default 6).
set -u
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
RBC=${RBC:-$ROOT/rbc}
GEN=${GEN:-$ROOT/tests/bench/gen}
B1=${B1:-$GEN/book1000} B10=${B10:-$GEN/book10000}
OUT10=${OUT10:-$GEN/out10000}
mkdir -p "$GEN"
for n in 1000 10000; do
	[ "$n" = 10000 ] && [ -n "${BENCH_QUICK:-}" ] && continue
	[ -f "$GEN/book$n/.done" ] || { python3 "$ROOT/tests/bench/gen.py" "$GEN/book$n" "$n" && : > "$GEN/book$n/.done"; } || exit 2
done
secs() { awk -v u="$1" 'BEGIN { printf "%.3f", u / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && b > 0) printf "%.2f", a / b; else print "n/a" }'; }
if command -v hugo >/dev/null && [ ! -d "$GEN/hugo1000/content" ]; then
	H="$GEN/hugo1000"
	mkdir -p "$H/layouts/_default" "$H/content"
	cp "$B1"/runbooks/*.md "$H/content/"
	printf 'baseURL = "http://localhost/"\ntitle = "bench"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n[markup.highlight]\ncodeFences = false\n[markup.goldmark.renderer]\nunsafe = false\n' > "$H/config.toml"
	printf '<html><body>{{ .Content }}</body></html>\n' > "$H/layouts/_default/single.html"
	printf '<html><body>{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</body></html>\n' \
		> "$H/layouts/_default/list.html"
	cp "$H/layouts/_default/list.html" "$H/layouts/index.html"
fi

# Each measured GOAL_REPS times (default 5); the median is reported, with
# "met" or "missed". The machine's load average is printed: on a loaded
# machine wall times are the load's, and CPU seconds (user+sys) say more.
GOAL_REPS=${BENCH_GOAL_REPS:-5}
# median_of PREP CMD...: run PREP (untimed, a shell string) then CMD, GOAL_REPS
# times; MED (µs, median wall), MEDCPU (µs, median user+sys), MAXRSS (KB).
median_of() {
	prep=$1; shift
	walls="" cpus="" MAXRSS=0 i=0
	while [ $i -lt "$GOAL_REPS" ]; do
		sh -c "$prep" >/dev/null 2>&1
		t0=$(date +%s%N)
		/usr/bin/time -f '%M %U %S' -o "$GEN/time.out" "$@" >/dev/null 2>"$GEN/last.err"
		t1=$(date +%s%N)
		walls="$walls $(( (t1 - t0) / 1000 ))"
		set -- "$@"
		read -r r u sy <<EOT
$(tail -n 1 "$GEN/time.out")
EOT
		cpus="$cpus $(awk -v u="$u" -v s="$sy" 'BEGIN { printf "%d", (u + s) * 1e6 }')"
		[ "$r" -gt "$MAXRSS" ] 2>/dev/null && MAXRSS=$r
		i=$((i + 1))
	done
	MED=$(echo $walls | tr ' ' '\n' | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
	MEDCPU=$(echo $cpus | tr ' ' '\n' | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
}
# verdict VALUE LIMIT: "met" when VALUE <= LIMIT (numbers), else "missed".
verdict() { awk -v v="$1" -v l="$2" 'BEGIN { if (v != "" && v + 0 <= l + 0) print "met"; else print "missed" }'; }
goal() { printf '  %-62s %-34s %s\n' "$1" "$2" "$3"; }

echo
echo "issue #22 goals: median of $GOAL_REPS, load average $(cut -d' ' -f1-3 /proc/loadavg)"
goal "goal" "measured (wall; cpu)" "verdict"
XC="$GEN/xdg-22"
export XDG_CACHE_HOME="$XC"
I1="$GEN/incr1000" IO1="$GEN/incr-out1000"
rm -rf "$I1" "$XC" && cp -al "$B1" "$I1"
EDIT="$I1/runbooks/svc-00500.md"
cp --remove-destination "$B1/runbooks/svc-00500.md" "$EDIT"   # its own copy, edited below

T_HUGO_MED=""
if command -v hugo >/dev/null; then
	median_of "" hugo --quiet -s "$GEN/hugo1000" -d "$GEN/hugo1000/public"
	T_HUGO_MED=$MED
fi
median_of "rm -rf '$IO1'" "$RBC" build "$I1" -o "$IO1" --no-cache
T_COLD=$MED C_COLD=$MEDCPU
r=$(ratio "$T_COLD" "$T_HUGO_MED")
goal "cold build of 1,000 <= 0.5 x Hugo ($(secs "${T_HUGO_MED:-0}") s)" "$(secs "$T_COLD") s; $(secs "$C_COLD") s = $r x" \
	"$([ -n "$T_HUGO_MED" ] && verdict "$r" 0.5 || echo "n/a (no hugo)")"

# one runbook's step text, inside a Recovery step (its summary stays)
"$RBC" build "$I1" -o "$IO1" >/dev/null 2>&1
LINE=$(awk '/^### Recovery/ { r = 1 } r && /^1\. / { print NR; exit }' "$EDIT")
# flip: toggle a word at the start of that step's text, so each run has an edit
cat > "$GEN/flip.sh" <<EOT
sed -i '${LINE}{/^1\\. Now /{s/^1\\. Now /1. /;b};s/^1\\. /1. Now /}' '$EDIT'
EOT
flip="sh '$GEN/flip.sh'"
median_of "$flip" "$RBC" build "$I1" -o "$IO1"
T_EDIT=$MED C_EDIT=$MEDCPU
r=$(ratio "$T_EDIT" "$T_HUGO_MED")
v1=$(verdict "$(secs "$T_EDIT")" 0.1); v2=$(verdict "$r" 0.05)
goal "rebuild after one step-text edit < 0.1 s and <= 0.05 x Hugo" "$(secs "$T_EDIT") s; $(secs "$C_EDIT") s = $r x" \
	"$([ "$v1" = met ] && [ "$v2" = met ] && echo met || echo missed)"

(cd "$IO1" && find . -type f -printf '%p %i %T@\n' | sort) > "$GEN/before22.lst"
median_of "" "$RBC" build "$I1" -o "$IO1"
T_NOOP=$MED C_NOOP=$MEDCPU
(cd "$IO1" && find . -type f -printf '%p %i %T@\n' | sort) > "$GEN/after22.lst"
W22=$(diff "$GEN/before22.lst" "$GEN/after22.lst" | grep -c '^>')
goal "rebuild with nothing changed < 0.05 s, 0 files written" "$(secs "$T_NOOP") s; $(secs "$C_NOOP") s; $W22 written" \
	"$([ "$(verdict "$(secs "$T_NOOP")" 0.05)" = met ] && [ "$W22" = 0 ] && echo met || echo missed)"

if [ -z "${BENCH_QUICK:-}" ]; then
T_HUGO10=""
if command -v hugo >/dev/null; then
	H10="$GEN/hugo10000"
	if [ ! -d "$H10/content" ]; then
		mkdir -p "$H10" && cp -r "$GEN/hugo1000/config.toml" "$GEN/hugo1000/layouts" "$H10/"
		mkdir -p "$H10/content" && cp "$B10"/runbooks/*.md "$H10/content/"
	fi
	median_of "" hugo --quiet -s "$H10" -d "$H10/public"
	T_HUGO10=$MED
fi
median_of "rm -rf '$OUT10'" "$RBC" build "$B10" -o "$OUT10" --no-cache
r=$(ratio "$MED" "$T_HUGO10")
goal "cold build of 10,000 <= 0.5 x Hugo, peak RSS < 256 MB" "$(secs "$MED") s = $r x, $((MAXRSS / 1024)) MB" \
	"$([ "$(verdict "$r" 0.5)" = met ] && [ "$MAXRSS" -lt 262144 ] && echo met || echo missed)"

median_of "" "$RBC" lint "$B10" -q --no-cache
goal "whole-book lint of 10,000: peak RSS < 256 MB" "$((MAXRSS / 1024)) MB; $(secs "$MEDCPU") s cpu" \
	"$([ "$MAXRSS" -lt 262144 ] && echo met || echo missed)"
else
	goal "cold build of 10,000 <= 0.5 x Hugo, peak RSS < 256 MB" "not measured (BENCH_QUICK)" "-"
	goal "whole-book lint of 10,000: peak RSS < 256 MB" "not measured (BENCH_QUICK)" "-"
fi
# lint (doc/cache.md): judged by CPU seconds, which the load does not inflate
median_of "rm -rf '$XC'" "$RBC" lint "$B1" -q
goal "lint of 1,000 cold < 0.3 s (cpu)" "$(secs "$MED") s; $(secs "$MEDCPU") s, $((MAXRSS / 1024)) MB" \
	"$(verdict "$(secs "$MEDCPU")" 0.3)"
"$RBC" lint "$B1" -q >/dev/null 2>&1   # the results kept
median_of "" "$RBC" lint "$B1" -q
goal "lint of 1,000 unchanged < 0.05 s (cpu)" "$(secs "$MED") s; $(secs "$MEDCPU") s" "$(verdict "$(secs "$MEDCPU")" 0.05)"

# the randomized equivalence test on the 1,000 book (tests/incr/edits.py)
N22=${BENCH_EDITS:-6}
if python3 "$ROOT/tests/incr/edits.py" "$RBC" "$B1" "$GEN/edits1000" 22 "$N22" > "$GEN/edits1000.log" 2>&1; then
	goal "$N22 random edits of the 1,000 book: cached == clean" "$(tail -1 "$GEN/edits1000.log" | cut -c1-34)" met
else
	goal "$N22 random edits of the 1,000 book: cached == clean" "see $GEN/edits1000.log" missed
fi
