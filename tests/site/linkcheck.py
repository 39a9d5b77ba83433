#!/usr/bin/env python3
"""linkcheck.py SITE: an independent check of a built site (Python's own
HTML parser, not rbc's libxml2 one). Every internal href and src must name
a file of the site, every fragment an id on the target page; ids are
unique per page; no URL is absolute (file:, a leading '/') and none names
a machine path. Prints one line per problem and a summary; exit 1 on any."""
import os
import sys
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit


class Page(HTMLParser):
    def __init__(self, name):
        super().__init__(convert_charrefs=True)
        self.name, self.ids, self.links, self.problems = name, set(), [], []

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        for key, value in attrs:
            if key == "id":
                if value in self.ids:
                    self.problems.append(f"{self.name}:{line}: duplicate id '{value}'")
                self.ids.add(value)
            elif key in ("href", "src") and value is not None:
                self.links.append((line, value))


def main(site):
    pages, files = {}, set()
    for folder, _, names in os.walk(site):
        for n in names:
            rel = os.path.relpath(os.path.join(folder, n), site).replace(os.sep, "/")
            files.add(rel)
            if n.endswith(".html"):
                p = Page(rel)
                with open(os.path.join(folder, n), encoding="utf-8") as f:
                    p.feed(f.read())
                pages[rel] = p
    problems, nlinks = [], 0
    for rel, p in sorted(pages.items()):
        problems += p.problems
        for line, url in p.links:
            nlinks += 1
            parts = urlsplit(url)
            if parts.scheme in ("http", "https", "mailto", "tel"):
                continue
            if parts.scheme or url.startswith("/"):
                problems.append(f"{rel}:{line}: not a relative URL: {url}")
                continue
            path = unquote(parts.path)
            target = os.path.normpath(os.path.join(os.path.dirname(rel), path)).replace(os.sep, "/") if path else rel
            if target not in files:
                problems.append(f"{rel}:{line}: {url}: no such file {target}")
            elif parts.fragment and (target not in pages or unquote(parts.fragment) not in pages[target].ids):
                problems.append(f"{rel}:{line}: {url}: no id '{unquote(parts.fragment)}' on {target}")
    for msg in problems:
        print(msg)
    print(f"{len(pages)} pages, {nlinks} links, {len(problems)} problems")
    return 1 if problems or not pages else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
