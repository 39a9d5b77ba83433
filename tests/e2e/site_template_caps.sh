#!/usr/bin/env bash
# site_template_caps.sh: a book's templates cannot make a build hang or
# blow up, and a template that cannot be used fails the build (exit 1 or
# 2, never 0) with a diagnostic at the template's file:line:col: partial
# recursion (direct or through another partial) and nested sections have
# depth caps, and a page has caps on its output and on the tags rendered
# (partials that include each other several times multiply).
GROUP=site-template-caps
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2

# book NAME: the lint fixture book (a scenario with an owner, so the
# scenario card and the contact link are rendered) with templates/partials/
book() {
	W=$(scratch "$1")
	V="$W/book"
	cp -R "$ROOT/tests/lint/book" "$V"
	mkdir -p "$V/templates/partials"
}

# build_fails NAME WANT: build $V within 120 s (sanitizer builds on a
# busy machine are slow) and expect a template failure with a diagnostic
# that holds WANT
build_fails() {
	timeout 120 "$RBC" build "$V" -o "$W/site" --as-of 2026-11-22 >"$OUT/last.out" 2>"$OUT/last.err"
	rc=$?
	case $rc in
	1|2) pass "$1-exit" ;;
	*) fail "$1-exit" "exit $rc, want 1 or 2; stderr: $(head -c 300 "$OUT/last.err")" ;;
	esac
	expect_grep "$1-diag" "$OUT/last.err" "$2"
}

# A partial that includes itself; the scenario card is rendered into the
# runbook page's HTML, so its failure must still fail the build.
book self
printf 'card {{> partials/scenario-card.html}}\n' > "$V/templates/partials/scenario-card.html"
build_fails self "templates/partials/scenario-card.html:1:6: error: template error: partials nested deeper than 16"

# Recursion through another partial.
book mutual
printf '{{> partials/other.html}}\n' > "$V/templates/partials/contact-link.html"
printf 'x\n{{#id}}{{> partials/contact-link.html}}{{/id}}\n' > "$V/templates/partials/other.html"
build_fails mutual "templates/partials/other.html:2:8: error: template error: partials nested deeper than 16"

# Sections nested past 64 levels, in the layout.
book sections
{ for i in $(seq 70); do printf '{{#title}}'; done; for i in $(seq 70); do printf '{{/title}}'; done; echo; } > "$V/templates/layout.html"
build_fails sections "templates/layout.html:1:641: error: template error: sections nested deeper than 64"

# Partials that include the next one eight times, eleven deep: 8^11 tags
# with no output at all, in the RTO matrix's page. The page stops at
# 20,000,000 tags.
book fanout
for i in $(seq 11); do
	n=$((i + 1))
	for k in 1 2 3 4 5 6 7 8; do printf '{{> partials/p%d.html}}' $n; done > "$V/templates/partials/p$i.html"
done
: > "$V/templates/partials/p12.html"
printf '{{> partials/p1.html}}\n' > "$V/templates/rto.html"
build_fails fanout "error: template error: the page passed 20,000,000 rendered tags here"
expect_grep fanout-where "$OUT/last.err" "templates/partials/p1"

# The same with 64 KiB of text at the leaves: 8^4 leaves would be 256 MiB;
# the page stops at 128 MiB of output.
book output
for i in $(seq 4); do
	n=$((i + 1))
	for k in 1 2 3 4 5 6 7 8; do printf '{{> partials/p%d.html}}' $n; done > "$V/templates/partials/p$i.html"
done
head -c 65536 /dev/zero | tr '\0' x > "$V/templates/partials/p5.html"
printf '{{> partials/p1.html}}\n' > "$V/templates/rto.html"
build_fails output "error: template error: the page passed 128 MiB of output here"
if [ -d "$W/site" ]; then fail output-no-site "a site was written"; else pass output-no-site; fi
