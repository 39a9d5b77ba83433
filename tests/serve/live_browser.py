#!/usr/bin/env python3
"""live_browser.py URL BOOK [csp]: `rbc serve` in headless Chromium (the
driver of tests/site/cdp.py). On URL (a running `rbc serve` of BOOK):
  - an edit of orders-db.md reloads orders-db.html at the same scroll position;
  - the same edit leaves backup-drill.html alone (it did not change);
  - a broken link shows the overlay with file:line, message and rule on the
    open page, and fixing it removes it from the overlay;
  - the site's search finds a scenario under serve.
With csp (a book whose layout sets a Content-Security-Policy allowing
'self'): the policy is in the page, and reload and overlay work with no
policy violation reported.
Prints PASS/FAIL lines; exits 2 when Chromium cannot start."""
import os
import re
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "site"))
import cdp  # noqa: E402  (tests/site/cdp.py)

LIVE = "window.__rbcServe && window.__rbcServe.here"


def edit(path, pattern, repl, append=""):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    text = re.sub(pattern, repl, text, count=1, flags=re.M) + append
    tmp = path + ".rbc-test-tmp"
    with open(tmp, "w", encoding="utf-8") as f:   # save by rename, as editors do
        f.write(text)
    os.rename(tmp, path)


CSP_WATCH = """
window.__cspv = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__cspv.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


def overlay_check(br, md, good, marker):
    """Break md: the open page (window.__marker == marker) shows the
    overlay and stays; restore good: the overlay goes."""
    br.js(f"window.__marker = {marker}; 0")
    edit(md, r"^title: .*$", "title: Orders DB Broken", "\nSee [gone](gone-notes.md).\n")
    # the overlay may show other findings of the book (its lint's) before
    # and after: wait for the broken link to come, then to go
    overlay = "((document.getElementById('rbc-serve-overlay') || {}).textContent || '')"
    text = br.poll(f"{overlay}.includes('link-broken') && {overlay}", timeout=15) or ""
    cdp.report("link-broken" in text and "orders-db.md:" in text and "broken link" in text,
               "overlay/shown", text[:300])
    cdp.report(br.js("window.__marker") == marker, "overlay/page-kept", "the page reloaded on a failed build")
    with open(md + ".rbc-test-tmp", "w", encoding="utf-8") as f:
        f.write(good)
    os.rename(md + ".rbc-test-tmp", md)
    gone = br.poll(f"!{overlay}.includes('link-broken')", timeout=15)
    cdp.report(bool(gone), "overlay/gone", "overlay still shows the broken link")


def main(url, book, csp=False):
    try:
        br = cdp.Browser()
    except Exception as e:  # noqa: BLE001
        print(f"chromium did not start: {e}", file=sys.stderr)
        return 2
    md = os.path.join(book, "orders-db.md")
    with open(md, encoding="utf-8") as f:
        good = f.read()
    try:
        br.call("Page.addScriptToEvaluateOnNewDocument", {"source": CSP_WATCH})
        br.load(url + "orders-db.html")
        if csp:
            cdp.report(bool(br.js("!!document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]')")),
                       "csp/policy-in-page", "no CSP meta in the page")
        cdp.report(br.poll(LIVE) == "orders-db.html", "reload/live-script-runs", "window.__rbcServe missing")
        time.sleep(0.5)                       # the event stream connects
        br.js("window.scrollTo(0, 700); window.__marker = 1; 0")
        y0 = br.js("window.scrollY")
        edit(md, r"^title: .*$", "title: Orders DB Seen In Chromium")
        reloaded = br.poll("!window.__marker && document.title.indexOf('Seen In Chromium') >= 0 && "
                           "document.readyState === 'complete'", timeout=15)
        cdp.report(bool(reloaded), "reload/page-reloads", br.js("document.title"))
        y1 = br.poll("window.scrollY", timeout=3) or 0
        cdp.report(y0 > 0 and abs(y1 - y0) <= 2, "reload/scroll-kept", f"before {y0}, after {y1}")

        if csp:
            overlay_check(br, md, good, 3)
            v = br.js("window.__cspv") or []
            cdp.report(not v, "csp/no-violation", repr(v))
            return 0
        br.load(url + "backup-drill.html")
        br.poll(LIVE)
        time.sleep(0.5)
        br.js("window.__marker = 2; 0")
        edit(md, r"^title: .*$", "title: Orders DB Second Edit")
        time.sleep(2.5)
        cdp.report(br.js("window.__marker") == 2, "reload/other-page-stays", "backup-drill.html reloaded")

        overlay_check(br, md, good, 2)

        br.load(url + "index.html")
        cdp.type_into_search(br, "OrdersWriteErrors")
        hits = br.poll(cdp.RESULTS) or []
        cdp.report(any("orders-db.html" in h[1] for h in hits), "search/works", repr(hits))
    except Exception as e:  # noqa: BLE001
        cdp.report(False, "driver", str(e))
    finally:
        br.close()
        with open(md, "w", encoding="utf-8") as f:
            f.write(good)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], len(sys.argv) > 3 and sys.argv[3] == "csp"))
