#!/usr/bin/env bash
# tier: full
# build_cache_memory.sh: a cold build with the cache holds no more memory
# than one without it, give or take a few MB (doc/cache.md, "Memory, and
# reading a runbook twice"): the entries it makes for the summary and
# page-check stores (about 26 KB per generated runbook, 26 MB here) go to
# the stores' new files as they come, and each page's check record is
# handed on once the page is checked, not all held to the end. A rebuild
# after one edit, which uses every entry of both stores, maps them and
# lets their pages go as it goes: it does not hold the files either.
GROUP=build-cache-memory
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
if [ -n "${RBC_SANITIZED:-}" ]; then
	skip cached-cold-peak "ASan's shadow memory and quarantine decide a sanitized binary's peak (make test checks it)"
	exit 0
fi
if [ ! -x /usr/bin/time ]; then
	skip cached-cold-peak "no /usr/bin/time to measure the peak"
	exit 0
fi
W=$(scratch memory)
python3 "$ROOT/tests/bench/gen.py" "$W/book" 1000 >/dev/null || { fail generate "tests/bench/gen.py failed"; exit 0; }
export XDG_CACHE_HOME="$W/xdg"
# RBC_KEEP_READS_MB=0: no full read is kept, so the peak is the stores' part
# plus what every build holds.
peak() {
	[ "$1" = --keep ] && shift || rm -rf "$W/site"
	RBC_KEEP_READS_MB=0 /usr/bin/time -o "$W/time" -f '%M' "$RBC" build "$W/book" -o "$W/site" -q "$@" >/dev/null 2>&1
	echo "$? $(tail -1 "$W/time")"
}
read -r rc_plain m_plain <<EOF
$(peak --no-cache)
EOF
rm -rf "$XDG_CACHE_HOME"
read -r rc_cached m_cached <<EOF
$(peak)
EOF
expect_eq cached-cold-rc "$rc_plain $rc_cached" "0 0"
S=$(ls -d "$XDG_CACHE_HOME"/rbc/build-* 2>/dev/null | head -1)
stores=$(( ($(stat -c %s "$S/summaries" 2>/dev/null || echo 0) + $(stat -c %s "$S/checks" 2>/dev/null || echo 0)) / 1024 ))
[ "$stores" -gt 20000 ] && pass stores-written || fail stores-written "the stores hold only $stores KB"
[ "$m_cached" -lt $((m_plain + 10240)) ] 2>/dev/null && pass cached-cold-peak ||
	fail cached-cold-peak "peak $m_cached KB with the cache, $m_plain KB without (the stores: $stores KB)"
# One step's text edited: every other summary and page check comes from
# the stores (27 MB here; reading them whole peaked 28 MB above the
# --no-cache build, mapping them 13 MB above it, the state and the
# kept parts of the joined files taking the rest).
sed -i '0,/^1\. /s/^1\. /1. Now /' "$W/book/runbooks/svc-00500.md"
read -r rc_edit m_edit <<EOF
$(peak --keep)
EOF
expect_eq one-edit-rc "$rc_edit" 0
[ "$m_edit" -lt $((m_plain + 20480)) ] 2>/dev/null && pass one-edit-peak ||
	fail one-edit-peak "peak $m_edit KB after one edit, $m_plain KB for a cold build without the cache (the stores: $stores KB)"
