"""The local API under /api/v1: one module per resource, registered here in order."""

from __future__ import annotations

from flask import Flask

from . import capture, contacts, docs, drafts, health, interviews, io, profile, reminders, touches

BLUEPRINTS = (
    health.bp,
    contacts.bp,
    interviews.bp,
    touches.bp,
    profile.bp,
    drafts.bp,
    reminders.bp,
    capture.bp,
    io.bp,
    docs.bp,
)


def init_app(app: Flask) -> None:
    for bp in BLUEPRINTS:
        app.register_blueprint(bp, url_prefix="/api/v1")
