#!/usr/bin/env bash
# tier: full
# scripts_shellcheck.sh: every step script of the demo book passes
# shellcheck (warnings and errors) and bash -n. The quick tier checks the
# fixture books' scripts (scripts_run.sh); this adds the demo book's 30,
# which take shellcheck about a minute on a 2-core machine.
GROUP=scripts-shellcheck
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch demo)
run_rbc scripts "$ROOT/runbooks" -o "$W/s"; expect_rc demo-book-scripts 0
all=("$W"/s/*/*.sh)
if [ "${#all[@]}" -ge 10 ]; then pass script-count; else fail script-count "only ${#all[@]} scripts"; fi
if command -v shellcheck >/dev/null; then
	if out=$(shellcheck -S warning "${all[@]}" 2>&1); then pass shellcheck; else fail shellcheck "$(echo "$out" | head -20)"; fi
else
	skip shellcheck "shellcheck is not installed (.ci/run installs it)"
fi
bad=""
for f in "${all[@]}"; do bash -n "$f" || bad="$bad $f"; done
expect_eq bash-n "$bad" ""
