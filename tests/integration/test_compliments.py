"""Issue 13: compliments on /people/{id} are credited only where they belong:
on the employee's own contact, or naming them unambiguously among all the
organisation's employees; never a 0-6 (text/compliments.h)."""
import re
import unittest

from harness import ServerTestCase, response


class ComplimentsPageTest(ServerTestCase):
    orgs = ("acme",)

    def praise_section(self, cookie, employee_key):
        r = self.server.request("GET", f"/api/v1/employees?key={employee_key}",
                                headers=self.key("acme", "read"))
        self.assertEqual(r.status, 200, r.body)
        emp_id = r.json()["employees"][0]["id"]
        page = self.server.request("GET", f"/people/{emp_id}", headers=cookie)
        self.assertEqual(page.status, 200, page.body)
        html = page.body.decode()
        m = re.search(r'<section class="panel praise">(.*?)</section>', html, re.S)
        self.assertIsNotNone(m, html[:2000])
        return m.group(1)

    def test_two_wouters(self):
        admin = self.key("acme", "admin")
        for key, name in [("wdv", "Wouter de Vries"), ("wba", "Wouter Bakker"),
                          ("fvi", "Fleur Visser")]:
            r = self.server.request("POST", "/api/v1/employees", body={"key": key, "name": name},
                                    headers=admin)
            self.assertEqual(r.status, 201, r.body)
        comments = [
            # (external id, employee of the contact, score, comment)
            ("c1", "fvi", 10, "Wouter was super vriendelijk, topper"),      # ambiguous: nobody
            ("c2", "fvi", 10, "Wouter de Vries was super vriendelijk"),     # full name: de Vries
            ("c3", "wba", 9, "Wouter dacht echt goed mee, heel fijn"),       # own contact: Bakker
            ("c4", "fvi", 3, "Wouter de Vries was wel aardig hoor"),         # a 3: nobody
            ("c5", "wdv", 4, "Heel fijn geholpen door de medewerker"),       # a 4: nobody
            ("c6", "wdv", 10, "Prima geholpen, echt een aanrader"),          # own contact: de Vries
        ]
        batch = [response(i, external_id=f"wouter-{x}", employee=emp, team="verhuur",
                          submitted_at="2026-11-20T10:00:00Z",
                          answers={"nps": score, "comment": text})
                 for i, (x, emp, score, text) in enumerate(comments)]
        r = self.server.request("POST", "/api/v1/responses", body={"responses": batch},
                                headers=self.key("acme", "ingest"))
        self.assertIn(r.status, (200, 201), r.body)
        cookie, _ = self.login("admin@acme.example")
        de_vries = self.praise_section(cookie, "wdv")
        bakker = self.praise_section(cookie, "wba")
        fleur = self.praise_section(cookie, "fvi")
        self.assertIn("Wouter de Vries was super vriendelijk", de_vries)
        self.assertIn("Prima geholpen, echt een aanrader", de_vries)
        self.assertIn("Wouter dacht echt goed mee", bakker)
        for section in (de_vries, bakker, fleur):
            self.assertNotIn("Wouter was super vriendelijk, topper", section)
            self.assertNotIn("was wel aardig hoor", section)
            self.assertNotIn("door de medewerker", section)
        self.assertNotIn("Wouter de Vries was super vriendelijk", bakker)
        self.assertNotIn("Wouter dacht echt goed mee", de_vries)
        # Fleur's contacts praised a Wouter, not her.
        self.assertNotIn("vriendelijk", fleur)


if __name__ == "__main__":
    unittest.main()
