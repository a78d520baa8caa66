#!/usr/bin/env python3
"""Every catalogue key the code names is defined, in Dutch and in English.

Finds literal keys in calls of the catalogue (c.T("..."), c.F("..."),
i18n::Text(lang, "..."), i18n::Format(lang, "..."), i18n::Plural(lang, "...",
n) and the page error keys) under src/, and checks resources/i18n/*.tsv
defines each (plural keys as KEY.one and KEY.other). Keys built at run time
("case.status." + status) are checked by the unit tests of their room.
Exits 1 and prints FILE:LINE: key for every missing key.
"""
import glob
import os
import re
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
KEY = r'"([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"'
CALLS = [
    re.compile(r"\b(?:T|F|Text|Format|Tr)\(\s*(?:[\w.>()\-]+,\s*)?" + KEY),
    re.compile(r"\bPlural\(\s*(?:[\w.>()\-]+,\s*)?" + KEY),
    re.compile(r"\bpage_error\(\s*\d+,\s*" + KEY),
    re.compile(r"\bErrorPage\w*\([^;]*?" + KEY),
]


def catalogue():
    keys = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "resources", "i18n", "*.tsv"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if not line or line.startswith("#"):
                    continue
                parts = line.split("\t")
                if len(parts) == 3:
                    keys[parts[0]] = parts
    return keys


def main():
    keys = catalogue()
    missing = []
    for path in sorted(glob.glob(os.path.join(ROOT, "src", "**", "*.*"), recursive=True)):
        if not path.endswith((".cc", ".h")):
            continue
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                for i, pattern in enumerate(CALLS):
                    for m in pattern.finditer(line):
                        key = m.group(1)
                        wanted = [key + ".one", key + ".other"] if i == 1 else [key]
                        for k in wanted:
                            if k not in keys:
                                missing.append(f"{os.path.relpath(path, ROOT)}:{n}: {k}")
    for m in missing:
        print(m)
    if missing:
        print(f"{len(missing)} catalogue key(s) missing", file=sys.stderr)
        return 1
    print(f"catalogue: ok ({len(keys)} keys)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
