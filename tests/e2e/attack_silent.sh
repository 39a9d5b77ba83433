#!/usr/bin/env bash
# attack_silent.sh: mistakes found by the attack run that used to pass lint
# silently and leave a script that does less than the runbook says.
GROUP=attack-silent
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch book)
cd "$W" || exit 1

# A step written as a bullet ('- ') instead of a numbered item: its command
# was in no step, so no script ran it and lint said nothing. Now a warning
# at the item; bullets inside a numbered step, or under Symptoms, are fine.
mkdir bk
printf 'contacts:\n  alice:\n    name: Alice\n    phone: "+1 555 0100"\n    verified: 2026-11-01\n' > bk/contacts.yaml
cat > bk/ops.md <<'MD'
---
title: Ops
owner: alice
reviewed: 2026-11-01
---

# Ops

## Scenario: Disk full

**Severity:** P2 · **RTO:** 30 min · **Owner:** alice

### Symptoms
- The log says
  ```text
  No space left on device
  ```

### Impact
None.

### Diagnosis
- Check the disks (1 min)
  ```bash
  df -h
  ```

### Recovery
1. Clean up (1 min)
   - with care
     ```bash
     echo cleaning
     ```

### Verification
1. Check (1 min)
   ```bash
   df -h
   ```

### Rollback
1. Nothing (1 min)
   ```bash
   true
   ```
MD
run_rbc lint bk --as-of 2026-11-22
expect_rc bullet-step/exit 0
expect_grep bullet-step/at-item "$OUT/last.out" "bk/ops.md:23:1: warning: a bulleted item holding a command is not a step; steps are numbered ('1. '), so no script runs this command: write '1.' instead of '-' in the diagnosis section [step-list]"
expect_eq bullet-step/only-one "$(grep -c "step-list" "$OUT/last.out")" 1
