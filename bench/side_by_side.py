#!/usr/bin/env python3
"""Side-by-side table of `beleving bench` and a peer runner (stdlib only).

    python3 bench/side_by_side.py BELEVING/timings.jsonl PEER/timings.jsonl [--markdown]

Per query: beleving best ms (median), peer best ms (median), ratio
peer/beleving of the best times; then load seconds and memory."""
import json
import sys


def load(path):
    recs = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line:
                r = json.loads(line)
                recs[r["query"]] = r
    return recs


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    md = "--markdown" in sys.argv
    b, p = load(args[0]), load(args[1])
    peer = next(iter(p.values()))["engine"]
    rows = [["query", "beleving ms", peer + " ms", "ratio " + peer + "/beleving"]]
    for q in ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8"]:
        if q in b and q in p:
            rows.append([q, "%.3f (%.3f)" % (b[q]["ms"], b[q]["median_ms"]),
                         "%.1f (%.1f)" % (p[q]["ms"], p[q]["median_ms"]),
                         "%.1fx" % (p[q]["ms"] / max(b[q]["ms"], 1e-9))])
    if "load" in b and "load" in p:
        rows.append(["load s", "%.2f" % (b["load"]["ms"] / 1000), "%.2f" % (p["load"]["ms"] / 1000),
                     "%.2fx" % (p["load"]["ms"] / b["load"]["ms"])])
        bl = b["load"]
        rows.append(["engine bytes/response", "%.1f" % bl.get("bytes_per_response", 0),
                     "-", "RSS %.0f -> %.0f MB" % (bl.get("rss_before_mb", 0), bl.get("rss_after_mb", 0))])
        rows.append(["append rate /s", "%d" % bl.get("append_per_s", 0), "-", ""])
    if "memory" in b and "memory" in p:
        rows.append(["peak RSS MB", "%.0f" % b["memory"]["peak_rss_mb"],
                     "%.0f" % p["memory"]["peak_rss_mb"], ""])
    if md:
        print("| " + " | ".join(rows[0]) + " |")
        print("|" + " --- |" * len(rows[0]))
        for r in rows[1:]:
            print("| " + " | ".join(r) + " |")
    else:
        w = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        for r in rows:
            print("  ".join(c.ljust(w[i]) for i, c in enumerate(r)))


if __name__ == "__main__":
    main()
