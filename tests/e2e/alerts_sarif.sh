#!/usr/bin/env bash
# tier: full
# alerts_sarif.sh: the alerts fixture book's lint in SARIF passes
# Microsoft's validator (sarif-multitool, a .NET program: 1.6 s of CPU, so
# the quick tier validates only the lint fixture and hostile books, in
# lint_formats.sh; tests/golden/alerts-book.lint.sarif pins this one).
GROUP=alerts-sarif
source "${ROOT:?run it through tests/run.sh (make test)}/tests/lib.sh" || exit 2
ASOF=2026-12-01
W=$(scratch work)
cp -R "$ROOT/tests/alerts/book" "$W/book"

if ! command -v sarif-multitool >/dev/null; then
	skip sarif-validator "sarif-multitool is not installed (npm install -g @microsoft/sarif-multitool)"
else
	(cd "$W" && "$RBC" lint book --as-of $ASOF --format sarif > "$W/v.sarif")
	DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 sarif-multitool validate "$W/v.sarif" \
		-o "$W/validation.sarif" --log ForceOverwrite > "$W/validator.out" 2>&1
	got=$(python3 - "$W/validation.sarif" <<'PY' 2>&1
import json, sys
d = json.load(open(sys.argv[1]))
found = [(r.get('level', 'warning'), r['ruleId']) for run in d['runs'] for r in run.get('results', [])
         if r.get('level', 'warning') in ('error', 'warning')]
print(found or 'clean')
PY
)
	if [ "$got" = clean ]; then pass sarif-validator; else fail sarif-validator "$got $(head -c 600 "$W/validator.out")"; fi
fi
