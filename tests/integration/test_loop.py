"""Issue 5: closing the loop through the real binary over loopback HTTP:
standard promises that break and open cases, signed webhooks with retries,
the case flow, and complaint import through the CLI."""
import datetime
import hashlib
import hmac
import http.server
import json
import os
import tempfile
import threading
import time
import unittest

import test_ask
from harness import ServerTestCase, run_cli

CFPB = "/work/shared/data/cfpb-complaints/cfpb_consumer_complaints_sample.csv"


class Receiver:
    """A webhook receiver on loopback that answers with the given statuses in
    turn (then 200) and records every request."""

    def __init__(self, statuses=()):
        self.statuses = list(statuses)
        self.requests = []
        self.lock = threading.Lock()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with outer.lock:
                    status = outer.statuses.pop(0) if outer.statuses else 200
                    outer.requests.append((dict(self.headers), body, status))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def count(self):
        with self.lock:
            return len(self.requests)

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def wait_for(pred, timeout=30, interval=0.1):
    deadline = time.time() + timeout
    while time.time() < deadline:
        v = pred()
        if v:
            return v
        time.sleep(interval)
    return pred()


def now_rfc3339(delta=0):
    t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=delta)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def verify_signature(secret, headers, body):
    sig = headers.get("X-Beleving-Signature")
    parts = dict(p.split("=", 1) for p in sig.split(","))
    expected = hmac.new(secret.encode(), (parts["t"] + ".").encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts["v1"]) and abs(int(parts["t"]) - time.time()) < 120


class LoopTest(ServerTestCase):
    def admin(self, org="acme"):
        return self.key(org, "admin")

    def test_standard_promise_breaks_opens_case_and_fires_signed_webhooks(self):
        ok = Receiver()
        flaky = Receiver([500, 500])
        try:
            hooks = []
            for rec, secret in ((ok, "s3cret-for-the-ok-receiver"), (flaky, "s3cret-for-the-flaky-one")):
                r = self.server.request("POST", "/api/v1/webhooks", headers=self.admin(),
                                        body={"url": rec.url, "secret": secret, "retry_base_seconds": 1,
                                              "max_attempts": 5})
                self.assertEqual(r.status, 201, r.body)
                hooks.append(r.json())
                r = self.server.request("POST", "/api/v1/alert-rules", headers=self.admin(),
                                        body={"event": "promise.broken", "webhook_id": r.json()["id"]})
                self.assertEqual(r.status, 201, r.body)
            r = self.server.request("POST", "/api/v1/webhooks", headers=self.admin(),
                                    body={"url": "ftp://example.org/x"})
            self.assertProblem(r, 422 if r.status == 422 else 400, "/url")
            r = self.server.request("POST", "/api/v1/promises/standards", headers=self.admin(),
                                    body={"key": "terugbellen", "touchpoint": "telefoon",
                                          "text": "We bellen binnen 4 uur terug",
                                          "due_after_seconds": 2, "business_hours": False,
                                          # issue 16: no grace period, so it breaks at its due time
                                          "grace_seconds": 0})
            self.assertEqual(r.status, 201, r.body)
            # The trigger: an interaction at that touchpoint.
            r = self.server.request("POST", "/api/v1/interactions", headers=self.key("acme", "ingest"),
                                    body={"interactions": [{"external_id": "call-1", "occurred_at": now_rfc3339(),
                                                            "customer": "c-prom", "touchpoint": "telefoon",
                                                            "team": "verhuur", "employee": "e17"}]})
            self.assertIn(r.status, (200, 201), r.body)

            def promises():
                r = self.server.request("GET", "/api/v1/promises", headers=self.key("acme", "read"))
                return [p for p in r.json()["promises"] if p["type"] == "terugbellen"]
            made = wait_for(promises, 10)
            self.assertEqual(len(made), 1)
            self.assertEqual(made[0]["text"], "We bellen binnen 4 uur terug")
            self.assertEqual(made[0]["customer"], "c-prom")
            broken = wait_for(lambda: [p for p in promises() if p["status"] == "broken"], 20)
            self.assertTrue(broken, promises())
            case_id = broken[0]["broken_case_id"]
            self.assertIsNotNone(case_id)
            r = self.server.request("GET", f"/api/v1/cases/{case_id}", headers=self.key("acme", "read"))
            self.assertEqual(r.status, 200, r.body)
            self.assertEqual(r.json()["type"], "broken_promise")
            self.assertEqual(r.json()["promise_id"], broken[0]["id"])
            # Another organisation does not see it.
            r = self.server.request("GET", f"/api/v1/cases/{case_id}", headers=self.key("globex", "read"))
            self.assertProblem(r, 404)

            # The good receiver: exactly one delivery, correctly signed.
            self.assertTrue(wait_for(lambda: ok.count() >= 1, 15))
            headers, body, status = ok.requests[0]
            self.assertTrue(verify_signature("s3cret-for-the-ok-receiver", headers, body))
            event = json.loads(body)
            self.assertEqual(event["event"], "promise.broken")
            self.assertEqual(event["data"]["promise_id"], broken[0]["id"])
            self.assertEqual(event["data"]["case_id"], case_id)
            # The flaky receiver: two 500s, then one success; nothing after it.
            self.assertTrue(wait_for(lambda: flaky.count() >= 3, 20), flaky.count())
            time.sleep(3.5)
            self.assertEqual(flaky.count(), 3)
            self.assertEqual([s for _, _, s in flaky.requests], [500, 500, 200])
            self.assertEqual(len({b for _, b, _ in flaky.requests}), 1)  # the same event each time
            for h, b, _ in flaky.requests:
                self.assertTrue(verify_signature("s3cret-for-the-flaky-one", h, b))
            self.assertEqual(ok.count(), 1)
            r = self.server.request("GET", f"/api/v1/webhooks/{hooks[1]['id']}/deliveries", headers=self.admin())
            d = r.json()["deliveries"]
            self.assertEqual(len(d), 1)
            self.assertEqual((d[0]["state"], d[0]["attempts"], d[0]["last_status"]), ("delivered", 3, 200))
            # Manual re-send.
            r = self.server.request("GET", f"/api/v1/webhooks/{hooks[0]['id']}/deliveries", headers=self.admin())
            did = r.json()["deliveries"][0]["id"]
            r = self.server.request("POST", f"/api/v1/webhooks/{hooks[0]['id']}/deliveries/{did}/resend",
                                    headers=self.admin(), body={})
            self.assertEqual(r.status, 202, r.body)
            self.assertTrue(wait_for(lambda: ok.count() == 2, 10))
        finally:
            ok.stop()
            flaky.stop()

    def test_detractor_case_flow_and_problems(self):
        r = self.server.request("POST", "/api/v1/responses", headers=self.key("acme", "ingest"),
                                body={"responses": [{"external_id": "loop-det-1", "submitted_at": now_rfc3339(),
                                                     "customer": "c-det", "team": "verhuur", "employee": "e17",
                                                     "answers": {"nps": 2, "comment": "Nooit meer"}}]})
        self.assertIn(r.status, (200, 201), r.body)

        def case():
            r = self.server.request("GET", "/api/v1/cases?type=detractor&limit=1000", headers=self.key("acme", "read"))
            return [c for c in r.json()["cases"] if c["customer"] == "c-det"]
        found = wait_for(case, 10)
        self.assertEqual(len(found), 1)
        cid = found[0]["id"]
        self.assertEqual(found[0]["status"], "received")
        self.assertEqual(found[0]["severity"], "high")
        h = self.admin()
        r = self.server.request("POST", f"/api/v1/cases/{cid}/status", headers=h, body={"status": "closed"})
        self.assertProblem(r, 409)
        r = self.server.request("POST", f"/api/v1/cases/{cid}/status", headers=h, body={"status": "nonsense"})
        self.assertProblem(r, 400 if r.status == 400 else 422, "/status")
        for st in ("acknowledged", "assessed", "investigating"):
            r = self.server.request("POST", f"/api/v1/cases/{cid}/status", headers=h, body={"status": st})
            self.assertEqual(r.status, 200, r.body)
        r = self.server.request("POST", f"/api/v1/cases/{cid}/contacts", headers=h,
                                body={"channel": "phone", "summary": "Teruggebeld"})
        self.assertEqual(r.status, 201, r.body)
        self.assertIsNotNone(r.json()["first_contact_at"])
        for st in ("responded", "closed"):
            r = self.server.request("POST", f"/api/v1/cases/{cid}/status", headers=h, body={"status": st})
            self.assertEqual(r.status, 200, r.body)
        r = self.server.request("PATCH", f"/api/v1/cases/{cid}", headers=h,
                                body={"resolution": "Excuses en tegoedbon", "customer_satisfied": True})
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.json()["customer_satisfied"], True)
        r = self.server.request("GET", f"/api/v1/cases/{cid}", headers=self.key("acme", "read"))
        kinds = [e["kind"] for e in r.json()["log"]]
        self.assertIn("contact", kinds)
        self.assertEqual(kinds.count("status"), 6)  # opened + 5 moves
        # A read-only key cannot handle cases.
        r = self.server.request("POST", f"/api/v1/cases/{cid}/notes", headers=self.key("acme", "read"),
                                body={"text": "x"})
        self.assertProblem(r, 403)
        # Unknown fields are named.
        r = self.server.request("POST", "/api/v1/complaints", headers=self.key("acme", "ingest"),
                                body={"narrative": "x", "colour": "red"})
        self.assertProblem(r, r.status, "/colour")
        self.assertIn(r.status, (400, 422))

    def test_case_work_queue_case_page_and_sla_report(self):
        """Issue 13: the queue filters and sorts in the URL, the case page shows
        the response the case came from, the SLA report is a page."""
        r = self.server.request("POST", "/api/v1/responses", headers=self.key("acme", "ingest"),
                                body={"responses": [{"external_id": "queue-det-1", "submitted_at": now_rfc3339(),
                                                     "customer": "c-queue", "team": "verhuur", "employee": "e17",
                                                     "answers": {"nps": 1, "comment": "Drie keer gebeld, niemand belde terug"}}]})
        self.assertIn(r.status, (200, 201), r.body)

        def case():
            r = self.server.request("GET", "/api/v1/cases?type=detractor&limit=1000", headers=self.key("acme", "read"))
            return [c for c in r.json()["cases"] if c["customer"] == "c-queue"]
        found = wait_for(case, 10)
        self.assertEqual(len(found), 1)
        cid = found[0]["id"]
        cookie, _ = self.login("admin@acme.example")
        r = self.server.request("GET", "/cases?type=detractor&team=verhuur&sort=newest&lang=en", headers=cookie)
        self.assertEqual(r.status, 200, r.body)
        page = r.body.decode()
        self.assertIn(f'href="/cases/{cid}"', page)
        self.assertIn('data-label="Customer"', page)
        self.assertIn('<option value="newest" selected>', page)
        self.assertIn('<option value="detractor" selected>', page)
        self.assertIn('href="/sla-report"', page)
        # The filters narrow in the store: no manual case in a detractor queue,
        # and a breached-only queue does not hold this fresh case.
        r = self.server.request("GET", "/cases?sla=breached&type=detractor", headers=cookie)
        self.assertEqual(r.status, 200)
        self.assertNotIn(f'href="/cases/{cid}"', r.body.decode())
        # An unknown owner names nothing (dropped); an unknown order is refused.
        r = self.server.request("GET", "/cases?owner=ghost", headers=cookie)
        self.assertEqual(r.status, 200)
        r = self.server.request("GET", "/cases?sort=random", headers=cookie)
        self.assertEqual(r.status, 400)
        r = self.server.request("GET", f"/cases/{cid}?lang=en", headers=cookie)
        self.assertEqual(r.status, 200)
        page = r.body.decode()
        self.assertIn('id="case-origin"', page)
        self.assertIn("Drie keer gebeld, niemand belde terug", page)
        self.assertIn("Where the case came from", page)
        r = self.server.request("GET", "/sla-report?days=30&lang=nl", headers=cookie)
        self.assertEqual(r.status, 200)
        self.assertIn("SLA-rapport", r.body.decode())
        # The employee has no queue.
        emp, _ = self.login("emp@acme.example")
        self.assertEqual(self.server.request("GET", "/cases", headers=emp).status, 403)

    def test_complaint_import_cfpb_and_email(self):
        out = run_cli("complaints", "import", "--org", "acme", CFPB, data=self.data)
        self.assertEqual(out.stdout.strip().splitlines()[-1], "imported 268, duplicates 0")
        out = run_cli("complaints", "import", "--org", "acme", CFPB, data=self.data)
        self.assertEqual(out.stdout.strip().splitlines()[-1], "imported 0, duplicates 268")
        got, cursor = [], None
        while True:
            r = self.server.request("GET", "/api/v1/complaints?limit=1000" + (f"&cursor={cursor}" if cursor else ""),
                                    headers=self.admin())
            self.assertEqual(r.status, 200, r.body)
            got += r.json()["complaints"]
            cursor = r.json()["next_cursor"]
            if not cursor:
                break
        cfpb = {c["source_ref"]: c for c in got if c["source"] == "cfpb"}
        self.assertEqual(len(cfpb), 268)
        first = cfpb["cfpb:3384392"]
        self.assertEqual(first["received_at"], "2019-09-24T00:00:00Z")
        self.assertEqual(first["product"], "Debt collection")
        self.assertEqual(first["issue"], "Attempts to collect debt not owed")
        self.assertIn("transworld systems inc. \nis trying", first["narrative"])
        self.assertIsNotNone(first["case_id"])

        with tempfile.TemporaryDirectory() as d:
            eml = os.path.join(d, "klacht.eml")
            with open(eml, "w") as f:
                f.write("From: =?UTF-8?Q?Jos=C3=A9?= <jose@example.nl>\nSubject: =?UTF-8?B?S2xhY2h0?=\n"
                        "Date: Tue, 4 Mar 2025 10:15:00 +0100\nMessage-ID: <k1@example.nl>\n"
                        "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
                        "Te lang gewacht =\nop mijn geld.\n")
            out = run_cli("complaints", "import", "--org", "acme", eml, data=self.data)
            self.assertEqual(out.stdout.strip().splitlines()[-1], "imported 1, duplicates 0")
            out = run_cli("complaints", "import", "--org", "acme", eml, data=self.data)
            self.assertEqual(out.stdout.strip().splitlines()[-1], "imported 0, duplicates 1")
            bad = os.path.join(d, "bad.csv")
            with open(bad, "w") as f:
                f.write('Date received,Complaint ID\n2020-01-01,1\n2020-01-02,"2\n')
            p = run_cli("complaints", "import", "--org", "acme", bad, data=self.data, check=False)
            self.assertNotEqual(p.returncode, 0)
            self.assertIn(f"{bad}:3:12", p.stderr)
        r = self.server.request("GET", "/api/v1/complaints?limit=1000", headers=self.admin())
        mails = [c for c in r.json()["complaints"] if c["source"] == "email"]
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails[0]["name"], "José")
        self.assertEqual(mails[0]["subject"], "Klacht")
        self.assertEqual(mails[0]["narrative"], "Te lang gewacht op mijn geld.")
        self.assertEqual(mails[0]["received_at"], "2025-03-04T09:15:00Z")

    def test_public_complaint_form(self):
        r = self.server.request("GET", "/complaints/acme")
        self.assertEqual(r.status, 200, r.body)
        page = r.body.decode()
        self.assertIn('<label for="narrative">', page)
        self.assertIn('<textarea id="narrative"', page)
        self.assertIn('href="/complaints/assets/complaint.css"', page)
        self.assertNotIn("style=", page)  # the CSP forbids inline styles
        # The organisation's language (Dutch) unless the reader chose one;
        # the browser's Accept-Language alone does not overrule it.
        self.assertIn("Een klacht indienen", page)
        r = self.server.request("GET", "/complaints/acme", headers={"Accept-Language": "en"})
        self.assertIn("Een klacht indienen", r.body.decode())
        for chosen in ({"Cookie": "lang=en"}, {}):
            r = self.server.request("GET", "/complaints/acme" + ("" if chosen else "?lang=en"),
                                    headers=chosen)
            self.assertIn("Make a complaint", r.body.decode())
            self.assertIn('<html lang="en"', r.body.decode())
        css = self.server.request("GET", "/complaints/assets/complaint.css")
        self.assertEqual(css.status, 200)
        self.assertLess(len(css.body), 30 * 1024)
        self.assertEqual(self.server.request("GET", "/complaints/nobody").status, 404)
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        r = self.server.request("POST", "/complaints/acme", headers=form, raw="name=Piet&narrative=")
        self.assertEqual(r.status, 422)
        self.assertIn('role="alert"', r.body.decode())
        r = self.server.request("POST", "/complaints/acme", headers=form,
                                raw="name=Piet+%3Cb%3E&email=piet%40example.nl&subject=Bus&narrative=De+bus+kwam+niet")
        self.assertEqual(r.status, 201, r.body)
        self.assertIn("K-", r.body.decode())
        r = self.server.request("GET", "/api/v1/complaints?limit=1000", headers=self.admin())
        mine = [c for c in r.json()["complaints"] if c["source"] == "form"]
        self.assertEqual(len(mine), 1)
        self.assertEqual(mine[0]["name"], "Piet <b>")
        self.assertEqual(mine[0]["narrative"], "De bus kwam niet")
        self.assertIsNotNone(mine[0]["case_id"])

    def audit_of(self, subject):
        """The audit entries (newest first) whose subject is `subject`."""
        r = self.server.request("GET", "/api/v1/audit-log?limit=1000", headers=self.admin())
        self.assertEqual(r.status, 200, r.body)
        return [e for e in r.json()["entries"] if e["subject"] == subject]

    def test_webhook_through_api_and_dashboard_is_one_rule_with_one_audit_entry(self):
        """One service behind both faces: the same webhook created through the API
        and through the dashboard form leaves the same audit entry (only the actor
        differs), and a format the service refuses is refused by both."""
        from urllib.parse import urlencode
        url = "https://hooks.example.org/same"
        r = self.server.request("POST", "/api/v1/webhooks", headers=self.admin(),
                                body={"url": url, "format": "slack"})
        self.assertEqual(r.status, 201, r.body)
        api_id = r.json()["id"]
        cookie, csrf = self.login("admin@acme.example")
        form = dict(cookie, **{"Content-Type": "application/x-www-form-urlencoded",
                               "Accept-Language": "nl"})
        before = {w["id"] for w in self.server.request("GET", "/api/v1/webhooks",
                                                        headers=self.admin()).json()["webhooks"]}
        r = self.server.request("POST", "/settings/webhooks", headers=form,
                                raw=urlencode({"_csrf": csrf, "url": url, "format": "slack"}))
        self.assertEqual(r.status, 200, r.body[:400])
        hooks = self.server.request("GET", "/api/v1/webhooks", headers=self.admin()).json()["webhooks"]
        new = [w for w in hooks if w["id"] not in before]
        self.assertEqual(len(new), 1, hooks)
        page_hook = new[0]
        self.assertEqual((page_hook["url"], page_hook["format"]), (url, "slack"))
        api_entries = self.audit_of(f"webhook:{api_id}")
        page_entries = self.audit_of(f"webhook:{page_hook['id']}")
        self.assertEqual(len(api_entries), 1, api_entries)
        self.assertEqual(len(page_entries), 1, page_entries)
        self.assertEqual(api_entries[0]["action"], "create")
        self.assertEqual(page_entries[0]["action"], "create")
        # The actor differs only by who: an API key there, the signed-in user here.
        self.assertNotEqual(api_entries[0]["actor"], page_entries[0]["actor"])
        self.assertTrue(page_entries[0]["actor"].startswith("user:"), page_entries[0])
        # A format the service refuses: the API answers 400 naming /format ...
        n = len(hooks)
        r = self.server.request("POST", "/api/v1/webhooks", headers=self.admin(),
                                body={"url": url, "format": "xml"})
        self.assertProblem(r, 400, "/format")
        # ... and the dashboard answers 422 with the page and the message, in Dutch.
        r = self.server.request("POST", "/settings/webhooks", headers=form,
                                raw=urlencode({"_csrf": csrf, "url": url, "format": "xml"}))
        self.assertEqual(r.status, 422, r.body[:400])
        page = r.body.decode()
        self.assertIn('id="form-error"', page)
        self.assertIn("kies een formaat", page)
        hooks = self.server.request("GET", "/api/v1/webhooks", headers=self.admin()).json()["webhooks"]
        self.assertEqual(len(hooks), n)


class LoopEmailAlertTest(test_ask.SmtpServerTestCase):
    """An alert rule with an e-mail target, over a real SMTP conversation."""

    orgs = ("acme",)
    mail_from = "alerts@acme.example"

    def test_keyword_alert_by_email(self):
        r = self.server.request("POST", "/api/v1/alert-rules", headers=self.key("acme", "admin"),
                                body={"event": "keyword", "keyword": "onbeschoft", "email": "lead@acme.example"})
        self.assertEqual(r.status, 201, r.body)
        r = self.server.request("POST", "/api/v1/responses", headers=self.key("acme", "ingest"),
                                body={"responses": [
                                    {"external_id": "kw1", "submitted_at": now_rfc3339(), "customer": "c1",
                                     "answers": {"nps": 8, "comment": "Medewerker was ONBESCHOFT"}},
                                    {"external_id": "kw2", "submitted_at": now_rfc3339(), "customer": "c2",
                                     "answers": {"nps": 9, "comment": "Prima"}}]})
        self.assertIn(r.status, (200, 201), r.body)
        mails = self.smtp.wait_for("lead@acme.example")
        self.assertEqual(len(mails), 1)
        msg, body = test_ask.parse(mails[0])
        # The subject names the event in the organisation's language, not its code.
        self.assertEqual("[Beleving] Trefwoord in een opmerking", msg["Subject"])
        self.assertIn("ONBESCHOFT", body)
        time.sleep(1)
        self.assertEqual(len(self.smtp.to("lead@acme.example")), 1)


if __name__ == "__main__":
    unittest.main()
