#!/usr/bin/env bash
# tier: full
# build_incremental.sh: the randomized equivalence test of the incremental
# build (tests/incr/edits.py): 220 seeded edits of the demo book (step text,
# scenario renames that break and mend links, titles others' backlinks
# show, added, deleted, moved and reverted runbooks, contacts.yaml,
# rbc.yaml, a template, a Lua rule, the as-of day across review dates);
# after each, the cached build's exit status, diagnostics and every output
# file must equal a clean --no-cache build's. RBC_EDITS_SEED picks another
# seed (the failure names the seed and the step to replay).
GROUP=build-incremental
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch edits)
SEED=${RBC_EDITS_SEED:-22}
if python3 "$ROOT/tests/incr/edits.py" "$RBC" "$ROOT/runbooks" "$W/work" "$SEED" 220 >"$W/log" 2>&1; then
	pass "demo-book-220-edits-seed-$SEED"
else
	fail "demo-book-220-edits-seed-$SEED" "$(head -c 1500 "$W/log" | tr '\n' '|')"
fi
