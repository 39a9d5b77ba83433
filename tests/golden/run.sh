#!/usr/bin/env bash
# tests/golden/run.sh: golden-file tests. A case is tests/golden/NAME.md (a
# one-file book) or tests/golden/NAME/ (a whole book). Beside it:
#   NAME.json  expected `rbc dump` output
#   NAME.diag  expected diagnostics (stderr), then a line "exit: N"
# Each output is checked only if its expected file exists. With RBC_REGEN=1
# the existing expected files are rewritten; review the diff before committing.
GROUP=golden
source "$ROOT/tests/lib.sh"
G="$ROOT/tests/golden"
W="$OUT/golden"
mkdir -p "$W"
shopt -s nullglob

# run_case NAME: stage the book under $W/NAME and compare each expected file.
run_case() {
	local name=$1
	rm -rf "${W:?}/$name"
	if [ -d "$G/$name" ]; then
		cp -R "$G/$name" "$W/$name"
	else
		mkdir -p "$W/$name" && cp "$G/$name.md" "$W/$name/$name.md"
	fi
	(cd "$W" && "$RBC" dump --as-of 2026-11-22 "$name" >"$name.json.got" 2>"$name.diag.got"; echo "exit: $?" >>"$name.diag.got")
	local any=0
	for ext in json diag; do
		[ -f "$G/$name.$ext" ] || continue
		any=1
		if [ -n "${RBC_REGEN:-}" ]; then
			cp "$W/$name.$ext.got" "$G/$name.$ext"
		fi
		expect_same "$name.$ext" "$W/$name.$ext.got" "$G/$name.$ext"
	done
	[ $any -eq 1 ] || fail "$name" "no expected file (.json or .diag) beside the case"
}

for f in "$G"/*.md; do run_case "$(basename "$f" .md)"; done
for d in "$G"/*/; do run_case "$(basename "$d")"; done
