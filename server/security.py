"""The first request hook: every check a request must pass before any handler code runs.

Order matters (docs/security.md): Host (DNS rebinding), Origin (web pages and other extensions), then the
bearer token, then content type and body size. CORS headers are written by hand for exact origins only:
no wildcard, no pattern, never for a web origin.
"""

from __future__ import annotations

import hmac
import re

from flask import Flask, Response, current_app, g, request

from .errors import error_response

# The Chrome extension's id, pinned by the `key` in extension/manifest.json (a test checks they agree).
CHROME_EXTENSION_ID = "iicepfaegbebhponfhfljfggefpeoflj"
CHROME_ORIGIN = f"chrome-extension://{CHROME_EXTENSION_ID}"
FIREFOX_ORIGIN = re.compile(r"moz-extension://[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
PAIRED_ORIGINS_ID = "paired_origins"

# No token needed: health holds no data; hello proves the server knows the token WITHOUT the caller sending
# it first, so a program squatting on the port never learns it (the hello handler checks a token if sent).
OPEN_ENDPOINTS = {"health.health", "health.hello"}
PAIRING_ENDPOINTS = {"health.hello"}  # a Firefox origin not yet paired may call these

DEFAULT_BODY_LIMIT = 64 * 1024
BODY_LIMITS = {
    "capture.capture": 6 * 1024 * 1024,
    "io.import_linkedin": 32 * 1024 * 1024,
    "io.import_vcf": 32 * 1024 * 1024,
    "io.import_backup": 64 * 1024 * 1024,
}
BODY_TYPES = {
    "io.import_linkedin": {"text/csv", "text/plain", "application/octet-stream"},
    "io.import_vcf": {"text/vcard", "text/x-vcard", "text/directory", "text/plain"},
}
JSON_TYPES = {"application/json"}
_BEARER = re.compile(r"[Bb][Ee][Aa][Rr][Ee][Rr] ([A-Za-z0-9_\-]{16,128})")


def allowed_hosts(port: int) -> set[str]:
    return {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"}


def paired_origins() -> set[str]:
    store = current_app.extensions["followup.store"]
    doc = store.get("settings", PAIRED_ORIGINS_ID) or {}
    return set(doc.get("origins", []))


def allowed_origin(origin: str) -> bool:
    """Exact string comparison only: the pinned Chrome id, extra configured ones, paired Firefox ones."""
    if origin == CHROME_ORIGIN or origin in current_app.config.get("EXTRA_ORIGINS", ()):
        return True
    return origin in paired_origins()


def pairable_origin(origin: str) -> bool:
    return FIREFOX_ORIGIN.fullmatch(origin) is not None


def token_ok(header: str) -> bool:
    m = _BEARER.fullmatch(header)
    expected = current_app.extensions["followup.token"].get()
    if not m or not expected:
        return False
    return hmac.compare_digest(m.group(1).encode(), expected.encode())


def guard() -> Response | None:
    """Refuse, before any handler runs, every request that is not from our own paired extension or CLI."""
    port = current_app.config["PORT"]
    if request.headers.get("Host", "") not in allowed_hosts(port):
        return error_response(400, "bad_host", "Host header not allowed (only 127.0.0.1, localhost, [::1])")
    origin = request.headers.get("Origin")
    endpoint = request.endpoint or ""
    g.cors_origin = None
    if origin is not None:
        if allowed_origin(origin):
            g.cors_origin = origin
        elif not (endpoint in PAIRING_ENDPOINTS and pairable_origin(origin)):
            return error_response(403, "origin_not_allowed", "requests from this origin are not allowed")
    elif request.headers.get("Sec-Fetch-Site") == "cross-site":
        return error_response(403, "origin_not_allowed", "cross-site requests are not allowed")
    if request.method == "OPTIONS":
        if g.cors_origin is None:
            return error_response(403, "origin_not_allowed", "preflight from an unknown origin")
        return Response(status=204)
    if endpoint not in OPEN_ENDPOINTS and not token_ok(request.headers.get("Authorization", "")):
        return error_response(401, "unauthorized", "missing or wrong pairing token (Authorization: Bearer …)")
    if request.method in {"POST", "PUT", "PATCH"}:
        accepted = BODY_TYPES.get(endpoint, JSON_TYPES)
        chunked = "chunked" in request.headers.get("Transfer-Encoding", "").lower()
        if (request.content_length or chunked or request.mimetype) and request.mimetype not in accepted:
            return error_response(415, "unsupported_media_type", f"send {' or '.join(sorted(accepted))}")
    request.max_content_length = BODY_LIMITS.get(endpoint, DEFAULT_BODY_LIMIT)
    if request.content_length is not None and request.content_length > request.max_content_length:
        return error_response(413, "too_large", f"body over {request.max_content_length} bytes")
    return None


def add_headers(resp: Response) -> Response:
    """Security headers on every answer; CORS only for an exact allowed extension origin."""
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Cache-Control"] = "no-store"
    resp.headers["Referrer-Policy"] = "no-referrer"
    resp.headers["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'; sandbox"
    resp.headers.add("Vary", "Origin")
    origin = g.get("cors_origin")
    if origin:
        resp.headers["Access-Control-Allow-Origin"] = origin
        resp.headers["Access-Control-Allow-Headers"] = "Authorization, Content-Type"
        resp.headers["Access-Control-Allow-Methods"] = "GET, POST, PUT, PATCH, DELETE"
        resp.headers["Access-Control-Max-Age"] = "600"
    return resp


def init_app(app: Flask) -> None:
    app.before_request(guard)
    app.after_request(add_headers)
