#!/usr/bin/env bash
# tier: full
# scripts_shellcheck.sh: every step script of the demo book passes
# shellcheck (warnings and errors) and bash -n, and so does every script of
# the fixture books (tests/scripts/book, honest, golden yamlform and
# canonical, and tests/proc/book's called procedures): about 1 s of CPU
# each, so the quick tier shellchecks only one runner (scripts_run.sh) and
# the hostile book's (scripts_hostile.sh).
GROUP=scripts-shellcheck
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch demo)
run_rbc scripts "$ROOT/runbooks" -o "$W/s"; expect_rc demo-book-scripts 0
all=("$W"/s/*/*.sh)
if [ "${#all[@]}" -ge 10 ]; then pass script-count; else fail script-count "only ${#all[@]} scripts"; fi
# The fixture books' scripts: the quick tier (scripts_run.sh,
# scripts_hostile.sh) shellchecks one runner and the hostile data.
run_rbc scripts "$ROOT/tests/scripts/book" -o "$W/fixture"; expect_rc fixture-scripts 0
run_rbc scripts "$ROOT/tests/proc/book" -o "$W/proc" --as-of 2026-12-01; expect_rc proc-scripts 0
run_rbc scripts "$ROOT/tests/golden/yamlform" -o "$W/yamlform"; expect_rc yamlform-scripts 0
run_rbc scripts "$ROOT/tests/scripts/honest" -o "$W/honest"; expect_rc honest-scripts 0
C=$(scratch canonical)
mkdir -p "$C/book"
cp "$ROOT/tests/golden/canonical.md" "$C/book/"
printf 'contacts:\n  pay-oncall:\n    name: Payments\n    email: pay@corp.example\n    verified: 2026-10-01\n' >"$C/book/contacts.yaml"
run_rbc scripts --as-of 2026-11-01 "$C/book" -o "$W/canonical"; expect_rc canonical-scripts 0
fixture=("$W"/fixture/*/*.sh "$W"/yamlform/*/*.sh "$W"/honest/*/*.sh "$W"/canonical/*/*.sh "$W"/proc/*/*.sh)
if [ "${#fixture[@]}" -ge 10 ]; then pass fixture-script-count; else fail fixture-script-count "only ${#fixture[@]} scripts"; fi
all+=("${fixture[@]}")
if command -v shellcheck >/dev/null; then
	if out=$(shellcheck -S warning "${all[@]}" 2>&1); then pass shellcheck; else fail shellcheck "$(echo "$out" | head -20)"; fi
else
	skip shellcheck "shellcheck is not installed (.ci/run installs it)"
fi
bad=""
for f in "${all[@]}"; do bash -n "$f" || bad="$bad $f"; done
expect_eq bash-n "$bad" ""
