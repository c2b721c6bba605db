"""Domain errors and the one JSON error shape every failure is turned into."""

from __future__ import annotations

from flask import Response, jsonify


class ApiError(Exception):
    """An error the caller can act on: a 4xx status, a stable code, a message and the field at fault."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field


class NotFound(ApiError):
    def __init__(self, what: str, ident: str | None = None):
        super().__init__(404, "not_found", f"{what} {ident} not found" if ident else f"{what} not found")


class Invalid(ApiError):
    def __init__(self, field: str | None, message: str, code: str = "invalid"):
        super().__init__(422, code, message, field)


class StorageError(Exception):
    """The disk refused a write (full, read-only, failing rename); nothing was changed."""


def error_response(status: int, code: str, message: str, field: str | None = None) -> Response:
    """The one error shape of the API: {"error": {"code", "message", "field"?}}."""
    err: dict = {"code": code, "message": message}
    if field:
        err["field"] = field
    resp = jsonify({"error": err})
    resp.status_code = status
    return resp
