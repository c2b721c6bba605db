"""Liveness and pairing: who is on this port, and proof that it knows the token."""

from __future__ import annotations

import hmac
from hashlib import sha256

from flask import Blueprint, current_app, request

from .. import __version__
from ..errors import ApiError, Invalid
from ..security import PAIRED_ORIGINS_ID, pairable_origin, token_ok
from .common import body_json, store

bp = Blueprint("health", __name__)


@bp.get("/health")
def health():
    return {"ok": True, "app": "followup", "version": __version__}


@bp.post("/hello")
def hello():
    """Answer HMAC(token, nonce) so the extension knows it talks to followup before it sends the token.

    Sent again WITH the token from a Firefox extension, it pairs that extension's origin.
    """
    nonce = body_json(fields={"nonce"}).get("nonce")
    if not isinstance(nonce, str) or not 16 <= len(nonce) <= 256:
        raise Invalid("nonce", "nonce must be a random string of 16 to 256 characters")
    origin = request.headers.get("Origin")
    authorization = request.headers.get("Authorization")
    if authorization is not None and not token_ok(authorization):
        raise ApiError(401, "unauthorized", "wrong pairing token")
    if authorization is not None and origin and pairable_origin(origin):
        with store().transaction():
            doc = store().get("settings", PAIRED_ORIGINS_ID) or {"origins": []}
            if origin not in doc["origins"]:
                store().put("settings", PAIRED_ORIGINS_ID, {"origins": [*doc["origins"], origin]})
    token = current_app.extensions["followup.token"].get()
    proof = hmac.new(token.encode(), nonce.encode(), sha256).hexdigest()
    # token_id (32 bits of the token's hash; the token itself has 256) lets the extension tell "your token is
    # not this server's" from "this server cannot prove anything" without ever sending the token first
    token_id = sha256(token.encode()).hexdigest()[:8]
    return {"app": "followup", "version": __version__, "proof": proof, "token_id": token_id}
