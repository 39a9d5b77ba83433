#!/usr/bin/env python3
"""tests/incr/edits.py: the randomized equivalence test of the incremental
build (issue #22, doc/cache.md). Seeded and repeatable: it copies a book,
then applies N random edits of the kinds authors make; after each edit it
builds the copy incrementally (the build cache on, into the same OUT every
time) and from scratch (--no-cache, into an empty folder), and requires the
two to agree byte for byte: the exit status, the diagnostics and every file
of OUT (diff -r). A build that fails leaves OUT as it was, so then the
incremental OUT must still equal the last clean OUT that succeeded.

usage: edits.py RBC BOOK WORKDIR SEED N [--summary]
Exit 0 when every step agreed; 1 with the seed, the step, the edit log and
the first differences otherwise; 2 on a usage or setup error."""
import filecmp
import os
import random
import re
import shutil
import subprocess
import sys

AS_OF = ["2026-01-15", "2026-06-30", "2026-11-01", "2026-12-01", "2027-01-20", "2027-03-01",
         "2027-06-01", "2028-01-01"]


def die(msg):
    print("edits.py: " + msg, file=sys.stderr)
    sys.exit(2)


class Book:
    """The copy of the book being edited and the history of what was done."""

    def __init__(self, root, rng):
        self.root = root
        self.rng = rng
        self.n = 0
        self.saved = {}        # path -> an earlier text, for "revert"
        self.log = []

    def runbooks(self):
        out = []
        for d, dirs, files in os.walk(self.root):
            dirs[:] = sorted(x for x in dirs if x not in ("templates", "lua") and not x.startswith("."))
            for f in sorted(files):
                if f.endswith(".md") and f not in ("README.md", "readme.md", "index.md"):
                    out.append(os.path.join(d, f))
        return out

    def read(self, p):
        with open(p, encoding="utf-8") as f:
            return f.read()

    def write(self, p, text):
        if os.path.exists(p):
            self.saved[p] = self.read(p)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)

    def pick(self):
        rbs = self.runbooks()
        return self.rng.choice(rbs) if rbs else None

    def rel(self, p):
        return os.path.relpath(p, self.root)

    def lines_where(self, text, pred):
        lines = text.split("\n")
        return lines, [i for i, l in enumerate(lines) if pred(l)]

    # --- the edits: each returns a description, or None when it did not apply

    def step_text(self):
        p = self.pick()
        if not p:
            return None
        lines, idx = self.lines_where(self.read(p), lambda l: re.match(r"^\d+\. \S", l))
        if not idx:
            return None
        i = self.rng.choice(idx)
        if self.rng.random() < 0.25:
            lines[i] += " (checked %d)" % self.n      # after the estimate: the summary changes
        else:
            # inside the text: the summary (and so every other page) stays
            num, rest = lines[i].split(" ", 1)
            lines[i] = "%s %s %s" % (num, self.rng.choice(["Now", "Then", "Carefully", "First"]), rest)
        self.write(p, "\n".join(lines))
        return "step text in %s:%d" % (self.rel(p), i + 1)

    def rename_scenario(self):
        p = self.pick()
        if not p:
            return None
        lines, idx = self.lines_where(self.read(p), lambda l: l.startswith("## "))
        if not idx:
            return None
        i = self.rng.choice(idx)
        if self.rng.random() < 0.5 and "Scenario:" in lines[i]:
            lines[i] = lines[i] + " again"
        else:
            lines[i] = "## Scenario: Case %d" % self.rng.randrange(6)
        self.write(p, "\n".join(lines))
        return "scenario heading in %s: %s" % (self.rel(p), lines[i])

    def change_title(self):
        p = self.pick()
        if not p:
            return None
        text = self.read(p)
        new = "title: Retitled %d" % self.n
        if re.search(r"^title: .*$", text, re.M):
            text = re.sub(r"^title: .*$", new, text, count=1, flags=re.M)
        else:
            return None
        text = re.sub(r"^# .*$", "# Retitled %d" % self.n, text, count=1, flags=re.M)
        self.write(p, text)
        return "title of %s" % self.rel(p)

    def add_link(self):
        p, q = self.pick(), self.pick()
        if not p or not q:
            return None
        qt = self.read(q)
        heads = re.findall(r"^## (.*)$", qt, re.M)
        frag = ""
        if heads and self.rng.random() < 0.8:
            h = self.rng.choice(heads)
            frag = "#" + re.sub(r"[^a-z0-9 _-]", "", h.lower()).replace(" ", "-")
        if self.rng.random() < 0.15:
            frag = "#no-such-anchor-%d" % self.rng.randrange(3)
        target = os.path.relpath(q, os.path.dirname(p)) + frag
        self.write(p, self.read(p).rstrip("\n") + "\n\nSee also [%s](%s).\n" % (os.path.basename(q), target))
        return "link %s -> %s" % (self.rel(p), target)

    def add_runbook(self):
        src = self.pick()
        if not src:
            return None
        k = self.rng.randrange(1000)
        sub = self.rng.choice(["", "extra/"])
        dst = os.path.join(self.root, sub + "added-%d.md" % k)
        if os.path.exists(dst):
            return None
        text = self.read(src)
        text = re.sub(r"^title: .*$", "title: Added %d" % k, text, count=1, flags=re.M)
        text = re.sub(r"^service: .*$", "service: added-%d" % k, text, count=1, flags=re.M)
        text = re.sub(r"^id: .*\n", "", text, count=1, flags=re.M)
        self.write(dst, text)
        return "add %s (from %s)" % (self.rel(dst), self.rel(src))

    def delete_runbook(self):
        rbs = self.runbooks()
        if len(rbs) < 4:
            return None
        p = self.rng.choice(rbs)
        self.saved[p] = self.read(p)
        os.remove(p)
        return "delete %s" % self.rel(p)

    def move_file(self):
        p = self.pick()
        if not p:
            return None
        rel = self.rel(p)
        if "/" in rel:
            dst = os.path.join(self.root, os.path.basename(p))
        else:
            dst = os.path.join(self.root, self.rng.choice(["ops", "db/old"]), os.path.basename(p))
        if os.path.exists(dst):
            return None
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        os.rename(p, dst)
        return "move %s -> %s" % (rel, self.rel(dst))

    def revert(self):
        if not self.saved:
            return None
        p = self.rng.choice(sorted(self.saved))
        text = self.saved.pop(p)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
        return "revert %s" % self.rel(p)

    def contacts(self):
        p = os.path.join(self.root, "contacts.yaml")
        if not os.path.exists(p):
            return None
        text = self.read(p)
        names = re.findall(r"^    name: .*$", text, re.M)
        if not names:
            return None
        old = self.rng.choice(names)
        text = text.replace(old, "    name: Renamed %d" % self.n, 1)
        if self.rng.random() < 0.3:
            text = re.sub(r"verified: \d{4}-\d\d-\d\d", "verified: 2025-0%d-01" % self.rng.randrange(1, 9), text, count=1)
        self.write(p, text)
        return "contacts.yaml"

    def rbc_yaml(self):
        p = os.path.join(self.root, "rbc.yaml")
        text = self.read(p) if os.path.exists(p) else ""
        choice = self.rng.randrange(3)
        if choice == 0:
            text = re.sub(r"^title: .*$", "title: Book %d" % self.n, text, count=1, flags=re.M)
        elif choice == 1:
            text = re.sub(r"^review_every: .*$", "review_every: %dd" % self.rng.choice([30, 90, 365]), text,
                          count=1, flags=re.M)
        else:
            text = re.sub(r"step-budget: \w+", "step-budget: " + self.rng.choice(["warning", "error", "off"]), text)
        self.write(p, text)
        return "rbc.yaml (%d)" % choice

    def template(self):
        name = self.rng.choice(["runbook.html", "index.html", "layout.html"])
        p = os.path.join(self.root, "templates", name)
        if os.path.exists(p) and self.rng.random() < 0.3:
            self.saved[p] = self.read(p)
            os.remove(p)
            return "template %s removed" % name
        base = self.read(p) if os.path.exists(p) else self.read(os.path.join(TEMPLATES, name))
        self.write(p, base.replace("</", "<!-- edit %d --></" % self.n, 1))
        return "template %s" % name

    def lua_rule(self):
        p = os.path.join(self.root, "lua", "local-rule.lua")
        body = ('rule{ id = "local-note", level = "warning", hooks = { runbook = function(rb) '
                'if rb.title and rb.title:find("%d") then rbc.report(rb, "title ends in %d") end end } }\n'
                % (self.n % 10, self.n % 10))
        self.write(p, body)
        return "lua rule"

    def procedure(self):
        """A procedure's step estimate, a step added, or its heading renamed:
        the scripts, pages and estimates of the scenarios that call it change."""
        cands = [p for p in self.runbooks() if re.search(r"^## Procedure: ", self.read(p), re.M)]
        if not cands:
            return None
        p = self.rng.choice(cands)
        lines = self.read(p).split("\n")
        heads = [i for i, l in enumerate(lines) if l.startswith("## Procedure: ")]
        h = self.rng.choice(heads)
        steps = [i for i in range(h + 1, len(lines)) if re.match(r"^\d+\. ", lines[i])]
        steps = [i for i in steps if not any(lines[k].startswith("## ") for k in range(h + 1, i))]
        choice = self.rng.randrange(3)
        if choice == 0 and steps:
            i = self.rng.choice(steps)
            est = "(%d min)" % self.rng.randrange(1, 30)
            lines[i] = re.sub(r"\(\d+ min\)", est, lines[i]) if re.search(r"\(\d+ min\)", lines[i]) else lines[i] + " " + est
        elif choice == 1 and steps:
            i = steps[-1]
            num = int(lines[i].split(".")[0]) + 1
            lines.insert(i + 1, "%d. Check the dashboard again (%d min)" % (num, self.rng.randrange(1, 9)))
        else:
            lines[h] = "## Procedure: Renamed %d" % self.n
        self.write(p, "\n".join(lines))
        return "procedure in %s (%d)" % (self.rel(p), choice)

    def add_call(self):
        """A Recovery step that calls a procedure of another runbook."""
        procs = [(q, m) for q in self.runbooks() for m in re.findall(r"^## Procedure: (.*)$", self.read(q), re.M)]
        p = self.pick()
        if not procs or not p:
            return None
        q, title = self.rng.choice(procs)
        lines = self.read(p).split("\n")
        rec = [i for i, l in enumerate(lines) if l.startswith("### Recovery")]
        procs_here = [i for i, l in enumerate(lines) if l.startswith("## Procedure: ")]
        if procs_here and self.rng.random() < 0.5:
            rec = procs_here        # a procedure that calls another: nested calls
        if not rec:
            return None
        i = rec[0] + 1
        while i < len(lines) and not re.match(r"^\d+\. ", lines[i]):
            i += 1
        i += 1
        while i < len(lines) and not lines[i].startswith("#"):
            i += 1
        slug = "procedure-" + re.sub(r"[^a-z0-9 _-]", "", title.lower()).replace(" ", "-")
        target = os.path.relpath(q, os.path.dirname(p)) + "#" + slug
        lines.insert(i, "\n9. [%s](%s)\n" % (title, target))
        self.write(p, "\n".join(lines))
        return "call %s -> %s" % (self.rel(p), target)

    def procedures_doc(self):
        """A new runbook of procedures, one of which calls a procedure of
        another runbook: calls nested across three files."""
        procs = [(q, m) for q in self.runbooks() for m in re.findall(r"^## Procedure: (.*)$", self.read(q), re.M)]
        dst = os.path.join(self.root, "procs-%d.md" % self.n)
        if not procs or os.path.exists(dst):
            return None
        q, title = self.rng.choice(procs)
        slug = "procedure-" + re.sub(r"[^a-z0-9 _-]", "", title.lower()).replace(" ", "-")
        text = ("---\nid: procs-%d\ntitle: Procedures %d\nowner: \"@%s\"\nreviewed: 2026-10-01\n---\n\n"
                "# Procedures %d\n\n## Procedure: Drain node %d\n\n1. Cordon the node (%d min)\n"
                "2. [%s](%s#%s)\n" % (self.n, self.n, "sre-oncall", self.n, self.n, self.rng.randrange(1, 9), title,
                                      os.path.relpath(q, self.root), slug))
        self.write(dst, text)
        # and a scenario that calls it, in a runbook that does not link to q itself
        qname = os.path.basename(q)
        callers = [p for p in self.runbooks() if p not in (q, dst) and qname not in self.read(p)
                   and "### Recovery" in self.read(p)]
        if callers:
            p = self.rng.choice(callers)
            lines = self.read(p).split("\n")
            i = lines.index(next(l for l in lines if l.startswith("### Recovery"))) + 1
            while i < len(lines) and not re.match(r"^\d+\. ", lines[i]):
                i += 1
            lines.insert(i + 1, "\n9. [Drain node %d](%s#procedure-drain-node-%d)\n"
                         % (self.n, os.path.relpath(dst, os.path.dirname(p)), self.n))
            self.write(p, "\n".join(lines))
            return "add %s calling %s#%s, called from %s" % (self.rel(dst), self.rel(q), slug, self.rel(p))
        return "add %s calling %s#%s" % (self.rel(dst), self.rel(q), slug)

    def front_field(self):
        """tags, id or service in the front matter: the book digest."""
        p = self.pick()
        if not p or not p.endswith(".md"):
            return None
        text = self.read(p)
        choice = self.rng.randrange(3)
        if choice == 0:
            tags = self.rng.sample(["db", "Tier 1", "tier-1", "network", "edge", "procedures"], 2)
            new = "tags: [%s]" % ", ".join(tags)
            text, k = re.subn(r"^tags: .*$", new, text, count=1, flags=re.M)
            if not k:
                text = text.replace("\ntitle: ", "\n%s\ntitle: " % new, 1)
        elif choice == 1:
            new = "id: %s" % self.rng.choice(["orders-db", "shared", "edge-%d" % self.rng.randrange(3)])
            text, k = re.subn(r"^id: .*$", new, text, count=1, flags=re.M)
            if not k:
                text = text.replace("\ntitle: ", "\n%s\ntitle: " % new, 1)
        else:
            text = re.sub(r"^service: .*$", "service: svc-%d" % self.rng.randrange(4), text, count=1, flags=re.M)
        self.write(p, text)
        return "front matter of %s (%d)" % (self.rel(p), choice)

    def symptoms(self):
        """The Symptoms text, which summaries keep (the index and search show it)."""
        p = self.pick()
        if not p:
            return None
        lines, idx = self.lines_where(self.read(p), lambda l: l.startswith("### Symptoms"))
        if not idx:
            return None
        i = self.rng.choice(idx)
        lines.insert(i + 1, "\nAlso seen: error rate %d%% on the edge.\n" % self.n)
        self.write(p, "\n".join(lines))
        return "symptoms in %s" % self.rel(p)

    def alert_file(self):
        """An alert's runbook link or name in an alert rule file."""
        d = os.path.join(self.root, "alerts")
        files = sorted(os.path.join(d, f) for f in os.listdir(d)) if os.path.isdir(d) else []
        if not files:
            return None
        p = self.rng.choice(files)
        text = self.read(p)
        if self.rng.random() < 0.5:
            text, k = re.subn(r"(runbook_url: \S*?)#[\w-]+", r"\1#scenario-moved-%d" % self.n, text, count=1)
        else:
            text, k = re.subn(r"(alert|title): ([A-Z]\w+)", r"\1: \g<2>%d" % self.n, text, count=1)
        if not k:
            return None
        self.write(p, text)
        return "alert file %s" % self.rel(p)

    def lenient_helper(self):
        """A legacy document whose step calls a helper document's only
        procedure by a link with no anchor amid its words; later, the helper
        alone changes (its caller is then read back from its summary)."""
        h = os.path.join(self.root, "helpers", "prune.md")
        if not os.path.exists(h):
            self.write(h, "# Prune old snapshots\n\n1. Delete the old snapshots (5 min)\n   ```bash\n"
                          "   ./snapshots.sh prune\n   ```\n")
            self.write(os.path.join(self.root, "storage-legacy.md"),
                       "# Storage DR\n\n**Owner:** sre-oncall\n\n## Scenario 1: Disk full\n\n**Recovery Steps:**\n"
                       "1. Follow the prune procedure in [the prune helper](helpers/prune.md) (5 min)\n")
            return "add helpers/prune.md and its lenient caller storage-legacy.md"
        choice = self.rng.randrange(3)
        text = self.read(h)
        if choice == 0:
            text += "\n## Verify %d\n\n1. List them (%d min)\n" % (self.n, self.rng.randrange(1, 5))
        elif choice == 1:
            text = text.replace("(5 min)", "(%d min)" % self.rng.randrange(1, 9), 1)
        else:
            text = re.sub(r"^# .*$", "# Prune snapshots %d" % self.n, text, count=1, flags=re.M)
        self.write(h, text)
        return "helper helpers/prune.md changed (%d)" % choice

    def words_call(self):
        """A legacy document whose step names a procedure of another
        document in words alone ("Use the Drain Traffic procedure"), and
        links to that document elsewhere; later a procedure of that title
        is added to another runbook (the call turns ambiguous while the
        caller's links stay the same, or the caller's own one wins), the
        procedure is renamed, or the caller's words are."""
        caller = os.path.join(self.root, "words-legacy.md")
        home = os.path.join(self.root, "words-procs.md")
        if not os.path.exists(caller) or not os.path.exists(home):
            self.write(home, "---\ntitle: Traffic procedures\nowner: sre-oncall\nreviewed: 2026-11-01\n---\n\n"
                             "# Traffic procedures\n\n## Procedure: Drain Traffic\n\n1. Drain the region (4 min)\n"
                             "   ```bash\n   ./traffic.sh drain\n   ```\n")
            self.write(caller, "# Edge DR\n\n**Owner:** sre-oncall\n\n## Scenario 1: Edge down\n\n**Symptoms:**\n"
                               "- Requests fail; [the traffic procedures](words-procs.md) say more.\n\n"
                               "**Recovery Steps:**\n1. Use the Drain Traffic procedure first (5 min)\n")
            return "add words-procs.md and its words-only caller words-legacy.md"
        choice = self.rng.randrange(3)
        if choice == 0:
            p = self.pick()
            text = self.read(p)
            if "## Procedure: Drain Traffic\n" in text:
                return None
            self.write(p, text.rstrip("\n") + "\n\n## Procedure: Drain Traffic\n\n1. Drain it here (%d min)\n"
                       % self.rng.randrange(1, 9))
            return "procedure Drain Traffic added to %s" % self.rel(p)
        p, a, b = (home, "## Procedure: Drain Traffic\n", "## Procedure: Drain Traffic Now\n") if choice == 1 else \
            (caller, "Use the Drain Traffic procedure", "Use the Drain Traffic Now procedure")
        text = self.read(p)
        self.write(p, text.replace(a, b, 1) if a in text else text.replace(b, a, 1))
        return "words-only call: %s toggled in %s" % ("procedure renamed" if choice == 1 else "words", self.rel(p))

    def noop(self):
        return "nothing"


EDITS = [("step_text", 6), ("rename_scenario", 3), ("change_title", 3), ("add_link", 3), ("add_runbook", 2),
         ("delete_runbook", 1), ("move_file", 2), ("revert", 2), ("contacts", 2), ("rbc_yaml", 1),
         ("template", 1), ("lua_rule", 1), ("as_of", 2), ("noop", 2), ("procedure", 3),
         ("add_call", 3), ("procedures_doc", 1), ("front_field", 2), ("symptoms", 2), ("alert_file", 1),
         ("lenient_helper", 3), ("words_call", 3)]


def build(rbc, book, out, as_of, cache, env):
    args = [rbc, "build", book, "-o", out, "--as-of", as_of, "-q", "-j2", "--color", "never"]
    if not cache:
        args.append("--no-cache")
    r = subprocess.run(args, capture_output=True, text=True, env=env)
    return r.returncode, r.stderr.replace(out, "OUT")


def tree_diff(a, b):
    """The first differences between folders a and b, [] when identical."""
    diffs = []

    def walk(c, rel):
        for name in c.left_only:
            diffs.append("only in incremental: " + os.path.join(rel, name))
        for name in c.right_only:
            diffs.append("only in clean: " + os.path.join(rel, name))
        for name in c.common_files:
            x, y = os.path.join(c.left, name), os.path.join(c.right, name)
            if not filecmp.cmp(x, y, shallow=False) or os.stat(x).st_mode != os.stat(y).st_mode:
                diffs.append("differs: " + os.path.join(rel, name))
        for name in c.common_funny:
            diffs.append("odd entry: " + os.path.join(rel, name))
        for name, sub in sorted(c.subdirs.items()):
            walk(sub, os.path.join(rel, name))

    if not os.path.isdir(a) or not os.path.isdir(b):
        return [] if os.path.isdir(a) == os.path.isdir(b) else ["one output folder missing"]
    walk(filecmp.dircmp(a, b, ignore=[]), "")
    return diffs


def main():
    if len(sys.argv) < 6:
        die("usage: edits.py RBC BOOK WORKDIR SEED N")
    rbc, src, work, seed, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    rng = random.Random(seed)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    root = os.path.join(work, "book")
    shutil.copytree(src, root)
    env = dict(os.environ, XDG_CACHE_HOME=os.path.join(work, "xdg"), NO_COLOR="1")
    env.pop("SOURCE_DATE_EPOCH", None)
    book = Book(root, rng)
    inc, clean, good = (os.path.join(work, x) for x in ("inc", "clean", "good"))
    as_of = "2026-12-01"
    kinds = [k for k, w in EDITS for _ in range(w)]
    counts = {}
    for step in range(n + 1):
        book.n = step
        if step == 0:
            what = "first build"
        else:
            what = None
            while what is None:
                kind = rng.choice(kinds)
                if kind == "as_of":
                    as_of = rng.choice(AS_OF)
                    what = "as-of " + as_of
                else:
                    what = getattr(book, kind)()
            counts[kind] = counts.get(kind, 0) + 1
        book.log.append("%d: %s" % (step, what))
        rc_i, err_i = build(rbc, root, inc, as_of, True, env)
        shutil.rmtree(clean, ignore_errors=True)
        rc_c, err_c = build(rbc, root, clean, as_of, False, env)
        if rc_c == 0:
            shutil.rmtree(good, ignore_errors=True)
            os.rename(clean, good)
        problems = []
        if rc_i != rc_c:
            problems.append("exit %d incremental, %d clean" % (rc_i, rc_c))
        if err_i != err_c:
            problems.append("diagnostics differ:\n--- clean\n%s--- incremental\n%s" % (err_c, err_i))
        if rc_i >= 2 and rc_c >= 2 and step == 0:
            die("the first build failed: " + err_c)
        if os.path.isdir(good):
            problems += tree_diff(inc, good)[:20]
        if problems:
            print("FAIL: seed %d, step %d (%s)" % (seed, step, what))
            print("\n".join(problems))
            print("edits:\n  " + "\n  ".join(book.log[-15:]))
            return 1
    print("ok: seed %d, %d edits agree (%s)" % (seed, n, ", ".join("%s %d" % kv for kv in sorted(counts.items()))))
    return 0


TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "templates")
if __name__ == "__main__":
    sys.exit(main())
