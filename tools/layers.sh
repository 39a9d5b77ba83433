#!/bin/sh
# tools/layers.sh: src/ is grouped by stage, and a stage may include only
# itself and the stages below it. Prints each include that runs upward as
# FILE:LINE: stage X includes stage Y, and exits 1 when there is one.
# Usage: sh tools/layers.sh [SRC_DIR]
src=${1:-src}
order="base model read parse lint render serve cli"
# one awk pass over every file: the folder names the including stage, the
# include's first path part the included one
awk -v order="$order" '
BEGIN { n = split(order, s, " "); for (i = 1; i <= n; i++) rank[s[i]] = i }
FNR == 1 {
	k = split(FILENAME, p, "/"); from = p[k - 1]
	if (!(from in rank)) { printf "%s: stage '\''%s'\'' is not one of: %s\n", FILENAME, from, order; bad = 1 }
}
/^#include "[a-z_]+\// {
	to = $0; sub(/^#include "/, "", to); sub(/\/.*/, "", to)
	if ((from in rank) && (!(to in rank) || rank[to] > rank[from])) {
		printf "%s:%d: stage %s includes %s, which stands above it\n", FILENAME, FNR, from, to; bad = 1
	}
}
END { exit bad }
' "$src"/*/*.[ch]
