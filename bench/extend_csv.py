#!/usr/bin/env python3
"""Add a survey and a customer-segment column to a peer-benchmark CSV.

    python3 bench/extend_csv.py IN.csv OUT.csv

Streams IN (gen.py output, header response_id,ts,org,...,d_complaint_speed)
to OUT with two more columns, both derived deterministically from columns the
file already has, so the shared generator stays as it is:

    survey  = 1 + ((response_id * 2654435761) mod 2^32) mod 3   (three surveys)
    segment = 1 + ((customer * 40503) mod 65536) mod 5           (five segments)

The segment depends only on the customer, so it is a customer attribute: the
same customer always has the same segment. Writes OUT.tmp and renames it, so
an interrupted run leaves no half file behind.
"""
import os
import sys

HEADER = ("response_id,ts,org,location,team,employee,customer,touchpoint,channel,score,ces,"
          "d_certainty,d_flexibility,d_reliability,d_customisation,d_complaint_speed")


def survey_of(response_id):
    return 1 + ((response_id * 2654435761) & 0xFFFFFFFF) % 3


def segment_of(customer):
    return 1 + ((customer * 40503) & 0xFFFF) % 5


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    src, dst = argv[1], argv[2]
    tmp = dst + ".tmp"
    with open(src, "r", newline="") as fin, open(tmp, "w", newline="") as fout:
        header = fin.readline().rstrip("\r\n")
        if header != HEADER:
            sys.stderr.write(f"{src}: unexpected header {header!r}\n")
            return 1
        fout.write(header + ",survey,segment\n")
        out = []
        for line in fin:
            line = line.rstrip("\r\n")
            if not line:
                continue
            first = line.index(",")
            rid = int(line[:first])
            # customer is the 7th column: skip six commas
            p = first
            for _ in range(5):
                p = line.index(",", p + 1)
            q = line.index(",", p + 1)
            cust = int(line[p + 1:q])
            out.append(f"{line},{survey_of(rid)},{segment_of(cust)}\n")
            if len(out) >= 100000:
                fout.writelines(out)
                out.clear()
        fout.writelines(out)
    os.replace(tmp, dst)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
