"""Issue 5, closing the loop (part two) through the real binary: the
satisfaction follow-up e-mail after a case is closed and its public page,
the e-mail alert delivery log with re-send, the Teams Adaptive Card webhook
format, and the `cases` / `promises` CLI."""
import email.header
import hashlib
import json
import os
import re
import sqlite3
import time
import unittest

import test_ask
from harness import run_cli
from test_loop import Receiver, now_rfc3339, verify_signature, wait_for

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def followup_path(body):
    m = re.search(r"https?://[^/\s]+(/followup/[A-Za-z0-9_-]{43})\s", body)
    assert m, body
    return m.group(1)


def subject(msg):
    return str(email.header.make_header(email.header.decode_header(msg["Subject"])))


def json_lines(out):
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


class LoopFollowUpTest(test_ask.SmtpServerTestCase):
    orgs = ("acme", "globex")
    mail_from = "klantenservice@acme.example"

    def admin(self, org="acme"):
        return self.key(org, "admin")

    def new_case(self, title, customer=None):
        body = {"title": title}
        if customer:
            body["customer"] = customer
        r = self.server.request("POST", "/api/v1/cases", headers=self.admin(), body=body)
        self.assertEqual(r.status, 201, r.body)
        return r.json()["id"]

    def move(self, case_id, *statuses):
        for st in statuses:
            r = self.server.request("POST", f"/api/v1/cases/{case_id}/status", headers=self.admin(),
                                    body={"status": st})
            self.assertEqual(r.status, 200, r.body)

    def case(self, case_id):
        r = self.server.request("GET", f"/api/v1/cases/{case_id}", headers=self.key("acme", "read"))
        self.assertEqual(r.status, 200, r.body)
        return r.json()

    def test_closing_a_case_asks_the_customer_and_the_answer_counts_once(self):
        r = self.server.request("POST", "/api/v1/customers", headers=self.admin(),
                                body={"key": "c-fien", "name": "Fien", "email": "fien@example.nl",
                                      "language": "nl", "consent": True})
        self.assertEqual(r.status, 201, r.body)
        cid = self.new_case("Pakket kwam niet", customer="c-fien")
        self.move(cid, "acknowledged", "investigating", "responded")
        time.sleep(0.5)
        self.assertEqual(self.smtp.to("fien@example.nl"), [])  # only closing asks
        self.move(cid, "closed")

        mails = self.smtp.wait_for("fien@example.nl")
        self.assertEqual(len(mails), 1)
        msg, body = test_ask.parse(mails[0])
        self.assertEqual(subject(msg), "Bent u tevreden over de afhandeling van uw melding?")
        self.assertIn(f"uw melding (nummer {cid})", body)
        path = followup_path(body)
        token = path.rsplit("/", 1)[1]

        # Only the token's hash is stored, nowhere the token itself.
        db = sqlite3.connect(f"file:{os.path.join(self.data, 'beleving.db')}?mode=ro", uri=True)
        try:
            hashes = [h for (h,) in db.execute("SELECT token_hash FROM case_followups WHERE case_id = ?",
                                               (cid,))]
            self.assertEqual(hashes, [hashlib.sha256(("followup:" + token).encode()).hexdigest()])
            for (payload,) in db.execute("SELECT payload FROM jobs"):
                self.assertNotIn(token, payload)
        finally:
            db.close()

        page = self.server.request("GET", path)
        self.assertEqual(page.status, 200, page.body)
        html = page.body.decode()
        self.assertIn("Bent u tevreden over de afhandeling van uw melding?", html)
        self.assertIn('<html lang="nl">', html)
        self.assertIn('name="satisfied"', html)
        self.assertIn(f'action="{path}"', html)
        self.assertNotIn("style=", html)
        self.assertIn("frame-ancestors 'none'", page.header("Content-Security-Policy"))
        self.assertEqual(page.header("X-Content-Type-Options"), "nosniff")
        # The customer's language unless the reader chose one (not merely the
        # browser's Accept-Language).
        r = self.server.request("GET", path, headers={"Accept-Language": "en"})
        self.assertIn('<html lang="nl">', r.body.decode())
        r = self.server.request("GET", path, headers={"Cookie": "lang=en"})
        self.assertIn('<html lang="en">', r.body.decode())
        self.assertIn("Are you satisfied", r.body.decode())

        # Bad input: a friendly page, the comment escaped, nothing recorded.
        r = self.server.request("POST", path, headers=FORM, raw="comment=%3Cscript%3Ex%3C%2Fscript%3E")
        self.assertEqual(r.status, 422)
        self.assertIn('role="alert"', r.body.decode())
        self.assertIn("&lt;script&gt;x&lt;/script&gt;", r.body.decode())
        self.assertNotIn("<script>", r.body.decode())
        r = self.server.request("POST", path, headers=FORM, raw="satisfied=yes&comment=" + "x" * 1001)
        self.assertEqual(r.status, 422)
        self.assertIsNone(self.case(cid)["customer_satisfied"])

        r = self.server.request("POST", path, headers=FORM,
                                raw="satisfied=yes&comment=Snel+%3Cb%3Egeholpen%3C%2Fb%3E")
        self.assertEqual(r.status, 200, r.body)
        self.assertIn("Bedankt voor uw antwoord", r.body.decode())
        doc = self.case(cid)
        self.assertIs(doc["customer_satisfied"], True)
        answers = [e for e in doc["log"] if e["kind"] == "satisfaction"]
        self.assertEqual(len(answers), 1)
        self.assertEqual(answers[0]["actor"], "customer")
        self.assertEqual(answers[0]["body"]["satisfied"], True)
        self.assertEqual(answers[0]["body"]["comment"], "Snel <b>geholpen</b>")

        # Single use: a second answer is refused and changes nothing.
        r = self.server.request("POST", path, headers=FORM, raw="satisfied=no&comment=toch+niet")
        self.assertEqual(r.status, 409)
        self.assertIn("al beantwoord", r.body.decode())
        doc = self.case(cid)
        self.assertIs(doc["customer_satisfied"], True)
        self.assertEqual(len([e for e in doc["log"] if e["kind"] == "satisfaction"]), 1)
        self.assertEqual(self.server.request("GET", path).status, 409)

        # Unknown and malformed tokens.
        bogus = self.server.request("GET", "/followup/" + "A" * 43)
        self.assertEqual(bogus.status, 404)
        self.assertIn("niet (meer) geldig", bogus.body.decode())
        # No customer behind it: the reader's language, the browser's included.
        bogus = self.server.request("GET", "/followup/" + "A" * 43, headers={"Accept-Language": "en"})
        self.assertEqual(bogus.status, 404)
        self.assertIn("not valid (any more)", bogus.body.decode())
        self.assertEqual(self.server.request("POST", "/followup/short", headers=FORM,
                                             raw="satisfied=yes").status, 404)

        # Reopening and closing again does not mail the customer a second time.
        self.move(cid, "investigating", "responded", "closed")
        time.sleep(1)
        self.assertEqual(len(self.smtp.to("fien@example.nl")), 1)

    def test_english_follow_up_and_nobody_to_ask(self):
        r = self.server.request("POST", "/api/v1/customers", headers=self.admin(),
                                body={"key": "c-jane", "email": "jane@example.com", "language": "en"})
        self.assertEqual(r.status, 201, r.body)
        cid = self.new_case("Late delivery", customer="c-jane")
        silent = self.new_case("No address")
        self.move(cid, "acknowledged", "investigating", "responded", "closed")
        self.move(silent, "acknowledged", "investigating", "responded", "closed")
        msg, body = test_ask.parse(self.smtp.wait_for("jane@example.com")[0])
        self.assertEqual(subject(msg), "Are you satisfied with how we handled your request?")
        path = followup_path(body)
        html = self.server.request("GET", path).body.decode()
        self.assertIn('<html lang="en">', html)
        r = self.server.request("POST", path, headers=FORM, raw="satisfied=no")
        self.assertEqual(r.status, 200, r.body)
        self.assertIs(self.case(cid)["customer_satisfied"], False)
        self.assertIsNone(self.case(silent)["customer_satisfied"])

    def test_email_alert_delivery_log_and_resend(self):
        r = self.server.request("POST", "/api/v1/alert-rules", headers=self.admin(),
                                body={"event": "case.opened", "email": "lead@acme.example"})
        self.assertEqual(r.status, 201, r.body)
        rule = r.json()["id"]
        try:
            self.new_case("Alert per e-mail")
            mails = self.smtp.wait_for("lead@acme.example")
            self.assertEqual(len(mails), 1)
            msg, body = test_ask.parse(mails[0])
            # The subject names the event in the organisation's language, not its code.
            self.assertEqual("[Beleving] Nieuwe case", subject(msg))
            self.assertIn("Alert per e-mail", body)

            def delivered(n):
                r = self.server.request("GET", "/api/v1/email-deliveries", headers=self.admin())
                self.assertEqual(r.status, 200, r.body)
                d = [x for x in r.json()["deliveries"] if x["to"] == "lead@acme.example"]
                return d if d and d[0]["state"] == "delivered" and d[0]["attempts"] == n else None
            log = wait_for(lambda: delivered(1), 10)
            self.assertTrue(log)
            self.assertEqual(len(log), 1)
            self.assertEqual((log[0]["event"], log[0]["rule_id"], log[0]["last_error"]),
                             ("case.opened", rule, None))
            self.assertIsNotNone(log[0]["delivered_at"])

            # Admins only; other organisations do not see it.
            r = self.server.request("GET", "/api/v1/email-deliveries", headers=self.key("acme", "read"))
            self.assertProblem(r, 403)
            r = self.server.request("GET", "/api/v1/email-deliveries", headers=self.admin("globex"))
            self.assertEqual(r.json()["deliveries"], [])
            r = self.server.request("POST", f"/api/v1/email-deliveries/{log[0]['id']}/resend",
                                    headers=self.admin("globex"), body={})
            self.assertProblem(r, 404)

            r = self.server.request("POST", f"/api/v1/email-deliveries/{log[0]['id']}/resend",
                                    headers=self.admin(), body={})
            self.assertEqual(r.status, 202, r.body)
            self.assertEqual(r.json()["state"], "pending")
            self.assertEqual(len(self.smtp.wait_for("lead@acme.example", count=2)), 2)
            self.assertTrue(wait_for(lambda: delivered(2), 10))
            time.sleep(1)
            self.assertEqual(len(self.smtp.to("lead@acme.example")), 2)  # exactly once more
        finally:
            self.server.request("DELETE", f"/api/v1/alert-rules/{rule}", headers=self.admin())

    def test_adaptive_card_webhook_is_signed(self):
        rec = Receiver()
        try:
            secret = "s3cret-for-the-adaptive-card"
            r = self.server.request("POST", "/api/v1/webhooks", headers=self.admin(),
                                    body={"url": rec.url, "secret": secret, "format": "adaptive_card"})
            self.assertEqual(r.status, 201, r.body)
            self.assertEqual(r.json()["format"], "adaptive_card")
            r = self.server.request("POST", "/api/v1/alert-rules", headers=self.admin(),
                                    body={"event": "case.opened", "webhook_id": r.json()["id"]})
            self.assertEqual(r.status, 201, r.body)
            rule = r.json()["id"]
            cid = self.new_case("Kaart voor Teams")
            self.server.request("DELETE", f"/api/v1/alert-rules/{rule}", headers=self.admin())
            self.assertTrue(wait_for(lambda: rec.count() >= 1, 15))
            headers, body, _ = rec.requests[0]
            self.assertTrue(verify_signature(secret, headers, body))
            msg = json.loads(body)
            self.assertEqual(msg["type"], "message")
            att = msg["attachments"][0]
            self.assertEqual(att["contentType"], "application/vnd.microsoft.card.adaptive")
            card = att["content"]
            self.assertEqual((card["type"], card["version"]), ("AdaptiveCard", "1.4"))
            self.assertEqual(card["body"][0]["text"], "Beleving: case.opened")
            self.assertIn("Kaart voor Teams", card["body"][1]["text"])
            facts = {f["title"]: f["value"] for f in card["body"][2]["facts"]}
            self.assertEqual(facts["case_id"], str(cid))
        finally:
            rec.stop()

    def test_cli_cases_and_promises(self):
        cid = self.new_case("Via de CLI")
        cases = json_lines(run_cli("cases", "list", "--org", "acme", data=self.data))
        self.assertIn(cid, [c["id"] for c in cases])
        received = json_lines(run_cli("cases", "list", "--org", "acme", "--status", "received",
                                      data=self.data))
        self.assertTrue(received)
        self.assertEqual({c["status"] for c in received}, {"received"})
        self.assertEqual(json_lines(run_cli("cases", "list", "--org", "globex", data=self.data)), [])

        moved = json_lines(run_cli("cases", "status", str(cid), "acknowledged", "--note", "Gebeld",
                                   "--org", "acme", data=self.data))
        self.assertEqual(len(moved), 1)
        self.assertEqual((moved[0]["id"], moved[0]["status"]), (cid, "acknowledged"))
        self.assertEqual(self.case(cid)["status"], "acknowledged")  # the server sees it
        p = run_cli("cases", "status", str(cid), "closed", "--org", "acme", data=self.data, check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("cannot go from acknowledged to closed", p.stderr)
        shown = json_lines(run_cli("cases", "show", str(cid), "--org", "acme", data=self.data))[0]
        self.assertEqual(shown["status"], "acknowledged")
        self.assertIn("sla", shown)
        notes = [e["body"].get("note") for e in shown["log"] if e["kind"] == "status"]
        self.assertIn("Gebeld", notes)
        for args, rc, text in ((("cases", "show", "999999", "--org", "acme"), 2, "no case 999999"),
                               (("cases", "show", str(cid), "--org", "globex"), 2, f"no case {cid}"),
                               (("cases", "list", "--org", "acme", "--status", "nonsense"), 2,
                                "unknown case status 'nonsense'"),
                               (("cases", "list", "--org", "nobody"), 2, "no organisation with slug"),
                               (("promises", "list", "--org", "acme", "--status", "maybe"), 2,
                                "unknown promise status")):
            p = run_cli(*args, data=self.data, check=False)
            self.assertEqual(p.returncode, rc, (args, p.stderr))
            self.assertIn(text, p.stderr)

        ids = []
        for text in ("We bellen morgen terug", "We sturen een nieuwe pas"):
            r = self.server.request("POST", "/api/v1/promises", headers=self.admin(),
                                    body={"text": text, "due_at": now_rfc3339(86400)})
            self.assertEqual(r.status, 201, r.body)
            ids.append(r.json()["id"])
        open_ = json_lines(run_cli("promises", "list", "--org", "acme", "--status", "open", data=self.data))
        self.assertTrue(set(ids) <= {p["id"] for p in open_})
        kept = json_lines(run_cli("promises", "kept", str(ids[0]), "--org", "acme", data=self.data))[0]
        self.assertEqual((kept["id"], kept["status"]), (ids[0], "kept"))
        p = run_cli("promises", "kept", str(ids[0]), "--org", "acme", data=self.data, check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("already kept", p.stderr)
        broken = json_lines(run_cli("promises", "broken", str(ids[1]), "--org", "acme", data=self.data))[0]
        self.assertEqual(broken["status"], "broken")
        self.assertIsNotNone(broken["broken_case_id"])
        r = self.server.request("GET", f"/api/v1/promises/{ids[0]}", headers=self.key("acme", "read"))
        self.assertEqual(r.json()["status"], "kept")
        r = self.server.request("GET", f"/api/v1/cases/{broken['broken_case_id']}", headers=self.key("acme", "read"))
        self.assertEqual(r.json()["type"], "broken_promise")
        listed = json_lines(run_cli("promises", "list", "--org", "acme", data=self.data))
        self.assertEqual({p["id"]: p["status"] for p in listed if p["id"] in ids},
                         {ids[0]: "kept", ids[1]: "broken"})


if __name__ == "__main__":
    unittest.main()
