"""The API's own description, for tools that test or call it (OpenAPI 3.1; token required like every route)."""

from __future__ import annotations

from functools import cache

from flask import Blueprint

from .. import openapi as description  # a module reference: server.openapi imports the API's request models

bp = Blueprint("docs", __name__)


@cache
def _document() -> dict:
    return description.describe()


@bp.get("/openapi.json")
def openapi():
    return _document()
