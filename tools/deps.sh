#!/bin/sh
# deps.sh PKGCONFIG_NAMES... -- DEBIAN_PACKAGES...
# Install the Debian packages when pkg-config cannot find every library
# (a name written cmd:PROGRAM is a program looked up on PATH instead).
# Runs apt-get as root, or through sudo; does nothing when all are present.
set -u
names=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do names="$names $1"; shift; done
[ $# -gt 0 ] && shift
missing=0
for n in $names; do
	case "$n" in
	cmd:*) command -v "${n#cmd:}" >/dev/null 2>&1 || missing=1 ;;   # a program, not a library
	*) command -v pkg-config >/dev/null 2>&1 && pkg-config --exists "$n" || missing=1 ;;
	esac
done
[ "$missing" -eq 0 ] && exit 0
echo "deps: installing $*" >&2
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
	echo "deps: missing libraries and no root: install $* yourself" >&2; exit 2; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || exit 2
$SUDO apt-get install -y -qq --no-install-recommends "$@" || exit 2
