"""The API's own description, for tools that test or call it (OpenAPI 3.1; token required like every route)."""

from __future__ import annotations

from functools import cache

from flask import Blueprint

from ..openapi import describe

bp = Blueprint("docs", __name__)


@cache
def _document() -> dict:
    return describe()


@bp.get("/openapi.json")
def openapi():
    return _document()
