#!/bin/sh
# embed.sh DIR FILE...: print each FILE (under DIR) as a C initializer
# {"path/below/DIR", "text"}, so that rbc carries its built-in Lua rules and
# templates and an installed binary works on its own. '?' is escaped so
# that no "??x" trigraph forms under -std=c11.
set -e
dir=$1
shift
for f in "$@"; do
	printf '{"%s",\n' "${f#"$dir"/}"
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/?/\\?/g' -e 's/^/"/' -e 's/$/\\n"/' "$f"
	printf '},\n'
done
