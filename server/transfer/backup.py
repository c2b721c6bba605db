"""The full backup: every table as JSON, and the checks a backup must pass before it replaces anything.

A restore is all or nothing: `check` reads the whole backup first (shape, every document against the API's
schemas, every reference between tables) and raises Invalid naming the first thing at fault; only then is
the data replaced, in one atomic write.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from ..errors import Invalid
from ..rules import parse_id, validate_rule_overrides
from ..rules.answers import STATUSES
from ..schemas import YEARS, ContactIn, InterviewIn, ProfileIn, TouchIn, validate
from ..storage import TABLES

APP = "followup"
KIND = "backup"
FORMAT = 1
MAX_ID = 200
# Settings that belong to this machine, not to the user's data: which browser installs may call the server.
MACHINE_SETTINGS = ("paired_origins",)
MODELS: dict[str, type[BaseModel]] = {"contacts": ContactIn, "interviews": InterviewIn, "touches": TouchIn}


def make(snapshot: dict[str, list[dict]], version: str, at: datetime) -> dict:
    """The backup document for a snapshot of the store."""
    tables = {t: [d for d in snapshot.get(t, []) if not (t == "settings" and d["id"] in MACHINE_SETTINGS)] for t in TABLES}
    return {
        "app": APP, "kind": KIND, "format": FORMAT, "version": version, "exported_at": at.isoformat(),
        "counts": {t: len(docs) for t, docs in tables.items()},
        "tables": tables,
    }


def _fits(model: type[BaseModel], doc: dict, where: str) -> None:
    """The fields the API knows checked as the API would (fields it does not know are kept as they are)."""
    known = {k: v for k, v in doc.items() if k in model.model_fields}
    try:
        validate(model, known)
    except Invalid as exc:
        field = f"{where}.{exc.field}" if exc.field else where
        raise Invalid(field, f"{field}: {exc.message.split(': ', 1)[-1]}") from None


def _moment(doc: dict, key: str, where: str) -> None:
    """A stored moment must be ISO 8601 with an offset, as the API writes them."""
    value = doc.get(key)
    if value is None:
        return
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None or not YEARS[0] <= moment.year <= YEARS[1]:
        raise Invalid(f"{where}.{key}", f"{where}.{key} must be an ISO 8601 date-time with offset, "
                      f"in the years {YEARS[0]} to {YEARS[1]}")


def _documents(tables: dict, name: str) -> list[dict]:
    """One table's documents: objects with unique string ids."""
    docs = tables.get(name, [])
    if not isinstance(docs, list):
        raise Invalid(f"tables.{name}", f"tables.{name} must be a list of documents")
    seen: set[str] = set()
    for i, doc in enumerate(docs):
        where = f"tables.{name}[{i}]"
        if not isinstance(doc, dict):
            raise Invalid(where, f"{where} must be an object")
        ident = doc.get("id")
        if not isinstance(ident, str) or not 0 < len(ident) <= MAX_ID:
            raise Invalid(f"{where}.id", f"{where}.id must be a string of 1 to {MAX_ID} characters")
        if ident in seen:
            raise Invalid(f"{where}.id", f"{where}.id {ident!r} appears twice")
        seen.add(ident)
    return docs


def _check_table(name: str, docs: list[dict], contacts: set[str], interviews: set[str]) -> None:
    """Every document of a table against the API's schema and the other tables it refers to."""
    for i, doc in enumerate(docs):
        where = f"tables.{name}[{i}]"
        if name in MODELS:
            _fits(MODELS[name], doc, where)
        for key in ("created_at", "updated_at", "at", "outcome_at"):
            _moment(doc, key, where)
        if name == "interviews":
            for j, seat in enumerate(doc.get("interviewers") or []):
                if seat["contact_id"] not in contacts:
                    raise Invalid(f"{where}.interviewers[{j}].contact_id", f"{where}: interviewer {seat['contact_id']} is not among the contacts")
        elif name == "touches":
            if doc["contact_id"] not in contacts:
                raise Invalid(f"{where}.contact_id", f"{where}: contact {doc['contact_id']} is not among the contacts")
            if doc.get("interview_id") and doc["interview_id"] not in interviews:
                raise Invalid(f"{where}.interview_id", f"{where}: interview {doc['interview_id']} is not among the interviews")
        elif name == "answers":
            if parse_id(doc["id"]) is None:
                raise Invalid(f"{where}.id", f"{where}.id {doc['id']!r} is not a reminder id")
            if doc.get("status") not in STATUSES:
                raise Invalid(f"{where}.status", f"{where}.status must be one of {', '.join(STATUSES)}")
            _moment(doc, "until", where)
        elif name == "settings" and doc["id"] == "profile":
            _fits(ProfileIn, doc, where)
            validate_rule_overrides(doc.get("rules") or {}, f"{where}.rules")


def check(data: Any) -> dict[str, list[dict]]:
    """The snapshot a valid backup holds; raises Invalid (naming the field) for anything else."""
    if not isinstance(data, dict) or data.get("app") != APP or data.get("kind") != KIND:
        raise Invalid("kind", 'not a followup backup (expected {"app": "followup", "kind": "backup", ...})')
    fmt = data.get("format")
    if not isinstance(fmt, int) or isinstance(fmt, bool) or fmt < 1:
        raise Invalid("format", "format must be a whole number")
    if fmt > FORMAT:
        raise Invalid("format", f"this backup has format {fmt}, made by a newer followup; this one reads format {FORMAT}")
    tables = data.get("tables")
    if not isinstance(tables, dict):
        raise Invalid("tables", "tables must be an object of table name -> list of documents")
    unknown = sorted(set(tables) - set(TABLES))
    if unknown:
        raise Invalid(f"tables.{unknown[0]}", f"unknown table {unknown[0]!r}; a backup has {', '.join(TABLES)}")
    snapshot = {name: _documents(tables, name) for name in TABLES}
    contacts = {d["id"] for d in snapshot["contacts"]}
    interviews = {d["id"] for d in snapshot["interviews"]}
    for name in TABLES:
        _check_table(name, snapshot[name], contacts, interviews)
    snapshot["settings"] = [d for d in snapshot["settings"] if d["id"] not in MACHINE_SETTINGS]
    return snapshot
