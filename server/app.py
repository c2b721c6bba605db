"""The application factory: one place that wires storage, security, the API and error handling."""

from __future__ import annotations

import logging
import threading

from flask import Flask
from werkzeug.exceptions import HTTPException

from . import api, security
from .errors import ApiError, StorageError, error_response
from .paths import TokenSource, data_dir, ensure_dir, ensure_token
from .storage import Store

log = logging.getLogger("followup")

DEFAULTS = {
    "PORT": 5317,
    "MAX_CONTENT_LENGTH": 64 * 1024 * 1024,  # outer bound; each endpoint has its own limit
    # No TRUSTED_HOSTS: Werkzeug strips "[::1]" to "[:" when comparing, refusing IPv6 loopback; the guard
    # in security.py does the exact Host check instead.
    "EXTRA_ORIGINS": (),
    "NOW": None,
}


def create_app(test_config: dict | None = None) -> Flask:
    """Build the followup server for a data directory (config DATA_DIR) and port (config PORT)."""
    app = Flask(__name__)
    app.config.from_mapping(DEFAULTS)
    if test_config:
        app.config.from_mapping(test_config)
    app.debug = False
    app.json.sort_keys = False  # type: ignore[attr-defined]
    directory = ensure_dir(data_dir(app.config.get("DATA_DIR")))
    app.config["DATA_DIR"] = str(directory)
    ensure_token(directory)
    app.extensions["followup.token"] = TokenSource(directory)
    app.extensions["followup.store"] = Store(directory)
    security.init_app(app)
    api.init_app(app)
    _errors(app)
    return app


def warm_up(app: Flask) -> threading.Thread:
    """Load what the first capture and the first reminders check need, after the server already answers.

    Importing lxml and the extractors, and working out the reminders of a large data set, would otherwise
    slow the start (or the first click) by up to a second.
    """

    def work() -> None:
        try:
            from . import capture  # noqa: F401
            from .drafts.names import _parser
            from .rules.source import read_state
            from .schemas import build_all

            build_all()  # the request models, compiled for the first write
            app.extensions["followup.store"].settle()  # fold what the start replayed; db.json's cache for the next
            _parser()  # the first draft's name parsing
            read_state(app.extensions["followup.store"])
        except Exception:  # a warm-up must never take the server down; the first request will say what fails
            log.exception("warm-up failed")

    thread = threading.Thread(target=work, name="followup-warm-up", daemon=True)
    thread.start()
    return thread


def _errors(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError):
        return error_response(exc.status, exc.code, exc.message, exc.field)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        code = (exc.name or "error").lower().replace(" ", "_")
        return error_response(exc.code or 500, code, exc.description or exc.name)

    @app.errorhandler(StorageError)
    def _storage_error(exc: StorageError):
        log.error("storage: %s", exc)
        return error_response(507, "storage_failed", f"nothing was saved: {exc}")

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        log.exception("unexpected error")  # the traceback goes to the log, never to the caller
        return error_response(500, "internal", "internal error; see the server log")
