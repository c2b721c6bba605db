"""The API's own description, for tools that test or call it (OpenAPI 3.1; token required like every route)."""

from __future__ import annotations

from functools import cache

from flask import Blueprint

bp = Blueprint("docs", __name__)


@cache
def _document() -> dict:
    from .. import openapi  # imports every request model and the drafts: only when first asked

    return openapi.describe()


@bp.get("/openapi.json")
def openapi():
    return _document()
