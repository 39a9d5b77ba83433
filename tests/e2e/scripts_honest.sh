#!/usr/bin/env bash
# scripts_honest.sh: a step script never claims what it did not do and
# never shows a secret. --yes stops at manual steps (exit 4) unless
# --skip-manual, which the final line and transcript count; an empty
# phase or rollback exits 5; secret parameters, rbc.yaml's
# scripts.secrets and credentials after Authorization:/Bearer are ***
# on the terminal and in the transcript, while the command gets the real
# value. Book: tests/scripts/honest/.
GROUP=scripts-honest
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch honest)
BOOK="$ROOT/tests/scripts/honest"

run_rbc scripts "$BOOK" -o "$W/s"; expect_rc generate 0
# (shellcheck of this book's scripts, about 1 s of CPU each: in the full
# tier, scripts_shellcheck.sh; the quick tier shellchecks scripts_run.sh's
# and scripts_hostile.sh's, the same runner with other data)

export PATH="$ROOT/tests/scripts/stubs:$PATH" CALLS="$W/calls" RBC_LOG_DIR="$W/logs"
mkdir -p "$W/logs"
# go SCENARIO ARGS...: run one script with fresh records; status in $rc,
# the transcript's path in $log.
go() {
	local s="$W/s/ops/$1.sh"
	shift
	: >"$CALLS"
	rm -f "$W"/logs/*
	"$s" "$@" >"$W/out" 2>"$W/err" </dev/null
	rc=$?
	log=$(ls "$W"/logs/*.log 2>/dev/null | head -1)
	log=${log:-/dev/null}
}

# no_line NAME FILE LINE: no line of FILE is exactly LINE (a command's
# output, not the command shown before it runs)
no_line() {
	if grep -qxF -- "$3" "$2"; then fail "$1" "'$3' printed"; else pass "$1"; fi
}
has_line() {
	if grep -qxF -- "$3" "$2"; then pass "$1"; else fail "$1" "'$3' not printed: $(head -c 300 "$2")"; fi
}

# ---- manual steps under --yes ----
go mixed --yes
expect_eq mixed-yes-rc "$rc" 4
has_line mixed-first-ran "$W/out" "first-ran"
no_line mixed-step-not-half-done "$W/out" "mixed-ran"
no_line mixed-stopped-before-third "$W/out" "third-ran"
expect_grep mixed-message "$W/err" "step recovery.2 is manual: do it, then resume with --from recovery.3"
expect_grep mixed-transcript "$log" "stopped: step recovery.2 is manual: do it, then resume with --from recovery.3"
expect_no_grep mixed-no-success-line "$W/out" "status 0"

go mixed --yes --from recovery.3
expect_eq mixed-resume-rc "$rc" 4
has_line mixed-resume-ran "$W/out" "third-ran"
expect_grep mixed-resume-next "$W/err" "step recovery.4 is manual: do it, then resume with --from verification.1"

go mixed --yes --skip-manual
expect_eq skip-manual-rc "$rc" 0
has_line skip-manual-third "$W/out" "third-ran"
no_line skip-manual-mixed-not-run "$W/out" "mixed-ran"
expect_grep skip-manual-final-line "$W/out" "2 of 5 steps done, 3 manual skipped, NOT done (recovery.2 recovery.4 verification.1);"
expect_grep skip-manual-transcript "$log" "3 manual skipped, NOT done (recovery.2 recovery.4 verification.1)"
expect_grep skip-manual-transcript-step "$log" "== verification.1 skipped"
# --skip-manual that leaves nothing to do did nothing: it must not exit 0
go mixed --yes --skip-manual --only recovery.2
expect_eq skip-manual-only-manual-rc "$rc" 5
expect_grep skip-manual-only-manual-says "$W/err" "no step was done"
expect_grep skip-manual-only-manual-final "$W/out" "0 of 1 steps done, 1 manual skipped, NOT done (recovery.2)"

# Interactively, y is the operator's word that the manual step was done.
printf 'y\ny\ny\ny\ny\n' | "$W/s/ops/mixed.sh" >"$W/out" 2>"$W/err"
expect_eq interactive-manual-rc "$?" 0
expect_grep interactive-manual-logged "$(ls "$W"/logs/*.log | tail -1)" "manual sql block done, as the operator confirmed"
expect_grep interactive-manual-count "$W/out" "5 of 5 steps done;"
expect_grep interactive-manual-asks "$W/err" "recovery.4 is manual: done it? [y]es"
expect_grep interactive-mixed-asks "$W/err" "recovery.2 has manual work: done it, and run its commands? [y]es"

# ---- nothing to run is never a success ----
go rotate-token --yes --rollback
expect_eq empty-rollback-rc "$rc" 5
expect_grep empty-rollback-message "$W/err" "nothing to roll back: this scenario has no rollback steps"
go rotate-token --dry-run --rollback
expect_eq empty-rollback-dry-run-rc "$rc" 5
go rotate-token --yes --phase diagnosis
expect_eq empty-phase-rc "$rc" 5
expect_grep empty-phase-message "$W/err" "nothing to run: this scenario has no diagnosis steps"
go nothing --yes
expect_eq no-steps-rc "$rc" 5
expect_grep no-steps-message "$W/err" "nothing to run"
expect_no_grep no-steps-no-success "$W/out" "status 0"
# Rollback asked for at the prompt, with no rollback steps: said, and not 0.
export API_TOKEN=t DB_PASSWORD=p MY_DSN=d VAULT_PASSPHRASE=v SSH_KEY=k
printf 'r\n' | "$W/s/ops/rotate-token.sh" >"$W/out" 2>"$W/err"
expect_eq prompt-rollback-empty-rc "$?" 3
expect_grep prompt-rollback-empty-message "$W/err" "nothing to roll back"

# ---- secrets ----
TOKEN_VALUE=tok-3f9a8b7c6d5e
export API_TOKEN=$TOKEN_VALUE DB_PASSWORD=pw-Zx81qq MY_DSN=postgres://app:dsnpw42@db/app \
	VAULT_PASSPHRASE=correct-horse-battery SSH_KEY=$'-----BEGIN KEY-----\nAAAAB3NzaC1yc2Eline2\n-----END KEY-----' \
	AMBIENT_TOKEN=amb-77aa88bb
raw=("$TOKEN_VALUE" pw-Zx81qq dsnpw42 correct-horse-battery AAAAB3NzaC1yc2Eline2 amb-77aa88bb
	dXNlcjpwYXNzd29yZA== eyJhbGciOi abc123xyz)
# no_raw NAME FILE: none of the raw secret values occurs in FILE
no_raw() {
	local v found=""
	for v in "${raw[@]}"; do
		! grep -qF -- "$v" "$2" || found="$found $v"
	done
	expect_eq "$1" "$found" ""
}
go rotate-token --yes
expect_eq secrets-run-rc "$rc" 0
expect_grep secrets-command-got-real-token "$CALLS" "Authorization: Bearer $TOKEN_VALUE"
no_raw secrets-stdout "$W/out"
no_raw secrets-stderr "$W/err"
no_raw secrets-transcript "$log"
expect_grep secrets-output-masked "$W/out" "token is ***"
expect_grep secrets-yaml-list-masked "$W/out" "dsn is *** and phrase is ***"
expect_grep secrets-placeholder-masked "$W/out" 'echo "password is ***"'
expect_grep secrets-transcript-command "$log" 'echo "password is ***"'
expect_grep secrets-transcript-output "$log" "token is ***"
expect_grep secrets-basic-masked "$W/out" "Authorization: Basic ***"
expect_grep secrets-json-masked "$W/out" '{"Authorization": "Bearer ***", "id": 7}'
expect_grep secrets-bearer-masked "$W/out" "curl: Bearer *** accepted"
expect_grep secrets-variable-shown "$W/out" 'Authorization: Bearer $API_TOKEN'
go rotate-token --dry-run
no_raw secrets-dry-run "$W/out"
expect_grep secrets-dry-run-masked "$W/out" 'echo "password is ***"'
go rotate-token --help
expect_grep secrets-help "$W/out" "API_TOKEN  secret: shown as ***"
expect_grep secrets-help-yaml "$W/out" "VAULT_PASSPHRASE  secret: shown as ***"

# Without awk nothing can be masked: the run stops at preflight, and a dry
# run hides the commands rather than show them unmasked.
mkdir -p "$W/noawk"
for t in bash date uname id sha256sum tee printenv; do
	ln -sf "$(command -v "$t")" "$W/noawk/$t"
done
ln -sf "$ROOT/tests/scripts/stubs/curl" "$W/noawk/curl"
: >"$CALLS"
PATH="$W/noawk" "$W/s/ops/rotate-token.sh" --yes >"$W/out" 2>"$W/err" </dev/null
rc=$?
expect_eq no-awk-rc "$rc" 2
expect_grep no-awk-named "$W/err" "awk (the script masks secrets with it)"
expect_eq no-awk-no-call "$(cat "$CALLS")" ""
PATH="$W/noawk" "$W/s/ops/rotate-token.sh" --dry-run >"$W/out" 2>"$W/err" </dev/null
no_raw no-awk-dry-run-hides "$W/out"
expect_grep no-awk-dry-run-says "$W/out" "(hidden: awk is not installed, so secrets could not be masked)"

# Masked output still arrives line by line, not at the end.
: >"$W/live"
"$W/s/ops/live.sh" --yes 2>/dev/null </dev/null | while IFS= read -r line; do
	printf '%s %s\n' "$(date +%s%N)" "$line" >>"$W/live"
done
# The step sleeps 1 s between its lines: they arrive at least 0.8 s apart
# (at the end they would arrive together).
t1=$(awk '$2 == "live-1" { print $1 }' "$W/live")
t2=$(awk '$2 == "live-2" { print $1 }' "$W/live")
if [ -n "$t1" ] && [ -n "$t2" ] && [ $(((t2 - t1) / 1000000)) -ge 800 ]; then pass live-output; else fail live-output "live-1 at [$t1] ns, live-2 at [$t2] ns"; fi

# ---- rbc.yaml: scripts.secrets is checked like every setting ----
C=$(scratch config)
cp -r "$BOOK" "$C/book"
printf 'scripts:\n  secret: [MY_DSN]\n' >"$C/book/rbc.yaml"
run_rbc lint "$C/book"
expect_grep config-did-you-mean "$OUT/last.out" "rbc.yaml:2:3: warning: unknown key: 'secret' in scripts settings; did you mean 'secrets'?"
printf 'scripts:\n  secrets: [MY_DSN, "bad name"]\n' >"$C/book/rbc.yaml"
run_rbc scripts "$C/book" -o "$C/s"
expect_rc config-bad-name-rc 1
expect_grep config-bad-name "$OUT/last.err" "rbc.yaml:2:21: error: invalid setting in rbc.yaml: scripts: secrets: 'bad name' is not a variable name"
printf 'scripts: [MY_DSN]\n' >"$C/book/rbc.yaml"
run_rbc scripts "$C/book" -o "$C/s"
expect_grep config-wrong-type "$OUT/last.err" "rbc.yaml:1:10: error: value has the wrong type: 'scripts' must be a mapping"
printf 'scriptz:\n  secrets: [X]\n' >"$C/book/rbc.yaml"
run_rbc lint "$C/book"
expect_grep config-top-did-you-mean "$OUT/last.out" "did you mean 'scripts'?"
