#!/usr/bin/env bash
# legacy_import_calls.sh: rbc import writes a scenario step that says
# "follow / see / use the X procedure", or links to one amid other words,
# as a canonical call (a link alone to '#procedure-x', the estimate kept,
# other words kept as the step's detail), for a procedure of the same
# document or of another document it links to (a helpers/ file); code
# blocks stay byte for byte, the gap report lists scenarios only, and the
# converted files read back (--strict) with the same calls.
GROUP=legacy-import-calls
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
F="$ROOT/tests/legacy/calls"

# the book read: words and a link amid words both call the procedure
run_rbc dump "$F" --as-of 2026-12-01
expect_json used-by "[p['used_by'] for r in d['runbooks'] for p in r['procedures'] if r['path'] == 'storage-dr.md']" \
	"[['storage-dr.md#scenario-bucket-deleted', 'storage-dr.md#scenario-disk-full-on-a-storage-node', 'storage-dr.md#scenario-corrupt-objects']]"
expect_grep note-link-call "$OUT/last.err" "storage-dr.md:27:1: note: step names a procedure; read as a call of it: step recovery.1 'Use Snapshot Restore for the objects lost' links to, so runs, procedure 'Snapshot Restore' [lenient]"

T=$(scratch import)
mkdir -p "$T/helpers"
run_rbc import "$F/storage-dr.md" -o "$T/storage-dr.md"
expect_rc import-rc 0
cp "$OUT/last.out" "$T/gaps.txt"
expect_grep words-call "$T/storage-dr.md" "2. [Snapshot Restore](#procedure-snapshot-restore) (40 min)"
expect_no_grep words-call-gone "$T/storage-dr.md" "Follow the Snapshot Restore procedure"
expect_grep link-call "$T/storage-dr.md" "1. [Snapshot Restore](#procedure-snapshot-restore) (20 min)"
expect_grep link-call-words-kept "$T/storage-dr.md" "   Use [Snapshot Restore](#snapshot-restore) for the objects lost (20 min)"
expect_grep helper-call "$T/storage-dr.md" "2. [Prune old snapshots](helpers/prune-snapshots.md#procedure-prune-old-snapshots) (5 min)"
expect_grep heading-call "$T/storage-dr.md" "#### [Snapshot Restore](#procedure-snapshot-restore) (1 hour)"
expect_grep heading-call-words-kept "$T/storage-dr.md" "Run the snapshot restore procedure for each of them, oldest first (1 hour)"
expect_no_grep heading-call-plain-dropped "$T/storage-dr.md" "See the Snapshot Restore procedure"
expect_grep procedure-heading "$T/storage-dr.md" "## Procedure: Snapshot Restore"
expect_grep gaps-scenarios-only "$T/gaps.txt" "3 scenarios, 3 with gaps; 1 procedure"
expect_no_grep gaps-no-procedure "$T/gaps.txt" "'Snapshot Restore'"
expect_oracles_same import-lossless python3 "$ROOT/tests/legacy/blocks.py" "$T/storage-dr.md" \
	-- python3 "$ROOT/tests/legacy/blocks.py" "$F/storage-dr.md"
run_rbc import "$T/storage-dr.md"
expect_same import-idempotent "$OUT/last.out" "$T/storage-dr.md"

# the helper: a procedure, not a runbook lacking scenarios
run_rbc import "$F/helpers/prune-snapshots.md" -o "$T/helpers/prune-snapshots.md"
expect_rc helper-rc 0
expect_grep helper-procedure "$T/helpers/prune-snapshots.md" "## Procedure: Prune old snapshots"
expect_no_grep helper-no-scenarios-gap "$OUT/last.out" "no scenarios found"
expect_grep helper-gaps-total "$OUT/last.out" "0 scenarios, 0 with gaps; 1 procedure"

# read back in the canonical format only: every call resolves
rm -f "$T/gaps.txt"
run_rbc dump "$T" --strict --as-of 2026-12-01
expect_json read-back-calls "sorted((r['path'], p['id'], len(p['used_by'])) for r in d['runbooks'] for p in r['procedures'])" \
	"[('helpers/prune-snapshots.md', 'procedure-prune-old-snapshots', 1), ('storage-dr.md', 'procedure-snapshot-restore', 3)]"
run_rbc lint "$T" --strict --as-of 2026-12-01
expect_no_grep read-back-no-broken "$OUT/last.out" "[procedure-call-broken]"
expect_no_grep read-back-no-unused "$OUT/last.out" "[procedure-unused]"
# "## Recovery Procedures" after the last scenario would read as a second
# recovery section of it: import closes the scenario first
expect_no_grep read-back-no-section-heading "$OUT/last.out" "[section-heading]"
expect_grep appendix-closes "$T/storage-dr.md" "## Appendix"
