#!/usr/bin/env bash
# attack_words_unicode.sh: a step that names a procedure in words alone
# ("Follow the X procedure") is matched to a procedure's title as plain
# words. The words dropped every letter past ASCII, so titles written in
# Cyrillic (or any other alphabet) collapsed to their ASCII leftovers:
# "Follow the Восстановление DB procedure" (restore) called the book's
# only "Перезапуск DB" procedure (restart), in another document or in the
# step's own, and its steps ran in the step script. Letters of other
# alphabets are now words too (Cyrillic, Greek and Latin-1 capitals
# compared in lower case); dashes, quotes and other symbols still part
# words.
GROUP=attack-words-unicode
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch book)
mkdir -p "$W/bk"
printf 'contacts:\n  db-oncall:\n    name: DB\n    phone: "+1 555 0100"\n    verified: 2026-11-01\n' > "$W/bk/contacts.yaml"
cat > "$W/bk/restart.md" <<'MD'
---
title: Restart procedures
owner: db-oncall
reviewed: 2026-11-01
---

# Restart procedures

## Procedure: Перезапуск DB

1. Restart the database (3 min)
   ```bash
   systemctl restart db
   ```
MD
cat > "$W/bk/outage.md" <<'MD'
# Outage

**Owner:** db-oncall

## Scenario 1: Database lost

**Recovery Steps:**
1. Follow the Восстановление DB procedure (2 min)
2. Follow the ПЕРЕЗАПУСК db procedure — it is quick (1 min)
3. Use the Перезапуск—DB procedure (1 min)

## Recovery Procedures

### Réparer le cache

1. Flush the cache (1 min)
   ```bash
   cache-flush
   ```

### Reparer le cache

1. Warm the cache (1 min)
   ```bash
   cache-warm
   ```

## Scenario 2: Cache lost

**Recovery Steps:**
1. Follow the RÉPARER le cache procedure (1 min)
MD
calls() { echo "[(r['path'], s['id'], st['id'], (st.get('call') or {}).get('procedure')) for r in d['runbooks'] for s in r['scenarios'] for sec in s['sections'] for st in sec['steps']]"; }
run_rbc dump "$W/bk" --as-of 2026-12-01; expect_rc dump-rc 0
expect_json restore-is-not-restart "[c for c in $(calls) if c[2] == 'recovery.1' and c[1] == 'scenario-database-lost'][0][3]" "None"
expect_json restart-any-case "[c for c in $(calls) if c[2] == 'recovery.2'][0][3]" "procedure-Перезапуск-db"
expect_json dash-parts-words "[c for c in $(calls) if c[2] == 'recovery.3'][0][3]" "procedure-Перезапуск-db"
expect_json accented-title-own-document "[c for c in $(calls) if c[1] == 'scenario-cache-lost'][0][3] or ''" "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print([p["id"] for r in d["runbooks"] for p in r.get("procedures", []) if p["title"] == "Réparer le cache"][0])' "$OUT/last.out")"
run_rbc scripts "$W/bk" -o "$W/scripts"; expect_rc scripts-rc 0
f="$W/scripts/outage/scenario-database-lost.sh"
if [ ! -f "$f" ]; then fail script-no-restart "no script $f"
elif grep -q 'recovery\.1\.1' "$f"; then fail script-no-restart "the restore step runs the restart procedure's steps (recovery.1.1)"
elif grep -q 'recovery\.2\.1' "$f"; then pass script-no-restart
else fail script-no-restart "the restart step does not run the procedure (no recovery.2.1)"; fi
