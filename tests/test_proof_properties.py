"""Hostile payloads on every documented route (hypothesis): never a 5xx, every refusal in the one error shape
and without any change to the data.

The routes come from the OpenAPI description (kept equal to the URL map by test_openapi.py), so a new route
is attacked here as soon as it exists. Each route with a body has a valid example below; hypothesis then
replaces one value anywhere inside it with a hostile one, drops it, adds an unknown field, or sends
something else entirely (any JSON value, raw bytes, NaN, deep nesting). The long run is scripts/fuzz_api.py.
"""

from __future__ import annotations

import json
import os
from types import SimpleNamespace
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.app import create_app
from server.openapi import describe

PORT = 5317
EXAMPLES = int(os.environ.get("FOLLOWUP_PROOF_EXAMPLES", "40"))  # per route; raise it for a longer hunt
DOC = describe()
OPS = [(m.upper(), path, op) for path, methods in DOC["paths"].items() for m, op in methods.items()]

HOSTILE_TEXT = [
    "", " ", "\x00", "\ud800", "\udfff", "\u202e\u0000", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
    "javascript:alert(1)", "../../etc/passwd", "%00", "%2e%2e%2f", "\r\nSet-Cookie: x=1", "9" * 400, "x" * 5000,
    "2026-02-30T10:00:00+01:00", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "2026-11-24T10:00:00",
    "2026-11-24", "2026-11-24T10:00:00+99:00", "-1", "NaN", "1e999", "Europe/Nowhere", "UTC", "https://", "mailto:x",
    "{{ config }}", "${jndi:ldap://x}", "'; DROP TABLE contacts; --", "\U0001F600" * 50, "a\u0301" * 100,
]
HOSTILE_NUMBERS = [0, -1, 1, 366, 367, 2**31, 2**53 + 1, 2**63, -(2**63), 10**100, 0.5, -0.0, 1e308, -1e308]
scalars = st.one_of(
    st.none(), st.booleans(), st.sampled_from(HOSTILE_TEXT), st.sampled_from(HOSTILE_NUMBERS),
    st.integers(), st.floats(), st.text(max_size=40),
)
json_values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
RAW_BODIES = [
    b"", b"{", b"[]", b"null", b'"x"', b"\xff\xfe\x00", b"\xef\xbb\xbf{}", b'{"a":NaN}', b'{"a":1,"a":2}',
    b"[" * 50_000 + b"]" * 50_000, b'{"a":' * 500 + b"1" + b"}" * 500, b'{"x":"\\ud800"}', b"\x00" * 100,
]
path_text = st.text(st.characters(blacklist_characters="/?#", blacklist_categories=("Cs",)), min_size=1, max_size=60)

CSV = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAna,Lima,https://www.linkedin.com/in/ana-lima,,Acme,CTO,01 Nov 2026\n"
VCARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\nORG:Acme\r\nEMAIL:ana@acme.example\r\nEND:VCARD\r\n"
PAGE = ('<html><head><title>Ana Lima | LinkedIn</title><script type="application/ld+json">{"@type":"Person",'
        '"name":"Ana Lima","jobTitle":"CTO"}</script></head><body><h1>Ana Lima</h1></body></html>')


class World(SimpleNamespace):
    """The app under attack and the ids in it (a short repr keeps failure reports readable)."""

    def __repr__(self) -> str:
        return "world"


def examples(w: World) -> dict[str, object]:
    """A valid body for every route that takes one (the mutations start from here, so they reach the handler)."""
    return {
        "health.hello": {"nonce": "n" * 32},
        "contacts.create_contact": {"name": "Ana Lima", "company": "Acme", "title": "CTO", "tags": ["panel"],
                                    "profile_url": "https://www.linkedin.com/in/ana-lima", "email": "ana@acme.example",
                                    "sources": {"name": {"url": "https://x.example/", "layer": "jsonld",
                                                         "at": "2026-11-24T10:00:00+00:00"}}},
        "contacts.merge_contact": {"other_id": w.cal},
        "contacts.edit_contact": {"title": "VP Engineering", "notes": "met at the panel", "keep_in_touch": False},
        "interviews.create_interview": {
            "company": "Acme", "role": "Engineer", "starts_at": "2026-11-20T10:00:00+01:00",
            "ends_at": "2026-11-20T11:00:00+01:00", "interviewers": [{"contact_id": w.ana, "topics": ["APIs"]}],
            "topics": ["roadmap"], "concerns": [{"concern": "Go experience", "clarification": "shipped two services"}],
            "decision_in_days": 5, "outcome": "pending", "notes": "n"},
        "interviews.edit_interview": {"outcome": "rejected", "decision_by": "2026-12-01", "decision_in_days": None},
        "touches.log_touch": {"contact_id": w.ana, "interview_id": w.interview, "kind": "thank_you",
                              "at": "2026-11-20T15:00:00+01:00", "note": "sent"},
        "profile.put_profile": {"name": "Sam", "signature": "Sam", "value_proposition": "I ship", "strengths": ["Go"],
                                "accomplishments": [{"text": "launched", "date": "2026-11-01"}],
                                "linkedin_tier": "premium", "timezone": "Europe/Berlin",
                                "working_days": ["mon", "tue"], "rules": {}},
        "capture.capture": {"url": "https://www.linkedin.com/in/ana-lima/", "html": PAGE, "title": "Ana Lima",
                            "selection": "Ana Lima"},
        "reminders.mark_done": {"note": "sent", "at": "2026-11-20T15:00:00+01:00"},
        "reminders.snooze": {"until": "2099-01-01T10:00:00+00:00"},
        "reminders.dismiss": {},
        "io.import_linkedin": CSV,
        "io.import_vcf": VCARD,
        "io.import_backup": w.backup,
    }


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """One app with a small believable data set: two people, an interview with both, a touch, reminders."""
    app = create_app({"DATA_DIR": str(tmp_path_factory.mktemp("proof") / "data"), "PORT": PORT, "TESTING": True})
    client = app.test_client()
    H = {"Host": f"127.0.0.1:{PORT}", "Authorization": f"Bearer {app.extensions['followup.token'].get()}"}
    post = lambda path, body: client.post(f"/api/v1{path}", json=body, headers=H).get_json()  # noqa: E731
    ana = post("/contacts", {"name": "Ana Lima", "company": "Acme"})["id"]
    ben = post("/contacts", {"name": "Ben Okafor", "company": "Acme", "email": "ben@acme.example"})["id"]
    cal = post("/contacts", {"name": "Cal Duplicate", "company": "Acme"})["id"]  # merged into Ana by an example
    iv = post("/interviews", {"company": "Acme", "role": "Engineer", "starts_at": "2026-11-02T10:00:00+01:00",
                              "interviewers": [{"contact_id": ana, "topics": ["APIs"]}, {"contact_id": ben}]})["id"]
    post("/touches", {"contact_id": ben, "kind": "met"})
    reminders = client.get("/api/v1/reminders?horizon_days=60", headers=H).get_json().get("reminders", [])
    backup = client.get("/api/v1/export/backup", headers=H).get_json()
    w = World(app=app, client=client, H=H, ana=ana, ben=ben, cal=cal, interview=iv, backup=backup,
                        ids=[ana, ben, iv, *[r["id"] for r in reminders][:6]])
    w.examples = examples(w)
    yield w
    app.extensions["followup.store"].close()


def paths_in(value, prefix=()):
    """Every place inside a JSON value where another value could be put."""
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from paths_in(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from paths_in(v, (*prefix, i))


def put(value, path, new, drop=False):
    if not path:
        return new
    copy = json.loads(json.dumps(value))
    target = copy
    for part in path[:-1]:
        target = target[part]
    if drop:
        del target[path[-1]]
    else:
        target[path[-1]] = new
    return copy


@st.composite
def json_body(draw, example):
    """A mutated example (one value replaced or dropped, or an unknown field), any JSON value, or raw bytes."""
    how = draw(st.sampled_from(["replace", "replace", "replace", "drop", "extra", "any", "raw"]))
    if how == "raw":
        return draw(st.sampled_from(RAW_BODIES) | st.binary(max_size=200))
    if how == "any" or example is None:
        value = draw(json_values)
    else:
        path = draw(st.sampled_from(list(paths_in(example))))
        if how == "drop" and path:
            value = put(example, path, None, drop=True)
        elif how == "extra" and isinstance(example, dict):
            value = {**example, draw(st.text(min_size=1, max_size=20)): draw(json_values)}
        else:
            value = put(example, path, draw(json_values))
    return json.dumps(value, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")


@st.composite
def requests(draw, method, path, op, w):
    """(url, body bytes, content type) for one hostile call of one operation."""
    url = "/api/v1" + path
    for name in (p["name"] for p in op["parameters"] if p["in"] == "path"):
        ident = draw(st.sampled_from(w.ids) | path_text | st.sampled_from(HOSTILE_TEXT[:14]))
        url = url.replace("{" + name + "}", quote(ident.encode("utf-8", "surrogatepass"), safe="") or "%20")
    names = [p["name"] for p in op["parameters"] if p["in"] == "query"] + ["unknown"]
    query = draw(st.dictionaries(st.sampled_from(names), st.sampled_from(w.ids) | st.sampled_from(HOSTILE_TEXT)
                                 | st.integers().map(str) | st.text(max_size=30), max_size=4))
    if query:
        url += "?" + urlencode(query, encoding="utf-8", errors="surrogatepass")
    if "requestBody" not in op:
        return url, None, None
    ctype = draw(st.sampled_from(sorted(op["requestBody"]["content"])))
    example = w.examples.get(op["operationId"])
    if ctype == "application/json":
        return url, draw(json_body(example)), ctype
    text = draw(st.sampled_from([example or ""]) | st.text(max_size=300) | st.sampled_from(HOSTILE_TEXT))
    body = draw(st.sampled_from([text.encode("utf-8", "surrogatepass")]) | st.binary(max_size=300))
    return url, body, ctype


def assert_sound(resp, op, where):
    """No 5xx, no HTML, no traceback; every refusal in the one error shape; answers in the documented type."""
    text = resp.get_data(as_text=True)
    assert resp.status_code < 500, f"{where} -> {resp.status_code} {text[:300]}"
    assert resp.mimetype != "text/html" and "Traceback" not in text, where
    if resp.status_code >= 400:
        assert resp.mimetype == "application/json", where
        body = resp.get_json()
        assert set(body) == {"error"} and set(body["error"]) <= {"code", "message", "field"}, (where, body)
        assert isinstance(body["error"]["code"], str) and isinstance(body["error"]["message"], str), (where, body)
        assert isinstance(body["error"].get("field", ""), str), (where, body)
    else:
        documented = next(iter(op["responses"][next(k for k in op["responses"] if k.startswith("2"))]["content"]))
        assert resp.mimetype == documented, (where, resp.mimetype)


def test_every_route_with_a_body_has_an_example(world):
    with_body = {op["operationId"] for _, _, op in OPS if "requestBody" in op}
    assert sorted(with_body - set(world.examples)) == []


def test_every_example_is_accepted(world):
    """The mutations start from valid calls: each example on its own succeeds."""
    for method, path, op in OPS:
        if "requestBody" not in op or op["operationId"] == "io.import_backup":
            continue
        ident = world.interview if path.startswith("/interviews/") else world.ana
        url = "/api/v1" + path.replace("{ident}", ident).replace("{rid}", world.ids[-1])
        example = world.examples[op["operationId"]]
        data = example.encode() if isinstance(example, str) else json.dumps(example).encode()
        ctype = sorted(op["requestBody"]["content"])[0]
        resp = world.client.open(url, method=method, data=data, content_type=ctype, headers=world.H)
        assert_sound(resp, op, f"{method} {url}")
        if "{rid}" not in path:  # a reminder may be answered already by an earlier example
            assert resp.status_code < 400, (method, path, resp.get_json())


@pytest.mark.parametrize("method, path, op", OPS, ids=[f"{m} {p}" for m, p, _ in OPS])
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_hostile_calls_never_fail_the_server(world, method, path, op, data):
    url, body, ctype = data.draw(requests(method, path, op, world))
    headers = dict(world.H)
    if ctype:
        headers["Content-Type"] = ctype
    store = world.app.extensions["followup.store"]
    before = store.snapshot() if method != "GET" else None
    resp = world.client.open(url, method=method, data=body, headers=headers)
    where = f"{method} {url} body={body[:200] if body else body!r}"
    assert_sound(resp, op, where)
    if before is not None and resp.status_code >= 400:
        assert store.snapshot() == before, f"a refused call changed the data: {where}"


EDGE_MOMENTS = ["0001-01-01T00:00:00+14:00", "0001-01-01T00:00:00-14:00", "9999-12-31T23:59:59-14:00",
                "9999-12-31T23:59:59+14:00", "1899-12-31T23:00:00+00:00", "2201-01-01T00:00:00+00:00"]


@pytest.mark.parametrize("moment", EDGE_MOMENTS)
def test_moments_datetime_cannot_convert_are_refused_not_stored(world, moment):
    """Found by the hostile calls: year 1 at +14:00 is before datetime.min in UTC; stored, it broke every
    later reminder list with a 500. Such moments are refused with the field named, and nothing is stored."""
    c, H = world.client, world.H
    before = c.get("/api/v1/export/backup", headers=H).get_json()["counts"]
    for path, body, field in [
        ("/touches", {"contact_id": world.ana, "kind": "met", "at": moment}, "at"),
        ("/interviews", {"company": "Acme", "starts_at": moment}, "starts_at"),
        ("/interviews", {"company": "Acme", "starts_at": "2026-11-02T10:00:00+01:00", "ends_at": moment}, "ends_at"),
    ]:
        resp = c.post(f"/api/v1{path}", json=body, headers=H)
        assert resp.status_code == 422 and resp.get_json()["error"]["field"] == field, (path, resp.get_json())
    for path in ("/reminders", "/reminders.ics"):
        resp = c.get(f"/api/v1{path}?at={quote(moment)}", headers=H)
        assert resp.status_code == 422 and resp.get_json()["error"]["field"] == "at"
    assert c.get("/api/v1/export/backup", headers=H).get_json()["counts"] == before
    assert c.get("/api/v1/reminders", headers=H).status_code == 200


def test_every_json_route_refuses_an_unknown_field(world):
    """Strict bodies everywhere: a misspelt field is an error naming it, never silently dropped."""
    for method, path, op in OPS:
        example = world.examples.get(op["operationId"])
        if not isinstance(example, dict) or "application/json" not in op.get("requestBody", {}).get("content", {}):
            continue
        if op["operationId"] == "io.import_backup":  # a backup from another version may carry more: kept as is
            continue
        ident = world.interview if path.startswith("/interviews/") else world.ana
        url = "/api/v1" + path.replace("{ident}", ident).replace("{rid}", "nothing")
        if op["operationId"] == "contacts.merge_contact":  # were the field ignored, this one would be merged
            example = {"other_id": world.client.post("/api/v1/contacts", json={"name": "Dee Twin"},
                                                     headers=world.H).get_json()["id"]}
        resp = world.client.open(url, method=method, json={**example, "colour": "blue"}, headers=world.H)
        assert resp.status_code in (400, 404, 422), (method, path, resp.status_code)
        if resp.status_code == 422:
            assert resp.get_json()["error"].get("field") == "colour", (method, path, resp.get_json())
