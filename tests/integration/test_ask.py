"""Asking at the moment of truth: triggers, fatigue, invitation e-mail over a
real SMTP conversation on loopback, the public survey page, unsubscribe, QR
codes, and exactly-once sending across SIGTERM and SIGKILL restarts."""
import base64
import email
import json
import os
import re
import shutil
import signal
import socket
import socketserver
import sqlite3
import tempfile
import threading
import time
import unittest
import urllib.parse

from harness import Server, ServerTestCase, run_cli


class SmtpReceiver:
    """A small SMTP server (RFC 5321 subset: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT)."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        outer = self

        class Handler(socketserver.StreamRequestHandler):
            def send(self, line):
                self.wfile.write((line + "\r\n").encode())
                self.wfile.flush()

            def handle(self):
                self.send("220 localhost ESMTP test")
                mail_from, rcpts = None, []
                while True:
                    raw = self.rfile.readline()
                    if not raw:
                        return
                    line = raw.decode("utf-8", "replace").rstrip("\r\n")
                    verb = line[:4].upper()
                    if verb == "EHLO":
                        self.send("250-localhost")
                        self.send("250 8BITMIME")
                    elif verb == "HELO":
                        self.send("250 localhost")
                    elif verb == "MAIL":
                        mail_from, rcpts = line[10:].strip(), []
                        self.send("250 OK")
                    elif verb == "RCPT":
                        rcpts.append(line[8:].strip().strip("<>"))
                        self.send("250 OK")
                    elif verb == "DATA":
                        self.send("354 End data with <CR><LF>.<CR><LF>")
                        data = []
                        while True:
                            d = self.rfile.readline()
                            if not d or d in (b".\r\n", b".\n"):
                                break
                            if d.startswith(b".."):
                                d = d[1:]
                            data.append(d)
                        with outer.lock:
                            outer.messages.append({"from": mail_from, "to": list(rcpts),
                                                   "data": b"".join(data)})
                        self.send("250 OK queued")
                    elif verb == "RSET":
                        mail_from, rcpts = None, []
                        self.send("250 OK")
                    elif verb == "NOOP":
                        self.send("250 OK")
                    elif verb == "QUIT":
                        self.send("221 Bye")
                        return
                    else:
                        self.send("502 Command not implemented")

        class TCP(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

        self.server = TCP(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def to(self, address):
        with self.lock:
            return [m for m in self.messages if address in m["to"]]

    def wait_for(self, address, count=1, timeout=15):
        deadline = time.time() + timeout
        while time.time() < deadline:
            got = self.to(address)
            if len(got) >= count:
                return got
            time.sleep(0.05)
        raise AssertionError(f"no mail to {address} within {timeout}s (have {len(self.to(address))})")

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class SmtpServerTestCase(ServerTestCase):
    """A ServerTestCase whose server sends its mail, from `mail_from`, to a real SMTP
    receiver on loopback (`cls.smtp`)."""

    mail_from = "feedback@acme.example"

    @classmethod
    def setUpClass(cls):
        cls.smtp = SmtpReceiver()
        super().setUpClass()
        cls.server.stop()
        env = dict(os.environ, BELEVING_SMTP_URL=f"smtp://127.0.0.1:{cls.smtp.port}",
                   BELEVING_MAIL_FROM=cls.mail_from)
        cls.server = Server(cls.data, env=env)

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.smtp.close()


def parse(msg):
    m = email.message_from_bytes(msg["data"])
    body = m.get_payload(decode=True).decode("utf-8")
    return m, body


def survey_path(body):
    m = re.search(r"https?://[^/\s]+(/s/[A-Za-z0-9_-]{43})", body)
    assert m, body
    return m.group(1)


class AskTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="beleving-ask-")
        cls.data = os.path.join(cls.tmp, "data")
        run_cli("org", "create", "--slug", "acme", "--name", "Acme", data=cls.data)
        cls.admin = run_cli("apikey", "create", "--org", "acme", "--scopes", "admin",
                            data=cls.data).stdout.strip().splitlines()[-1]
        cls.ingest = run_cli("apikey", "create", "--org", "acme", "--scopes", "ingest,read",
                             data=cls.data).stdout.strip().splitlines()[-1]
        cls.smtp = SmtpReceiver()
        cls.env = dict(os.environ, BELEVING_SMTP_URL=f"smtp://127.0.0.1:{cls.smtp.port}",
                       BELEVING_PUBLIC_URL="http://survey.test")
        cls.server = Server(cls.data, env=cls.env)
        cls.put_triggers(delay=0)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.smtp.close()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def put_triggers(cls, delay, settings=None):
        body = {"settings": settings or {"fatigue_days": 30, "daily_cap": 1000,
                                         "sample_percent": 100, "reminder_days": 3},
                "triggers": [{"touchpoint": None, "survey": "nps", "delay_seconds": delay}]}
        r = cls.server.request("PUT", "/api/v1/survey-triggers", body=body,
                               headers={"Authorization": "Bearer " + cls.admin})
        assert r.status == 200, r.body
        return r.json()

    def auth(self, key=None):
        return {"Authorization": "Bearer " + (key or self.admin)}

    def customer(self, key, consent=True, lang="nl"):
        r = self.server.request("POST", "/api/v1/customers", headers=self.auth(),
                                body={"key": key, "name": key.upper(), "email": f"{key}@example.com",
                                      "language": lang, "consent": consent})
        self.assertEqual(r.status, 201, r.body)
        return r.json()["id"]

    def interact(self, ext, customer, touchpoint="balie", employee="e17", server=None):
        r = (server or self.server).request(
            "POST", "/api/v1/interactions", headers=self.auth(self.ingest),
            body={"interactions": [{"external_id": ext, "occurred_at": "2026-11-23T10:00:00Z",
                                    "customer": customer, "touchpoint": touchpoint,
                                    "employee": employee, "team": "verhuur"}]})
        self.assertIn(r.status, (200, 201), r.body)

    def test_1_invitation_mail_page_and_response(self):
        self.customer("piet")
        self.interact("i-piet-1", "piet")
        mails = self.smtp.wait_for("piet@example.com")
        msg, body = parse(mails[0])
        self.assertIn("Acme", msg["Subject"])
        self.assertTrue(msg["List-Unsubscribe"].startswith("<http://survey.test/u/"))
        self.assertEqual(msg["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
        self.assertIn("Beste PIET", body)
        path = survey_path(body)

        # The same customer again within the fatigue window: no second mail.
        self.interact("i-piet-2", "piet")
        time.sleep(1.5)
        self.assertEqual(len(self.smtp.to("piet@example.com")), 1)
        r = self.server.request("GET", "/api/v1/invitations", headers=self.auth())
        self.assertEqual(r.status, 200, r.body)
        sent = [i for i in r.json()["invitations"] if i["status"] == "sent"]
        self.assertEqual(len(sent), 1)

        # One reminder is scheduled, reminder_days (3) after the mail, in the durable job table.
        db = sqlite3.connect(f"file:{os.path.join(self.data, 'beleving.db')}?mode=ro", uri=True)
        rows = db.execute("SELECT j.state, j.run_at - i.sent_at FROM jobs j JOIN invitations i ON "
                          "j.dedupe_key = 'reminder:' || i.id WHERE i.status = 'sent'").fetchall()
        db.close()
        self.assertEqual(rows, [("pending", 3 * 86400)])

        # The page: Dutch, a fieldset with the 0-10 scale, the CSS file, no inline style.
        r = self.server.request("GET", path)
        self.assertEqual(r.status, 200)
        html = r.body.decode()
        self.assertIn('lang="nl"', html)
        self.assertIn("<fieldset", html)
        self.assertNotIn("style=", html)
        self.assertLess(len(r.body), 30 * 1024)
        nonce = re.search(r'name="nonce" value="([^"]+)"', html).group(1)
        # The second view comes from the page cache: the same page, the same headers.
        again = self.server.request("GET", path)
        self.assertEqual(again.status, 200)
        self.assertEqual(again.body, r.body)
        for h in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"):
            self.assertEqual(again.header(h), r.header(h), h)
            self.assertTrue(again.header(h), h)
        # Editing the survey shows at once on its links (the cache is dropped).
        surveys = self.server.request("GET", "/api/v1/surveys", headers=self.auth()).json()
        nps = [x for x in surveys["surveys"] if x["key"] == "nps"][0]
        definition = nps["definition"]
        old_text = definition["questions"][0]["text"]["nl"]
        definition["questions"][0]["text"]["nl"] = "Zou je Acme aanbevelen aan een vriend?"
        u = self.server.request("PUT", f"/api/v1/surveys/{nps['id']}", headers=self.auth(),
                                body=definition)
        self.assertEqual(u.status, 200, u.body)
        edited = self.server.request("GET", path).body.decode()
        self.assertIn("Zou je Acme aanbevelen aan een vriend?", edited)
        self.assertNotIn(old_text.split(" het ")[0], edited)  # "Hoe waarschijnlijk is"
        definition["questions"][0]["text"]["nl"] = old_text
        self.assertEqual(self.server.request("PUT", f"/api/v1/surveys/{nps['id']}",
                                             headers=self.auth(), body=definition).status, 200)
        css = self.server.request("GET", "/s/assets/survey.css")
        self.assertEqual(css.status, 200)
        self.assertTrue(css.header("Content-Type").startswith("text/css"))

        form = {"Content-Type": "application/x-www-form-urlencoded"}
        # A post without the page's nonce (cross-site) is refused and stores nothing.
        r = self.server.request("POST", path, headers=form, raw="step=1&nps=3&nonce=forged")
        self.assertEqual(r.status, 403)
        r = self.server.request("POST", path, headers=form,
                                raw=urllib.parse.urlencode({"nonce": nonce, "step": "1", "nps": "4"}))
        self.assertEqual(r.status, 303)
        # The draft is kept: step two shows the detractor follow-up.
        r = self.server.request("GET", path)
        self.assertIn("Wat ging er mis, en wat had beter gekund?", r.body.decode())
        answer = urllib.parse.urlencode({"nonce": nonce, "step": "2", "reason": "Lang gewacht",
                                         "comment": "Verder aardig"})
        r = self.server.request("POST", path, headers=form, raw=answer)
        self.assertEqual(r.status, 303)
        # Double submit and refresh: still one response, the thank-you page.
        r = self.server.request("POST", path, headers=form, raw=answer)
        self.assertEqual(r.status, 303)
        r = self.server.request("GET", path)
        self.assertEqual(r.status, 200)
        self.assertIn("Bedankt", r.body.decode())

        r = self.server.request("GET", "/api/v1/responses?customer=piet",
                                headers=self.auth(self.ingest))
        self.assertEqual(r.status, 200, r.body)
        rs = r.json()["responses"]
        self.assertEqual(len(rs), 1, rs)
        self.assertEqual(rs[0]["employee"], "e17")
        self.assertEqual(rs[0]["touchpoint"], "balie")
        self.assertEqual(rs[0]["answers"]["nps"], 4)
        self.assertIn("Lang gewacht", rs[0]["answers"]["comment"])

    def test_2_no_consent_no_mail_and_unknown_links(self):
        self.customer("anna", consent=False)
        self.interact("i-anna-1", "anna")
        time.sleep(1.0)
        self.assertEqual(self.smtp.to("anna@example.com"), [])
        r = self.server.request("GET", "/s/" + "A" * 43)
        self.assertEqual(r.status, 404)
        self.assertIn("text/html", r.header("Content-Type"))
        r = self.server.request("GET", "/s/short")
        self.assertEqual(r.status, 404)

    def test_3_unsubscribe_one_click(self):
        self.customer("joop", lang="en")
        self.interact("i-joop-1", "joop")
        msg, body = parse(self.smtp.wait_for("joop@example.com")[0])
        self.assertIn("experience", msg["Subject"])  # English template
        unsub = re.search(r"<http://survey\.test(/u/[A-Za-z0-9_-]+)>", msg["List-Unsubscribe"]).group(1)
        r = self.server.request("GET", unsub)
        self.assertEqual(r.status, 200)  # a page with a button; GET changes nothing
        r = self.server.request("POST", unsub, raw="List-Unsubscribe=One-Click",
                                headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(r.status, 200)
        r = self.server.request("GET", "/api/v1/customers?limit=1000", headers=self.auth())
        joop = [c for c in r.json()["customers"] if c["key"] == "joop"][0]
        self.assertTrue(joop["opted_out"])

    def test_4_qr_codes(self):
        self.interact("i-qr-seed", "piet", touchpoint="kassa")
        r = self.server.request("GET", "/api/v1/qr-codes?touchpoint=kassa&format=png",
                                headers=self.auth())
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.body[:8], b"\x89PNG\r\n\x1a\n")
        r = self.server.request("GET", "/api/v1/qr-codes?touchpoint=kassa&format=svg",
                                headers=self.auth())
        self.assertTrue(r.body.startswith(b"<svg"))
        r = self.server.request("GET", "/api/v1/qr-codes?touchpoint=kassa&format=json",
                                headers=self.auth())
        url = r.json()["url"]
        self.assertTrue(url.startswith("http://survey.test/q/"))
        r = self.server.request("GET", "/api/v1/qr-codes?touchpoint=nope", headers=self.auth())
        self.assertEqual(r.status, 400)
        r = self.server.request("GET", "/api/v1/qr-codes?touchpoint=kassa",
                                headers=self.auth(self.ingest))
        self.assertEqual(r.status, 403)
        r = self.server.request("GET", urllib.parse.urlparse(url).path)
        self.assertEqual(r.status, 303)
        page = r.header("Location")
        html = self.server.request("GET", page).body.decode()
        nonce = re.search(r'name="nonce" value="([^"]+)"', html).group(1)
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        self.server.request("POST", page, headers=form,
                            raw=urllib.parse.urlencode({"nonce": nonce, "step": "1", "nps": "10"}))
        r = self.server.request("POST", page, headers=form,
                                raw=urllib.parse.urlencode({"nonce": nonce, "step": "2"}))
        self.assertEqual(r.status, 303)
        r = self.server.request("GET", "/api/v1/responses?touchpoint=kassa",
                                headers=self.auth(self.ingest))
        rs = r.json()["responses"]
        self.assertEqual(len(rs), 1)
        self.assertIsNone(rs[0]["customer"])
        self.assertEqual(rs[0]["answers"]["nps"], 10)

    def test_5_restart_between_interaction_and_due_time_sends_once(self):
        for sig, who in ((signal.SIGTERM, "kees"), (signal.SIGKILL, "mies")):
            self.put_triggers(delay=2)
            self.customer(who)
            self.interact(f"i-{who}", who)
            cls = type(self)
            cls.server.proc.send_signal(sig)
            cls.server.proc.wait(timeout=30)
            cls.server.stop()
            self.assertEqual(self.smtp.to(f"{who}@example.com"), [])
            cls.server = Server(self.data, env=self.env)
            self.smtp.wait_for(f"{who}@example.com", timeout=20)
            time.sleep(2.5)
            self.assertEqual(len(self.smtp.to(f"{who}@example.com")), 1, who)
        self.put_triggers(delay=0)


class SurveyFileTest(unittest.TestCase):
    """beleving survey import/export: JSON definitions, create or replace by key."""

    def test_export_import_roundtrip_and_errors(self):
        tmp = tempfile.mkdtemp(prefix="beleving-survey-")
        try:
            data = os.path.join(tmp, "data")
            run_cli("org", "create", "--slug", "acme", "--name", "Acme", data=data)
            out = run_cli("survey", "export", "--org", "acme", "--survey", "nps", data=data).stdout
            doc = json.loads(out)
            self.assertEqual(doc["key"], "nps")
            doc["key"] = "balie"
            doc["name"] = "Balie"
            path = os.path.join(tmp, "balie.json")
            with open(path, "w") as f:
                json.dump(doc, f)
            p = run_cli("survey", "import", "--org", "acme", path, data=data)
            self.assertIn("created survey balie", p.stdout)
            doc["name"] = "Balie 2"
            with open(path, "w") as f:
                json.dump(doc, f)
            p = run_cli("survey", "import", "--org", "acme", path, data=data)
            self.assertIn("replaced survey balie", p.stdout)
            out = run_cli("survey", "export", "--org", "acme", "--survey", "balie", data=data).stdout
            self.assertEqual(json.loads(out)["name"], "Balie 2")
            doc["questions"][0]["type"] = "stars"
            bad = os.path.join(tmp, "bad.json")
            with open(bad, "w") as f:
                json.dump(doc, f)
            p = run_cli("survey", "import", "--org", "acme", bad, data=data, check=False)
            self.assertEqual(p.returncode, 2)
            self.assertIn("bad.json", p.stderr)
            self.assertIn("/questions/0/type", p.stderr)
            p = run_cli("survey", "export", "--org", "acme", "--survey", "nope", data=data, check=False)
            self.assertNotEqual(p.returncode, 0)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


class AskServicesTest(ServerTestCase):
    """Issue 12: one service per write behind the API, the dashboard and the CLI (the same rule,
    the same audit entry), the declared operations, and link pages in the customer's language."""

    FORM = {"Content-Type": "application/x-www-form-urlencoded"}

    def admin(self):
        return self.key("acme", "admin")

    def audit(self):
        r = self.server.request("GET", "/api/v1/audit-log?limit=1000", headers=self.admin())
        self.assertEqual(r.status, 200, r.body)
        return r.json()["entries"]

    def actor_of(self, subject, action="create"):
        found = [e["actor"] for e in self.audit() if e["subject"] == subject and e["action"] == action]
        self.assertEqual(len(found), 1, (subject, self.audit()))
        return found[0]

    def customer(self, key, consent=True, lang="nl"):
        r = self.server.request("POST", "/api/v1/customers", headers=self.admin(),
                                body={"key": key, "name": key.title(), "email": f"{key}@example.com",
                                      "language": lang, "consent": consent})
        self.assertEqual(r.status, 201, r.body)

    def test_same_survey_rule_and_audit_through_api_dashboard_and_cli(self):
        doc = self.server.request("GET", "/api/v1/openapi.json").json()
        example = doc["paths"]["/api/v1/surveys"]["post"]["requestBody"]["content"]["application/json"]["example"]
        # The API: the document's own example is accepted.
        r = self.server.request("POST", "/api/v1/surveys", headers=self.admin(), body=example)
        self.assertEqual(r.status, 201, r.body)
        api_id = r.json()["id"]
        self.assertTrue(self.actor_of(f"survey:{api_id}").startswith("apikey:"))
        # The dashboard: the same service, the same audit entry with the user as actor.
        cookie, csrf = self.login("admin@acme.example")
        r = self.server.request("POST", "/surveys", headers=dict(self.FORM, **cookie),
                                raw=urllib.parse.urlencode({"_csrf": csrf, "name": "Werkplaats",
                                                            "kind": "csat"}))
        self.assertEqual(r.status, 303, r.body[:300])
        page_id = int(r.header("Location").rsplit("/", 1)[1])
        self.assertRegex(self.actor_of(f"survey:{page_id}"), r"^user:\d+$")
        # The CLI: the same service, the operator as actor.
        path = os.path.join(self.tmp, "kassa.json")
        with open(path, "w") as f:
            json.dump(dict(example, key="kassa", name="Kassa"), f)
        run_cli("survey", "import", "--org", "acme", path, data=self.data,
                env=dict(os.environ, USER="tester"))
        surveys = self.server.request("GET", "/api/v1/surveys", headers=self.admin()).json()["surveys"]
        cli_id = [s for s in surveys if s["key"] == "kassa"][0]["id"]
        self.assertEqual(self.actor_of(f"survey:{cli_id}"), "cli:tester")

        # One rule for a blank name, through every door.
        blank = dict(example, key="leeg", name="   ")
        self.assertProblem(self.server.request("POST", "/api/v1/surveys", headers=self.admin(), body=blank),
                           400, "/name")
        r = self.server.request("POST", "/surveys", headers=dict(self.FORM, **cookie),
                                raw=urllib.parse.urlencode({"_csrf": csrf, "name": "   ", "kind": "nps"}))
        self.assertEqual(r.status, 422)
        self.assertIn("Geef de enquête een naam", r.body.decode())
        with open(path, "w") as f:
            json.dump(blank, f)
        p = run_cli("survey", "import", "--org", "acme", path, data=self.data, check=False)
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn("(/name)", p.stderr)
        self.assertFalse([s for s in self.server.request("GET", "/api/v1/surveys", headers=self.admin())
                          .json()["surveys"] if s["key"] == "leeg"])

        # A declared constraint broken: refused at the field, before the service.
        bad = json.loads(json.dumps(example))
        bad["key"] = "verkeerd"
        bad["questions"][0]["key"] = "score"  # an nps question is keyed "nps"
        self.assertProblem(self.server.request("POST", "/api/v1/surveys", headers=self.admin(), body=bad),
                           400, "/questions/0/key")
        self.assertProblem(self.server.request("POST", "/api/v1/surveys", headers=self.admin(), body=example),
                           409, "/key")
        # Replacing keeps the key; deleting a survey in use is a conflict.
        changed = dict(example, name="Balie (nieuw)")
        r = self.server.request("PUT", f"/api/v1/surveys/{api_id}", headers=self.admin(), body=changed)
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.json()["definition"]["name"], "Balie (nieuw)")
        self.assertProblem(self.server.request("PUT", f"/api/v1/surveys/{api_id}", headers=self.admin(),
                                               body=dict(changed, key="anders")), 400, "/key")
        self.assertEqual(self.actor_of(f"survey:{api_id}", "update")[:7], "apikey:")

    def test_invitations_through_the_api(self):
        self.customer("sanne", lang="en")
        self.customer("joop", consent=False)
        r = self.server.request("POST", "/api/v1/invitations", headers=self.admin(),
                                body={"survey": "nps", "customer": "sanne"})
        self.assertEqual(r.status, 201, r.body)
        made = r.json()
        self.assertTrue(made["mailed"])
        self.assertEqual(made["status"], "queued")
        self.assertEqual(made["language"], "en")
        path = urllib.parse.urlparse(made["url"]).path
        html = self.server.request("GET", path).body.decode()
        self.assertIn('lang="en"', html)
        self.assertIn("Step 1 of 2", html)
        self.assertEqual(self.actor_of(f"invitation:{made['id']}")[:7], "apikey:")
        r = self.server.request("POST", "/api/v1/invitations", headers=self.admin(),
                                body={"survey": "nps", "customer": "joop"})
        self.assertEqual(r.status, 201, r.body)
        self.assertFalse(r.json()["mailed"])
        self.assertEqual(r.json()["status"], "created")
        self.assertProblem(self.server.request("POST", "/api/v1/invitations", headers=self.admin(),
                                               body={"survey": "nope", "customer": "sanne"}), 400, "/survey")
        self.assertProblem(self.server.request("POST", "/api/v1/invitations", headers=self.admin(),
                                               body={"survey": "nps", "customer": "niemand"}), 400, "/customer")
        self.assertProblem(self.server.request("POST", "/api/v1/invitations", headers=self.admin(),
                                               body={"survey": "nps", "customer": "sanne", "id": 3}),
                           400, "/id")
        self.assertProblem(self.server.request("POST", "/api/v1/invitations", headers=self.key("acme", "read"),
                                               body={"survey": "nps", "customer": "sanne"}), 403)
        r = self.server.request("GET", "/api/v1/invitations?limit=1", headers=self.admin())
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(len(r.json()["invitations"]), 1)
        cursor = r.json()["next_cursor"]
        r = self.server.request("GET", f"/api/v1/invitations?limit=1&cursor={cursor}", headers=self.admin())
        self.assertEqual(r.json()["invitations"][0]["customer_id"] is not None, True)
        self.assertProblem(self.server.request("GET", "/api/v1/invitations?cursor=c99999999999999999999",
                                               headers=self.admin()), 400, "/query/cursor")
        self.assertProblem(self.server.request("GET", "/api/v1/invitations?page=2", headers=self.admin()),
                           400, "/query/page")

    def test_an_invitation_refuses_another_customers_interaction(self):
        # Issue 13 point 9: through the API and the CLI, the same rule; nothing is created.
        self.customer("wim")
        self.customer("els")
        r = self.server.request("POST", "/api/v1/interactions", headers=self.key("acme", "ingest,read"),
                                body={"interactions": [{"external_id": "wim-visit", "customer": "wim",
                                                        "occurred_at": "2026-11-23T10:00:00Z",
                                                        "touchpoint": "balie", "employee": "e17"}]})
        self.assertIn(r.status, (200, 201), r.body)
        r = self.server.request("GET", "/api/v1/interactions", headers=self.key("acme", "ingest,read"))
        wims = [i["id"] for i in r.json()["interactions"] if i["external_id"] == "wim-visit"]
        self.assertEqual(len(wims), 1, r.body)

        def invitations():
            r = self.server.request("GET", "/api/v1/invitations?limit=1000", headers=self.admin())
            self.assertEqual(r.status, 200, r.body)
            return len(r.json()["invitations"])
        before = invitations()
        r = self.server.request("POST", "/api/v1/invitations", headers=self.admin(),
                                body={"survey": "nps", "customer": "els", "interaction_id": wims[0]})
        self.assertProblem(r, 400, "/interaction_id")
        self.assertIn("another customer", r.json()["detail"])
        p = run_cli("invite", "create", "--org", "acme", "--survey", "nps", "--customer", "els",
                    "--interaction", str(wims[0]), data=self.data, check=False)
        self.assertNotEqual(p.returncode, 0, p.stdout)
        self.assertIn("--interaction", p.stderr)
        self.assertIn("another customer", p.stderr)
        self.assertEqual(p.stdout.strip(), "")
        self.assertEqual(invitations(), before)
        # Wim's own moment is accepted, by both doors.
        r = self.server.request("POST", "/api/v1/invitations", headers=self.admin(),
                                body={"survey": "nps", "customer": "wim", "interaction_id": wims[0]})
        self.assertEqual(r.status, 201, r.body)
        self.assertEqual(r.json()["interaction_id"], wims[0])
        p = run_cli("invite", "create", "--org", "acme", "--survey", "nps", "--customer", "wim",
                    "--interaction", str(wims[0]), data=self.data)
        self.assertIn("/s/", p.stdout)
        self.assertEqual(invitations(), before + 2)

    def test_link_pages_speak_the_customers_language(self):
        # An unknown link: the reader's language, Dutch by default.
        for accept, text in ((None, "Deze link kennen we niet"), ("en-GB,en;q=0.9", "We cannot find this link"),
                             ("de-DE,nl;q=0.8", "Deze link kennen we niet")):
            headers = {"Accept-Language": accept} if accept else {}
            for path in ("/s/" + "A" * 43, "/s/short", "/u/" + "B" * 43, "/q/nope"):
                r = self.server.request("GET", path, headers=headers)
                self.assertEqual(r.status, 404, path)
                self.assertIn("text/html", r.header("Content-Type"))
                self.assertIn(text, r.body.decode(), (path, accept))
        # An English customer's link, read by a Dutch browser: English throughout.
        self.customer("kees", lang="en")
        made = self.server.request("POST", "/api/v1/invitations", headers=self.admin(),
                                   body={"survey": "nps", "customer": "kees", "email": False}).json()
        path = urllib.parse.urlparse(made["url"]).path
        dutch = {"Accept-Language": "nl-NL"}
        r = self.server.request("POST", path, headers=dict(self.FORM, **dutch), raw="step=1&nps=3&nonce=forged")
        self.assertEqual(r.status, 403)
        self.assertIn("This form does not belong to this link", r.body.decode())
        html = self.server.request("GET", path, headers=dutch).body.decode()
        nonce = re.search(r'name="nonce" value="([^"]+)"', html).group(1)
        r = self.server.request("POST", path, headers=dict(self.FORM, **dutch),
                                raw=urllib.parse.urlencode({"nonce": nonce, "step": "1", "nps": "12"}))
        self.assertEqual(r.status, 422)
        self.assertIn("Please choose a score from 0 to 10.", r.body.decode())
        # Expired: the 410 page, still in English.
        db = sqlite3.connect(os.path.join(self.data, "beleving.db"), timeout=30)
        db.execute("UPDATE invitations SET expires_at = 1 WHERE id = ?", (made["id"],))
        db.commit()
        db.close()
        r = self.server.request("GET", path, headers=dutch)
        self.assertEqual(r.status, 410)
        self.assertIn("This link has expired", r.body.decode())
        self.assertIn('lang="en"', r.body.decode())
        # The unsubscribe page of the same link: English, and it works after expiry.
        r = self.server.request("POST", "/u/" + path[3:], headers=dict(self.FORM, **dutch),
                                raw="List-Unsubscribe=One-Click")
        self.assertEqual(r.status, 200)
        self.assertIn("You will not receive feedback requests from us any more.", r.body.decode())


if __name__ == "__main__":
    unittest.main(verbosity=2)
