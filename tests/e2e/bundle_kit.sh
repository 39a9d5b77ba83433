#!/usr/bin/env bash
# bundle_kit.sh: `rbc bundle` makes one reproducible kit. The demo book is
# committed into a scratch git repository and bundled twice, from two
# clones in different folders, with different TZ, umask, file mtimes and
# (with faketime) days: the archives are byte-identical. tar shows sorted
# entries, 0/0 owners and fixed modes; the gzip header has no name or
# time; sha256sum -c passes in the unpacked kit; PROVENANCE.json names the
# commit, a clean tree, the counts and valid-until = the earliest due date
# that `rbc stale` reports. Refusals leave no kit: -o inside the book, a
# file rbc did not write, --pdf without WeasyPrint, a book with errors.
GROUP=bundle-kit
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch kit)
[ -n "$W" ] || exit 1
export GIT_CEILING_DIRECTORIES="$W"
unset SOURCE_DATE_EPOCH

# mkbook DIR: the demo book as a git repository with one commit at a fixed date
mkbook() {
	cp -r "$ROOT/runbooks" "$1"
	git -C "$1" init -q
	git -C "$1" add -A
	GIT_AUTHOR_DATE=2026-11-20T12:00:00Z GIT_COMMITTER_DATE=2026-11-20T12:00:00Z \
		git -C "$1" -c user.name=t -c user.email=t@example.invalid commit -qm book
}
mkbook "$W/a"
git clone -q "$W/a" "$W/elsewhere/b"

cd "$W" && run_rbc bundle a -o "$W/k1.tar.gz"; expect_rc build-1 0
touch -d '2030-01-01 00:00' "$W/elsewhere/b/orders-db.md"
mkdir -p "$W/other-cwd"
if [ -n "${RBC_SANITIZED:-}" ]; then FT=(); skip faketime "faketime's LD_PRELOAD cannot load before the sanitizer runtime: the second build runs today"
elif command -v faketime >/dev/null; then FT=(faketime '2027-02-03 04:05:06'); else FT=(); skip faketime "faketime is not installed: the second build runs today"; fi
(cd "$W/other-cwd" && umask 077 && TZ=Pacific/Chatham "${FT[@]}" "$RBC" bundle ../elsewhere/b -o ../k2.tar.gz -q) 2>"$W/k2.err"
rc=$?
if [ "$rc" -eq 0 ]; then pass build-2; else fail build-2 "exit $rc, want 0: $(head -c 800 "$W/k2.err" | tr '\n' '|')"; fi
if [ -s "$W/k1.tar.gz" ] && cmp "$W/k1.tar.gz" "$W/k2.tar.gz" >"$W/cmp.out" 2>&1; then pass byte-identical; else
	fail byte-identical "$(cat "$W/cmp.out")"; fi

# The archive's entries: sorted, owner 0/0, fixed modes
tar tvzf "$W/k1.tar.gz" --numeric-owner > "$W/tv.txt"
tar tzf "$W/k1.tar.gz" > "$W/names.txt"
expect_eq sorted "$(LC_ALL=C sort "$W/names.txt" | cmp - "$W/names.txt" && echo yes)" yes
expect_eq one-root "$(grep -vc '^dr-kit/' "$W/names.txt")" 0
expect_eq owners-0-0 "$(awk '$2 != "0/0"' "$W/tv.txt" | wc -l)" 0
expect_eq scripts-0755 "$(grep -E ' dr-kit/scripts/.*\.sh$' "$W/tv.txt" | awk '$1 != "-rwxr-xr-x"' | wc -l)" 0
expect_eq has-scripts "$(grep -cE ' dr-kit/scripts/.*\.sh$' "$W/tv.txt" | awk '{print ($1 > 10)}')" 1
expect_eq files-0644 "$(grep -vE '\.sh$|/$' "$W/tv.txt" | awk '$1 != "-rw-r--r--"' | wc -l)" 0
expect_eq dirs-0755 "$(grep -E '/$' "$W/tv.txt" | awk '$1 != "drwxr-xr-x"' | wc -l)" 0
expect_eq one-mtime "$(awk '{print $4, $5}' "$W/tv.txt" | sort -u)" "2026-11-20 12:00"
expect_eq no-manifest "$(grep -c 'rbc-manifest' "$W/names.txt")" 0
# gzip header: FLG (byte 3) without FNAME, MTIME (bytes 4-7) zero
expect_eq gzip-header "$(od -A n -t x1 -j 3 -N 5 "$W/k1.tar.gz" | tr -d ' ')" 0000000000

# The unpacked kit checks with coreutils, and holds what the issue lists
mkdir -p "$W/x" && tar xzf "$W/k1.tar.gz" -C "$W/x"
if (cd "$W/x/dr-kit" && sha256sum --strict -c SHA256SUMS) > "$W/sums.out" 2>&1; then pass sha256sum-c; else
	fail sha256sum-c "$(grep -v ': OK$' "$W/sums.out" | head -5)"; fi
expect_eq sums-cover-all "$(grep -c ': OK$' "$W/sums.out")" "$(cd "$W/x/dr-kit" && find . -type f ! -name SHA256SUMS | wc -l)"
for f in index.html handbook.html README.txt PROVENANCE.json scripts/orders-db/scenario-primary-database-down.sh; do
	if [ -f "$W/x/dr-kit/$f" ]; then pass "holds/$f"; else fail "holds/$f" "not in the kit"; fi
done
expect_grep readme-verify "$W/x/dr-kit/README.txt" "minisign -Vm"
P="$W/x/dr-kit/PROVENANCE.json"
cp "$P" "$OUT/last.out"
expect_json commit 'd["commit"]' "$(git -C "$W/a" rev-parse HEAD)"
expect_json clean 'd["tree_clean"]' True
expect_json as-of 'd["as_of"]' 2026-11-20
expect_json build-date 'd["build_date"]' 2026-11-20T12:00:00Z
expect_json version 'd["rbc_version"]' "$("$RBC" --version | awk '{print $2}')"
run_rbc dump "$W/a"
expect_eq counts "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["runbooks"]), sum(len(r["scenarios"]) for r in d["runbooks"]))' "$OUT/last.out")" \
	"$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["runbooks"], d["scenarios"])' "$P")"
run_rbc stale "$W/a" --format json --as-of 2026-11-20 --within 3650d
want=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(min(f["due"] for o in d["owners"] for f in o["findings"] if f.get("due")))' "$OUT/last.out")
expect_eq valid-until "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["valid_until"])' "$P")" "$want"

# SOURCE_DATE_EPOCH wins over the commit time
SOURCE_DATE_EPOCH=1796000000 "$RBC" bundle "$W/a" -o "$W/sde.tar.gz" -q
expect_eq sde-mtime "$(tar tvzf "$W/sde.tar.gz" | awk '{print $4}' | sort -u)" "$(date -u -d @1796000000 +%Y-%m-%d)"

# A dirty tree is recorded, and warned about
echo "<!-- local edit -->" >> "$W/elsewhere/b/orders-db.md"
run_rbc bundle "$W/elsewhere/b" -o "$W/dirty.tar.gz"; expect_rc dirty/exit 0
expect_grep dirty/warning "$OUT/last.err" "changes not committed"
tar xzf "$W/dirty.tar.gz" -C "$W" dr-kit/PROVENANCE.json -O > "$OUT/last.out"
expect_json dirty/provenance 'd["tree_clean"]' False

# Refusals: nothing written, nothing left behind
run_rbc bundle "$W/a" -o "$W/a/kit.tar.gz"; expect_rc inside-book/exit 2
expect_grep inside-book/message "$OUT/last.err" "inside the book"
expect_eq inside-book/nothing "$(ls "$W/a" | grep -c 'kit\|rbc-tmp')" 0
echo "my notes" > "$W/notes.tar.gz"
run_rbc bundle "$W/a" -o "$W/notes.tar.gz"; expect_rc not-ours/exit 2
expect_grep not-ours/message "$OUT/last.err" "is not a kit or signature rbc wrote"
expect_eq not-ours/untouched "$(cat "$W/notes.tar.gz")" "my notes"
run_rbc bundle "$W/a" -o "$W/notes.tar.gz" --force -q; expect_rc not-ours/force 0
run_rbc bundle "$W/a" -o "$W/k1.tar.gz" -q; expect_rc replaces-own-kit 0
mkdir -p "$W/nopdf-bin" && ln -sf "$(command -v git)" "$W/nopdf-bin/git"
PATH="$W/nopdf-bin" "$RBC" bundle "$W/a" -o "$W/pdf.tar.gz" --pdf > "$OUT/last.out" 2> "$OUT/last.err"; echo $? > "$OUT/last.rc"
expect_rc no-weasyprint/exit 2
expect_grep no-weasyprint/message "$OUT/last.err" "--pdf needs WeasyPrint"
expect_eq no-weasyprint/no-kit "$(ls "$W" | grep -c '^pdf')" 0
mkbook "$W/bad"
sed -i 's/^reviewed: .*/reviewed: 2099-01-01/' "$W/bad/orders-db.md"
run_rbc bundle "$W/bad" -o "$W/bad.tar.gz"
expect_eq book-errors/exit "$(last_rc)" 1
expect_eq book-errors/no-kit "$(ls "$W" | grep -c '^bad\.tar\|rbc-tmp')" 0
