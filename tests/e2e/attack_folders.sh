#!/usr/bin/env bash
# attack_folders.sh: links from and to the book's folders.
#
# A link to a folder of the book. The site has no page
# for a folder, so the link passed lint and failed only at the generated
# page's HTML check (exit 2, at db/pool.html, not at the author's line).
# Now it is link-broken at the link, with the folder's intro runbook as a
# did-you-mean when it has one.
#
# A call from a runbook in a subfolder, written as if from the book's top
# folder: its did-you-mean repeated the same wrong link (the book path)
# instead of the link that works from the caller's folder.
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

# A call written from the wrong folder: the did-you-mean works from the caller's.
cat > bk/tools.md <<'MD'
---
title: Tools
owner: alice
reviewed: 2026-11-01
---

# Tools

## Procedure: Drain pool

1. Drain it (1 min)
   ```bash
   echo drain
   ```
MD
sed -i 's|^See .*|See the tools.|; s|^1. Check the pool. (2 min)|1. Check the pool. (2 min)\n2. [Drain](tools.md#procedure-drain-pool)|' bk/db/pool.md
run_rbc build bk -o site --no-cache -q --as-of 2026-12-01
expect_rc call-from-subfolder-exit 1
expect_grep call-from-subfolder-hint "$OUT/last.err" "no runbook db/tools.md in the book (did you mean '../tools.md#procedure-drain-pool'?) [procedure-call-broken]"
sed -i 's|(tools.md#procedure-drain-pool)|(../tools.md#procedure-drain-pool)|' bk/db/pool.md
run_rbc build bk -o site --no-cache -q --as-of 2026-12-01
expect_rc call-from-subfolder-fixed 0
