#!/usr/bin/env python3
"""serve_latency.py PORT FILE N [PID]: the latency of `rbc serve` from the
write of a one-line edit of FILE to the "reload" event reaching a client of
http://127.0.0.1:PORT/_rbc/events, N times (each edit waits for the last
event); prints the median and the worst in ms, and, given the server's
PID, its peak RSS (VmHWM) in MB. Standard library only; every wait has a
deadline."""
import http.client
import re
import statistics
import sys
import time


def main(port, path, n, pid=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("GET", "/_rbc/events")
    resp = conn.getresponse()
    sock = resp.fp
    with open(path, encoding="utf-8") as f:
        original = f.read()
    times = []
    try:
        for i in range(n):
            time.sleep(0.3)      # let the last rebuild settle
            text = re.sub(r"^title: .*$", f"title: Latency edit {i}", original, count=1, flags=re.M)
            t0 = time.monotonic()
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            deadline = t0 + 120
            while True:
                if time.monotonic() > deadline:
                    print("serve_latency: no reload event within 120 s", file=sys.stderr)
                    return 1
                line = sock.readline()
                if not line:
                    print("serve_latency: the event stream ended", file=sys.stderr)
                    return 1
                if line.startswith(b"event: reload"):
                    times.append((time.monotonic() - t0) * 1000)
                    break
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
    med = statistics.median(times)
    print(f"serve: edit to reload event: median {med:.0f} ms, worst {max(times):.0f} ms over {n} edits")
    if pid:
        with open(f"/proc/{pid}/status") as f:
            hwm = [l for l in f if l.startswith("VmHWM")]
        if hwm:
            print(f"serve: peak RSS {int(hwm[0].split()[1]) / 1024:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4] if len(sys.argv) > 4 else None))
