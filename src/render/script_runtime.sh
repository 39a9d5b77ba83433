# ---- rbc step runner: the same in every script; the data above drives it ----
# Exit status: 0 done, 1 a step failed, 2 usage or preflight, 3 stopped by
# the operator (quit or rollback), 4 stopped at a manual step under --yes,
# 5 nothing to run (the selected phase has no steps).
# bash 4.2 or later (${x,,}, printf's %()T clock): an older bash (macOS's
# /bin/bash is 3.2) stops here, before anything runs, not at a step.
if ((BASH_VERSINFO[0] < 4 || (BASH_VERSINFO[0] == 4 && BASH_VERSINFO[1] < 2))); then
	printf 'rbc: this script needs bash 4.2 or later; this is bash %s\n' "$BASH_VERSION" >&2
	exit 2
fi
readonly RBC_RC_MANUAL=4 RBC_RC_NOTHING=5 RBC_RC_ROLLBACK=10   # 10: internal only
readonly RBC_RECORD_VERSION=1   # the drill record's format (doc/drills.md)
# Variables whose names match these (in any case), or a name or glob of
# RBC_SECRETS from rbc.yaml, are secrets: their values are shown as ***.
readonly RBC_SECRET_PATTERNS=('*TOKEN*' '*PASSWORD*' '*SECRET*' '*_KEY' '*CREDENTIAL*')

RBC_MODE=interactive
RBC_DRY=0
RBC_LIST=0
RBC_FROM=''
RBC_ONLY=''
RBC_PHASE=''
RBC_ALLOW_DESTRUCTIVE=0
RBC_SKIP_MANUAL=0
RBC_IN_ROLLBACK=0
RBC_LOG=/dev/null
RBC_SELECTED=()
RBC_MASK_NAMES=()
RBC_AWK=(awk)
RBC_PLANNED=0
RBC_DONE=()
RBC_SKIPPED=()
RBC_MANUAL_SKIPPED=()
RBC_GROUPS_SHOWN=''
RBC_DRILL=0
RBC_JSONL=''          # the JSON-lines drill record, '' before the run starts
RBC_JSEQ=0
RBC_JPREV=0000000000000000000000000000000000000000000000000000000000000000
RBC_ENDED=0

# Print a message on stderr and exit (status $2, default 2).
rbc_die() {
	printf 'rbc: %s\n' "$1" >&2
	exit "${2:-2}"
}

# --help: the options, the parameters and the tools this script needs.
rbc_usage() {
	local i
	printf 'Usage: %s [options]\n' "$0"
	printf 'Step script for: %s\n' "$RBC_TITLE"
	printf '%s\n' 'Runs the diagnosis, recovery and verification steps, asking before each one.' \
		'' 'Options:' \
		'  --yes                 run without asking; stop at the first failure' \
		'                        and before a manual step (exit 4)' \
		'  --skip-manual         with --yes, skip manual steps and count them' \
		'  --allow-destructive   with --yes, also run destructive steps' \
		'  --dry-run             print the steps and commands; run nothing' \
		'  --list                print each step id and title, tab-separated' \
		'  --from STEP           start at STEP (resume); at a procedure call, its first step' \
		'  --only STEP           run STEP only; a procedure call: every step of it' \
		'  --phase NAME          run one phase: diagnosis, recovery, verification, rollback' \
		'  --rollback            run the rollback phase' \
		'  --drill               this run is a drill, not a real recovery (recorded so)' \
		'  --help                this text' \
		'' 'Parameters (environment variables):'
	if ((${#PARAM_NAMES[@]} == 0)); then
		printf '  (none)\n'
	fi
	for i in "${!PARAM_NAMES[@]}"; do
		if [[ -n ${PARAM_PLACEHOLDERS[i]} ]]; then
			printf '  %s  (replaces %s in the commands)' "${PARAM_NAMES[i]}" "${PARAM_PLACEHOLDERS[i]}"
		else
			printf '  %s' "${PARAM_NAMES[i]}"
		fi
		if rbc_is_secret "${PARAM_NAMES[i]}"; then
			printf '  secret: shown as ***'
		fi
		printf '\n'
	done
	printf '%s\n' '' 'Tools checked before step 1:'
	if ((${#TOOLS[@]} == 0)); then
		printf '  (none)\n'
	else
		printf '  %s\n' "${TOOLS[@]}"
	fi
	printf '%s\n' '' 'Transcript: $RBC_LOG_DIR (default .)/rbc-RUNBOOK-SCENARIO-TIMESTAMP.log' \
		'Record: the same name ending .jsonl, one hash-chained event a line (rbc drills reads it)' \
		'' 'Exit status: 0 done, 1 a step failed, 2 usage or preflight (nothing run),' \
		'3 stopped by the operator, 4 stopped at a manual step (--yes), 5 nothing to run.'
}

# Read the command line into the RBC_* settings.
rbc_parse_args() {
	while (($# > 0)); do
		case $1 in
		--yes | -y) RBC_MODE=yes ;;
		--allow-destructive) RBC_ALLOW_DESTRUCTIVE=1 ;;
		--skip-manual) RBC_SKIP_MANUAL=1 ;;
		--dry-run | -n) RBC_DRY=1 ;;
		--list) RBC_LIST=1 ;;
		--drill) RBC_DRILL=1 ;;
		--from | --only | --phase)
			(($# >= 2)) || rbc_die "$1 needs a value (try --help)"
			case $1 in
			--from) RBC_FROM=$2 ;;
			--only) RBC_ONLY=$2 ;;
			*) RBC_PHASE=$2 ;;
			esac
			shift
			;;
		--from=*) RBC_FROM=${1#*=} ;;
		--only=*) RBC_ONLY=${1#*=} ;;
		--phase=*) RBC_PHASE=${1#*=} ;;
		--rollback) RBC_PHASE=rollback ;;
		-h | --help)
			rbc_usage
			exit 0
			;;
		*) rbc_die "unknown option '$1' (try --help)" ;;
		esac
		shift
	done
	case $RBC_PHASE in
	'' | diagnosis | recovery | verification | rollback) ;;
	*) rbc_die "unknown phase '$RBC_PHASE': use diagnosis, recovery, verification or rollback" ;;
	esac
	if [[ $RBC_SKIP_MANUAL == 1 && $RBC_MODE != yes ]]; then
		rbc_die "--skip-manual goes with --yes (interactively, answer s to skip a step)"
	fi
}

# Succeed when step $1 is step id $2 or runs inside the procedure that
# step $2 calls (its id is $2.N...).
rbc_step_is() {
	[[ ${STEP_IDS[$1]} == "$2" || ${STEP_IDS[$1]} == "$2".* ]]
}

# Print the index of step id $1 (a procedure call: its first step); fail
# when there is no such step.
rbc_step_index() {
	local i
	for i in "${!STEP_IDS[@]}"; do
		if rbc_step_is "$i" "$1"; then
			printf '%s\n' "$i"
			return 0
		fi
	done
	rbc_die "no step '$1' (see --list)"
}

# Fill RBC_SELECTED with the indexes of the steps to run, in order.
rbc_select() {
	local i start='' from_phase=''
	if [[ -n $RBC_ONLY ]]; then
		i=$(rbc_step_index "$RBC_ONLY")
		for i in "${!STEP_IDS[@]}"; do
			! rbc_step_is "$i" "$RBC_ONLY" || RBC_SELECTED+=("$i")
		done
		return 0
	fi
	if [[ -n $RBC_FROM ]]; then
		start=$(rbc_step_index "$RBC_FROM")
		from_phase=${STEP_PHASES[start]}
		if [[ -z $RBC_PHASE && $from_phase == rollback ]]; then
			RBC_PHASE=rollback
		fi
		if [[ -n $RBC_PHASE && $from_phase != "$RBC_PHASE" ]]; then
			rbc_die "step '$RBC_FROM' is not in phase '$RBC_PHASE'"
		fi
	fi
	for i in "${!STEP_IDS[@]}"; do
		if [[ -n $start ]] && ((i < start)); then
			continue
		fi
		if [[ -n $RBC_PHASE ]]; then
			[[ ${STEP_PHASES[i]} == "$RBC_PHASE" ]] || continue
		else
			[[ ${STEP_PHASES[i]} != rollback ]] || continue
		fi
		RBC_SELECTED+=("$i")
	done
}

# Print command text $1 with the placeholders replaced by their parameters.
rbc_subst() {
	local t=$1 i name
	for i in "${!PARAM_NAMES[@]}"; do
		[[ -n ${PARAM_PLACEHOLDERS[i]} ]] || continue
		name=${PARAM_NAMES[i]}
		[[ -n ${!name:-} ]] || continue
		t=${t//"${PARAM_PLACEHOLDERS[i]}"/"${!name}"}
	done
	printf '%s' "$t"
}

# Succeed when variable name $1 looks secret: it matches a pattern of
# RBC_SECRET_PATTERNS or RBC_SECRETS, in any case.
rbc_is_secret() {
	local up=${1^^} pat
	for pat in "${RBC_SECRET_PATTERNS[@]}" "${RBC_SECRETS[@]}"; do
		# shellcheck disable=SC2053 # the right side is a glob on purpose
		[[ $up != ${pat^^} ]] || return 0
	done
	return 1
}

# Fill RBC_MASK_NAMES with every environment variable that looks secret
# (the script's parameters and any other): their values are masked. mawk
# reads a pipe in blocks unless told -W interactive; output must be live.
rbc_find_secrets() {
	local name
	while IFS= read -r name; do
		! rbc_is_secret "$name" || RBC_MASK_NAMES+=("$name")
	done < <(compgen -e)
	if ! command -v awk >/dev/null 2>&1; then
		RBC_AWK=()     # fail closed: preflight stops the run, nothing shows unmasked
	elif [[ $(awk -W version 2>&1 </dev/null) == *mawk* ]]; then
		RBC_AWK=(awk -W interactive)
	fi
}

# Copy stdin to stdout line by line with secrets replaced by ***: each
# line (4 bytes or more) of a value of RBC_MASK_NAMES, longest first, and
# the credential after 'Authorization:' (up to a quote or the end of the
# line) or after 'Bearer' (one word). A credential that starts with $ is
# a variable reference and stays. awk flushes every line: output is live.
rbc_mask() {
	if ((${#RBC_AWK[@]} == 0)); then
		while IFS= read -r _; do :; done
		printf '(hidden: awk is not installed, so secrets could not be masked)\n'
		return 0
	fi
	LC_ALL=C "${RBC_AWK[@]}" -v names="${RBC_MASK_NAMES[*]}" '
	function lit(s, v,   out, p) {
		out = ""
		while ((p = index(s, v)) > 0) {
			out = out substr(s, 1, p - 1) "***"
			s = substr(s, p + length(v))
		}
		return out s
	}
	function cred(s,   out, low, p, stop) {
		out = ""
		low = tolower(s)
		while (match(low, /authorization["\047]?[ \t]*[:=][ \t]*["\047]?([a-z0-9-]+[ \t]+)?|bearer[ \t]+/)) {
			p = RSTART + RLENGTH
			stop = substr(low, RSTART, 1) == "a" ? "^[^\"\047]+" : "^[^ \t\"\047,;]+"
			out = out substr(s, 1, p - 1)
			s = substr(s, p)
			low = substr(low, p)
			if (substr(s, 1, 1) != "$" && match(s, stop)) {
				out = out "***"
				s = substr(s, RLENGTH + 1)
				low = substr(low, RLENGTH + 1)
			}
		}
		return out s
	}
	BEGIN {
		n = split(names, nm, " ")
		k = 0
		for (i = 1; i <= n; i++) {
			m = split(ENVIRON[nm[i]], part, "\n")
			for (j = 1; j <= m; j++)
				if (length(part[j]) >= 4)
					val[++k] = part[j]
		}
		for (i = 1; i <= k; i++)
			for (j = i + 1; j <= k; j++)
				if (length(val[j]) > length(val[i])) {
					t = val[i]
					val[i] = val[j]
					val[j] = t
				}
	}
	{
		line = $0
		for (i = 1; i <= k; i++)
			line = lit(line, val[i])
		print cred(line)
		fflush()
	}'
}

# Print command text $1 as the operator may see it: placeholders filled
# in, secrets masked.
rbc_shown() {
	rbc_subst "$1" | rbc_mask
}

# Text $1 safe for the terminal: ESC and CR shown as ^[ and ^M, so no
# runbook text can move the cursor or hide what will run.
rbc_visible() {
	local t=${1//$'\e'/'^['}
	printf '%s' "${t//$'\r'/'^M'}"
}

# Print text $2 with every line indented by $1.
rbc_indent() {
	local t
	t=$(rbc_visible "${2%$'\n'}")
	printf '%s%s\n' "$1" "${t//$'\n'/$'\n'"$1"}"
}

# Append a line to the transcript.
rbc_log() {
	printf '%s\n' "$1" >>"$RBC_LOG"
}

# The time now in UTC, as ISO 8601. bash's own clock (4.2+), not date(1):
# a run logs several times a step, and a fork and exec of date each time
# cost the runner most of its start-ups.
rbc_now() {
	TZ=UTC0 printf '%(%Y-%m-%dT%H:%M:%SZ)T\n' -1
}

# Print the headings of the procedures step $1 runs inside that were not
# printed yet, outermost first: as --list lines when $2 is list.
rbc_group_heads() {
	local g=${STEP_GROUPS[$1]} k
	local -a chain=()
	while ((g >= 0)); do
		chain=("$g" "${chain[@]}")
		g=${GROUP_PARENTS[g]}
	done
	for k in "${chain[@]}"; do
		[[ " $RBC_GROUPS_SHOWN " != *" $k "* ]] || continue
		RBC_GROUPS_SHOWN+=" $k"
		if [[ $2 == list ]]; then
			printf '%s\t%s\n' "${GROUP_IDS[k]}" "procedure: ${GROUP_TITLES[k]}"
		else
			printf '\n--- [%s] procedure: %s%s ---\n' "${GROUP_IDS[k]}" "$(rbc_visible "${GROUP_TITLES[k]}")" \
				"${GROUP_ESTIMATES[k]:+ (estimate ${GROUP_ESTIMATES[k]})}"
		fi
	done
}

# Set variable $1 to text $2 as a JSON string, quotes included: backslash,
# quote and every control character escaped.
rbc_jstr() {
	local _t=${2//\\/\\\\} _i _h _c
	_t=${_t//\"/\\\"}
	_t=${_t//$'\n'/\\n}
	_t=${_t//$'\t'/\\t}
	_t=${_t//$'\r'/\\r}
	if [[ $_t == *[[:cntrl:]]* ]]; then
		for ((_i = 1; _i < 32; _i++)); do
			printf -v _h '%02x' "$_i"
			printf -v _c "\\x$_h"
			_t=${_t//"$_c"/\\u00$_h}
		done
		_t=${_t//$'\x7f'/\\u007f}
	fi
	printf -v "$1" '"%s"' "$_t"
}

# Set variable $1 to the words $2... as a JSON array of strings.
rbc_jarr() {
	local _jv=$1 _out='' _w _j
	shift
	for _w in "$@"; do
		rbc_jstr _j "$_w"
		_out+=${_out:+,}$_j
	done
	printf -v "$_jv" '[%s]' "$_out"
}

# Append event $1 to the drill record, with the JSON members $2 (may be
# empty) after seq, prev (the SHA-256 of the line before with its line
# end, as `sed -n Np | sha256sum` prints it; zeros on the first), time and
# event. Nothing before the run starts or after it ends.
rbc_event() {
	[[ -n $RBC_JSONL && $RBC_ENDED == 0 ]] || return 0
	local line sum now
	RBC_JSEQ=$((RBC_JSEQ + 1))
	TZ=UTC0 printf -v now '%(%Y-%m-%dT%H:%M:%SZ)T' -1
	line="{\"seq\":$RBC_JSEQ,\"prev\":\"$RBC_JPREV\",\"time\":\"$now\",\"event\":\"$1\"${2:+,$2}}"
	printf '%s\n' "$line" >>"$RBC_JSONL" || rbc_die "cannot write the drill record $RBC_JSONL"
	sum=$(exec sha256sum <<<"$line")   # the here-string adds the line end; the subshell becomes sha256sum
	RBC_JPREV=${sum%% *}
}

# An event about step $2: "step":ID plus the members $3.
rbc_step_event() {
	local id
	rbc_jstr id "${STEP_IDS[$2]}"
	rbc_event "$1" "\"step\":$id${3:+,$3}"
}

# Show step $1: id, title, estimate, text and every command.
rbc_show_step() {
	local i=$1 c last
	rbc_group_heads "$i" show
	printf '\n==> [%s] %s\n' "${STEP_IDS[i]}" "$(rbc_visible "${STEP_TITLES[i]}")"
	if [[ -n ${STEP_ESTIMATES[i]} ]]; then
		printf '    estimate: %s\n' "${STEP_ESTIMATES[i]}"
	fi
	if [[ ${STEP_DESTRUCTIVE[i]} == 1 ]]; then
		printf '    !! DESTRUCTIVE step\n'
	fi
	if [[ -n ${STEP_DETAILS[i]} ]]; then
		rbc_indent '    ' "${STEP_DETAILS[i]}"
	fi
	last=$((STEP_CMD_FIRST[i] + STEP_CMD_COUNT[i]))
	for ((c = STEP_CMD_FIRST[i]; c < last; c++)); do
		if [[ ${CMD_RUN[c]} == 1 ]]; then
			printf '    run:\n'
		else
			printf '    manual (%s, not run by this script):\n' "${CMD_LANGS[c]}"
		fi
		rbc_indent '      ' "$(rbc_shown "${CMD_SHOWN[c]}")"
	done
}

# Ask $1 and print the answer, lower-cased; fail at end of input.
rbc_ask() {
	local ans
	printf '%s ' "$1" >&2
	IFS= read -r ans || return 1
	printf '%s\n' "${ans,,}"
}

# A destructive step needs its id typed; succeed when it was.
rbc_confirm_destructive() {
	local ans
	printf 'Step %s is DESTRUCTIVE. Type its id to run it: ' "${STEP_IDS[$1]}" >&2
	IFS= read -r ans || return 1
	if [[ $ans == "${STEP_IDS[$1]}" ]]; then
		rbc_step_event confirm "$1" '"answer":"destructive id typed"'
		return 0
	fi
	printf 'Not confirmed.\n' >&2
	return 1
}

# Run command $1 of step $2, output masked and tee'd into the transcript;
# its status.
rbc_run_cmd() {
	local text rc=0
	local shown j
	text=$(rbc_subst "${CMD_TEXTS[$1]}")
	shown=$(rbc_shown "${CMD_TEXTS[$1]}")
	rbc_log "\$ $shown"
	rbc_jstr j "$shown"
	rbc_step_event command "$2" "\"command\":$j"
	"${BASH:-bash}" -Eeuo pipefail -c "$text" "rbc-${STEP_IDS[$2]}" </dev/null 2>&1 | rbc_mask | tee -a "$RBC_LOG" || rc=$?
	return "$rc"
}

# Succeed when step $1 has a block that is run (want 1) or one that is
# not (want 0).
rbc_has_block() {
	local c last=$((STEP_CMD_FIRST[$1] + STEP_CMD_COUNT[$1]))
	for ((c = STEP_CMD_FIRST[$1]; c < last; c++)); do
		[[ ${CMD_RUN[c]} != "$2" ]] || return 0
	done
	return 1
}

# Succeed when step $1 is manual: it has no command, or a block that the
# script does not run (a human must do it).
rbc_is_manual() {
	((STEP_CMD_COUNT[$1] == 0)) || rbc_has_block "$1" 0
}

# --yes reached manual step $1 (next selected step $2, or none): say what
# to do and how to resume.
rbc_manual_stop() {
	local msg="step ${STEP_IDS[$1]} is manual: do it"
	if [[ -n $2 ]]; then
		msg="$msg, then resume with --from ${STEP_IDS[$2]}"
		[[ -z $RBC_PHASE || $RBC_PHASE == rollback ]] || msg="$msg --phase $RBC_PHASE"
	else
		msg="$msg by hand; it was the last step to run"
	fi
	printf 'rbc: %s\n' "$msg" >&2
	rbc_log "stopped: $msg"
	local j
	rbc_jstr j "$msg"
	rbc_step_event stop "$1" "\"reason\":$j"
}

# Run the commands of step $1 after it was accepted. Status: 0 done or
# skipped, 1 failed, 3 quit, 4 rollback wanted.
rbc_exec_step() {
	local i=$1 c last rc ans
	last=$((STEP_CMD_FIRST[i] + STEP_CMD_COUNT[i]))
	if ((STEP_CMD_COUNT[i] == 0)); then
		rbc_log "manual step done, as the operator confirmed"
		rbc_step_event confirm "$i" '"answer":"manual step done"'
	fi
	for ((c = STEP_CMD_FIRST[i]; c < last; c++)); do
		if [[ ${CMD_RUN[c]} != 1 ]]; then
			rbc_log "manual ${CMD_LANGS[c]} block done, as the operator confirmed"
			rbc_step_event confirm "$i" '"answer":"manual block done"'
			continue
		fi
		while true; do
			rc=0
			rbc_run_cmd "$c" "$i" || rc=$?
			rbc_log "exit status $rc"
			rbc_step_event command_end "$i" "\"status\":$rc"
			((rc != 0)) || break
			printf 'rbc: step %s failed (exit %s)\n' "${STEP_IDS[i]}" "$rc" >&2
			[[ $RBC_MODE != yes ]] || return 1
			ans=$(rbc_ask '[r]etry / [s]kip / [b]ack out (rollback) / [q]uit?') || return 1
			case $ans in
			r | retry)
				rbc_log "retry"
				rbc_step_event retry "$i"
				;;
			s | skip)
				rbc_log "skipped after failure"
				rbc_step_event skip "$i" '"reason":"after failure"'
				RBC_SKIPPED+=("${STEP_IDS[i]}")
				return 0
				;;
			b | rollback) [[ $RBC_IN_ROLLBACK == 1 ]] || return "$RBC_RC_ROLLBACK" ;;
			q | quit) return 1 ;;
			esac
		done
	done
	RBC_DONE+=("${STEP_IDS[i]}")
	return 0
}

# Show, confirm and run step $1. Status as rbc_exec_step, or RBC_RC_MANUAL
# when --yes reached a manual step (and --skip-manual was not given).
rbc_do_step() {
	local i=$1 rc=0 ans question prompt='[y]es / [s]kip / [q]uit / [r]ollback?'
	rbc_show_step "$i"
	if [[ $RBC_DRY == 1 ]]; then
		! rbc_is_manual "$i" || printf '    manual step: --yes stops here, --yes --skip-manual skips it\n'
		printf '    (dry run: nothing executed)\n'
		return 0
	fi
	if [[ $RBC_MODE == yes ]] && rbc_is_manual "$i"; then
		if [[ $RBC_SKIP_MANUAL == 0 ]]; then
			return "$RBC_RC_MANUAL"
		fi
		printf '    (manual step skipped: --skip-manual)\n'
		rbc_log "== ${STEP_IDS[i]} skipped $(rbc_now): manual step (--skip-manual)"
		rbc_step_event skip "$i" '"reason":"manual step (--skip-manual)"'
		RBC_MANUAL_SKIPPED+=("${STEP_IDS[i]}")
		return 0
	fi
	[[ $RBC_IN_ROLLBACK == 0 ]] || prompt='[y]es / [s]kip / [q]uit?'
	question="Run ${STEP_IDS[i]}?"
	if rbc_is_manual "$i"; then
		question="${STEP_IDS[i]} is manual: done it?"
		! rbc_has_block "$i" 1 || question="${STEP_IDS[i]} has manual work: done it, and run its commands?"
	fi
	if [[ $RBC_MODE != yes ]]; then
		while true; do
			ans=$(rbc_ask "$question $prompt") || return 3
			case $ans in
			y | yes)
				rbc_step_event confirm "$i" '"answer":"yes"'
				if [[ ${STEP_DESTRUCTIVE[i]} != 1 ]] || rbc_confirm_destructive "$i"; then
					break
				fi
				;;
			s | skip)
				rbc_log "== ${STEP_IDS[i]} skipped $(rbc_now)"
				rbc_step_event skip "$i" '"reason":"operator"'
				RBC_SKIPPED+=("${STEP_IDS[i]}")
				return 0
				;;
			q | quit) return 3 ;;
			r | rollback) [[ $RBC_IN_ROLLBACK == 1 ]] || return "$RBC_RC_ROLLBACK" ;;
			esac
		done
	fi
	local j
	rbc_log "== ${STEP_IDS[i]} start $(rbc_now): ${STEP_TITLES[i]}"
	rbc_jstr j "${STEP_TITLES[i]}"
	rbc_step_event step_start "$i" "\"phase\":\"${STEP_PHASES[i]}\",\"title\":$j"
	rbc_exec_step "$i" || rc=$?
	rbc_log "== ${STEP_IDS[i]} end $(rbc_now) status $rc"
	rbc_step_event step_end "$i" "\"status\":$rc"
	return "$rc"
}

# Run the steps given as indexes; stop at the first non-zero status.
rbc_run_steps() {
	local k rc
	local -a steps=("$@")
	RBC_PLANNED=$((RBC_PLANNED + $#))
	for k in "${!steps[@]}"; do
		rc=0
		rbc_do_step "${steps[k]}" || rc=$?
		if ((rc == RBC_RC_MANUAL)); then
			rbc_manual_stop "${steps[k]}" "${steps[k + 1]:-}"
		fi
		((rc == 0)) || return "$rc"
	done
	return 0
}

# Check parameters and tools of the selected steps; report what is missing.
rbc_preflight() {
	local i c last name t ok=0 re='^[A-Za-z0-9._:/@+,=%~-]+$'
	local -a names tools missing=() badval=() notools=()
	for i in "${RBC_SELECTED[@]}"; do
		last=$((STEP_CMD_FIRST[i] + STEP_CMD_COUNT[i]))
		for ((c = STEP_CMD_FIRST[i]; c < last; c++)); do
			[[ ${CMD_RUN[c]} == 1 ]] || continue
			read -r -a names < <(printf '%s\n' "${CMD_PARAMS[c]}")
			for name in "${names[@]}"; do
				if [[ -z ${!name:-} ]]; then
					[[ " ${missing[*]} " == *" $name "* ]] || missing+=("$name")
				fi
			done
			read -r -a tools < <(printf '%s\n' "${CMD_TOOLS[c]}")
			for t in "${tools[@]}"; do
				if ! command -v -- "$t" >/dev/null 2>&1; then
					[[ " ${notools[*]} " == *" $t "* ]] || notools+=("$t")
				fi
			done
		done
	done
	for i in "${!PARAM_NAMES[@]}"; do
		name=${PARAM_NAMES[i]}
		if [[ -n ${PARAM_PLACEHOLDERS[i]} && -n ${!name:-} && ! ${!name} =~ $re ]]; then
			badval+=("$name")
		fi
	done
	if ((${#missing[@]} > 0)); then
		printf 'rbc: missing parameters (set them in the environment): %s\n' "${missing[*]}" >&2
		ok=1
	fi
	if ((${#badval[@]} > 0)); then
		printf 'rbc: placeholder values may only hold letters, digits and ._:/@+,=%%~-: %s\n' "${badval[*]}" >&2
		ok=1
	fi
	if ((${#RBC_AWK[@]} == 0)); then
		notools+=("awk (the script masks secrets with it)")
	fi
	if ! command -v sha256sum >/dev/null 2>&1; then
		notools+=("sha256sum (the drill record's hash chain)")
	fi
	if ((${#notools[@]} > 0)); then
		printf 'rbc: missing tools (not on PATH): %s\n' "${notools[*]}" >&2
		ok=1
	fi
	return "$ok"
}

# Print seconds $1 as 1h02m03s.
rbc_fmt_secs() {
	printf '%dh%02dm%02ds' $(($1 / 3600)) $(($1 % 3600 / 60)) $(($1 % 60))
}

# Open the transcript and write its header.
rbc_open_log() {
	local dir=${RBC_LOG_DIR:-.} sum now
	TZ=UTC0 printf -v now '%(%Y%m%dT%H%M%SZ)T' -1
	RBC_LOG="$dir/rbc-$RBC_RUNBOOK-$RBC_SCENARIO-$now.log"
	sum=$(sha256sum -- "$0" 2>/dev/null || shasum -a 256 -- "$0" 2>/dev/null || echo unknown)
	{
		printf 'rbc transcript: %s / %s\n' "$RBC_RUNBOOK" "$RBC_SCENARIO"
		printf 'title: %s\n' "$RBC_TITLE"
		printf 'operator: %s\n' "${SUDO_USER:-${USER:-$(id -un 2>/dev/null || echo unknown)}}"
		printf 'host: %s\n' "$(uname -n 2>/dev/null || echo unknown)"
		printf 'script: %s sha256 %s\n' "$0" "${sum%% *}"
		printf 'started: %s mode %s, %s\n' "$(rbc_now)" "$RBC_MODE" "$( ((RBC_DRILL)) && echo drill || echo real)"
		printf 'record: %s\n' "${RBC_LOG%.log}.jsonl"
	} >>"$RBC_LOG" || rbc_die "cannot write the transcript $RBC_LOG"
	printf 'rbc: transcript in %s\n' "$RBC_LOG"
	rbc_open_record "$sum"
}

# The run's settings and the book's facts as JSON members, for run_start:
# ids, commit, the script's (sha256sum output $1) and the scenario's
# digests, operator, host, mode, RTO and every step with its estimate.
rbc_start_members() {
	local m j k lo hi sj=''
	rbc_jstr j "$RBC_RUNBOOK"
	m="\"record\":$RBC_RECORD_VERSION,\"runbook\":$j"
	rbc_jstr j "$RBC_SCENARIO"
	m+=",\"scenario\":$j"
	rbc_jstr j "$RBC_TITLE"
	m+=",\"title\":$j"
	if [[ -n $RBC_BOOK_COMMIT ]]; then m+=",\"book_commit\":\"$RBC_BOOK_COMMIT\""; else m+=',"book_commit":null'; fi
	rbc_jstr j "$0"
	m+=",\"script\":$j,\"script_sha256\":\"${1%% *}\",\"scenario_sha256\":\"$RBC_SCENARIO_SHA256\""
	rbc_jstr j "${SUDO_USER:-${USER:-$(id -un 2>/dev/null || echo unknown)}}"
	m+=",\"operator\":$j"
	rbc_jstr j "$(uname -n 2>/dev/null || echo unknown)"
	m+=",\"host\":$j,\"rbc\":\"$RBC_VERSION\""
	if [[ $RBC_DRILL == 1 ]]; then m+=',"mode":"drill"'; else m+=',"mode":"real"'; fi
	m+=",\"answers\":\"$RBC_MODE\""
	rbc_jstr j "$RBC_PHASE"
	m+=",\"phase\":$j"
	rbc_jstr j "$RBC_FROM"
	m+=",\"from\":$j"
	rbc_jstr j "$RBC_ONLY"
	m+=",\"only\":$j"
	rbc_jstr j "$RBC_RTO"
	m+=",\"rto\":$j,\"rto_seconds\":$RBC_RTO_SECONDS"
	for k in "${!STEP_IDS[@]}"; do
		rbc_jstr j "${STEP_IDS[k]}"
		sj+="${sj:+,}{\"id\":$j,\"phase\":\"${STEP_PHASES[k]}\""
		if [[ -n ${STEP_EST_SECS[k]} ]]; then
			lo=${STEP_EST_SECS[k]% *} hi=${STEP_EST_SECS[k]#* }
			rbc_jstr j "${STEP_ESTIMATES[k]}"
			sj+=",\"estimate\":$j,\"estimate_lo\":$lo,\"estimate_hi\":$hi"
		fi
		[[ " ${RBC_SELECTED[*]} " != *" $k "* ]] || sj+=',"selected":true'
		sj+='}'
	done
	printf '%s' "$m,\"steps\":[$sj]"
}

# Open the JSON-lines record beside the transcript (never one that exists:
# each record is one run, one chain) and write run_start; $1 is the
# script's sha256sum output. From here an exit of any kind writes run_end.
rbc_open_record() {
	local f=${RBC_LOG%.log}.jsonl
	[[ ! -e $f ]] || f=${RBC_LOG%.log}-$$.jsonl
	(set -o noclobber && : >"$f") 2>/dev/null || rbc_die "cannot create the drill record $f"
	RBC_JSONL=$f
	rbc_event run_start "$(rbc_start_members "$1")"
	trap 'rbc_record_exit $?' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

# The EXIT trap: a run that ends without its summary (interrupted, or a
# failure inside the runner) still ends its record, as interrupted.
rbc_record_exit() {
	((RBC_ENDED == 1)) || rbc_event run_end "\"status\":$1,\"interrupted\":true"
	rbc_seal
}

# End the record with a seal, a line that states nothing, so that an
# edit of run_end breaks the chain too; the transcript keeps the seal's
# hash (an auditor can compare it with the record's last line).
rbc_seal() {
	((RBC_ENDED == 1)) || [[ -z $RBC_JSONL ]] || {
		rbc_event seal
		rbc_log "record: $RBC_JSONL sealed; its last line's sha256 is $RBC_JPREV"
	}
	RBC_ENDED=1
}

# Print and log what was done (steps done, skipped, manual steps skipped)
# and the time elapsed since $1 (seconds since the epoch) against the RTO.
rbc_summary() {
	local now elapsed line
	printf -v now '%(%s)T' -1
	elapsed=$((now - $1))
	line="${#RBC_DONE[@]} of $RBC_PLANNED steps done"
	if ((${#RBC_SKIPPED[@]} > 0)); then
		line="$line, ${#RBC_SKIPPED[@]} skipped (${RBC_SKIPPED[*]})"
	fi
	if ((${#RBC_MANUAL_SKIPPED[@]} > 0)); then
		line="$line, ${#RBC_MANUAL_SKIPPED[@]} manual skipped, NOT done (${RBC_MANUAL_SKIPPED[*]})"
	fi
	line="$line; elapsed $(rbc_fmt_secs "$elapsed")"
	if ((RBC_RTO_SECONDS > 0)); then
		line="$line of RTO $RBC_RTO ($(rbc_fmt_secs "$RBC_RTO_SECONDS"))"
		((elapsed <= RBC_RTO_SECONDS)) || line="$line: OVER the RTO"
	fi
	printf 'rbc: %s; status %s\n' "$line" "$2"
	rbc_log "finished $(rbc_now): $line; status $2"
	local dn skipped manual j over=false
	((RBC_RTO_SECONDS == 0 || elapsed <= RBC_RTO_SECONDS)) || over=true
	rbc_jarr dn "${RBC_DONE[@]}"
	rbc_jarr skipped "${RBC_SKIPPED[@]}"
	rbc_jarr manual "${RBC_MANUAL_SKIPPED[@]}"
	rbc_jstr j "$line"
	rbc_event run_end "\"status\":$2,\"done\":$dn,\"skipped\":$skipped,\"manual_skipped\":$manual,\"elapsed\":$elapsed,\"over_rto\":$over,\"summary\":$j"
	rbc_seal
}

# Exit with RBC_RC_NOTHING: the selection is empty, so say why.
rbc_nothing() {
	case $RBC_PHASE in
	rollback) rbc_die "nothing to roll back: this scenario has no rollback steps" "$RBC_RC_NOTHING" ;;
	'') rbc_die "nothing to run: this scenario has no diagnosis, recovery or verification steps" "$RBC_RC_NOTHING" ;;
	*) rbc_die "nothing to run: this scenario has no $RBC_PHASE steps" "$RBC_RC_NOTHING" ;;
	esac
}

rbc_main() {
	local i rc=0 start destructive=()
	rbc_parse_args "$@"
	if [[ $RBC_LIST == 1 ]]; then
		for i in "${!STEP_IDS[@]}"; do
			rbc_group_heads "$i" list
			printf '%s\t%s\n' "${STEP_IDS[i]}" "${STEP_TITLES[i]}"
		done
		return 0
	fi
	rbc_select
	((${#RBC_SELECTED[@]} > 0)) || rbc_nothing
	rbc_find_secrets
	if [[ $RBC_DRY == 1 ]]; then
		rbc_preflight || printf 'rbc: (dry run: the real run would stop here)\n' >&2
		rbc_run_steps "${RBC_SELECTED[@]}"
		return 0
	fi
	for i in "${RBC_SELECTED[@]}"; do
		[[ ${STEP_DESTRUCTIVE[i]} != 1 ]] || destructive+=("${STEP_IDS[i]}")
	done
	if [[ $RBC_MODE == yes && $RBC_ALLOW_DESTRUCTIVE == 0 && ${#destructive[@]} -gt 0 ]]; then
		rbc_die "destructive steps need --allow-destructive with --yes: ${destructive[*]}"
	fi
	rbc_preflight || rbc_die "preflight failed; nothing was run"
	rbc_open_log
	printf -v start '%(%s)T' -1   # the clock the transcript's times come from
	rbc_run_steps "${RBC_SELECTED[@]}" || rc=$?
	if ((rc == RBC_RC_ROLLBACK)); then
		printf '\nrbc: rolling back\n'
		rbc_log "rollback requested $(rbc_now)"
		rbc_event rollback
		RBC_IN_ROLLBACK=1
		rc=3
		RBC_SELECTED=()
		for i in "${!STEP_IDS[@]}"; do
			[[ ${STEP_PHASES[i]} != rollback ]] || RBC_SELECTED+=("$i")
		done
		if ((${#RBC_SELECTED[@]} > 0)); then
			rbc_run_steps "${RBC_SELECTED[@]}" || rc=1
		else
			printf 'rbc: nothing to roll back: this scenario has no rollback steps\n' >&2
			rbc_log "nothing to roll back: no rollback steps"
		fi
	fi
	if ((rc == 0 && ${#RBC_DONE[@]} == 0)); then
		# every selected step was skipped: the run did nothing, so it must not say done
		printf 'rbc: no step was done: every selected step was skipped\n' >&2
		rbc_log "no step was done"
		rc=$RBC_RC_NOTHING
	fi
	rbc_summary "$start" "$rc"
	return "$rc"
}

rbc_main "$@"
