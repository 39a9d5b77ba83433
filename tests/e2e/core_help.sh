#!/bin/bash
# core_help.sh: each command's --help lists only the options that command
# takes, with examples that parse; `rbc completion` prints bash and zsh
# completion generated from the same tables, and the bash one completes.
GROUP=help
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch help)

cmds="build completion dump import lint scripts serve stale"
for c in $cmds; do
	run_rbc help "$c"
	expect_rc "$c/exit" 0
	cp "$OUT/last.out" "$W/$c.help"
	expect_grep "$c/examples" "$W/$c.help" "Examples:"
	# every option the help lists is one the command accepts
	bad=""
	for o in $(grep -oE '^  (-., )?--[a-z-]+' "$W/$c.help" | grep -oE -- '--[a-z-]+'); do
		[ "$o" = --help ] || [ "$o" = --version ] && continue
		"$RBC" "$c" "$o" x --help >/dev/null 2>"$W/err"
		if grep -q "does not apply" "$W/err"; then bad="$bad $o"; fi
	done
	expect_eq "$c/only-own-options" "$bad" ""
	# every example parses: its options all apply to the command
	n=0
	while IFS= read -r ex; do
		n=$((n + 1))
		set -- $ex
		shift  # "rbc"
		[ "$1" = "$c" ] || { fail "$c/example-$n" "example does not run 'rbc $c': $ex"; continue; }
		args=()
		for a in "$@"; do case $a in '|'*|'>'*) break ;; *) args+=("$a") ;; esac; done
		"$RBC" "${args[@]}" --help >/dev/null 2>"$W/err"
		expect_eq "$c/example-$n-parses" "$?" 0
	done < <(sed -n '/^Examples:/,/^$/p' "$W/$c.help" | sed -n 's/^  \(rbc .*\)/\1/p; s/^  source <(\(rbc .*\))/\1/p')
	[ "$n" -ge 1 ] && pass "$c/has-examples" || fail "$c/has-examples" "no example lines"
done
# A few options that used to be listed for every command.
expect_no_grep import-no-strict "$W/import.help" "--strict"
expect_no_grep completion-no-quiet "$W/completion.help" "--quiet"
expect_grep lint-formats "$W/lint.help" "output format: text (default), json, github, sarif, junit"
expect_grep stale-formats "$W/stale.help" "output format: text (default), md, csv, json, html"
expect_no_grep lint-no-stale-formats "$W/lint.help" "csv"

# completion: bash (syntax, shellcheck, and real completions), zsh (syntax)
run_rbc completion bash; expect_rc completion/bash-exit 0
cp "$OUT/last.out" "$W/rbc.bash"
if bash -n "$W/rbc.bash"; then pass completion/bash-syntax; else fail completion/bash-syntax "bash -n fails"; fi
if command -v shellcheck >/dev/null; then
	if shellcheck -s bash -S warning "$W/rbc.bash" > "$W/sc.txt" 2>&1; then pass completion/shellcheck; else
		fail completion/shellcheck "$(head -c 300 "$W/sc.txt")"; fi
else
	skip completion/shellcheck "shellcheck is not installed"
fi
# complete WORDS...: the completions bash offers for the last word
complete_words() {
	bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _rbc; [ ${#COMPREPLY[@]} -eq 0 ] || printf "%s\n" "${COMPREPLY[@]}"' \
		_ "$W/rbc.bash" "$@" | sort | tr '\n' ' '
}
expect_eq completion/commands "$(complete_words rbc s)" "scripts serve stale "
expect_eq completion/lint-formats "$(complete_words rbc lint --format "")" "github json junit sarif text "
expect_eq completion/stale-formats "$(complete_words rbc stale -f c)" "csv "
expect_eq completion/lint-options "$(complete_words rbc lint --ma)" "--max-warnings "
expect_eq completion/no-foreign-option "$(complete_words rbc dump --pa)" ""
expect_eq completion/color "$(complete_words rbc build --color a)" "always auto "
expect_eq completion/shells "$(complete_words rbc completion "")" "bash zsh "
run_rbc completion zsh; expect_rc completion/zsh-exit 0
cp "$OUT/last.out" "$W/_rbc"
expect_grep completion/zsh-compdef "$W/_rbc" "#compdef rbc"
if command -v zsh >/dev/null; then
	if zsh -n "$W/_rbc" 2> "$W/zsh.err"; then pass completion/zsh-syntax; else
		fail completion/zsh-syntax "$(head -c 300 "$W/zsh.err")"; fi
else
	skip completion/zsh-syntax "zsh is not installed"
fi
run_rbc completion fish; expect_rc completion/unknown-shell 2
expect_grep completion/unknown-shell-says "$OUT/last.err" "takes bash or zsh"
run_rbc completion; expect_rc completion/no-shell 2

# make install puts both completions where bash-completion and zsh look for them.
# DOCDIR is compiled into the SARIF writer, so it is passed as the build has
# it: a different one would relink ./rbc while other tests run it.
docdir=$(cat "$ROOT/build/docdir.stamp" 2>/dev/null) || docdir=/usr/local/share/doc/rbc
bin_before=$(sha256sum < "$ROOT/rbc" 2>/dev/null)
if make -s -C "$ROOT" install DESTDIR="$W/inst" PREFIX=/usr DOCDIR="$docdir" > "$W/install.log" 2>&1; then
	if [ -n "$bin_before" ]; then
		expect_eq install/no-relink "$(sha256sum < "$ROOT/rbc" 2>/dev/null)" "$bin_before"
	else   # make check alone on a fresh clone tests build/san/rbc: no ./rbc yet to keep
		skip install/no-relink "no ./rbc before make install (make check run on its own)"
	fi
	expect_same install/bash "$W/inst/usr/share/bash-completion/completions/rbc" "$W/rbc.bash"
	expect_same install/zsh "$W/inst/usr/share/zsh/site-functions/_rbc" "$W/_rbc"
else
	fail install/runs "$(tail -c 300 "$W/install.log")"
fi
