#!/bin/sh
# tools/layers.sh: src/ is grouped by stage, and a stage may include only
# itself and the stages below it. Prints each include that runs upward as
# FILE:LINE: stage X includes stage Y, and exits 1 when there is one.
# Usage: sh tools/layers.sh [SRC_DIR]
src=${1:-src}
order="base model read parse lint render serve cli"
rank() { i=0; for s in $order; do [ "$s" = "$1" ] && { echo $i; return; }; i=$((i+1)); done; echo 99; }
bad=0
for f in "$src"/*/*.[ch]; do
	from=$(basename "$(dirname "$f")")
	rf=$(rank "$from")
	[ "$rf" = 99 ] && { echo "$f: stage '$from' is not one of: $order"; bad=1; continue; }
	grep -n '^#include "[a-z_]*/' "$f" | while IFS= read -r line; do
		to=${line#*\"}; to=${to%%/*}
		rt=$(rank "$to")
		if [ "$rt" -gt "$rf" ]; then echo "$f:${line%%:*}: stage $from includes $to, which stands above it"; fi
	done
done > "${TMPDIR:-/tmp}/layers.$$"
if [ -s "${TMPDIR:-/tmp}/layers.$$" ]; then cat "${TMPDIR:-/tmp}/layers.$$"; bad=1; fi
rm -f "${TMPDIR:-/tmp}/layers.$$"
exit $bad
