#!/bin/sh
# embed_lua.sh FILE...: print each Lua file as a C initializer
# {"name.lua", "text"}, for the built-in rules compiled into rbc.
set -e
for f in "$@"; do
	printf '{"%s",\n' "$(basename "$f")"
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$/\\n"/' "$f"
	printf '},\n'
done
