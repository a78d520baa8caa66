"""The OpenAPI document as the contract of the organisation, access, moments and
privacy routes: for every operation of those tags, a request built from the
document's own example is accepted with a documented 2xx, and a request that
breaks one documented constraint (a missing required field, a value outside
an enum, a length, a bound, a pattern, a format, an unknown field or query
parameter) is refused with 400, which the operation documents. Every status
seen is documented for its operation.

Also: the same write through the API and through the dashboard leaves the
same audit entry and is refused for the same input; the settings and log-in
pages show no text of the other language; `beleving --version`."""
import copy
import json
import os
import re
import unittest
import urllib.parse

from harness import BIN, ServerTestCase, run_cli

TAGS = {"admin", "session", "hierarchy", "moments", "privacy", "system"}
ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


class ContractTest(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.doc = cls.server.request("GET", "/api/v1/openapi.json").json()
        cls.seen = []  # (operationId, status)

    def admin(self):
        return self.key("acme", "admin")

    def schema(self, s):
        while "$ref" in s:
            s = self.doc["components"]["schemas"][s["$ref"].split("/")[-1]]
        return s

    def operations(self):
        for path, item in sorted(self.doc["paths"].items()):
            for method, op in item.items():
                if method in ("get", "post", "put", "patch", "delete") and set(op["tags"]) & TAGS:
                    yield method.upper(), path, op

    def call(self, op, method, path, body=None, headers=None, raw=None):
        r = self.server.request(method, path, body=body, headers=headers or self.admin(), raw=raw)
        self.seen.append((op["operationId"], r.status))
        self.assertIn(str(r.status), op["responses"],
                      f"{method} {path} answered {r.status}, not documented: {r.body[:300]}")
        return r

    # --- ids for the path parameters: made fresh through the API

    def fresh_id(self, path):
        n = len(self.seen)
        m = re.match(r"/api/v1/(locations|teams|employees|customers|touchpoints)(/|$)", path)
        if m:
            r = self.server.request("POST", f"/api/v1/{m.group(1)}", body={"key": f"fresh-{n}"},
                                    headers=self.admin())
            self.assertEqual(r.status, 201, r.body)
            return r.json()["id"]
        if path.startswith("/api/v1/users/"):
            r = self.server.request("POST", "/api/v1/users", body={
                "email": f"fresh-{n}@acme.example", "name": f"Fresh {n}",
                "password": "a long secret phrase", "role": "consultant"}, headers=self.admin())
            self.assertEqual(r.status, 201, r.body)
            return r.json()["id"]
        if path.startswith("/api/v1/api-keys/"):
            r = self.server.request("POST", "/api/v1/api-keys", body={"scopes": ["read"]},
                                    headers=self.admin())
            self.assertEqual(r.status, 201, r.body)
            return r.json()["id"]
        kind = "responses" if path.startswith("/api/v1/responses/") else "interactions"
        item = {"external_id": f"fresh-{n}", "customer": "fresh-customer",
                "submitted_at" if kind == "responses" else "occurred_at": "2026-03-01T10:00:00Z"}
        if kind == "responses":
            item["answers"] = {"nps": 7}
        r = self.server.request("POST", f"/api/v1/{kind}", body={kind: [item]},
                                headers=self.key("acme", "ingest,read"))
        self.assertEqual(r.status, 201, r.body)
        r = self.server.request("GET", f"/api/v1/{kind}?limit=1000", headers=self.admin())
        return [x for x in r.json()[kind] if x["external_id"] == f"fresh-{n}"][0]["id"]

    def fill(self, path):
        return path.replace("{id}", str(self.fresh_id(path))) if "{id}" in path else path

    # --- breaking one constraint at a time

    def broken_values(self, s, query=False):
        s = self.schema(s)
        if "oneOf" in s:
            return []
        types = s.get("type", [])
        types = types if isinstance(types, list) else [types]
        out = []
        if "enum" in s:
            out.append(("outside the enum", "not-one-of-them"))
        if "string" in types:
            if s.get("minLength", 0) >= 1:
                out.append(("shorter than minLength", ""))
            if "maxLength" in s and s["maxLength"] < 100000:
                out.append(("longer than maxLength", "x" * (s["maxLength"] + 1)))
            if "pattern" in s:
                out.append(("not matching the pattern", "bad\u0001value"))
            if s.get("format") == "email":
                out.append(("not an e-mail", "not-an-email"))
            if s.get("format") in ("date-time", "date"):
                out.append(("not a date", "yesterday"))
            if not query:  # a query value is always text
                out.append(("not a string", 12))
        if "integer" in types:
            if "minimum" in s and s["minimum"] > -(2 ** 62):
                out.append(("below the minimum", s["minimum"] - 1))
            if "maximum" in s and s["maximum"] < 2 ** 62:
                out.append(("above the maximum", s["maximum"] + 1))
            out.append(("not a whole number", "seven"))
        if "boolean" in types:
            out.append(("not a boolean", "yes"))
        return out

    def broken_bodies(self, schema, example):
        s = self.schema(schema)
        if "oneOf" in s:  # one item or a batch: break the single item
            s = self.schema(s["oneOf"][0])
        body = dict(example)
        yield "an unknown field", dict(body, zz_unknown=1)
        for name in s.get("required", []):
            yield f"without required {name}", {k: v for k, v in body.items() if k != name}
        for name, prop in s.get("properties", {}).items():
            for why, value in self.broken_values(prop):
                yield f"{name} {why}", dict(body, **{name: value})

    def test_every_operation_accepts_its_example_and_refuses_each_broken_constraint(self):
        ops = list(self.operations())
        self.assertGreater(len(ops), 30)
        ids = [op["operationId"] for _, _, op in ops]
        self.assertEqual(len(ids), len(set(ids)), "operationIds are unique")
        order = {"DELETE": 2, "PUT": 1}  # deletes and session changes last
        ops.sort(key=lambda o: (order.get(o[0], 0), "session" in o[1]))
        for method, path, op in ops:
            with self.subTest(op=op["operationId"]):
                self.assertRegex(op["operationId"], r"^[a-z][A-Za-z0-9]+$")
                self.assertTrue(op.get("summary"))
                if path in ("/api/v1/session", "/api/v1/session/org", "/api/v1/session/password"):
                    continue  # test_session_operations
                for q in op.get("parameters", []):
                    if q["in"] != "query":
                        continue
                    for why, value in self.broken_values(q["schema"], query=True):
                        r = self.call(op, method, self.fill(path) + "?" + urllib.parse.urlencode(
                            {q["name"]: value}))
                        self.assertEqual(r.status, 400, f"?{q['name']} {why}: {r.body[:200]}")
                if method in ("GET", "DELETE"):
                    r = self.call(op, method, self.fill(path) + "?zz_unknown=1")
                    self.assertEqual(r.status, 400, r.body)
                body = op.get("requestBody", {}).get("content", {}).get("application/json")
                if body:
                    example = body["example"]
                    for why, broken in self.broken_bodies(body["schema"], example):
                        r = self.call(op, method, self.fill(path), body=broken)
                        self.assertEqual(r.status, 400, f"{why}: {r.body[:300]}")
                    r = self.call(op, method, self.fill(path), body=example)
                else:
                    r = self.call(op, method, self.fill(path))
                self.assertLess(r.status, 300, f"{method} {path}: {r.body[:300]}")
                if "{id}" in path:
                    r = self.call(op, method, path.replace("{id}", "999999999"),
                                  body=body["example"] if body else None)
                    self.assertEqual(r.status, 404, r.body[:200])

    def test_session_operations(self):
        ops = {op["operationId"]: (m, p, op) for m, p, op in self.operations()}
        # The example user of createUser logs in with createSession's example.
        m, p, op = ops["createUser"]
        user = op["requestBody"]["content"]["application/json"]["example"]
        self.server.request(m, p, body=user, headers=self.admin())
        m, p, op = ops["createSession"]
        example = op["requestBody"]["content"]["application/json"]["example"]
        self.assertEqual(example["email"], user["email"])
        for why, broken in self.broken_bodies(op["requestBody"]["content"]["application/json"]
                                              ["schema"], example):
            self.assertEqual(self.call(op, m, p, body=broken, headers={}).status, 400, why)
        r = self.call(op, m, p, body=example, headers={})
        self.assertEqual(r.status, 201, r.body)
        cookie = {"Cookie": r.header("Set-Cookie").split(";")[0]}
        csrf = r.json()["csrf_token"]
        m, p, op = ops["getSession"]
        self.assertEqual(self.call(op, m, p, headers=cookie).json()["user"]["email"], user["email"])
        m, p, op = ops["switchSessionOrg"]
        writes = dict(cookie, **{"X-CSRF-Token": csrf})
        for why, broken in self.broken_bodies(op["requestBody"]["content"]["application/json"]
                                              ["schema"], {"org": "acme"}):
            self.assertEqual(self.call(op, m, p, body=broken, headers=writes).status, 400, why)
        self.assertEqual(self.call(op, m, p, body={"org": "acme"}, headers=writes).status, 200)
        self.assertEqual(self.call(op, m, p, body={"org": "globex"}, headers=writes).status, 404)
        # A person changes their own password; an API key has none.
        m, p, op = ops["changeOwnPassword"]
        change = op["requestBody"]["content"]["application/json"]["example"]
        self.assertEqual(change["current_password"], user["password"])
        for why, broken in self.broken_bodies(op["requestBody"]["content"]["application/json"]
                                              ["schema"], change):
            self.assertEqual(self.call(op, m, p, body=broken, headers=writes).status, 400, why)
        wrong = dict(change, current_password="not the password")
        self.assertEqual(self.call(op, m, p, body=wrong, headers=writes).status, 400)
        self.assertEqual(self.call(op, m, p, body=change, headers=self.admin()).status, 403)
        self.assertEqual(self.call(op, m, p, body=change, headers=writes).status, 204)
        r = self.server.request("POST", "/api/v1/session",
                                body=dict(example, password=change["new_password"]))
        self.assertEqual(r.status, 201, r.body)
        m, p, op = ops["deleteSession"]
        self.assertEqual(self.call(op, m, p, headers=writes).status, 204)
        self.assertEqual(self.call(op, "GET", p, headers=cookie).status, 401)

    def test_a_malformed_header_value_is_a_documented_400(self):
        ops = {op["operationId"]: (m, p, op) for m, p, op in self.operations()}
        m, p, op = ops["ingestResponses"]
        r = self.call(op, m, p, raw="{}", headers=dict(self.admin(), **{
            "Content-Type": "text/plain"}))
        self.assertEqual(r.status, 400, r.body)
        self.assertEqual(r.json().get("field"), "/headers/content-type")


class TwoDoorsTest(ServerTestCase):
    """The API and the settings forms call one service: same refusals, same audit."""

    def form(self, path, fields, cookie, csrf):
        data = urllib.parse.urlencode(fields + [("_csrf", csrf)])
        return self.server.request("POST", path, raw=data, headers=dict(
            cookie, **{"Content-Type": "application/x-www-form-urlencoded"}))

    def audit(self):
        r = self.server.request("GET", "/api/v1/audit-log?limit=5", headers=self.key("acme", "admin"))
        self.assertEqual(r.status, 200, r.body)
        return r.json()["entries"]

    def test_users_and_keys_through_both_doors(self):
        cookie, csrf = self.login("admin@acme.example")
        me = self.server.request("GET", "/api/v1/session", headers=cookie).json()["user"]["id"]
        api = dict(cookie, **{"X-CSRF-Token": csrf})
        # A short password: refused by both, nothing stored.
        r = self.server.request("POST", "/api/v1/users", body={
            "email": "kort@acme.example", "name": "Kort", "password": "kort", "role": "admin"},
            headers=api)
        self.assertProblem(r, 400, "/password")
        r = self.form("/settings/users", [("email", "kort@acme.example"), ("name", "Kort"),
                                          ("password", "kort"), ("role", "admin")], cookie, csrf)
        self.assertEqual(r.status, 422)
        self.assertIn("minstens 10 tekens", r.body.decode())
        # The same user twice: 409 through the API, 422 with the reason on the page.
        good = {"email": "nina@acme.example", "name": "Nina", "password": "een lang wachtwoord",
                "role": "manager", "teams": ["verhuur"]}
        r = self.server.request("POST", "/api/v1/users", body=good, headers=api)
        self.assertEqual(r.status, 201, r.body)
        self.assertEqual(self.audit()[0]["subject"], f"user:{r.json()['id']}")
        self.assertEqual(self.audit()[0]["actor"], f"user:{me}")
        self.assertEqual(self.audit()[0]["action"], "create")
        r = self.form("/settings/users", [("email", "nina@acme.example"), ("name", "Nina"),
                                          ("password", "een lang wachtwoord"),
                                          ("role", "manager")], cookie, csrf)
        self.assertEqual(r.status, 422)
        self.assertIn("Er is al een gebruiker", r.body.decode())
        r = self.form("/settings/users", [("email", "piet@acme.example"), ("name", "Piet"),
                                          ("password", "een lang wachtwoord"), ("role", "manager"),
                                          ("team", "verhuur")], cookie, csrf)
        self.assertEqual(r.status, 303, r.body)
        users = self.server.request("GET", "/api/v1/users", headers=api).json()["users"]
        piet = [u for u in users if u["email"] == "piet@acme.example"][0]
        entry = self.audit()[0]
        self.assertEqual((entry["actor"], entry["action"], entry["subject"]),
                         (f"user:{me}", "create", f"user:{piet['id']}"))
        # API keys: an unknown scope refused by both; created and revoked alike.
        r = self.server.request("POST", "/api/v1/api-keys", body={"scopes": ["write"]}, headers=api)
        self.assertProblem(r, 400)
        r = self.form("/settings/api-keys", [("name", "x"), ("scope", "write")], cookie, csrf)
        self.assertEqual(r.status, 400)
        r = self.form("/settings/api-keys", [("name", "Kassa")], cookie, csrf)
        self.assertEqual(r.status, 422)
        self.assertIn("Kies minstens", r.body.decode())
        r = self.server.request("POST", "/api/v1/api-keys", body={"scopes": "read"}, headers=api)
        self.assertEqual(r.status, 201, r.body)
        by_api = self.audit()[0]
        r = self.form("/settings/api-keys", [("name", "Kassa"), ("scope", "read")], cookie, csrf)
        self.assertEqual(r.status, 200)
        by_form = self.audit()[0]
        for e in (by_api, by_form):
            self.assertEqual((e["actor"], e["action"]), (f"user:{me}", "create"))
            self.assertRegex(e["subject"], r"^api_key:\d+$")
        key_id = int(by_form["subject"].split(":")[1])
        r = self.form(f"/settings/api-keys/{key_id}/revoke", [], cookie, csrf)
        self.assertEqual(r.status, 303)
        e = self.audit()[0]
        self.assertEqual((e["actor"], e["action"], e["subject"]),
                         (f"user:{me}", "revoke", f"api_key:{key_id}"))
        r = self.form(f"/settings/api-keys/{key_id}/revoke", [], cookie, csrf)
        self.assertEqual(r.status, 404)

    def test_the_access_pages_speak_one_language(self):
        texts = {}
        with open(os.path.join(ROOT, "resources", "i18n", "admin.tsv"), encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or "\t" not in line:
                    continue
                key, nl, en = line.rstrip("\n").split("\t")
                if nl != en and "{" not in nl and len(en) > 3:
                    texts[key] = (nl, en)
        cookie, _ = self.login("admin@acme.example")
        for lang, own, other in (("nl", 0, 1), ("en", 1, 0)):
            pages = {
                "settings": self.server.request("GET", f"/settings?lang={lang}", headers=cookie),
                "login": self.server.request("GET", f"/login?lang={lang}"),
            }
            for name, r in pages.items():
                self.assertEqual(r.status, 200, name)
                html = r.body.decode()
                for key, pair in texts.items():
                    section = key.split(".")[0]
                    if (section == "login") != (name == "login") or key.startswith(
                            ("settings.", "users.error", "keys.error", "login.error")):
                        continue
                    if key == "login.other_language":
                        continue  # the link to the other language, named in it
                    self.assertNotIn(">" + pair[other] + "<", html, f"{name} ({lang}): {key}")
                    if key in ("users.title", "keys.title", "login.tagline"):
                        self.assertIn(pair[own], html, f"{name} ({lang}): {key}")
            settings = pages["settings"].body.decode()
            # Roles and scopes by their catalogue texts, never the codes.
            self.assertIn("beheerder" if lang == "nl" else "administrator", settings)
            self.assertNotIn(">admin<", settings)
            self.assertNotIn(">ingest<", settings)
            self.assertIn("gegevens insturen" if lang == "nl" else "send data", settings)


class VersionTest(unittest.TestCase):
    def test_version_is_the_project_version(self):
        with open(os.path.join(ROOT, "CMakeLists.txt"), encoding="utf-8") as f:
            version = re.search(r"project\(beleving[^)]*VERSION ([0-9.]+)\)", f.read()).group(1)
        out = run_cli("--version")
        self.assertEqual(out.stdout.strip(), f"beleving {version}")
        self.assertTrue(os.path.exists(BIN))


if __name__ == "__main__":
    unittest.main()
