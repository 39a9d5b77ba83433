#!/usr/bin/env bash
# scripts_names.sh: no two scenarios share a step script. Ids that differ
# only in non-ASCII letters get distinct (ASCII) names and the site links
# each scenario to its own script; ids that would still meet (a leading
# '.' against '_', or case only, as on a case-insensitive file system)
# fail the book with one error naming both scenarios at file:line:col.
GROUP=scripts-names
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
W=$(scratch names)

# book DIR: a fresh book folder with a contact, for the runbooks below
book() {
	mkdir -p "$1"
	printf 'contacts:\n  ops:\n    name: Ops\n    email: ops@corp.example\n    verified: 2026-10-01\n' >"$1/contacts.yaml"
}
# scenario TITLE ECHO: a scenario with one recovery step that echoes ECHO
scenario() {
	printf '\n## Scenario: %s\n\n**RTO:** 10 min\n\n### Recovery\n1. Restart it\n   ```bash\n   echo %s\n   ```\n' "$1" "$2"
}
front() {
	printf -- '---\nid: %s\ntitle: %s\nowner: ops\nreviewed: 2026-10-01\n---\n\n# %s\n' "$1" "$1" "$1"
}

# Non-ASCII letters: distinct scripts, each linked from its own scenario.
B="$W/utf8"
book "$B"
{ front pumps; scenario 'Ölpumpe down' oel; scenario 'Älpumpe down' aal; scenario 'Öl pumpe' space; } >"$B/pumps.md"
run_rbc build --as-of 2026-11-01 "$B" -o "$W/site"; expect_rc utf8-build 0
n=$(find "$W/site/scripts/pumps" -name '*.sh' | wc -l)
expect_eq utf8-three-scripts "$n" 3
expect_eq utf8-ascii-names "$(find "$W/site/scripts" -name '*.sh' | LC_ALL=C grep -c '[^ -~]')" 0
if [ -f "$W/site/scripts/pumps/scenario-u00d6lpumpe-down.sh" ]; then pass utf8-name; else fail utf8-name "$(ls "$W/site/scripts/pumps")"; fi
# Each scenario heading's script link names a script whose title is that scenario's.
python3 - "$W/site" >"$W/links" <<'PY'
import html.parser, os, re, sys
site = sys.argv[1]
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.h2 = None; self.title = None; self.pairs = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "h2":
            self.h2 = ""
        if tag == "a" and self.title and (a.get("href") or "").startswith("scripts/"):
            self.pairs.append((self.title, a["href"])); self.title = None
    def handle_data(self, d):
        if self.h2 is not None:
            self.h2 += d
    def handle_endtag(self, tag):
        if tag == "h2" and self.h2 is not None:
            t = re.sub(r"^\s*Scenario:\s*", "", self.h2).strip()
            t = re.sub(r"\s*#$", "", t)   # the heading's permalink
            self.title = t if "Scenario" in self.h2 else None
            self.h2 = None
p = P()
p.feed(open(os.path.join(site, "pumps.html"), encoding="utf-8").read())
for title, href in p.pairs:
    path = os.path.join(site, href)
    got = "(missing)"
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            if line.startswith("RBC_TITLE="):
                got = line[len("RBC_TITLE="):].strip().strip("'")
    print("%s -> %s" % (title, "ok" if got == title else "WRONG: " + href + " is " + got))
PY
expect_eq site-links "$(cat "$W/links")" "Ölpumpe down -> ok
Älpumpe down -> ok
Öl pumpe -> ok"

# Names that would still meet: refused, both scenarios named at file:line:col.
C="$W/clash"
book "$C"
{ front pumps; scenario 'Dot {#.hidden}' dot; scenario 'Under {#_hidden}' under; } >"$C/pumps.md"
run_rbc build --as-of 2026-11-01 "$C" -o "$W/clash-site"
expect_rc dot-underscore-build-fails 1
expect_grep dot-underscore-error "$OUT/last.err" "pumps.md:20:1: error: two scenarios would have the same step script: scenario 'Under' and scenario 'Dot' at "
expect_grep dot-underscore-first-loc "$OUT/last.err" "pumps.md:10:1 would both be scripts/pumps/_hidden.sh"
expect_grep dot-underscore-rule "$OUT/last.err" "[script-clash]"
if [ -e "$W/clash-site" ]; then fail dot-underscore-no-output "site written"; else pass dot-underscore-no-output; fi
run_rbc scripts "$C" -o "$W/clash-scripts"
expect_rc dot-underscore-scripts-fails 1
run_rbc lint --as-of 2026-11-01 "$C"
expect_grep dot-underscore-lint "$OUT/last.out" "[script-clash]"

# Case only: Down.sh and down.sh are one file on macOS and Windows.
K="$W/case"
book "$K"
{ front pumps; scenario 'Up {#Down}' one; scenario 'Down {#down}' two; } >"$K/pumps.md"
run_rbc scripts "$K" -o "$W/case-scripts"
expect_rc case-fails 1
expect_grep case-error "$OUT/last.err" "scenario 'Down' and scenario 'Up' at "

# Across runbooks: ids Ops and ops give one scripts/ folder on those systems.
R="$W/runbooks"
book "$R"
{ front Ops; scenario 'Same {#same}' a; } >"$R/a.md"
{ front ops; scenario 'Same {#same}' b; } >"$R/b.md"
run_rbc scripts "$R" -o "$W/runbooks-scripts"
expect_rc runbooks-fail 1
expect_grep runbooks-error "$OUT/last.err" "b.md:10:1: error: two scenarios would have the same step script: scenario 'Same' and scenario 'Same' at "
expect_grep runbooks-error-paths "$OUT/last.err" "a.md:10:1 would be scripts/ops/same.sh and scripts/Ops/same.sh, one file where case does not count"
