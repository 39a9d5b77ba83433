#!/usr/bin/env python3
"""summary.py DUMP.json: one line per scenario of `rbc dump` output:
"title | section kinds | RTO as written | number of steps", for tests
that write down what a careful human reads in a legacy runbook."""
import json
import sys

d = json.load(open(sys.argv[1], encoding="utf-8"))
for rb in d["runbooks"]:
    for s in rb["scenarios"]:
        kinds = ",".join(x["kind"] for x in s["sections"])
        rto = (s.get("rto") or {}).get("text") or "-"
        steps = sum(len(x["steps"]) for x in s["sections"])
        print(f"{s['title']} | {kinds} | {rto} | {steps}")
