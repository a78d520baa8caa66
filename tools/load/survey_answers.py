#!/usr/bin/env python3
"""Timing of survey answers through HTTP (issue 12: one commit per answer).

Starts `beleving serve` on a fresh data directory, makes N anonymous survey
links (GET /q/CODE), gives each a score (step 1), then times the answer
itself (step 2: the follow-up and the comment, which stores the response),
first one client after the other, then PARALLEL clients at once. With
--count-syncs it also runs the answers under strace and counts the fsync /
fdatasync calls per answer (each durable commit of the WAL costs one).

  tools/load/survey_answers.py                       # build/beleving, N=200
  BELEVING_BIN=/tmp/old/beleving tools/load/survey_answers.py --n 300
  tools/load/survey_answers.py --count-syncs --n 50

Prints one line per phase: answers, median, p90 and mean latency (ms) and
answers per second.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tests", "integration"))
from harness import BIN, Server, run_cli  # noqa: E402

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def make_links(server, admin, n):
    auth = {"Authorization": "Bearer " + admin}
    r = server.request("GET", "/api/v1/qr-codes?format=json&touchpoint=balie", headers=auth)
    if r.status == 400:  # no such touchpoint yet: create it through an interaction
        seed = server.request("POST", "/api/v1/interactions", headers=auth, body={"interactions": [
            {"external_id": "seed", "occurred_at": "2026-01-05T10:00:00Z", "customer": "c1",
             "touchpoint": "balie"}]})
        assert seed.status in (200, 201), seed.body
        r = server.request("GET", "/api/v1/qr-codes?format=json&touchpoint=balie", headers=auth)
    assert r.status == 200, r.body
    code_path = urllib.parse.urlparse(r.json()["url"]).path
    links = []
    for _ in range(n):
        r = server.request("GET", code_path)
        assert r.status == 303, (r.status, r.body)
        links.append(r.header("Location"))
    return links


def score(server, links):
    """Step one for every link; returns (link, nonce) pairs ready for step two."""
    ready = []
    for i, path in enumerate(links):
        html = server.request("GET", path).body.decode()
        nonce = re.search(r'name="nonce" value="([^"]+)"', html).group(1)
        r = server.request("POST", path, headers=FORM,
                           raw=urllib.parse.urlencode({"nonce": nonce, "step": "1",
                                                       "nps": str(i % 11)}))
        assert r.status == 303, (r.status, r.body[:300])
        ready.append((path, nonce))
    return ready


def answer(server, path, nonce):
    body = urllib.parse.urlencode({"nonce": nonce, "step": "2", "reason": "Lang gewacht bij de balie",
                                   "comment": "Verder vriendelijk geholpen"})
    t0 = time.perf_counter()
    r = server.request("POST", path, headers=FORM, raw=body)
    dt = time.perf_counter() - t0
    assert r.status == 303, (r.status, r.body[:300])
    return dt


def timed(server, ready, parallel):
    times = []
    lock = threading.Lock()
    work = list(ready)

    def worker():
        while True:
            with lock:
                if not work:
                    return
                path, nonce = work.pop()
            dt = answer(server, path, nonce)
            with lock:
                times.append(dt)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(parallel)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    times.sort()
    return {"n": len(times), "median_ms": statistics.median(times) * 1000,
            "p90_ms": times[int(0.9 * (len(times) - 1))] * 1000,
            "mean_ms": statistics.mean(times) * 1000, "per_s": len(times) / wall}


def count_syncs(server, ready):
    """fsync/fdatasync calls of the server while `ready` are answered one by one."""
    out = tempfile.mktemp(prefix="strace-")
    tids = os.listdir(f"/proc/{server.proc.pid}/task")
    args = ["strace", "-f", "-qq", "-e", "trace=fsync,fdatasync", "-o", out]
    for t in tids:
        args += ["-p", t]
    st = subprocess.Popen(args, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    for path, nonce in ready:
        answer(server, path, nonce)
    time.sleep(0.5)
    st.terminate()
    st.wait()
    with open(out) as f:
        calls = sum(1 for line in f if "sync(" in line)
    os.unlink(out)
    return calls


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200, help="answers per phase")
    ap.add_argument("--parallel", type=int, default=8, help="clients in the parallel phase")
    ap.add_argument("--count-syncs", action="store_true", help="count fsyncs under strace")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="beleving-answers-")
    server = None
    try:
        data = os.path.join(tmp, "data")
        run_cli("org", "create", "--slug", "acme", "--name", "Acme", data=data)
        admin = run_cli("apikey", "create", "--org", "acme", "--scopes", "admin,ingest,read",
                        data=data).stdout.strip().splitlines()[-1]
        server = Server(data)
        print(f"binary: {BIN}")
        phases = [("one by one", 1), (f"{args.parallel} in parallel", args.parallel)]
        for name, parallel in phases:
            ready = score(server, make_links(server, admin, args.n))
            res = timed(server, ready, parallel)
            print(f"{name:>14}: {res['n']} answers, median {res['median_ms']:.2f} ms, "
                  f"p90 {res['p90_ms']:.2f} ms, mean {res['mean_ms']:.2f} ms, "
                  f"{res['per_s']:.0f} answers/s")
        if args.count_syncs:
            ready = score(server, make_links(server, admin, args.n))
            calls = count_syncs(server, ready)
            print(f"{'fsyncs':>14}: {calls} fsync/fdatasync calls for {len(ready)} answers "
                  f"({calls / len(ready):.2f} per answer)")
        r = server.request("GET", "/api/v1/responses?limit=1000",
                           headers={"Authorization": "Bearer " + admin})
        stored = len(r.json()["responses"])
        expected = args.n * (3 if args.count_syncs else 2)
        print(f"{'stored':>14}: {stored} responses (expected {expected})")
        return 0 if stored == expected else 1
    finally:
        if server:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
