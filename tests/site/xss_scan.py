#!/usr/bin/env python3
"""xss_scan.py SITE: no page of SITE may hold a <script> other than the
site's two (assets/search-index.js, assets/site.js, loaded by src), an
on* attribute, or an href/src/action whose scheme is javascript:,
vbscript: or data: once whitespace and case are ignored. Prints each
finding as page:line and exits 1 on any."""
import os
import re
import sys
from html.parser import HTMLParser

SITE_SCRIPTS = ("assets/search-index.js", "assets/site.js")


class Scan(HTMLParser):
    def __init__(self, name):
        super().__init__(convert_charrefs=True)
        self.name, self.found = name, []

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        attrs = dict(attrs)
        for key, value in attrs.items():
            if key.startswith("on"):
                self.found.append(f"{self.name}:{line}: <{tag}> has an event handler {key}")
            if key in ("href", "src", "action") and value is not None:
                scheme = re.sub(r"[\x00-\x20]", "", value).lower().split(":", 1)[0]
                if ":" in value and scheme in ("javascript", "vbscript", "data"):
                    self.found.append(f"{self.name}:{line}: {key}={value!r}")
        if tag == "script" and not (attrs.get("src") or "").endswith(SITE_SCRIPTS):
            self.found.append(f"{self.name}:{line}: a script that is not the site's own: {attrs!r}")
        if tag in ("iframe", "object", "embed"):
            self.found.append(f"{self.name}:{line}: <{tag}>")


found = []
for folder, _, names in os.walk(sys.argv[1]):
    for n in names:
        if n.endswith(".html"):
            path = os.path.join(folder, n)
            s = Scan(os.path.relpath(path, sys.argv[1]))
            s.feed(open(path, encoding="utf-8").read())
            found += s.found
print("\n".join(found) if found else "clean")
sys.exit(1 if found else 0)
