#!/usr/bin/env python3
"""Build English sentiment evaluation sets from the R community survey.

Answers to "What do you like best about using R?" are labelled positive and
answers to "What do you like least about using R?" negative. The 2018 TSV
becomes the reported set (tests/data/text/en_r2018.tsv); the 2019 English CSV
becomes the development set used for tuning (tests/data/text/en_r2019_dev.tsv),
so the reported figure is never tuned on.

Answers that carry no content are dropped: empty cells and placeholders such
as "NA", "n/a", "-", "none", "nothing" (for "like least" those mean "no
complaint", which is not a negative comment). Newlines and tabs inside an
answer become spaces. Apache-2.0 data (rstudio/r-community-survey).

Usage: make_r_eval.py [DATA_DIR] [OUT_DIR]
"""
import csv
import os
import re
import sys

BEST = "What do you like best about using R?"
LEAST = "What do you like least about using R?"
PLACEHOLDER = re.compile(
    r"^(n/?a|none|nothing|no|nope|-+|\.+|\?+|idk|i don'?t know|not sure|"
    r"nothing really|none really|can'?t think of anything|no comment|x)[.!]*$",
    re.IGNORECASE)


def clean(text):
    text = re.sub(r"\s+", " ", text or "").strip()
    if not text or PLACEHOLDER.match(text):
        return None
    return text


def rows_from(reader):
    header = next(reader)
    best, least = header.index(BEST), header.index(LEAST)
    for row in reader:
        if len(row) <= max(best, least):
            continue
        for col, label in ((best, "positive"), (least, "negative")):
            text = clean(row[col])
            if text:
                yield label, text


def write(path, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for label, text in rows:
            f.write("%s\t%s\n" % (label, text))
    pos = sum(1 for l, _ in rows if l == "positive")
    print("%s: %d rows (%d positive, %d negative)" % (path, len(rows), pos, len(rows) - pos))


def main(argv):
    data = argv[1] if len(argv) > 1 else "/work/shared/data/r-community-survey"
    out = argv[2] if len(argv) > 2 else os.path.normpath(os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "data", "text"))
    with open(os.path.join(data, "2018_learning_r_survey_google_forms_responses_en.tsv"),
              encoding="utf-8", newline="") as f:
        rows2018 = list(rows_from(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)))
    with open(os.path.join(data, "2019_r_community_survey_responses_en.csv"),
              encoding="utf-8", newline="") as f:
        rows2019 = list(rows_from(csv.reader(f)))
    write(os.path.join(out, "en_r2018.tsv"), rows2018)
    write(os.path.join(out, "en_r2019_dev.tsv"), rows2019)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
