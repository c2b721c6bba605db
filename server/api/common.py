"""What every API module needs: the store, the strictly parsed body, and parsing of times and ids."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from typing import Any

from flask import current_app, request
from werkzeug.exceptions import RequestEntityTooLarge

from ..errors import ApiError, Invalid
from ..schemas import YEARS
from ..storage import Store

MAX_DEPTH = 32
MAX_INT = 2**53  # what JavaScript can hold exactly


def store() -> Store:
    return current_app.extensions["followup.store"]


def now() -> datetime:
    """The current moment, from the app config in tests ("NOW"), else the clock."""
    fixed = current_app.config.get("NOW")
    return fixed if fixed is not None else datetime.now(timezone.utc)


def _pairs(pairs: list[tuple[str, Any]]) -> dict:
    out: dict = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key!r}")
        out[key] = value
    return out


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _check(value: Any, depth: int = 0, path: str = "") -> None:
    """Refuse what JSON allows but the product cannot store faithfully."""
    if depth > MAX_DEPTH:
        raise ValueError("nested too deep")
    if isinstance(value, str):
        if "\x00" in value:
            raise Invalid(path or None, "text must not contain NUL characters")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise Invalid(path or None, "text contains an invalid (lone surrogate) character") from None
    elif isinstance(value, bool):
        return
    elif isinstance(value, int) and abs(value) > MAX_INT:
        raise Invalid(path or None, "number too large")
    elif isinstance(value, dict):
        for k, v in value.items():
            _check(k, depth + 1, path)
            _check(v, depth + 1, f"{path}.{k}" if path else k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _check(v, depth + 1, f"{path}[{i}]")


def parse_json(raw: bytes) -> Any:
    """Strict JSON: UTF-8 only, no NaN/Infinity, no duplicate keys, bounded depth."""
    try:
        text = raw.decode("utf-8")
        if text.startswith("\ufeff"):
            raise ValueError("byte order mark")
        value = json.loads(text, object_pairs_hook=_pairs, parse_constant=_constant)
    except RecursionError:
        raise ApiError(400, "bad_json", "JSON nested too deep") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(400, "bad_json", f"body is not valid JSON: {exc}") from None
    try:
        _check(value)
    except ValueError as exc:
        raise ApiError(400, "bad_json", f"body is not valid JSON: {exc}") from None
    return value


def raw_body() -> bytes:
    try:
        return request.get_data(cache=True)
    except RequestEntityTooLarge:
        raise ApiError(413, "too_large", f"body over {request.max_content_length} bytes") from None


def body_json(allow_empty: bool = False, fields: set[str] | None = None) -> dict:
    """The request's JSON object (an empty object for an empty body when allowed); with `fields`, any other
    key is refused by name, as the schemas do, so a misspelt field is never silently dropped."""
    raw = raw_body()
    if not raw.strip():
        if allow_empty:
            return {}
        raise ApiError(400, "bad_json", "a JSON object body is required")
    value = parse_json(raw)
    if not isinstance(value, dict):
        raise ApiError(400, "bad_json", "the body must be a JSON object")
    for key in value:
        if fields is not None and key not in fields:
            raise Invalid(key, f"{key}: unknown field; this request takes {', '.join(sorted(fields))}")
    return value


def parse_when(value: Any, field: str) -> datetime:
    """An ISO 8601 moment with its UTC offset (a bare date or a naive time is ambiguous: refused)."""
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, str) and len(value) <= 64:
        try:
            dt = datetime.fromisoformat(value.strip())
        except ValueError:
            raise Invalid(field, f"{field} must be an ISO 8601 date-time with offset, e.g. 2026-11-24T10:00:00+01:00") from None
    else:
        raise Invalid(field, f"{field} must be an ISO 8601 date-time string")
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise Invalid(field, f"{field} needs a UTC offset, e.g. 2026-11-24T10:00:00+01:00")
    if not YEARS[0] <= dt.year <= YEARS[1]:  # year 1 at +14:00 is before datetime.min in UTC: no 500 from it
        raise Invalid(field, f"{field} must be between the years {YEARS[0]} and {YEARS[1]}")
    return dt


def parse_day(value: Any, field: str) -> date:
    if isinstance(value, str) and len(value) <= 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise Invalid(field, f"{field} must be a date YYYY-MM-DD")


def query_int(name: str, default: int, lo: int, hi: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise Invalid(name, f"{name} must be a whole number") from None
    if not lo <= value <= hi:
        raise Invalid(name, f"{name} must be between {lo} and {hi}")
    return value
