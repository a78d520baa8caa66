#!/usr/bin/env python3
"""Convert a Pattern subjectivity lexicon (XML, PDDL) into Beleving's compact TSV.

Usage: convert_pattern.py INPUT.xml OUTPUT.tsv

Pattern tags each word per sense, so one form can repeat. We average the
polarity over senses weighted by confidence (hand-tagged 1.0 > inferred 0.7),
keep the largest intensity, lowercase the form, and drop words whose mean
polarity is below 0.1 in magnitude (objective adjectives such as
"Amsterdams") unless they carry an intensity other than 1.0 (they are then
kept as intensifiers/softeners with polarity 0). Output columns:

    word <TAB> polarity (-1..1, 2 decimals) <TAB> intensity (0.5..2)

Comment lines start with '#'. The output is deterministic (sorted).
"""
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    src, dst = argv[1], argv[2]
    root = ET.parse(src).getroot()
    acc = defaultdict(lambda: [0.0, 0.0, 1.0])  # sum(p*c), sum(c), max intensity
    for w in root.iter("word"):
        form = (w.get("form") or "").strip().lower()
        if not form or " " in form:
            continue
        p = float(w.get("polarity") or 0)
        c = float(w.get("confidence") or 0.7)
        i = float(w.get("intensity") or 1)
        a = acc[form]
        a[0] += p * c
        a[1] += c
        if abs(i - 1.0) > abs(a[2] - 1.0):
            a[2] = i
    rows = []
    for form, (pc, c, inten) in acc.items():
        pol = pc / c if c else 0.0
        if abs(pol) < 0.1 and abs(inten - 1.0) < 0.05:
            continue
        rows.append((form, round(pol, 2), round(inten, 2)))
    rows.sort()
    with open(dst, "w", encoding="utf-8", newline="\n") as f:
        f.write("# Converted by tools/text/convert_pattern.py from %s\n" % src.split("/")[-1])
        f.write("# Pattern (CLiPS, De Smedt & Daelemans), licence PDDL. See PROVENANCE.md.\n")
        f.write("# word\tpolarity\tintensity\n")
        for form, pol, inten in rows:
            f.write("%s\t%.2f\t%.2f\n" % (form, pol, inten))
    print("%s: %d words" % (dst, len(rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
