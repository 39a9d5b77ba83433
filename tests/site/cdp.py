#!/usr/bin/env python3
"""cdp.py: drive headless Chromium through the DevTools protocol over a
pipe (--remote-debugging-pipe: JSON messages ending in a NUL byte on file
descriptors 3 and 4), with the Python standard library only.

    cdp.py search SITE QUERY EXPECT_TITLE   type QUERY into the search box of
                                            SITE/index.html, follow the result
                                            titled EXPECT_TITLE, check its anchor
    cdp.py pages SITE PAGE...               load each page: no console error,
                                            no request outside file://, copy
                                            buttons shown, sortable headers work
    cdp.py confirm SITE PAGE                on PAGE, Copy on a destructive code
                                            block asks (confirm()) and copies only
                                            when the answer is yes; Copy on
                                            another block does not ask
    cdp.py xss SITE QUERY                   load every page of SITE with a
                                            window.__pwned canary and dialog
                                            hooks, and search for QUERY
    cdp.py phone SITE [SHOTS]               load every page of SITE in a 390 px
                                            wide viewport: no page may be wider
                                            (documentElement.scrollWidth); with
                                            SHOTS, save a PNG of each page there
    cdp.py find SITE QUERY EXPECT...        type QUERY into the search box: each
                                            EXPECT (a result's link, page#anchor
                                            or page) must be among the results;
                                            an EXPECT starting with ! must not

Prints "PASS name" / "FAIL name: why" lines; exits 2 when Chromium cannot
be started. Every wait has a deadline, so a hung browser fails, not hangs."""
import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

CANARY = """
window.__pwned = 0;
window.alert = window.confirm = window.prompt = function () { window.__pwned = 1; };
"""


class Browser:
    """One headless Chromium with one page target, spoken to over the pipe."""

    def __init__(self):
        exe = shutil.which("chromium") or shutil.which("chromium-browser")
        if not exe:
            raise RuntimeError("chromium is not installed")
        self.profile = tempfile.mkdtemp(prefix="rbc-cdp-")
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()
        # the child's ends above 9, so that moving them to 3 and 4 cannot clash
        high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_browser_r, from_browser_w)]
        os.close(to_browser_r)
        os.close(from_browser_w)
        to_browser_r, from_browser_w = high
        # the browser reads commands on fd 3 and writes replies on fd 4
        redirect = f'exec "$0" "$@" 3<&{to_browser_r} 4>&{from_browser_w} {to_browser_r}<&- {from_browser_w}>&-'
        self.proc = subprocess.Popen(
            ["bash", "-c", redirect, exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--remote-debugging-pipe",
             "--user-data-dir=" + self.profile, "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=None if os.environ.get("RBC_CDP_DEBUG") else subprocess.DEVNULL,
            pass_fds=(to_browser_r, from_browser_w), start_new_session=True)
        os.close(to_browser_r)
        os.close(from_browser_w)
        os.set_blocking(self.from_browser, False)
        self.buf = b""
        self.next_id = 0
        self.events = []
        self.session = None
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True},
                                 browser=True)["sessionId"]
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.call(domain + ".enable")
        self.call("Page.addScriptToEvaluateOnNewDocument", {"source": CANARY})

    def close(self):
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)

    def _read(self, deadline):
        """Return one message, or None at the deadline."""
        while b"\0" not in self.buf:
            if time.time() > deadline:
                return None
            try:
                chunk = os.read(self.from_browser, 1 << 16)
            except BlockingIOError:
                time.sleep(0.01)
                continue
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buf += chunk
        msg, _, self.buf = self.buf.partition(b"\0")
        return json.loads(msg)

    def call(self, method, params=None, browser=False, timeout=20):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if self.session and not browser:
            msg["sessionId"] = self.session
        os.write(self.to_browser, json.dumps(msg).encode() + b"\0")
        deadline = time.time() + timeout
        while True:
            reply = self._read(deadline)
            if reply is None:
                raise RuntimeError(f"no answer to {method} within {timeout} s")
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def wait_event(self, method, timeout=20):
        deadline = time.time() + timeout
        while True:
            for i, e in enumerate(self.events):
                if e["method"] == method:
                    return self.events.pop(i)
            reply = self._read(deadline)
            if reply is None:
                raise RuntimeError(f"no {method} within {timeout} s")
            if "method" in reply:
                self.events.append(reply)

    def load(self, url):
        self.events = []
        self.call("Page.navigate", {"url": url})
        self.wait_event("Page.loadEventFired")

    def js(self, expr):
        r = self.call("Runtime.evaluate", {"expression": expr, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in r:
            raise RuntimeError(f"script error: {r['exceptionDetails'].get('text')}")
        return r["result"].get("value")

    def poll(self, expr, timeout=10):
        """Evaluate expr until it is truthy; return its value or None."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            v = self.js(expr)
            if v:
                return v
            time.sleep(0.05)
        return None

    def drain(self):
        """Collect the events that arrived so far."""
        while True:
            reply = self._read(time.time() + 0.2)
            if reply is None:
                return
            if "method" in reply:
                self.events.append(reply)

    def problems(self):
        """Console errors, exceptions, requests outside file://, dialogs."""
        self.drain()
        out = []
        for e in self.events:
            p = e.get("params", {})
            if e["method"] == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append("console error: " + " ".join(str(a.get("value")) for a in p.get("args", [])))
            elif e["method"] == "Runtime.exceptionThrown":
                out.append("exception: " + p.get("exceptionDetails", {}).get("text", ""))
            elif e["method"] == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                out.append("log error: " + p["entry"].get("text", ""))
            elif e["method"] == "Network.requestWillBeSent":
                url = p.get("request", {}).get("url", "")
                if not url.startswith("file://") and not url.startswith("data:") and url != "about:blank":
                    out.append("request outside file://: " + url)
            elif e["method"] == "Page.javascriptDialogOpening":
                out.append("dialog opened: " + p.get("message", ""))
        return out


def report(ok, name, why=""):
    print(f"PASS {name}" if ok else f"FAIL {name}: {why}")


def url_of(site, page):
    return "file://" + os.path.abspath(os.path.join(site, page))


TYPE_QUERY = """
(function (q) {
  var box = document.getElementById('rbc.q');
  box.focus();
  return box === document.activeElement;
})(%s)
"""

RESULTS = """
Array.prototype.map.call(document.querySelectorAll('[id="rbc.results"] li a'),
  function (a) { return [a.textContent, a.getAttribute('href')]; })
"""


def type_into_search(br, query):
    """Focus the search box and type query as keyboard input."""
    if not br.js(TYPE_QUERY % json.dumps(query)):
        raise RuntimeError("the search box did not take the focus")
    br.call("Input.insertText", {"text": query})


def cmd_search(br, site, query, title):
    br.load(url_of(site, "index.html"))
    type_into_search(br, query)
    hits = br.poll(RESULTS)
    match = [h for h in (hits or []) if h[0] == title]
    report(bool(match), "search/finds", f"no result titled {title!r} in {hits!r}")
    if not match:
        return
    href = match[0][1]
    report("#" in href, "search/anchor", f"result link {href!r} has no anchor")
    br.js("document.querySelector('[id=\"rbc.results\"] li a[href=\"%s\"]').click()" % href.replace('"', '\\"'))
    br.wait_event("Page.loadEventFired")
    frag = href.split("#", 1)[1]
    found = br.js("!!document.getElementById(%s) && location.hash === %s" % (json.dumps(frag), json.dumps("#" + frag)))
    report(bool(found), "search/follows-to-anchor", f"no element #{frag} after following {href}")
    report(not br.problems(), "search/no-errors", "; ".join(br.problems()))


def cmd_pages(br, site, pages):
    for page in pages:
        br.load(url_of(site, page))
        probs = br.problems()
        report(not probs, f"pages/{page}/clean", "; ".join(probs))
        if page.endswith("rto.html"):
            before = br.js("Array.prototype.map.call(document.querySelectorAll('table.sortable tbody tr'), "
                           "function (r) { return r.cells[3].getAttribute('data-sort') || ''; }).join(',')")
            br.js("document.querySelectorAll('table.sortable thead th')[3].querySelector('button').click()")
            after = br.js("Array.prototype.map.call(document.querySelectorAll('table.sortable tbody tr'), "
                          "function (r) { return r.cells[3].getAttribute('data-sort') || ''; })")
            nums = [float(x) for x in after if x]
            report(nums == sorted(nums) and ",".join(after) != before, "pages/rto-sorts",
                   f"RTO column after sorting: {after}")
        copies = br.js("document.querySelectorAll('.code .copy').length")
        if copies:
            hidden = br.js("document.querySelectorAll('.code .copy[hidden]').length")
            report(hidden == 0, f"pages/{page}/copy-buttons-shown", f"{hidden} of {copies} still hidden")


CONFIRM_HOOK = """
window.__asked = [];
window.__answer = false;
window.confirm = function (m) { window.__asked.push(String(m)); return window.__answer; };
"""


def cmd_confirm(br, site, page):
    br.load(url_of(site, page))
    br.js(CONFIRM_HOOK)
    n = br.js("document.querySelectorAll('.code.destructive .copy').length")
    report(bool(n), "confirm/destructive-block-present", "no destructive code block with a Copy button")
    if not n:
        return
    click = "document.querySelector('%s .copy').click(); document.querySelector('%s .copy').textContent"
    label = br.js(click % (".code.destructive", ".code.destructive"))
    asked = br.js("window.__asked.length")
    report(asked == 1 and label == "Copy", "confirm/asks-first",
           f"confirm() called {asked} times; button reads {label!r} after a 'no'")
    br.js("window.__answer = true")
    br.js(click % (".code.destructive", ".code.destructive"))
    copied = br.poll("document.querySelector('.code.destructive .copy').textContent === 'Copied'")
    report(bool(copied) and br.js("window.__asked.length") == 2, "confirm/copies-after-yes",
           "the button did not copy after a 'yes'")
    plain = br.js("document.querySelectorAll('.code:not(.destructive) .copy').length")
    if plain:
        br.js("window.__asked = []")
        br.js(click % (".code:not(.destructive)", ".code:not(.destructive)"))
        report(br.js("window.__asked.length") == 0, "confirm/plain-block-does-not-ask",
               "confirm() called for a block that is not destructive")
    report(not br.problems(), "confirm/no-errors", "; ".join(br.problems()))


def cmd_xss(br, site, query):
    pages = sorted(os.path.relpath(os.path.join(d, f), site)
                   for d, _, fs in os.walk(site) for f in fs if f.endswith(".html"))
    for page in pages:
        br.load(url_of(site, page))
        pwned = br.js("window.__pwned")
        probs = [p for p in br.problems() if not p.startswith("log error")]
        report(pwned == 0 and not probs, f"xss/{page}", f"__pwned={pwned}; " + "; ".join(probs))
    br.load(url_of(site, "index.html"))
    type_into_search(br, query)
    hits = br.poll(RESULTS)
    pwned = br.js("window.__pwned")
    report(bool(hits) and pwned == 0, "xss/search", f"hits={hits!r} __pwned={pwned}")


PHONE_WIDTH = 390


def all_pages(site):
    return sorted(os.path.relpath(os.path.join(d, f), site)
                  for d, _, fs in os.walk(site) for f in fs if f.endswith(".html"))


def cmd_phone(br, site, shots):
    br.call("Emulation.setDeviceMetricsOverride",
            {"width": PHONE_WIDTH, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    pages = all_pages(site)
    report(len(pages) > 5, "phone/pages-found", f"only {pages!r}")
    for page in pages:
        br.load(url_of(site, page))
        width = br.js("document.documentElement.scrollWidth")
        wide = br.js("""Array.prototype.filter.call(document.querySelectorAll('body *'), function (e) {
            var r = e.getBoundingClientRect(); return r.right > %d + 0.5 && getComputedStyle(e).position !== 'absolute'; })
            .slice(0, 3).map(function (e) { return e.tagName + '.' + e.className; }).join(', ')""" % PHONE_WIDTH)
        report(isinstance(width, int) and width <= PHONE_WIDTH, f"phone/{page}",
               f"scrollWidth {width} > {PHONE_WIDTH} (wide: {wide})")
        if shots:
            shot = br.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": False})
            import base64
            name = page.replace("/", "_") + ".png"
            with open(os.path.join(shots, name), "wb") as f:
                f.write(base64.b64decode(shot["data"]))


def cmd_find(br, site, query, expects):
    br.load(url_of(site, "index.html"))
    type_into_search(br, query)
    hits = br.poll(RESULTS) or []
    hrefs = [h[1] for h in hits]
    for want in expects:
        neg = want.startswith("!")
        target = want[1:] if neg else want
        found = any(h == target or h.split("#", 1)[0] == target for h in hrefs)
        report(found != neg, "find/" + query.replace(" ", "+") + "/" + want, f"results for {query!r}: {hrefs!r}")


def main(argv):
    try:
        br = Browser()
    except Exception as e:  # noqa: BLE001 - report why the browser is missing
        print(f"chromium did not start: {e}", file=sys.stderr)
        return 2
    try:
        if argv[0] == "search":
            cmd_search(br, argv[1], argv[2], argv[3])
        elif argv[0] == "pages":
            cmd_pages(br, argv[1], argv[2:])
        elif argv[0] == "confirm":
            cmd_confirm(br, argv[1], argv[2])
        elif argv[0] == "xss":
            cmd_xss(br, argv[1], argv[2])
        elif argv[0] == "phone":
            cmd_phone(br, argv[1], argv[2] if len(argv) > 2 else None)
        elif argv[0] == "find":
            cmd_find(br, argv[1], argv[2], argv[3:])
    except Exception as e:  # noqa: BLE001 - any failure is a test failure
        report(False, argv[0] + "/driver", str(e))
    finally:
        br.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
