#!/usr/bin/env bash
# legacy_ignore_keys.sh: front-matter keys of the common site generators
# (Hugo, MkDocs, Docusaurus) are read quietly; a book adds its own with
# rbc.yaml's ignore_keys:, a misspelt one still gets its did-you-mean, and
# an ignore_keys: that is not a list of strings is an error at rbc.yaml.
GROUP=legacy-ignore-keys
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2

B=$(scratch book)
cat >"$B/a.md" <<'MD'
---
title: Queue lag
weight: 20
bookHidden: true
bookCollapseSection: false
draft: false
aliases: [/old/queue-lag/]
slug: queue-lag
lastmod: 2026-01-01
team_channel: "#queue"
x-owner-note: ask Ana
weigth: 3
---
# Queue lag

## Scenario: Lag grows
MD

# without ignore_keys: only the book's own keys and the misspelling warn
run_rbc lint "$B" --as-of 2026-12-01
expect_no_grep generator-keys-quiet "$OUT/last.out" "unknown key: 'weight'"
expect_no_grep generator-keys-quiet-draft "$OUT/last.out" "unknown key: 'draft'"
expect_no_grep generator-keys-quiet-aliases "$OUT/last.out" "unknown key: 'aliases'"
expect_grep own-key-warns "$OUT/last.out" "a.md:10:1: warning: unknown key: 'team_channel' in front matter"
expect_grep typo-did-you-mean "$OUT/last.out" "a.md:12:1: warning: unknown key: 'weigth' in front matter; did you mean 'weight'? [unknown-key]"

# ignore_keys: lists them: quiet; the misspelling still warns
printf 'ignore_keys: [team_channel, "x-owner-note"]\n' >"$B/rbc.yaml"
run_rbc lint "$B" --as-of 2026-12-01
expect_no_grep ignore-keys-quiet "$OUT/last.out" "'team_channel'"
expect_no_grep ignore-keys-quiet-2 "$OUT/last.out" "'x-owner-note'"
expect_grep ignore-keys-typo-still "$OUT/last.out" "'weigth' in front matter; did you mean 'weight'?"
expect_no_grep ignore-keys-known "$OUT/last.out" "'ignore_keys' in rbc.yaml"

# bad values: an error at rbc.yaml's line:col, non-zero exit
printf 'ignore_keys: team_channel\n' >"$B/rbc.yaml"
run_rbc lint "$B" --as-of 2026-12-01
expect_rc bad-scalar-rc 1
expect_grep bad-scalar "$OUT/last.out" "rbc.yaml:1:14: error: value has the wrong type: 'ignore_keys' must be a list of front-matter keys such as [weight, bookHidden], not a single value [wrong-type]"
printf 'ignore_keys:\n  - team_channel\n  - {x: 1}\n' >"$B/rbc.yaml"
run_rbc lint "$B" --as-of 2026-12-01
expect_rc bad-item-rc 1
expect_grep bad-item "$OUT/last.out" "rbc.yaml:3:5: error: value has the wrong type: 'ignore_keys' must be a list of front-matter keys, each a string, not a mapping [wrong-type]"
expect_no_grep bad-item-others-kept "$OUT/last.out" "'team_channel' in front matter"
