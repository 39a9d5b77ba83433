#!/usr/bin/env python3
"""blocks.py FILE: what `rbc import` must never lose, counted with
cmark-gfm's own parser: fenced code blocks, tables, list items, and the
concatenated text of the code blocks (printed as its SHA-256).
The front matter (if any) is left out, as rbc reads it apart."""
import hashlib, subprocess, sys, xml.etree.ElementTree as ET

text = open(sys.argv[1], encoding="utf-8").read()
if text.startswith("---\n"):
    end = text.find("\n---\n", 3)
    if end >= 0:
        text = text[end + 5:]
try:
    xml = subprocess.run(["cmark-gfm", "-e", "table", "-e", "tasklist", "--to", "xml"],
                         input=text.encode(), capture_output=True, check=True).stdout
except FileNotFoundError:
    # exit 77: the test is skipped with this reason, never compared empty to empty
    print("the cmark-gfm command is not installed (Debian package cmark-gfm)", file=sys.stderr)
    sys.exit(77)
# drop the DOCTYPE line; ElementTree cannot fetch the DTD
root = ET.fromstring(b"\n".join(l for l in xml.split(b"\n") if not l.startswith(b"<!DOCTYPE")))
ns = "{http://commonmark.org/xml/1.0}"
codes = [e for e in root.iter(ns + "code_block")]
tables = list(root.iter(ns + "table"))
items = list(root.iter(ns + "item"))
digest = hashlib.sha256("".join(e.text or "" for e in codes).encode()).hexdigest()[:16]
print(f"code={len(codes)} tables={len(tables)} items={len(items)} code_text={digest}")
