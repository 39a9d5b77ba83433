#!/usr/bin/env bash
# core_layers.sh: src/ reads as the pipeline. tools/layers.sh finds no
# include that runs from a lower stage to a higher one, and it does find
# one when a copy of the tree is given one (so the check can fail).
GROUP=core-layers
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch tree)

if out=$(sh "$ROOT/tools/layers.sh" "$ROOT/src" 2>&1); then pass tree-clean; else fail tree-clean "$(echo "$out" | head -5)"; fi

# every folder of src/ is a stage the check knows
for d in "$ROOT"/src/*/; do
	s=$(basename "$d")
	if grep -q "^order=\".*\\b$s\\b" "$ROOT/tools/layers.sh"; then pass "known-stage/$s"; else fail "known-stage/$s" "tools/layers.sh does not order stage $s"; fi
done

# a planted upward include is named with its file and line
cp -R "$ROOT/src" "$W/src"
f=$(ls "$W"/src/base/*.c | head -1)
printf '#include "cli/cli.h"\n' >> "$f"
sh "$ROOT/tools/layers.sh" "$W/src" >"$OUT/last.out" 2>&1; echo $? >"$OUT/last.rc"
expect_rc planted-exit 1
expect_grep planted-named "$OUT/last.out" "src/base/$(basename "$f"):$(wc -l <"$f"): stage base includes cli, which stands above it"
