#!/usr/bin/env python3
"""gen.py: write a deterministic synthetic book for `make bench`.

usage: gen.py OUT N   -> OUT/ holds N runbooks of about 16 KB (4-8 scenarios
each, canonical format), contacts.yaml and rbc.yaml. The same N always gives
the same bytes (fixed seed, no clock)."""
import os
import random
import sys

WORDS = ("primary replica queue backlog latency cache region failover deploy "
         "rollback certificate rotation credential quota throttle partition "
         "consumer producer shard index vacuum replication lag timeout retry "
         "circuit breaker upstream gateway ingress node pod volume snapshot "
         "restore checksum drain cordon scale budget alert dashboard").split()
SECTIONS = ("Symptoms", "Diagnosis", "Recovery", "Rollback", "Verification")
CONTACTS = ["dba", "sre", "payments", "platform", "security", "network"]


def sentence(r, n):
    return " ".join(r.choice(WORDS) for _ in range(n)).capitalize() + "."


def step(r, k):
    out = [f"{k}. {sentence(r, r.randint(5, 10))} ({r.randint(1, 9)} min)"]
    if r.random() < 0.7:
        out += ["   ```bash",
                f"   kubectl -n prod rollout status deploy/{r.choice(WORDS)}-{r.randint(1, 99)}",
                f"   psql -c \"SELECT count(*) FROM {r.choice(WORDS)}_{r.randint(1, 9)};\"",
                "   ```"]
    return out


def scenario(r, i, book_id):
    sev = r.choice(["P0", "P1", "P2", "P3"])
    lines = [f"## Scenario: {sentence(r, 4)[:-1]} {i}", "",
             f"**Severity:** {sev} · **RTO:** {r.choice([15, 30, 60])} min · "
             f"**Owner:** @{r.choice(CONTACTS)}", ""]
    for sec in SECTIONS:
        lines += [f"### {sec}", "", sentence(r, r.randint(8, 16)), ""]
        for k in range(1, r.randint(2, 4)):
            lines += step(r, k)
        lines += [""]
    return lines


def runbook(r, n, target=16 * 1024):
    rid = f"svc-{n:05d}"
    head = ["---", f"id: {rid}", f"title: Service {n}", f"service: svc{n}",
            f"owner: {r.choice(CONTACTS)}", f"tier: {r.randint(1, 3)}",
            "reviewed: 2026-09-01", "review_every: 90d", "rto: 1h", "---", "",
            f"# Service {n}", "", sentence(r, 30),
            f"See [the next service](svc-{(n + 1):05d}.md) when it is involved.", ""]
    nsc = r.randint(4, 8)
    body = []
    for i in range(nsc):
        body += scenario(r, i + 1, rid)
    text = "\n".join(head + body) + "\n"
    # pad the runbook's last section towards the target size with prose
    while len(text.encode()) < target:
        text += sentence(r, 25) + "\n\n"
    return text


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    os.makedirs(os.path.join(out, "runbooks"), exist_ok=True)
    r = random.Random(20261122)
    with open(os.path.join(out, "rbc.yaml"), "w") as f:
        f.write("title: Bench book\nreview_every: 90d\n")
    with open(os.path.join(out, "contacts.yaml"), "w") as f:
        f.write("contacts:\n")
        for c in CONTACTS:
            f.write(f"  {c}:\n    name: Team {c}\n    role: on-call\n"
                    f"    email: {c}@example.com\n    verified: 2026-09-01\n")
        f.write("escalation:\n  - contact: sre\n    after: 15m\n")
    for i in range(n):
        # the last runbook links to the first so every link resolves
        text = runbook(r, i).replace(f"svc-{n:05d}.md", "svc-00000.md")
        with open(os.path.join(out, "runbooks", f"svc-{i:05d}.md"), "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
