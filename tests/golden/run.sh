#!/usr/bin/env bash
# tests/golden/run.sh: the one golden-file runner. A case is a book:
#   tests/golden/NAME.md     a one-file book
#   tests/golden/NAME/       a whole book
#   tests/golden/NAME.book   one line: a book elsewhere in the tree
# Beside it, each expected output is named NAME.SUFFIX, and the suffix says
# which command makes it (only the suffixes present are run):
#   .json / .diag            `rbc dump`: stdout / stderr then "exit: N"
#   .lint.FORMAT             `rbc lint --format FORMAT` stdout
#                            (text, json, github, sarif, junit)
#   .stale.FORMAT            `rbc stale --format FORMAT` stdout
#                            (text, md, csv, json, html)
#   .site/                   `rbc build`: every file in the folder, and every
#                            page the build wrote must have a golden file
#   .scripts/                `rbc scripts`: every file in the folder
# NAME.args holds extra arguments per command, one line each ("stale: --owner
# x"); --as-of is 2026-11-22 unless a line sets it. Commands run from a
# scratch folder outside git, with the book at a relative path, so no
# machine path or commit reaches the output (SARIF's absolute base folder
# is written as @CASE/).
# With RBC_REGEN=1 (make regen) the expected files are rewritten: review the
# diff line by line before committing; never regenerate blindly.
GROUP=golden
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
G="$ROOT/tests/golden"
W="$OUT/golden"
mkdir -p "$W"
shopt -s nullglob
export GIT_CEILING_DIRECTORIES="$W"

# golden NAME GOT WANT: compare one output with its expected file (after
# rewriting the expected file under RBC_REGEN).
golden() {
	if [ -n "${RBC_REGEN:-}" ] && [ -f "$2" ]; then mkdir -p "$(dirname "$3")" && cp "$2" "$3"; fi
	if [ -f "$2" ]; then expect_same "$1" "$2" "$3"; else fail "$1" "the command wrote no $(basename "$2")"; fi
}

# args NAME CMD: the extra arguments of CMD for case NAME, with the default
# --as-of unless the case sets one.
args() {
	local extra=""
	[ -f "$G/$1.args" ] && extra=$(sed -n "s/^$2:[[:space:]]*//p" "$G/$1.args")
	case " $extra " in *" --as-of "*) ;; *) extra="--as-of 2026-11-22 $extra" ;; esac
	echo "$extra"
}

# run_case NAME BOOKSRC: stage BOOKSRC as $W/NAME/BOOK and check every
# expected file of NAME.
run_case() {
	local name=$1 src=$2 book=$3 any=0 f suffix fmt want
	local c="$W/$name"
	rm -rf "${c:?}" && mkdir -p "$c"
	if [ -d "$src" ]; then cp -R "$src" "$c/$book"; else mkdir -p "$c/$book" && cp "$src" "$c/$book/"; fi
	for f in "$G/$name".*; do
		suffix=${f#"$G/$name".}
		case $suffix in
		md|book|args) continue ;;
		json)
			any=1
			(cd "$c" && "$RBC" dump $(args "$name" dump) "$book" >dump.json 2>dump.diag; echo "exit: $?" >>dump.diag)
			golden "$name.json" "$c/dump.json" "$f" ;;
		diag)
			any=1
			[ -f "$c/dump.diag" ] || (cd "$c" && "$RBC" dump $(args "$name" dump) "$book" >dump.json 2>dump.diag; echo "exit: $?" >>dump.diag)
			golden "$name.diag" "$c/dump.diag" "$f" ;;
		lint.*|stale.*)
			any=1; fmt=${suffix#*.}
			(cd "$c" && "$RBC" "${suffix%%.*}" "$book" $(args "$name" "${suffix%%.*}") --format "$fmt" >"$suffix.raw" 2>"$suffix.err")
			# SARIF names the folder it ran in (originalUriBaseIds): made stable here
			sed "s|$c/|@CASE/|g" "$c/$suffix.raw" >"$c/$suffix"
			golden "$name.$suffix" "$c/$suffix" "$f" ;;
		site|scripts)
			any=1
			if [ "$suffix" = site ]; then
				(cd "$c" && "$RBC" build "$book" -o out $(args "$name" build) >build.log 2>&1) || fail "$name.site/build" "$(head -5 "$c/build.log")"
			else
				(cd "$c" && "$RBC" scripts "$book" -o out $(args "$name" scripts | sed 's/--as-of [^ ]*//') >build.log 2>&1) || fail "$name.scripts/build" "$(head -5 "$c/build.log")"
			fi
			for want in $(cd "$f" && find . -type f | sort); do
				want=${want#./}
				golden "$name.$suffix/$want" "$c/out/$want" "$f/$want"
			done
			if [ "$suffix" = site ]; then
				for want in $(cd "$c/out" && find . -name '*.html' ! -name handbook.html | sort); do
					want=${want#./}
					if [ -n "${RBC_REGEN:-}" ]; then golden "$name.site/$want" "$c/out/$want" "$f/$want"; fi
					[ -f "$f/$want" ] && pass "$name.site/covered/$want" || fail "$name.site/covered/$want" "no golden file for $want"
				done
			fi ;;
		*) any=1; fail "$name.$suffix" "unknown golden suffix (see tests/golden/run.sh)" ;;
		esac
	done
	[ $any -eq 1 ] || fail "$name" "no expected file beside the case"
}

# A case's NAME has no dot, so NAME.stale.md is an expected file, not a book.
for f in "$G"/*.md; do
	n=$(basename "$f" .md); case $n in *.*) continue ;; esac
	run_case "$n" "$f" "$n"
done
for d in "$G"/*/; do
	n=$(basename "$d"); case $n in *.*) continue ;; esac
	run_case "$n" "$d" "$n"
done
for f in "$G"/*.book; do
	n=$(basename "$f" .book)
	if [ -d "$ROOT/$(cat "$f")" ]; then run_case "$n" "$ROOT/$(cat "$f")" book; else fail "$n" "$f names no book folder"; fi
done
