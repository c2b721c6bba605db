"""Liveness and pairing: who is on this port, and proof that it knows the token."""

from __future__ import annotations

import hmac
from hashlib import sha256

from flask import Blueprint, current_app, request

from .. import __version__
from ..errors import Invalid
from ..security import PAIRED_ORIGINS_ID, pairable_origin
from .common import body_json, store

bp = Blueprint("health", __name__)


@bp.get("/health")
def health():
    return {"ok": True, "app": "followup", "version": __version__}


@bp.post("/hello")
def hello():
    """Answer HMAC(token, nonce) so the extension knows it talks to followup, and pair a Firefox origin."""
    nonce = body_json().get("nonce")
    if not isinstance(nonce, str) or not 16 <= len(nonce) <= 256:
        raise Invalid("nonce", "nonce must be a random string of 16 to 256 characters")
    origin = request.headers.get("Origin")
    if origin and pairable_origin(origin):
        with store().transaction():
            doc = store().get("settings", PAIRED_ORIGINS_ID) or {"origins": []}
            if origin not in doc["origins"]:
                store().put("settings", PAIRED_ORIGINS_ID, {"origins": [*doc["origins"], origin]})
    token = current_app.extensions["followup.token"].get()
    proof = hmac.new(token.encode(), nonce.encode(), sha256).hexdigest()
    return {"app": "followup", "version": __version__, "proof": proof}
