#!/usr/bin/env python3
"""The house rules that a compiler does not check, checked on every `make test`.

1. Dependencies point down: a room (a folder under src/) includes only rooms
   of a lower layer, or of its own layer without a cycle.
2. The adapters (api/, web/) never name a store, a SQL connection, a
   transaction or the database (`.db()`): they call services. They may include store/tenant_scope.h
   (the caller's scope is a value they pass on) and nothing else of store/.
3. No SQL outside store/ (tests aside).
4. The environment is read in one place: app/config.cc.
5. One job per file: no source file over MAX_LINES lines (tests, benchmarks
   and fuzz targets aside).

Prints every violation as FILE:LINE: message and exits 1 when there is any.
`--root DIR` checks another tree (the test of this script uses it).
"""
import argparse
import os
import re
import sys

# Lower numbers are lower floors. Rooms of one layer may include each other
# as long as no cycle forms.
LAYERS = {
    "core": 0,
    "http": 1, "i18n": 1, "engine": 1, "text": 1, "outbound": 1, "mail": 1,
    "store": 2,
    "security": 3, "jobs": 3,
    "capture": 4, "survey": 4, "loop": 4, "privacy": 4, "workspace": 4, "people": 4,
    "growth": 4, "imports": 4, "reports": 4, "outcomes": 4,
    "insight": 4,
    "app": 5, "demo": 5,
    "api": 6, "web": 6,
    "cli": 7,
}
ADAPTERS = ("api", "web")
ADAPTER_STORE_ALLOWED = {"store/tenant_scope.h"}
ADAPTER_FORBIDDEN = [
    (re.compile(r"\bSqlConn\b"), "names a SQL connection (SqlConn): call a service"),
    (re.compile(r"\b[A-Z][A-Za-z]*Store::"), "calls a store: call a service"),
    (re.compile(r"\bdb\(\)\s*\.\s*(Read|Write)\b"), "opens a transaction: call a service"),
    # Handing the database to a free function is a store call by another
    # name: the function cannot know the caller, so it cannot audit.
    (re.compile(r"\.\s*db\(\)"), "passes the database on (.db()): call a service object"),
]
SQL = re.compile(r'"[^"\n]*\b(SELECT\s+[\w*(]|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|'
                 r'CREATE\s+TABLE|PRAGMA\s+\w)')
MAX_LINES = 600


def is_test(path):
    return re.search(r"_(test|bench|fuzz)\.cc$", path) is not None


def sources(root):
    for dirpath, _, files in os.walk(os.path.join(root, "src")):
        for f in sorted(files):
            if f.endswith((".cc", ".h")):
                yield os.path.join(dirpath, f)


def room_of(root, path):
    rel = os.path.relpath(path, os.path.join(root, "src"))
    return rel.split(os.sep)[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=os.path.join(os.path.dirname(__file__), ".."))
    args = ap.parse_args()
    root = os.path.abspath(args.root)
    problems = []
    edges = {}
    for path in sources(root):
        rel = os.path.relpath(path, root)
        room = room_of(root, path)
        test = is_test(path)
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        if room not in LAYERS:
            problems.append(f"{rel}:1: room '{room}' has no layer in tools/check_layers.py")
            continue
        if not test and len(lines) > MAX_LINES:
            problems.append(f"{rel}:{MAX_LINES}: {len(lines)} lines; one job per file "
                            f"(at most {MAX_LINES})")
        for n, line in enumerate(lines, 1):
            m = re.match(r'\s*#include "([a-z_0-9]+)/([^"]+)"', line)
            if m:
                other = m.group(1)
                header = f"{other}/{m.group(2)}"
                if other != room and other in LAYERS and not test:
                    if LAYERS[other] > LAYERS[room]:
                        problems.append(f"{rel}:{n}: {room}/ (layer {LAYERS[room]}) includes "
                                        f"{header} (layer {LAYERS[other]}): dependencies point down")
                    elif LAYERS[other] == LAYERS[room]:
                        edges.setdefault(room, {}).setdefault(other, f"{rel}:{n}")
                if room in ADAPTERS and other == "store" and header not in ADAPTER_STORE_ALLOWED:
                    problems.append(f"{rel}:{n}: {room}/ includes {header}: handlers and pages "
                                    "call services, never a store")
            code = line.split("//")[0]
            if room in ADAPTERS:
                for pattern, message in ADAPTER_FORBIDDEN:
                    if pattern.search(code):
                        problems.append(f"{rel}:{n}: {message}")
            if room != "store" and not test and SQL.search(code):
                problems.append(f"{rel}:{n}: SQL outside store/")
            if "getenv" in code and rel != os.path.join("src", "app", "config.cc"):
                problems.append(f"{rel}:{n}: reads the environment; only app/config.cc does")
    # Cycles among rooms of one layer.
    def reach(a, b, seen):
        for c in edges.get(a, {}):
            if c == b or (c not in seen and reach(c, b, seen | {c})):
                return True
        return False
    for a, outs in edges.items():
        for b, where in outs.items():
            if reach(b, a, {b}):
                problems.append(f"{where}: {a}/ and {b}/ include each other (a cycle)")
    for p in sorted(set(problems)):
        print(p)
    if problems:
        print(f"{len(set(problems))} layering problem(s)", file=sys.stderr)
        return 1
    print("layers: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
