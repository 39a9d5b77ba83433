#!/usr/bin/env python3
"""serve_latency.py PORT FILE N [PID]: the latency of `rbc serve` from the
write of a one-line edit of FILE to the "reload" event reaching a client of
http://127.0.0.1:PORT/_rbc/events, N times (each edit waits for the last
event); prints the median and the worst in ms, and, given the server's
PID, its peak RSS (VmHWM) in MB after the first build and at the end, and
the CPU time (user + system) serve spent per edit up to the event, which
a loaded machine does not inflate as it does the wall times, and the
median CPU of a whole rebuild (the work serve does after the event too:
the build's state for the next one, the stores it keeps). BENCH_SERVE_EDIT=text edits a
line of prose instead of the title. Standard library only; every wait has
a deadline."""
import os
import http.client
import re
import statistics
import sys
import time


def peak_mb(pid):
    """The process's peak RSS (VmHWM) in MB, or None."""
    with open(f"/proc/{pid}/status") as f:
        hwm = [l for l in f if l.startswith("VmHWM")]
    return int(hwm[0].split()[1]) / 1024 if hwm else None


def cpu_ms(pid):
    """The process's CPU time so far (user + system, its threads), in ms."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def edited(original, i):
    """The file's text with edit number i: its title, or a line of prose."""
    if os.environ.get("BENCH_SERVE_EDIT") == "text":
        return re.sub(r"^(# .*\n\n).*$", lambda m: m.group(1) + f"Latency edit {i}.", original, count=1, flags=re.M)
    return re.sub(r"^title: .*$", f"title: Latency edit {i}", original, count=1, flags=re.M)


def main(port, path, n, pid=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("GET", "/_rbc/events")
    resp = conn.getresponse()
    sock = resp.fp
    with open(path, encoding="utf-8") as f:
        original = f.read()
    times = []
    first_peak = peak_mb(pid) if pid else None
    cpu = 0.0
    whole = []           # CPU of each edit's rebuild, all of it (to the next edit)
    try:
        for i in range(n):
            time.sleep(0.3)      # let the last rebuild settle
            if pid and i:
                whole.append(cpu_ms(pid) - c0)
            text = edited(original, i)
            c0 = cpu_ms(pid) if pid else 0
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
                    cpu += (cpu_ms(pid) - c0) if pid else 0
                    break
        if pid:
            time.sleep(1)
            whole.append(cpu_ms(pid) - c0)
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
    med = statistics.median(times)
    print(f"serve: edit to reload event: median {med:.0f} ms, worst {max(times):.0f} ms over {n} edits")
    if pid:
        print(f"serve: CPU {cpu / n:.0f} ms per edit (user + system, to the event; load {os.getloadavg()[0]:.1f});"
              f" median {statistics.median(whole):.0f} ms with what follows the event")
        print(f"serve: peak RSS {peak_mb(pid):.1f} MB (after the first build {first_peak:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4] if len(sys.argv) > 4 else None))
