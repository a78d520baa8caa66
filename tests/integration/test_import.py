"""Issue 17: importing survey responses from files through the real binary
(`beleving import responses`), read back through the API of a server started
on the same data directory; and history that does not flood the loop."""
import datetime
import os
import pty
import shutil
import sqlite3
import subprocess
import tempfile
import time
import unittest
import zipfile

import test_ask
from harness import BIN, Server, run_cli

DATA = os.path.join(os.path.dirname(__file__), "..", "data", "import")
R2018 = os.path.join(DATA, "r_survey_2018_google_forms.tsv")
Q3 = os.path.join(DATA, "qualtrics_3header.csv")
QLEGACY = os.path.join(DATA, "qualtrics_legacy_2header.csv")
BAD_DATE = os.path.join(DATA, "bad_date_line57.csv")

# 0..10 of the 2018 R survey's "How likely are you to recommend R ...".
R2018_NPS = [0, 6, 5, 12, 12, 44, 51, 160, 417, 467, 1827]
R2018_BLANK = 61


def last_line(text):
    return text.strip().splitlines()[-1]


class ImportTestCase(unittest.TestCase):
    """A data directory with one organisation per test and keys to read it."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="beleving-import-")
        cls.data = os.path.join(cls.tmp, "data")
        cls.keys = {}
        cls.server = None

    @classmethod
    def tearDownClass(cls):
        if cls.server:
            cls.server.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def org(self, slug):
        run_cli("org", "create", "--slug", slug, "--name", slug.title(), data=self.data)
        self.keys[slug] = run_cli("apikey", "create", "--org", slug, "--scopes", "read",
                                  data=self.data).stdout.strip().splitlines()[-1]

    def restart(self):
        if self.server:
            self.server.stop()
        type(self).server = Server(self.data)

    def get(self, slug, path):
        r = self.server.request("GET", path, headers={"Authorization": "Bearer " + self.keys[slug]})
        self.assertEqual(r.status, 200, r.body)
        return r.json()

    def imp(self, slug, path, *extra, check=True):
        p = run_cli("import", "responses", "--org", slug, *extra, path, data=self.data, check=False)
        if check:
            self.assertEqual(p.returncode, 0, p.stderr + p.stdout)
        return p

    def distribution(self, slug):
        rows = self.get(slug, "/api/v1/metrics?measure=distribution&group_by=org")["rows"]
        self.assertEqual(len(rows), 1, rows)
        return rows[0]

    def db_count(self, sql, *args):
        con = sqlite3.connect(os.path.join(self.data, "beleving.db"))
        try:
            return con.execute(sql, args).fetchone()[0]
        finally:
            con.close()


class ImportTest(ImportTestCase):
    def test_google_forms_tsv_imports_with_the_right_nps_distribution_once(self):
        self.org("rsurvey")
        # A server is running on the same data directory while the file is
        # imported: the responses are in its metrics as soon as the command
        # returns (the engine catches up with rows another process stored).
        self.restart()
        self.assertEqual(self.get("rsurvey", "/api/v1/metrics?measure=distribution&group_by=org")["rows"], [])
        p = self.imp("rsurvey", R2018)
        self.assertEqual(last_line(p.stdout), "imported 3062, duplicates 0, skipped 0")
        self.assertIn("progress: 3062/3062", p.stdout)  # not a terminal: plain lines
        row = self.distribution("rsurvey")
        self.assertEqual(row["distribution"], R2018_NPS)
        self.assertEqual(row["count"], 3062)
        self.assertEqual(row["count"] - sum(row["distribution"]), R2018_BLANK)
        # Again: nothing new, and the figures stay, also after a restart.
        p = self.imp("rsurvey", R2018)
        self.assertEqual(last_line(p.stdout), "imported 0, duplicates 3062, skipped 0")
        self.assertEqual(self.distribution("rsurvey")["distribution"], R2018_NPS)
        self.restart()
        self.assertEqual(self.distribution("rsurvey")["distribution"], R2018_NPS)
        # Answers are kept under stable keys, the date in the org's zone
        # (12/6/2018 11:57:58 in Amsterdam is 10:57:58 UTC).
        first = self.get("rsurvey", "/api/v1/responses?limit=1")["responses"][0]
        self.assertEqual(first["submitted_at"], "2018-12-06T10:57:58Z")
        self.assertEqual(first["answers"]["nps"], 5)
        self.assertEqual(first["answers"]["what_industry_do_you_work_or_participate_in"], "Research")
        self.assertNotIn("what_do_you_like_best_about_using_r", first["answers"])  # left blank
        self.assertTrue(first["external_id"].startswith("import:h:"))

    def test_qualtrics_in_both_header_forms(self):
        for slug, path in (("qnew", Q3), ("qlegacy", QLEGACY)):
            self.org(slug)
            p = self.imp(slug, path)
            self.assertEqual(last_line(p.stdout), "imported 1, duplicates 0, skipped 0", slug)
        self.restart()
        for slug in ("qnew", "qlegacy"):
            r = self.get(slug, "/api/v1/responses")["responses"]
            self.assertEqual(len(r), 1)
            self.assertEqual(r[0]["external_id"], "qualtrics:R_2YPOQ602ER1jkf1")
            self.assertEqual(r[0]["submitted_at"], "2017-07-18T06:28:48Z")  # 08:28:48 CEST
            self.assertEqual(r[0]["answers"]["q1"], "2")
            self.assertEqual(r[0]["answers"]["q2"], "Hello World!")
            self.assertNotIn("130.92.34.66", str(r[0]))  # the IP address is not an answer
        # The same response in the other form is a duplicate, not a second response.
        p = self.imp("qnew", QLEGACY)
        self.assertEqual(last_line(p.stdout), "imported 0, duplicates 1, skipped 0")

    def test_a_bad_date_on_line_57_is_named_and_skipped_and_the_rest_imports_once(self):
        self.org("dates")
        p = self.imp("dates", BAD_DATE)
        self.assertEqual(last_line(p.stdout), "imported 58, duplicates 0, skipped 1")
        self.assertIn("bad_date_line57.csv:57:2: submitted_at: \"31-2-2024 10:00\" is not a date",
                      p.stderr)
        p = self.imp("dates", BAD_DATE)
        self.assertEqual(last_line(p.stdout), "imported 0, duplicates 58, skipped 1")
        self.assertEqual(self.db_count("SELECT COUNT(*) FROM responses r JOIN orgs o ON "
                                       "o.id = r.org_id WHERE o.slug = 'dates'"), 58)
        # The two-line comment arrived whole; D-M-YYYY read day first.
        con = sqlite3.connect(os.path.join(self.data, "beleving.db"))
        comment, at = con.execute("SELECT comment, submitted_at FROM responses WHERE "
                                  "external_id = 'import:r9'").fetchone()
        con.close()
        self.assertEqual(comment, "Twee regels:\nde tweede regel")
        self.assertEqual(at, int(datetime.datetime(2024, 3, 10, 9, 9,
                                                   tzinfo=datetime.timezone.utc).timestamp()))

    def test_a_progress_bar_on_a_terminal(self):
        self.org("tty")
        master, slave = pty.openpty()
        p = subprocess.Popen([BIN, "import", "responses", "--data", self.data, "--org", "tty",
                              BAD_DATE], stdout=slave, stderr=subprocess.PIPE)
        os.close(slave)
        out = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the other end closed
                break
            if not chunk:
                break
            out += chunk
        p.wait(timeout=60)
        p.stderr.close()
        os.close(master)
        text = out.decode()
        self.assertEqual(p.returncode, 0)
        self.assertIn("\r[" + "#" * 40 + "] 58/58", text)
        self.assertNotIn("progress:", text)
        self.assertEqual(last_line(text), "imported 58, duplicates 0, skipped 1")

    def test_dry_run_writes_nothing_and_shows_the_mapping_and_distribution(self):
        self.org("dry")
        before = self.db_count("SELECT COUNT(*) FROM import_sources")
        p = self.imp("dry", R2018, "--dry-run")
        out = p.stdout
        self.assertIn("google-forms", out)
        self.assertIn("nps          column 25 \"How likely are you to recommend R", out)
        self.assertIn("submitted_at column 1 \"Timestamp\"", out)
        self.assertIn("NPS distribution: 0:0 1:6 2:5 3:12 4:12 5:44 6:51 7:160 8:417 9:467 "
                      "10:1827 blank:61", out)
        self.assertEqual(last_line(out), "imported 3062, duplicates 0, skipped 0")
        self.assertEqual(self.db_count("SELECT COUNT(*) FROM responses r JOIN orgs o ON "
                                       "o.id = r.org_id WHERE o.slug = 'dry'"), 0)
        self.assertEqual(self.db_count("SELECT COUNT(*) FROM import_sources"), before)
        p = self.imp("dry", BAD_DATE, "--dry-run")
        self.assertIn("bad_date_line57.csv:57:2:", p.stdout)  # the first problems
        self.assertEqual(last_line(p.stdout), "imported 58, duplicates 0, skipped 1")

    def test_the_mapping_is_saved_per_source(self):
        self.org("mapped")
        header = "Nummer;Wanneer;Cijfer;Wat kan beter\n"
        first = os.path.join(self.tmp, "export1.csv")
        second = os.path.join(self.tmp, "export2.csv")
        with open(first, "w") as f:
            f.write(header + "1;2025-01-02;9;Niets\n2;2025-01-03;3;Alles\n")
        with open(second, "w") as f:
            f.write(header + "2;2025-01-03;3;Alles\n3;2025-01-04;;Koffie\n4;2025-01-05;10;\n"
                    "5;2025-01-06;;\n")
        # "Cijfer" (grade) says nothing about recommending: not detected.
        p = self.imp("mapped", first, "--dry-run")
        self.assertNotIn("nps ", p.stdout)
        p = self.imp("mapped", first, "--map", "nps=Cijfer", "--map", "submitted_at=2",
                     "--map", "external_id=1", "--map", "comment=Wat kan beter")
        self.assertEqual(last_line(p.stdout), "imported 2, duplicates 0, skipped 0")
        # The next export of the same survey: no --map needed.
        p = self.imp("mapped", second, "--dry-run")
        self.assertIn("(saved for this source)", p.stdout)
        self.assertIn("NPS distribution: 0:0 1:0 2:0 3:1 4:0 5:0 6:0 7:0 8:0 9:0 10:1 blank:1",
                      p.stdout)
        p = self.imp("mapped", second)
        self.assertEqual(last_line(p.stdout), "imported 2, duplicates 1, skipped 1")
        # A plain file's row without any answer is skipped, with the reason.
        self.assertIn("export2.csv:5:0: no answer in this row", p.stderr)
        self.restart()
        row = self.distribution("mapped")
        self.assertEqual(row["count"], 4)
        self.assertEqual(row["distribution"][9] + row["distribution"][3] + row["distribution"][10], 3)

    def test_usage_and_mapping_errors_exit_2(self):
        self.org("usage")
        for extra in (["--map", "rating=3"], ["--map", "nps=99"], ["--map", "nps=No such header"],
                      ["--format", "spss"], ["--format", "xlsx"], ["--format", "qualtrics"]):
            p = self.imp("usage", BAD_DATE, *extra, check=False)
            self.assertEqual(p.returncode, 2, (extra, p.stdout, p.stderr))
            self.assertIn("error:", p.stderr)
        p = self.imp("nosuchorg", BAD_DATE, check=False)
        self.assertEqual(p.returncode, 2)
        p = self.imp("usage", os.path.join(self.tmp, "missing.csv"), check=False)
        self.assertEqual(p.returncode, 2)
        broken = os.path.join(self.tmp, "broken.csv")
        with open(broken, "w") as f:
            f.write('a,b\n1,2\n3,"never closed\n')
        p = self.imp("usage", broken, check=False)
        self.assertEqual(p.returncode, 2)
        self.assertIn("broken.csv:3:2:", p.stderr)
        # Only metadata and no answer column: a mapping error.
        meta = os.path.join(self.tmp, "meta.csv")
        with open(meta, "w") as f:
            f.write("Respondent ID,Collector ID,Start Date,End Date\n,,,\n1,2,1/1/2020,1/1/2020\n")
        p = self.imp("usage", meta, check=False)
        self.assertEqual(p.returncode, 2, p.stdout)

    def test_surveymonkey_xlsx_and_typeform_csv(self):
        self.org("tools")
        xlsx = os.path.join(self.tmp, "monkey.xlsx")
        write_xlsx(xlsx, [
            ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address",
             "Email Address", "How likely is it that you would recommend Acme to a friend?",
             "What could we do better?", "Which channels?", None],
            [None, None, None, None, None, None, "Response", "Open-Ended Response", "Phone",
             "Chat"],
            [11800000001, 400, 43831.5, 43831.51, "1.2.3.4", "a@example.com", 9, "Sneller",
             "Phone", None],
            [11800000002, 400, 43832.5, 43832.52, "1.2.3.5", "b@example.com", 2, None, None,
             "Chat"],
            [11800000003, 400, 43833.5, 43833.53, "1.2.3.6", "", None, None, None, None],
        ], date_columns={2, 3})
        p = self.imp("tools", xlsx)
        # The third respondent answered nothing, but SurveyMonkey recorded the
        # submission: a response with every answer blank.
        self.assertEqual(last_line(p.stdout), "imported 3, duplicates 0, skipped 0")
        typeform = os.path.join(self.tmp, "typeform.csv")
        with open(typeform, "w") as f:
            f.write("#,How easy was it to book?,Anything else?,Start Date (UTC),Submit Date (UTC),"
                    "Network ID\n"
                    "t0k3n1,7,Top,2020-01-02 09:00:00,2020-01-02 09:01:00,abc\n"
                    "t0k3n2,2,,2020-01-03 09:00:00,2020-01-03 09:01:00,def\n")
        p = self.imp("tools", typeform)
        self.assertEqual(last_line(p.stdout), "imported 2, duplicates 0, skipped 0")
        self.restart()
        by_id = {r["external_id"]: r for r in self.get("tools", "/api/v1/responses")["responses"]}
        monkey = by_id["surveymonkey:11800000001"]
        self.assertEqual(monkey["answers"]["nps"], 9)
        self.assertEqual(monkey["answers"]["what_could_we_do_better"], "Sneller")
        self.assertEqual(monkey["answers"]["which_channels_phone"], "Phone")
        self.assertEqual(monkey["customer"], "a@example.com")
        self.assertEqual(monkey["submitted_at"], "2020-01-01T11:14:24Z")  # 12:14:24 CET
        self.assertEqual(by_id["surveymonkey:11800000002"]["answers"]["nps"], 2)
        tf = by_id["typeform:t0k3n1"]
        self.assertEqual(tf["answers"]["ces"], 7)
        self.assertEqual(tf["submitted_at"], "2020-01-02T09:01:00Z")  # Typeform writes UTC
        self.assertEqual(by_id["surveymonkey:11800000003"]["answers"], {})
        row = self.distribution("tools")
        self.assertEqual(row["distribution"][9], 1)
        self.assertEqual(row["count"] - sum(row["distribution"]), 3)  # it and the Typeform two


def write_xlsx(path, rows, date_columns=()):
    """A minimal workbook as spreadsheet programs write it: shared strings,
    numbers, and a date style on `date_columns` (0-based)."""
    strings, index = [], {}

    def sst(s):
        if s not in index:
            index[s] = len(strings)
            strings.append(s)
        return index[s]

    def col(i):
        name = ""
        i += 1
        while i:
            i, r = divmod(i - 1, 26)
            name = chr(65 + r) + name
        return name

    xml_rows = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, v in enumerate(row):
            ref = f"{col(c)}{r}"
            if v is None or v == "":
                continue
            if isinstance(v, str):
                cells.append(f'<c r="{ref}" t="s"><v>{sst(v)}</v></c>')
            else:
                style = ' s="1"' if c in date_columns and r > 2 else ""
                cells.append(f'<c r="{ref}"{style}><v>{v}</v></c>')
        xml_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    esc = lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/content-types"><Default Extension="xml" '
                   'ContentType="application/xml"/></Types>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook {ns} {rel}><sheets>'
                   '<sheet name="Sheet" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
                   'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                   'Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/styles.xml", f'<?xml version="1.0"?><styleSheet {ns}><numFmts count="1">'
                   '<numFmt numFmtId="164" formatCode="m/d/yyyy h:mm:ss"/></numFmts><cellXfs '
                   'count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/>'
                   '</cellXfs></styleSheet>')
        z.writestr("xl/sharedStrings.xml", f'<?xml version="1.0"?><sst {ns}>' +
                   "".join(f"<si><t>{esc(s)}</t></si>" for s in strings) + "</sst>")
        z.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0"?><worksheet {ns}><sheetData>'
                   + "".join(xml_rows) + "</sheetData></worksheet>")


def now_local_text(delta_s=0):
    return (datetime.datetime.now() + datetime.timedelta(seconds=delta_s)).strftime(
        "%Y-%m-%d %H:%M:%S")


def rfc3339(delta_s=0):
    t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=delta_s)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


class ImportedHistoryTest(test_ask.SmtpServerTestCase):
    """Imported and back-dated detractors open no case and send no mail; a new
    detractor through the API does. The server runs while the file is imported."""

    orgs = ("acme",)
    mail_from = "alerts@acme.example"

    def cases(self, kind=None):
        r = self.server.request("GET", "/api/v1/cases?limit=1000", headers=self.key("acme", "read"))
        self.assertEqual(r.status, 200, r.body)
        return [c for c in r.json()["cases"] if kind is None or c["type"] == kind]

    def test_history_opens_no_case_and_sends_no_mail(self):
        for event in ("detractor", "case.opened"):
            r = self.server.request("POST", "/api/v1/alert-rules", headers=self.key("acme", "admin"),
                                    body={"event": event, "email": "lead@acme.example"})
            self.assertEqual(r.status, 201, r.body)
        # Forty detractors, some of them from today: imported is what counts.
        history = os.path.join(self.tmp, "history.csv")
        with open(history, "w") as f:
            f.write("Response ID,Date,How likely are you to recommend Acme?,Comment,Customer\n")
            for i in range(40):
                when = now_local_text(-3600) if i % 2 else "2024-05-%02d 10:00:00" % (1 + i % 28)
                f.write(f"h{i},{when},{i % 5},Slecht geholpen,c-hist-{i}\n")
        p = run_cli("import", "responses", "--org", "acme", history, data=self.data)
        self.assertEqual(last_line(p.stdout), "imported 40, duplicates 0, skipped 0")
        # A detractor sent through the API a month late is history too.
        r = self.server.request("POST", "/api/v1/responses", headers=self.key("acme", "ingest"),
                                body={"responses": [{"external_id": "late-1",
                                                     "submitted_at": rfc3339(-30 * 86400),
                                                     "customer": "c-late",
                                                     "answers": {"nps": 1, "comment": "Te laat"}}]})
        self.assertIn(r.status, (200, 201), r.body)
        # A new detractor: a case and the mails. It is processed after the
        # history (the loop reads in id order), so what holds now holds for all.
        r = self.server.request("POST", "/api/v1/responses", headers=self.key("acme", "ingest"),
                                body={"responses": [{"external_id": "new-1",
                                                     "submitted_at": rfc3339(),
                                                     "customer": "c-new",
                                                     "answers": {"nps": 2, "comment": "Nu slecht"}}]})
        self.assertIn(r.status, (200, 201), r.body)
        deadline = time.time() + 30
        while time.time() < deadline and not self.cases("detractor"):
            time.sleep(0.2)
        detractor_cases = self.cases("detractor")
        self.assertEqual([c["customer"] for c in detractor_cases], ["c-new"])
        mails = self.smtp.wait_for("lead@acme.example", count=2)
        time.sleep(1.5)
        mails = self.smtp.to("lead@acme.example")
        self.assertEqual(len(mails), 2, [m["data"][:200] for m in mails])  # detractor + case.opened
        for m in mails:
            self.assertNotIn(b"Slecht geholpen", m["data"])
            self.assertNotIn(b"Te laat", m["data"])
        self.assertEqual([c["id"] for c in self.cases()], [c["id"] for c in detractor_cases])
        # The history still counts in the analyses (after a restart loads it).
        self.server.stop()
        env = dict(os.environ, BELEVING_SMTP_URL=f"smtp://127.0.0.1:{self.smtp.port}",
                   BELEVING_MAIL_FROM=self.mail_from)
        type(self).server = Server(self.data, env=env)
        r = self.server.request("GET", "/api/v1/metrics?measure=nps&group_by=org",
                                headers=self.key("acme", "read"))
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.json()["rows"][0]["detractors"], 42)

    def test_the_history_window_is_a_setting_per_organisation(self):
        p = run_cli("import", "history", "--org", "acme", data=self.data)
        self.assertEqual(last_line(p.stdout), "backdated_days 14")
        p = run_cli("import", "history", "--org", "acme", "--days", "60", data=self.data)
        self.assertEqual(last_line(p.stdout), "backdated_days 60")
        p = run_cli("import", "history", "--org", "acme", "--days", "9999", data=self.data,
                    check=False)
        self.assertNotEqual(p.returncode, 0)
        p = run_cli("import", "history", "--org", "acme", "--days", "14", data=self.data)
        self.assertEqual(last_line(p.stdout), "backdated_days 14")


if __name__ == "__main__":
    unittest.main()
