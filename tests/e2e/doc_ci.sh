#!/bin/bash
# doc_ci.sh: the CI recipes in doc/ci.md work for a book kept in a
# runbooks/ folder of a larger repository. Their YAML parses, their shell
# steps pass bash -n, the GitHub step runs against such a repository with
# a real git remote, and the shipped pre-commit hook runs with the real
# pre-commit, configured as the doc says.
GROUP=doc-ci
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch ci)
export GIT_CEILING_DIRECTORIES="$W" GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com \
	GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com GIT_CONFIG_NOSYSTEM=1 HOME="$W/home"
mkdir -p "$W/home" "$W/bin"
ln -sf "$RBC" "$W/bin/rbc"
export PATH="$W/bin:$PATH"

# Every ```yaml block of doc/ci.md, one file each; and the run: steps of the workflow.
if python3 - "$ROOT/doc/ci.md" "$W" > "$W/yaml.txt" 2>&1 <<'PY'
import re, sys, yaml
text = open(sys.argv[1], encoding="utf-8").read()
blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
for i, b in enumerate(blocks):
    d = yaml.safe_load(b)
    first = b.splitlines()[0]
    name = "github" if "workflows" in first else "precommit" if "pre-commit" in first else "gitlab" if "gitlab" in first else "other%d" % i
    open(f"{sys.argv[2]}/{name}.yaml", "w").write(b)
    print(name)
    if name == "github":
        for j, st in enumerate(d["jobs"]["lint"]["steps"]):
            if "run" in st:
                open(f"{sys.argv[2]}/step{j}.sh", "w").write(st["run"])
                print("step%d %s" % (j, st.get("name", "")))
        print("env BOOK=" + d["env"]["BOOK"])
    if name == "precommit":
        h = d["repos"][0]["hooks"][0]
        print("hook %s args=%s files=%s" % (h["id"], h.get("args"), h.get("files")))
PY
then pass yaml-parses; else fail yaml-parses "$(tail -c 400 "$W/yaml.txt")"; fi
expect_grep has-github "$W/yaml.txt" "github"
expect_grep has-gitlab "$W/yaml.txt" "gitlab"
expect_grep github-book "$W/yaml.txt" "env BOOK=runbooks"
expect_grep precommit-book "$W/yaml.txt" "hook rbc-lint args=['runbooks'] files=^runbooks/"
bad=""
for s in "$W"/step*.sh; do bash -n "$s" 2>>"$W/bashn.err" || bad="$bad $(basename "$s")"; done
expect_eq steps-bash-n "$bad" ""
lintstep=$(grep -l 'rbc lint' "$W"/step*.sh | head -1)
[ -n "$lintstep" ] && pass has-lint-step || fail has-lint-step "no run: step calls rbc lint"

# A repository with code, a README and the book in runbooks/, and a remote.
R="$W/repo"
mkdir -p "$R/src" && cd "$R" || exit 0
git init -q -b main .
cp -r "$ROOT/runbooks" "$R/runbooks"
printf '# Service\n\nNot a runbook: [missing](nowhere.md)\n' > README.md
printf '# Notes\n' > src/notes.md
git add -A && git commit -qm base
git clone -q --bare "$R" "$W/origin.git" && git remote add origin "$W/origin.git" && git fetch -q origin
git checkout -q -b feature
# a change outside the book, a clean new runbook with a space and a non-ASCII letter in its name
printf '# Service\n\nStill not a runbook: [x](gone.md)\n' > README.md
sed 's/^title: .*/title: Session cache (copy)/; s/^id: .*/id: session-cache-copy/' runbooks/session-cache.md > "runbooks/café notes.md"
git add -A && git commit -qm change
# lint_step: run the workflow's lint step as GitHub would, in the checkout
lint_step() { (cd "$R" && BOOK=runbooks GITHUB_BASE_REF=main GITHUB_WORKSPACE="$R" bash -e "$lintstep") > "$W/step.out" 2> "$W/step.err"; }
lint_step
expect_eq github/clean-exit "$?" 0
expect_no_grep github/no-readme "$W/step.out" "README.md"
# break the new runbook: a link to a missing runbook is an error, reported as an annotation
printf '\nSee [the old page](no-such-runbook.md).\n' >> "runbooks/café notes.md"
git commit -qam broken
lint_step
rc=$?   # xargs turns rbc's 1 into 123; either fails the job
if [ "$rc" = 1 ] || [ "$rc" = 123 ]; then pass github/error-exit; else fail github/error-exit "exit $rc, want 1 or 123"; fi
expect_grep github/annotation "$W/step.out" "::error file=runbooks/café notes.md"
expect_no_grep github/unchanged-quiet "$W/step.out" "orders-db.md"

# pre-commit: the shipped hook, configured as doc/ci.md says, on the staged files
if command -v pre-commit >/dev/null; then
	sha=$(git -C "$ROOT" rev-parse HEAD)
	sed -e "s|repo: https://YOUR-GIT-HOST/rbc.git|repo: $ROOT|" -e "s|rev: v0.1.0|rev: $sha|" "$W/precommit.yaml" > "$R/.pre-commit-config.yaml"
	export PRE_COMMIT_HOME="$W/pc-home"
	git add .pre-commit-config.yaml
	pre-commit run --files "runbooks/café notes.md" README.md > "$W/pc.out" 2>&1
	expect_eq precommit/error-exit "$?" 1
	expect_grep precommit/finding "$W/pc.out" "café notes.md"
	git checkout -q main -- . 2>/dev/null; git rm -q --cached "runbooks/café notes.md"; rm -f "runbooks/café notes.md"
	pre-commit run --files runbooks/orders-db.md README.md src/notes.md > "$W/pc2.out" 2>&1
	expect_eq precommit/clean-exit "$?" 0
	expect_grep precommit/ran "$W/pc2.out" "rbc lint"
else
	skip precommit "pre-commit is not installed (Debian package pre-commit)"
fi
