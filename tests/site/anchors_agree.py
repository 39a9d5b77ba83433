#!/usr/bin/env python3
"""anchors_agree.py DUMP.json SITE: the anchors a link may point at, as
`rbc dump` gives them (headings' anchors, scenario and procedure ids, and
<unit id>.<step id> for each of their steps: what link-broken accepts,
model.c's rb_runbook_has_anchor), must be exactly the ids each runbook's
page has, leaving out the page's own chrome (rbc.*). Prints each page that
differs; exit 0 when all agree, 1 when one differs, 2 when there is
nothing to compare (no runbooks, or a page missing)."""
import json
import os
import re
import sys


def main():
    dump = json.load(open(sys.argv[1]))
    site = sys.argv[2]
    runbooks = dump.get("runbooks", [])
    if not runbooks:
        print("no runbooks in the dump")
        return 2
    bad = 0
    for r in runbooks:
        want = set(r.get("anchors", []))
        for unit in r.get("scenarios", []) + r.get("procedures", []):
            want.add(unit["id"])
            for sec in unit.get("sections", []):
                for st in sec.get("steps", []):
                    want.add(unit["id"] + "." + st["id"])
        page = os.path.join(site, os.path.splitext(r["path"])[0] + ".html")
        if not os.path.exists(page):
            print("no page %s" % page)
            return 2
        have = {i for i in re.findall(r'\bid="([^"]*)"', open(page, encoding="utf-8").read())
                if not i.startswith("rbc.")}
        if want != have:
            bad += 1
            print("%s: lint only %s; page only %s" % (r["path"], sorted(want - have), sorted(have - want)))
    print("%d runbooks, %d differ" % (len(runbooks), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
