#!/usr/bin/env bash
# attack_folders.sh: a link to a folder of the book. The site has no page
# for a folder, so the link passed lint and failed only at the generated
# page's HTML check (exit 2, at db/pool.html, not at the author's line).
# Now it is link-broken at the link, with the folder's intro runbook as a
# did-you-mean when it has one.
GROUP=attack-folders
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch book)
cd "$W" || exit 1

mkdir -p bk/db
printf 'contacts:\n  alice:\n    name: Alice\n    phone: "+1 555 0100"\n    verified: 2026-11-01\n' > bk/contacts.yaml
printf '# DB folder\n\nWhat the db runbooks cover.\n' > bk/db/README.md
cat > bk/db/pool.md <<'MD'
---
title: Pool
owner: alice
reviewed: 2026-11-01
---

# Pool

See [the folder](./) and [this one](../db).

## Scenario: Pool exhausted

**Severity:** P2 · **RTO:** 30 min · **Owner:** alice

### Steps
1. Check the pool. (2 min)
MD
run_rbc build bk -o site --no-cache -q --as-of 2026-12-01
expect_rc folder-link-exit 1
expect_grep folder-link-at-line "$OUT/last.err" "bk/db/pool.md:9:5: error: broken link: './' is a folder"
expect_grep folder-link-hint "$OUT/last.err" "did you mean './README.md'? [link-broken]"
expect_grep folder-link-up-hint "$OUT/last.err" "did you mean '../db/README.md'? [link-broken]"
expect_no_grep folder-link-no-html-check "$OUT/last.err" "html-check"

# Without an intro runbook in the folder: the same error, no did-you-mean.
rm bk/db/README.md
run_rbc build bk -o site --no-cache -q --as-of 2026-12-01
expect_rc folder-link-bare-exit 1
if grep -F "'./' is a folder" "$OUT/last.err" | grep -q "did you mean"; then
	fail folder-link-bare-no-hint "$(cat "$OUT/last.err")"
else
	expect_grep folder-link-bare-no-hint "$OUT/last.err" "link to a file in it [link-broken]"
fi
