#!/usr/bin/env bash
# tools/demo-drills.sh RBC: renew runbooks/drills/, the demo book's drill
# records, by running four of its own step scripts as drills against stub
# tools on a fake clock (libfaketime): real records, deterministic times.
# One record comes from an older text of its scenario, so the demo site
# shows NOT VERIFIED beside OK and NEVER DRILLED. No drill runs over its
# RTO: drill-current makes that a lint error, and the demo book lints clean.
set -euo pipefail
RBC=$(realpath "${1:?usage: tools/demo-drills.sh RBC}")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FT=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -1)
[ -n "$FT" ] || { echo "demo-drills: libfaketime is not installed (apt-get install faketime)" >&2; exit 2; }
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
mkdir -p "$W/stubs" "$W/drills"
cat >"$W/stubs/stub" <<'STUB'
#!/bin/sh
now=$(cat "$FAKETIME_TIMESTAMP_FILE")
date -u -d "$now UTC + ${STUB_SECS:-90} seconds" '+%Y-%m-%d %H:%M:%S' >"$FAKETIME_TIMESTAMP_FILE"
echo ok
STUB
printf '#!/bin/sh\necho drill-host\n' >"$W/stubs/uname"
chmod +x "$W/stubs/stub" "$W/stubs/uname"
for t in kubectl vault rabbitmqadmin rabbitmqctl aws; do ln -s stub "$W/stubs/$t"; done
cp -r "$ROOT/runbooks" "$W/book"
rm -rf "$W/book/drills"
# the older text of one scenario: its record will not match today's
cp -r "$W/book" "$W/old"
sed -i 's/Rotate the password through Vault/Rotate the password with Vault/' "$W/old/credential-leak.md"
cd "$W"
GIT_CEILING_DIRECTORIES="$W" "$RBC" scripts book -o scripts -q
GIT_CEILING_DIRECTORIES="$W" "$RBC" scripts old -o oldscripts -q
export PATH="$W/stubs:$PATH" TZ=UTC USER=sre-oncall RBC_LOG_DIR=drills
unset SUDO_USER
# drill WHEN SECS SCRIPT: run SCRIPT as a drill at WHEN, each tool call taking SECS
drill() {
	echo "$1" >"$W/clock"
	yes y | head -40 | STUB_SECS=$2 LD_PRELOAD=$FT FAKETIME_TIMESTAMP_FILE="$W/clock" FAKETIME_NO_CACHE=1 \
		"$3" --drill >/dev/null 2>&1 || true
}
drill "2026-10-06 09:30:00" 120 scripts/orders-db/scenario-replication-lag-keeps-growing.sh
drill "2026-11-17 14:00:00" 150 scripts/orders-db/scenario-replication-lag-keeps-growing.sh
drill "2026-10-20 10:00:00" 300 oldscripts/credential-leak/scenario-database-password-leaked.sh
drill "2026-11-03 11:00:00" 1500 scripts/dispatch-queue/scenario-poison-messages-fill-the-dead-letter-queue.sh
drill "2026-11-24 16:00:00" 180 scripts/object-storage/scenario-bucket-made-public-by-mistake.sh
"$RBC" drills verify drills
rm -rf "$ROOT/runbooks/drills"
mkdir -p "$ROOT/runbooks/drills"
cp drills/*.jsonl "$ROOT/runbooks/drills/"
