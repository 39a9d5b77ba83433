#!/usr/bin/env bash
# build_incr_lenient_calls.sh: a lenient step that links to a helper
# document with no anchor calls the helper's only procedure. The runbook
# summaries the build cache keeps did not carry that the call was lenient,
# so when the helper changed and its caller did not, the caller (read back
# from its summary) named no procedure: the incremental build said the
# helper was used by no scenario and left its time out of the caller's
# estimate (rto.html, handbook.html, model.json), unlike --no-cache.
GROUP=build-incr-lenient-calls
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch run)
cp -r "$ROOT/tests/legacy/calls" "$W/book"
export XDG_CACHE_HOME="$W/cache"
ASOF="--as-of 2026-12-01"

run_rbc build "$W/book" -o "$W/inc" -q $ASOF; expect_rc first-build 0
# the helper changes (a second section), its caller does not
printf '\n## Verify\n\n1. List them (1 min)\n   ```bash\n   ./snapshots.sh list\n   ```\n' >> "$W/book/helpers/prune-snapshots.md"
run_rbc build "$W/book" -o "$W/inc" -q $ASOF; expect_rc incremental-build 0
cp "$OUT/last.err" "$W/inc.err"
run_rbc build "$W/book" -o "$W/clean" -q --no-cache $ASOF; expect_rc clean-build 0
expect_same same-diagnostics "$W/inc.err" "$OUT/last.err"
expect_grep used-by-helper "$W/inc/helpers/prune-snapshots.html" 'Used by: <a href="../storage-dr.html#scenario-disk-full-on-a-storage-node">'
d=$(diff -r -x .rbc-manifest "$W/inc" "$W/clean" | head -c 600)
expect_eq same-site "$d" ""
