"""Issue 16, part A, through the real binary: the charter editor's API
(PATCH /api/v1/promises/standards/{id}: a change, a deactivation, 422 naming
the field, 404 for another organisation's standard), the customer search
(GET /api/v1/customers?q=), and the counter page: an employee finds the
customer, the POST makes the promise (with the employee's link) and the
customer's copy arrives at the SMTP receiver in Dutch ("Wij beloven: ...
voor donderdag 17:00"). One server for the class."""
import datetime
import re
import urllib.parse
from zoneinfo import ZoneInfo

import test_ask
from test_loop_followup import subject

AMS = ZoneInfo("Europe/Amsterdam")
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
WEEKDAYS_NL = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]


class PromiseCounterTest(test_ask.SmtpServerTestCase):
    mail_from = "balie@acme.example"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        admin = {"Authorization": "Bearer " + cls.keys[("acme", "admin")]}
        for org, key, name, mail, phone in [
                ("acme", "c-fien", "Fien de Boer", "fien@example.nl", "06 5555 1234"),
                ("acme", "c-bram", "Bram Bakker", None, "010 123 4567"),
                ("acme", "c-pct", "Honderd%_Zeker", None, None),
                ("globex", "g-fien", "Fien van Globex", "fien@globex.example", None)]:
            body = {"key": key, "name": name, "language": "nl"}
            if mail:
                body["email"] = mail
            if phone:
                body["phone"] = phone
            hdr = admin if org == "acme" else {"Authorization": "Bearer " + cls.keys[(org, "admin")]}
            r = cls.server.request("POST", "/api/v1/customers", headers=hdr, body=body)
            assert r.status == 201, r.body
        r = cls.server.request("POST", "/api/v1/touchpoints", headers=admin, body={"key": "balie"})
        assert r.status == 201, r.body
        r = cls.server.request("POST", "/api/v1/promises/standards", headers=admin, body={
            "key": "fiets-klaar", "touchpoint": "balie", "text": "Uw fiets is klaar",
            "due_after_hours": 24, "business_hours": False})
        assert r.status == 201, r.body
        cls.standard = r.json()

    def admin(self, org="acme"):
        return self.key(org, "admin")

    # --- PATCH /api/v1/promises/standards/{id}

    def test_patch_changes_a_standard_and_deactivates_it(self):
        r = self.server.request("POST", "/api/v1/promises/standards", headers=self.admin(), body={
            "key": "terugbellen", "touchpoint": "balie", "text": "We bellen binnen 4 uur terug",
            "due_after_hours": 4, "compensation": "Een bos bloemen"})
        self.assertEqual(r.status, 201, r.body)
        sid = r.json()["id"]
        path = f"/api/v1/promises/standards/{sid}"
        r = self.server.request("PATCH", path, headers=self.admin(), body={
            "text": "We bellen binnen 2 uur terug", "due_after_hours": 2,
            "kept_by": {"channel": "phone"}, "compensation": None})
        self.assertEqual(r.status, 200, r.body)
        doc = r.json()
        self.assertEqual(doc["key"], "terugbellen")
        self.assertEqual(doc["text"], "We bellen binnen 2 uur terug")
        self.assertEqual(doc["due_after_seconds"], 7200)
        self.assertEqual(doc["kept_by"], {"channel": "phone"})
        self.assertIsNone(doc["compensation"])
        self.assertTrue(doc["active"])
        r = self.server.request("PATCH", path, headers=self.admin(), body={"active": False})
        self.assertEqual(r.status, 200, r.body)
        listed = self.server.request("GET", "/api/v1/promises/standards",
                                     headers=self.key("acme", "read")).json()["standards"]
        mine = [s for s in listed if s["id"] == sid]
        self.assertEqual(len(mine), 1, "deactivated, never deleted")
        self.assertFalse(mine[0]["active"])
        self.assertEqual(mine[0]["kept_by"], {"channel": "phone"})
        # The charter lists active standards only.
        charter = self.server.request("GET", "/api/v1/charter", headers=self.key("acme", "read"))
        self.assertEqual(charter.status, 200, charter.body)
        self.assertNotIn("We bellen binnen 2 uur terug", charter.body.decode())

    def test_patch_refuses_bad_input_naming_the_field_and_other_tenants(self):
        path = f"/api/v1/promises/standards/{self.standard['id']}"
        r = self.server.request("PATCH", path, headers=self.admin(), body={"text": "   "})
        self.assertProblem(r, 422, "/text")
        r = self.server.request("PATCH", path, headers=self.admin(),
                                body={"due_after_hours": 2, "due_after_seconds": 60})
        self.assertProblem(r, 422, "/due_after_hours")
        r = self.server.request("PATCH", path, headers=self.admin(), body={"grace_seconds": -5})
        self.assertProblem(r, 400)
        r = self.server.request("PATCH", path, headers=self.admin(), body={"key": "renamed"})
        self.assertProblem(r, 400)
        r = self.server.request("PATCH", path, headers=self.admin("globex"), body={"text": "Van ons"})
        self.assertProblem(r, 404)
        r = self.server.request("PATCH", path, headers=self.key("acme", "read"), body={"text": "x"})
        self.assertProblem(r, 403)
        got = self.server.request("GET", "/api/v1/promises/standards", headers=self.admin()).json()
        mine = [s for s in got["standards"] if s["id"] == self.standard["id"]][0]
        self.assertEqual(mine["text"], "Uw fiets is klaar", "nothing changed")

    # --- GET /api/v1/customers?q=

    def test_customer_search_by_name_email_phone_within_the_organisation(self):
        def keys(q, org="acme"):
            r = self.server.request("GET", "/api/v1/customers?q=" + urllib.parse.quote(q),
                                    headers=self.admin(org))
            self.assertEqual(r.status, 200, r.body)
            return [c["key"] for c in r.json()["customers"]]
        self.assertEqual(keys("fien"), ["c-fien"], "never another organisation's customer")
        self.assertEqual(keys("FIEN@example"), ["c-fien"])
        self.assertEqual(keys("123"), ["c-bram", "c-fien"])
        self.assertEqual(keys("%_"), ["c-pct"], "wildcards match themselves")
        self.assertEqual(keys("fien", "globex"), ["g-fien"])
        r = self.server.request("GET", "/api/v1/customers?q=", headers=self.admin())
        self.assertProblem(r, 400)

    # --- the counter page

    def test_counter_makes_the_promise_and_mails_the_customer_in_dutch(self):
        cookie, csrf = self.login("emp@acme.example")
        r = self.server.request("GET", "/promises/counter?q=fien", headers=cookie)
        self.assertEqual(r.status, 200, r.body)
        page = r.body.decode()
        self.assertIn('href="/promises/counter?customer=c-fien"', page)
        self.assertNotIn("Globex", page)
        r = self.server.request("GET", "/promises/counter?customer=c-fien&standard=fiets-klaar",
                                headers=cookie)
        self.assertEqual(r.status, 200, r.body)
        page = r.body.decode()
        self.assertIn("Uw fiets is klaar</textarea>", page)
        self.assertRegex(page, r'name="email" value="1" checked')
        # The due time preset: 24 calendar hours from now, in Amsterdam.
        preset = re.search(r'name="due" required value="([0-9T:-]{16})"', page).group(1)
        expect = datetime.datetime.now(AMS) + datetime.timedelta(hours=24)
        got = datetime.datetime.strptime(preset, "%Y-%m-%dT%H:%M").replace(tzinfo=AMS)
        self.assertLess(abs((got - expect).total_seconds()), 120)

        due = (datetime.datetime.now(AMS) + datetime.timedelta(days=2)).replace(
            hour=17, minute=0, second=0, microsecond=0)
        form = {"_csrf": csrf, "customer": "c-fien", "standard": "fiets-klaar",
                "text": "Uw fiets is klaar", "due": due.strftime("%Y-%m-%dT%H:%M"), "email": "1"}
        r = self.server.request("POST", "/promises/counter", headers=dict(cookie, **FORM),
                                raw=urllib.parse.urlencode(form))
        self.assertEqual(r.status, 200, r.body)
        self.assertIn("Belofte vastgelegd", r.body.decode())
        made = [p for p in self.server.request("GET", "/api/v1/promises?limit=1000",
                                               headers=self.admin()).json()["promises"]
                if p["customer"] == "c-fien"]
        self.assertEqual(len(made), 1, made)
        p = made[0]
        self.assertEqual(p["type"], "fiets-klaar")
        self.assertEqual(p["employee"], "e17", "the employee's own link")
        self.assertEqual(p["due_at"], due.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))

        mails = self.smtp.wait_for("fien@example.nl")
        self.assertEqual(len(mails), 1)
        msg, body = test_ask.parse(mails[0])
        self.assertIn("Acme", subject(msg))
        day = WEEKDAYS_NL[due.weekday()]
        self.assertIn(f"Wij beloven: Uw fiets is klaar voor {day} 17:00.", body)

    def test_counter_refuses_a_past_due_time_and_another_organisations_customer(self):
        cookie, csrf = self.login("emp@acme.example")
        form = {"_csrf": csrf, "customer": "c-bram", "text": "Offerte sturen",
                "due": "2001-01-01T10:00"}
        r = self.server.request("POST", "/promises/counter", headers=dict(cookie, **FORM),
                                raw=urllib.parse.urlencode(form))
        self.assertEqual(r.status, 422, r.body)
        self.assertIn("kies een tijdstip in de toekomst", r.body.decode())
        r = self.server.request("GET", "/promises/counter?customer=g-fien", headers=cookie)
        self.assertEqual(r.status, 404)
        promises = self.server.request("GET", "/api/v1/promises?limit=1000",
                                       headers=self.admin()).json()["promises"]
        self.assertFalse([p for p in promises if p["customer"] == "c-bram"])

    # --- the charter editor's forms (/promises/standards)

    def test_the_editor_creates_changes_and_deactivates_through_the_ledger(self):
        cookie, csrf = self.login("admin@acme.example")

        def post(path, **form):
            return self.server.request("POST", path, headers=dict(cookie, **FORM),
                                       raw=urllib.parse.urlencode(dict(form, _csrf=csrf)))
        fields = {"text": "Uw auto staat om 17:00 klaar", "touchpoint": "balie", "hours": "8",
                  "clock": "calendar", "kept_by": "channel:phone", "grace": "30",
                  "compensation": "Een vervangende auto"}
        r = post("/promises/standards", key="auto-klaar", **fields)
        self.assertEqual(r.status, 303, r.body)
        listed = self.server.request("GET", "/api/v1/promises/standards",
                                     headers=self.admin()).json()["standards"]
        made = [s for s in listed if s["key"] == "auto-klaar"][0]
        self.assertEqual((made["due_after_seconds"], made["business_hours"], made["kept_by"],
                          made["grace_seconds"], made["compensation"]),
                         (8 * 3600, False, {"channel": "phone"}, 1800, "Een vervangende auto"))
        r = post(f"/promises/standards/{made['id']}", **dict(fields, text="  "))
        self.assertEqual(r.status, 422, r.body)
        self.assertIn("de tekst heeft 1 tot 1000 tekens", r.body.decode())
        r = post(f"/promises/standards/{made['id']}",
                 **dict(fields, hours="2", clock="business", kept_by="", compensation=""))
        self.assertEqual(r.status, 303, r.body)
        r = post(f"/promises/standards/{made['id']}/active", active="0")
        self.assertEqual(r.status, 303, r.body)
        listed = self.server.request("GET", "/api/v1/promises/standards",
                                     headers=self.admin()).json()["standards"]
        got = [s for s in listed if s["id"] == made["id"]][0]
        self.assertEqual((got["text"], got["due_after_seconds"], got["business_hours"],
                          got["kept_by"], got["compensation"], got["active"]),
                         ("Uw auto staat om 17:00 klaar", 7200, True, None, None, False))
        page = self.server.request("GET", "/promises/standards", headers=cookie).body.decode()
        self.assertIn("Uw auto staat om 17:00 klaar", page)
        self.assertIn("(niet actief)", page)
        # A manager reads the list; the forms are the admins'.
        mcookie, mcsrf = self.login("mgr@acme.example")
        r = self.server.request("GET", "/promises/standards", headers=mcookie)
        self.assertEqual(r.status, 200)
        self.assertNotIn('action="/promises/standards"', r.body.decode())
        r = self.server.request("POST", f"/promises/standards/{made['id']}/active",
                                headers=dict(mcookie, **FORM),
                                raw=urllib.parse.urlencode({"_csrf": mcsrf, "active": "1"}))
        self.assertEqual(r.status, 403)
