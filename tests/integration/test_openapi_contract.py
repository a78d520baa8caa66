"""The OpenAPI document is the contract a client generates code from: it states
exactly what the server enforces (issue 12).

For every operation of /api/v1/openapi.json:
- a request built from the document's own schemas and examples is accepted
  (never 400, never 5xx; 2xx where nothing in the path refers to a row);
- for each constraint the document states (required, type, enum, minLength,
  maxLength, pattern, minimum, maximum, maxItems, additionalProperties: false,
  an undeclared query parameter) one request breaking just that constraint is
  refused with a status the operation documents, and 400 names the field;
- every answer's status is documented for its operation.
Operations are called by an admin API key (or an admin session for pages
and session-only routes) on an organisation seeded with the keys the
examples use.
"""
import copy
import json
import re
import urllib.parse

from harness import ServerTestCase, run_cli

# Keys of rows the seeded organisation holds; examples in the document use them.
SEED_RESPONSES = {"responses": [
    {"external_id": "seed-1", "submitted_at": "2026-11-02T09:00:00Z", "customer": "c1",
     "touchpoint": "balie", "team": "verhuur", "employee": "e17", "location": "amersfoort",
     "channel": "face_to_face", "answers": {"nps": 9, "comment": "Top service"}},
    {"external_id": "seed-2", "submitted_at": "2026-11-03T09:00:00Z", "customer": "c2",
     "touchpoint": "telefoon", "team": "verhuur", "employee": "e18", "location": "amersfoort",
     "channel": "phone", "answers": {"nps": 3, "comment": "Lang gewacht"}},
]}


def resolve(doc, schema):
    while isinstance(schema, dict) and "$ref" in schema:
        name = schema["$ref"].split("/")[-1]
        schema = doc["components"]["schemas"][name]
    return schema


def types_of(schema):
    t = schema.get("type")
    if t is None:
        return []
    return t if isinstance(t, list) else [t]


def sample(doc, schema):
    """A value the schema accepts: its example, else one built from it."""
    schema = resolve(doc, schema)
    if "examples" in schema:
        return copy.deepcopy(schema["examples"][0])
    if "example" in schema:
        return copy.deepcopy(schema["example"])
    if "oneOf" in schema:
        return sample(doc, schema["oneOf"][0])
    if "enum" in schema:
        return next(v for v in schema["enum"] if v is not None)
    ts = [t for t in types_of(schema) if t != "null"]
    t = ts[0] if ts else None
    if t == "string":
        fmt = schema.get("format")
        if fmt == "date-time":
            return "2026-11-02T09:00:00Z"
        if fmt == "date":
            return "2026-11-02"
        if fmt == "email":
            return "someone@example.com"
        if fmt == "uri":
            return "https://example.com/hook"
        n = max(schema.get("minLength", 0), min(schema.get("maxLength", 4), 4))
        return "a" * n
    if t == "integer":
        lo, hi = schema.get("minimum", 1), schema.get("maximum", 1)
        return max(lo, min(1, hi))
    if t == "number":
        lo, hi = schema.get("minimum", 1), schema.get("maximum", 1)
        return max(lo, min(1, hi))
    if t == "boolean":
        return True
    if t == "array":
        n = max(schema.get("minItems", 0), 1)
        return [sample(doc, schema.get("items", {})) for _ in range(min(n, schema.get("maxItems", n)))]
    if t == "object":
        if "properties" not in schema:
            return {}
        return {k: sample(doc, v) for k, v in schema["properties"].items()
                if k in schema.get("required", [])}
    return None


def non_matching(pattern, max_length=None, separator=None):
    """A short string `pattern` refuses (the server's patterns are ECMAScript
    regexes simple enough for Python's re), or None when every candidate
    matches."""
    for candidate in ("!! no match !!", "a,b", "A B", "\x01", "-", "x" * 70, "ab"):
        if max_length is not None and len(candidate) > max_length:
            continue
        if separator and separator in candidate:
            continue  # an item of a comma-separated list cannot hold a comma
        if not re.search(pattern, candidate):
            return candidate
    return None


def violations(doc, schema, value, pointer="", separator=None):
    """(pointer, broken value, what) for each constraint `schema` states,
    applied to the valid `value`."""
    schema = resolve(doc, schema)
    out = []
    ts = types_of(schema)
    if "enum" in schema:
        out.append((pointer, "not-one-of-them", "enum"))
    elif "string" in ts:
        out.append((pointer, 12345, "type string"))
        if schema.get("minLength", 0) > 0:
            out.append((pointer, "", "minLength"))
        if "maxLength" in schema:
            out.append((pointer, "x" * (schema["maxLength"] + 1), "maxLength"))
        if "pattern" in schema:
            miss = non_matching(schema["pattern"], schema.get("maxLength"), separator)
            if miss is not None:
                out.append((pointer, miss, "pattern"))
        if schema.get("format") in ("date-time", "date", "email", "uri"):
            out.append((pointer, "not a " + schema["format"], "format"))
    elif "integer" in ts or "number" in ts:
        out.append((pointer, "seven", "type number"))
        if "minimum" in schema:
            out.append((pointer, schema["minimum"] - 1, "minimum"))
        if "maximum" in schema:
            out.append((pointer, schema["maximum"] + 1, "maximum"))
    elif "boolean" in ts:
        out.append((pointer, "yes", "type boolean"))
    elif "array" in ts:
        out.append((pointer, {"not": "an array"}, "type array"))
        if "maxItems" in schema and schema["maxItems"] < 100000:
            item = value[0] if value else sample(doc, schema.get("items", {}))
            out.append((pointer, [item] * (schema["maxItems"] + 1), "maxItems"))
        if value:
            for p, v, w in violations(doc, schema.get("items", {}), value[0], pointer + "/0",
                                      separator):
                out.append((p, v, w))
    elif "object" in ts and isinstance(value, dict):
        out.append((pointer, ["not", "an object"], "type object"))
        if schema.get("additionalProperties") is False:
            out.append((pointer + "/no_such_field", True, "additionalProperties"))
        for name in schema.get("required", []):
            out.append((pointer + "/" + name, KeyError, "required"))
        for name, sub in schema.get("properties", {}).items():
            v = value.get(name, sample(doc, sub))
            for p, bad, w in violations(doc, sub, v, pointer + "/" + name):
                out.append((p, bad, w))
    return out


def apply(value, pointer, bad):
    """`value` with the thing at `pointer` replaced by `bad` (KeyError: removed)."""
    if pointer == "":
        return bad
    value = copy.deepcopy(value)
    parts = pointer.strip("/").split("/")
    node = value
    for i, p in enumerate(parts[:-1]):
        # A container the valid value left out is made of the kind the
        # pointer's next step needs (a list for an index).
        fresh = [] if parts[i + 1].isdigit() else {}
        if isinstance(node, list):
            while len(node) <= int(p):
                node.append(copy.deepcopy(fresh))
            node = node[int(p)]
        else:
            node = node.setdefault(p, fresh)
    last = parts[-1]
    if isinstance(node, list):
        while len(node) <= int(last):
            node.append(None)
        node[int(last)] = bad
    elif bad is KeyError:
        node.pop(last, None)
    else:
        node[last] = bad
    return value


class OpenApiContractTest(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        admin = {"Authorization": "Bearer " + cls.keys[("acme", "admin")]}
        r = cls.server.request("POST", "/api/v1/responses", body=SEED_RESPONSES,
                               headers={"Authorization": "Bearer " + cls.keys[("acme", "ingest,read")]})
        assert r.status in (200, 201), r.body
        cls.doc = cls.server.request("GET", "/api/v1/openapi.json").json()
        cls.admin_key = admin

    def setUp(self):
        # The documents' examples name customers c1 and c2; a test before this
        # one may have deleted or erased them (DELETE and erase are operations
        # too), so each test starts with them present.
        for key in ("c1", "c2"):
            r = self.server.request("POST", "/api/v1/customers", body={"key": key},
                                    headers=self.admin_key)
            assert r.status in (201, 409), r.body

    def session(self):
        if not hasattr(self, "_session"):
            cookie, csrf = self.login("admin@acme.example")
            self._session = dict(cookie, **{"X-CSRF-Token": csrf})
        return self._session

    def operations(self):
        """Every operation; those that remove what the examples name (deletes,
        erasure) last, so the examples after them still find it."""
        ops = [(path, method.upper(), op) for path, item in sorted(self.doc["paths"].items())
               for method, op in sorted(item.items())
               if method in ("get", "post", "put", "patch", "delete")]
        removes = lambda o: o[1] == "DELETE" or "erase" in o[0]
        return [o for o in ops if not removes(o)] + [o for o in ops if removes(o)]

    def call(self, path, method, op, query=None, body=None, form=None, raw=None):
        params = {p["name"]: p for p in op.get("parameters", [])}
        url = path
        for name, p in params.items():
            if p["in"] == "path":
                url = url.replace("{" + name + "}", urllib.parse.quote(str(sample(self.doc, p["schema"]))))
        if query:
            url += "?" + urllib.parse.urlencode(query)
        page = op.get("x-access") is not None and "401" not in op["responses"]
        headers = dict(self.session()) if page or op.get("x-access") == "public" else dict(self.admin_key)
        if op.get("x-access") == "public":
            headers = {}
        if form is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            if "X-CSRF-Token" in self.session():
                form = dict(form, _csrf=self.session()["X-CSRF-Token"])
            raw = urllib.parse.urlencode(form)
            return self.server.request(method, url, raw=raw, headers=headers)
        if raw is not None:
            headers["Content-Type"] = "application/json"
            return self.server.request(method, url, raw=raw, headers=headers)
        return self.server.request(method, url, body=body, headers=headers)

    def valid_parts(self, op):
        query = {p["name"]: sample(self.doc, p["schema"]) for p in op.get("parameters", [])
                 if p["in"] == "query" and p.get("required")}
        body = form = None
        content = op.get("requestBody", {}).get("content", {})
        if "application/json" in content:
            media = content["application/json"]
            body = copy.deepcopy(media["example"]) if "example" in media else sample(self.doc, media["schema"])
        elif "application/x-www-form-urlencoded" in content:
            form = sample(self.doc, content["application/x-www-form-urlencoded"]["schema"])
        return query, body, form

    def test_every_operation_is_declared(self):
        missing = [f"{m} {p}" for p, m, op in self.operations() if not op.get("operationId")]
        self.assertEqual(missing, [], "operations without an operationId (not declared in code)")
        ids = [op["operationId"] for _, _, op in self.operations()]
        self.assertEqual(len(ids), len(set(ids)), "operationIds are unique")

    def test_requests_built_from_the_document_are_accepted(self):
        problems = []
        for path, method, op in self.operations():
            if not op.get("operationId") or method == "DELETE":
                continue
            query, body, form = self.valid_parts(op)
            r = self.call(path, method, op, query=query, body=body, form=form)
            documented = op["responses"].keys()
            if r.status == 400 or r.status >= 500 or str(r.status) not in documented:
                problems.append(f"{method} {path}: {r.status} {r.body[:200]!r}")
        self.assertEqual(problems, [])

    def test_each_documented_constraint_is_enforced(self):
        problems, checked = [], 0
        for path, method, op in self.operations():
            if not op.get("operationId"):
                continue
            query, body, form = self.valid_parts(op)
            cases = []
            for p in op.get("parameters", []):
                if p["in"] != "query":
                    continue
                good = sample(self.doc, p["schema"])
                # A list in a query string is comma-separated (style form).
                for _, bad, what in violations(self.doc, p["schema"], good, separator=","):
                    # Every query value is text: "type string" cannot be broken there.
                    if bad is KeyError or isinstance(bad, (dict, list)) or what == "type string":
                        continue
                    # A family of parameters (x-name-pattern): one of its names.
                    name = p.get("x-example-name", p["name"])
                    q = dict(query, **{name: bad if not isinstance(bad, bool) else "maybe"})
                    cases.append((f"query {name} {what}", dict(query=q, body=body, form=form),
                                  "/query/" + name))
            cases.append(("an undeclared query parameter",
                          dict(query=dict(query, no_such_parameter="1"), body=body, form=form),
                          "/query/no_such_parameter"))
            content = op.get("requestBody", {}).get("content", {})
            if "application/json" in content and body is not None:
                schema = content["application/json"]["schema"]
                for pointer, bad, what in violations(self.doc, schema, body):
                    cases.append((f"body {pointer or '/'} {what}",
                                  dict(query=query, body=apply(body, pointer, bad), form=None), pointer))
            for what, parts, field in cases:
                r = self.call(path, method, op, **parts)
                checked += 1
                if r.status < 400 or r.status >= 500 or str(r.status) not in op["responses"]:
                    problems.append(f"{method} {path} [{what}]: {r.status} {r.body[:160]!r}")
                elif r.status == 400 and r.header("Content-Type") == "application/problem+json":
                    got = r.json().get("field", "")
                    if field and not got.startswith(field.split("/no_such")[0]) and field != "":
                        problems.append(f"{method} {path} [{what}]: 400 names {got!r}, not {field!r}")
        print(f"\n{checked} constraint violations sent")
        self.assertEqual(problems, [])
