#!/usr/bin/env bash
# stale_git.sh: `rbc stale` against git history. The test builds a
# repository in a scratch folder, dates each commit with GIT_COMMITTER_DATE
# (and GIT_AUTHOR_DATE), and checks which runbooks are flagged as changed
# after their review or as having their review date bumped alone.
GROUP=stale-git
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch git)
if ! command -v git >/dev/null 2>&1; then
	skip all "git is not installed (.ci/run installs it)"
	exit 0
fi
R="$W/repo"
mkdir -p "$R/book" && cd "$R" || exit 1
g() { git -c user.name=Tester -c user.email=tester@corp.example -c commit.gpgsign=false "$@"; }
# commit DATE MESSAGE: commit everything with both dates set to DATE.
commit() {
	g add -A . && GIT_AUTHOR_DATE="$1" GIT_COMMITTER_DATE="$1" g commit -q -m "$2"
}
# rb FILE REVIEWED STEPS...: write a runbook owned by ops.
rb() {
	f=$1 rev=$2; shift 2
	{
		printf -- '---\nowner: ops\ntier: 1\nreviewed: %s\n---\n\n# %s\n\n## Scenario: Down\n\n### Recovery\n' "$rev" "$f"
		n=1; for s in "$@"; do printf '%d. %s\n' "$n" "$s"; n=$((n + 1)); done
	} > "book/$f.md"
}
g init -q .
printf 'contacts:\n  ops:\n    name: Ops\n    verified: 2026-09-01\n' > book/contacts.yaml
rb changed 2026-09-01 Restart
rb bumped 2026-09-01 Restart
rb reviewed 2026-09-01 Restart
rb sameday 2026-09-01 Restart
rb both 2026-09-01 Restart
rb clean 2026-09-01 Restart
echo outside > notes.txt
commit "2026-09-01T09:00:00Z" "Add the book"

rb changed 2026-09-01 Restart "Drain the queue"
commit "2026-09-20T10:00:00Z" "changed: new step, review date untouched"
rb bumped 2026-10-05 Restart
commit "2026-10-05T10:00:00Z" "bumped: review date only"
rb reviewed 2026-10-10 Restart "Check the logs"
commit "2026-10-10T10:00:00Z" "reviewed: new step and review date together"
rb sameday 2026-09-01 Restart "Same-day step"
commit "2026-09-01T18:00:00Z" "sameday: changed on the day of the review"
rb both 2026-10-01 Restart
commit "2026-10-01T10:00:00Z" "both: review date only"
rb both 2026-10-01 Restart "Later step"
commit "2026-10-15T10:00:00Z" "both: a step after the bump"
echo more >> notes.txt
commit "2026-11-01T10:00:00Z" "outside the book"
changed_id=$(git log -1 --format=%H --grep='^changed:' | cut -c1-12)
bumped_id=$(git log -1 --format=%H --grep='^bumped:' | cut -c1-12)
cd "$ROOT" || exit 1

run_rbc stale "$R/book" --as-of 2026-11-15 --format json
expect_rc json-exit 0
expect_json git-checked 'd["git"]["checked"], d["git"]["note"]' "(True, 'history checked: 7 commits')"
kinds='sorted((f["subject"], f["kind"]) for g in d["owners"] for f in g["findings"] if f["kind"] in ("changed", "bumped"))'
expect_json git-findings "$kinds" \
	"[('both.md', 'bumped'), ('both.md', 'changed'), ('bumped.md', 'bumped'), ('changed.md', 'changed')]"
expect_json changed-commit '[(f["commit"], f["commit_date"]) for g in d["owners"] for f in g["findings"] if f["subject"] == "changed.md" and f["kind"] == "changed"]' \
	"[('$changed_id', '2026-09-20')]"
expect_json bumped-commit '[(f["commit"], f["commit_date"]) for g in d["owners"] for f in g["findings"] if f["subject"] == "bumped.md" and f["kind"] == "bumped"]' \
	"[('$bumped_id', '2026-10-05')]"
run_rbc stale "$R/book" --as-of 2026-11-15
expect_grep text-changed "$OUT/last.out" "changed.md: changed in 1 commit after its review on 2026-09-01 (newest: $changed_id on 2026-09-20)"
expect_grep text-bumped "$OUT/last.out" "bumped.md: reviewed date set to 2026-10-05 in commit $bumped_id on 2026-10-05, which changed nothing else"
# History findings are not due or overdue: --fail-on ignores them.
run_rbc stale "$R/book" --as-of 2026-11-15 --within 1d --fail-on due; expect_rc git-not-failing 0

# The book at the root of its repository works the same.
run_rbc stale "$R" --as-of 2026-11-15 --format json
expect_json repo-root "$kinds" \
	"[('book/both.md', 'bumped'), ('book/both.md', 'changed'), ('book/bumped.md', 'bumped'), ('book/changed.md', 'changed')]"

# Uncommitted edits do not count; a book outside git is noted, not failed.
mkdir -p "$W/plain" && cp "$R/book/"*.md "$R/book/contacts.yaml" "$W/plain/"
GIT_CEILING_DIRECTORIES="$W" "$RBC" stale "$W/plain" --as-of 2026-11-15 >"$W/plain.out" 2>&1
expect_grep no-repo-note "$W/plain.out" "history not checked: the book is not inside a git repository with commits"
mkdir -p "$W/nobin"
PATH="$W/nobin" "$RBC" stale "$R/book" --as-of 2026-11-15 >"$W/nogit.out" 2>&1
expect_eq no-git-exit "$?" 0
expect_grep no-git-note "$W/nogit.out" "history not checked: git is not installed"

# File names git quotes in patch headers (spaces, quotes, a backslash,
# non-ASCII, a tab, a newline) are still matched: rbc reads the names from
# `git log -z --raw`.
Q="$W/quoted"
mkdir -p "$Q/book" && cd "$Q" || exit 1
g init -q .
printf 'contacts:\n  ops:\n    name: Ops\n    verified: 2026-09-01\n' > book/contacts.yaml
names=("sp ace" 'qu"ote' 'back\slash' "Ölpumpe down" $'tab\there' $'new\nline' plain)
for n in "${names[@]}"; do rb "$n" 2026-09-01 Restart; done
commit "2026-09-01T09:00:00Z" "Add the book"
for n in "${names[@]}"; do rb "$n" 2026-09-01 Restart "Drain the queue"; done
commit "2026-09-20T10:00:00Z" "new steps, review dates untouched"
cd "$ROOT" || exit 1
run_rbc stale "$Q/book" --as-of 2026-11-15 --format json
expect_json quoted-names-changed 'sorted(f["subject"] for g in d["owners"] for f in g["findings"] if f["kind"] == "changed")' \
	"$(python3 -c 'import sys; print(sorted(a + ".md" for a in sys.argv[1:]))' "${names[@]}")"
