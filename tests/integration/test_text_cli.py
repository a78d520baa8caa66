"""Integration test for `beleving text analyze` and `beleving text eval` (stdlib only).

BELEVING_BIN is the path of the binary; BELEVING_SOURCE the repo root (default: two levels up).
"""
import json
import os
import subprocess
import tempfile
import unittest

BIN = os.environ.get("BELEVING_BIN", "beleving")
SRC = os.environ.get("BELEVING_SOURCE",
                     os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..")))


def run(args, stdin=""):
    return subprocess.run([BIN] + args, input=stdin.encode("utf-8"), capture_output=True,
                          timeout=120)


class TextAnalyzeTest(unittest.TestCase):
    def analyze(self, lines, extra=()):
        p = run(["text", "analyze"] + list(extra), "\n".join(lines) + "\n")
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        out = [json.loads(l) for l in p.stdout.decode("utf-8").splitlines()]
        self.assertEqual(len(out), len(lines))
        return out

    def test_one_json_object_per_line(self):
        out = self.analyze([
            "Super vriendelijk geholpen, echt top! 😊",
            "Niet teruggebeld en al weken wachten op antwoord 😡",
            "The staff were friendly, but the wait was far too long.",
            "",
        ])
        for o in out:
            for key in ("language", "sentiment", "polarity", "themes"):
                self.assertIn(key, o)
            self.assertGreaterEqual(o["sentiment"], -1)
            self.assertLessEqual(o["sentiment"], 1)
            self.assertIn(o["polarity"], ("positive", "negative", "neutral"))
            for t in o["themes"]:
                self.assertEqual(set(t) >= {"theme", "polarity", "evidence"}, True)
                self.assertIsInstance(t["evidence"], list)
        self.assertEqual(out[0]["language"], "nl")
        self.assertEqual(out[0]["polarity"], "positive")
        self.assertEqual(out[1]["polarity"], "negative")
        self.assertEqual(out[2]["language"], "en")
        self.assertEqual(out[2]["polarity"], "negative")
        self.assertEqual(out[3]["polarity"], "neutral")
        themes = {t["theme"]: t for t in out[1]["themes"]}
        self.assertIn("communication", themes)
        self.assertIn("teruggebeld", themes["communication"]["evidence"])
        self.assertEqual(themes["communication"]["polarity"], "negative")

    def test_employees_and_custom_themes(self):
        with tempfile.TemporaryDirectory() as d:
            emp = os.path.join(d, "employees.json")
            with open(emp, "w", encoding="utf-8") as f:
                json.dump([{"id": "e1", "name": "Sanne de Vries"}], f)
            themes = os.path.join(d, "themes.json")
            with open(themes, "w", encoding="utf-8") as f:
                json.dump({"themes": [{"key": "parking", "terms": {"nl": ["parkeerplaats"]}}]}, f)
            out = self.analyze(["Dank aan Sanne! Wel lastig om een parkeerplaats te vinden."],
                               ["--employees", emp, "--themes", themes])
        o = out[0]
        self.assertEqual(o["mentions"][0]["employee_id"], "e1")
        self.assertTrue(o["mentions"][0]["compliment"])
        self.assertIn("parking", [t["theme"] for t in o["themes"]])

    def test_bad_theme_file_names_file_and_field(self):
        with tempfile.TemporaryDirectory() as d:
            themes = os.path.join(d, "bad.json")
            with open(themes, "w") as f:
                f.write('{"themes": [{"key": "x", "terms": {"nl": [1]}}]}')
            p = run(["text", "analyze", "--themes", themes], "goed\n")
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("bad.json", p.stderr.decode())
        self.assertIn("/themes/0/terms/nl/0", p.stderr.decode())

    def test_redact(self):
        p = run(["text", "redact"], "Bel 06-12345678 of mail a@b.nl, NL91ABNA0417164300\n")
        self.assertEqual(p.stdout.decode().strip(), "Bel [telefoon] of mail [email], [iban]")


class TextEvalTest(unittest.TestCase):
    def test_dutch_quality_gate(self):
        path = os.path.join(SRC, "tests", "data", "text", "nl_labelled.tsv")
        p = run(["text", "eval", "--input", path, "--json"])
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        r = json.loads(p.stdout)
        self.assertGreaterEqual(r["two_class"]["n"], 300)
        self.assertGreaterEqual(r["two_class"]["accuracy"], 0.85, r)
        for g in ("positive", "negative", "neutral"):
            self.assertIn(g, r["confusion"])

    def test_english_quality_gate_with_a_model_learned_on_another_year(self):
        # Trained on the 2019 R survey answers, scored on the 2018 ones: the
        # reported set is never seen in training.
        data = os.path.join(SRC, "tests", "data", "text")
        with tempfile.TemporaryDirectory() as d:
            model = os.path.join(d, "r2019.json")
            p = run(["text", "train", "--input", os.path.join(data, "en_r2019_dev.tsv"),
                     "--language", "en", "--out", model])
            self.assertEqual(p.returncode, 0, p.stderr.decode())
            self.assertIn("trained on 1452 positive and 1300 negative", p.stdout.decode())
            p = run(["text", "eval", "--input", os.path.join(data, "en_r2018.tsv"),
                     "--language", "en", "--model", model, "--json"])
            self.assertEqual(p.returncode, 0, p.stderr.decode())
            r = json.loads(p.stdout)
            self.assertGreaterEqual(r["two_class"]["n"], 4000)
            self.assertGreaterEqual(r["two_class"]["accuracy"], 0.85, r)
            # Without the model the lexicon alone sees mostly topics.
            p = run(["text", "eval", "--input", os.path.join(data, "en_r2018.tsv"),
                     "--language", "en", "--json"])
            self.assertLess(json.loads(p.stdout)["two_class"]["accuracy"], 0.85)
            # The learned words are shown as evidence.
            out = json.loads(run(["text", "analyze", "--language", "en", "--model", model],
                                 "Package management\n").stdout)
            self.assertEqual(out["polarity"], "negative")
            self.assertTrue(out["learned"]["evidence"])
            # A broken model file is named with the field.
            with open(model, "w", encoding="utf-8") as f:
                f.write('{"format":"beleving-learned-sentiment","version":9}')
            p = run(["text", "analyze", "--model", model], "x\n")
            self.assertNotEqual(p.returncode, 0)
            self.assertIn("r2019.json", p.stderr.decode())
            self.assertIn("/version", p.stderr.decode())

    def test_human_report_and_bad_line(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "x.tsv")
            with open(path, "w", encoding="utf-8") as f:
                f.write("positive\tHeel goed geholpen\nnegative\tSlecht\n")
            p = run(["text", "eval", "--input", path])
            self.assertEqual(p.returncode, 0)
            self.assertIn("accuracy", p.stdout.decode())
            self.assertIn("confusion", p.stdout.decode())
            with open(path, "a", encoding="utf-8") as f:
                f.write("geweldig\tdit label bestaat niet\n")
            p = run(["text", "eval", "--input", path])
            self.assertNotEqual(p.returncode, 0)
            self.assertIn("x.tsv:3", p.stderr.decode())


if __name__ == "__main__":
    unittest.main()
