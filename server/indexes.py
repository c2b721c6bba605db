"""The lookups the product makes, as indexes the store keeps: what each document is found under, and how a
key's bucket holds its documents' ids."""

from __future__ import annotations

from typing import Any, Callable, Iterable

from .identity import normalise_company, normalise_name


def _person_key(doc: dict) -> Iterable[str]:
    name, company = normalise_name(doc.get("name")), normalise_company(doc.get("company"))
    return [f"{name}|{company}"] if name and company else []


def _field(name: str) -> Callable[[dict], Iterable[Any]]:
    def key(doc: dict) -> Iterable[Any]:
        value = doc.get(name)
        return [value] if value not in (None, "") else []

    key.field = name  # type: ignore[attr-defined]  # find(**{name: v}) may use this index
    return key


def _panel(doc: dict) -> Iterable[str]:
    return [seat.get("contact_id") for seat in doc.get("interviewers") or [] if seat.get("contact_id")]


# The lookups the product makes, by table: index name -> the keys a document is found under.
INDEXES: dict[str, dict[str, Callable[[dict], Iterable[Any]]]] = {
    "contacts": {"profile_url": _field("profile_url"), "email": _field("email"), "person": _person_key},
    "interviews": {"contact_id": _panel},
    "touches": {"contact_id": _field("contact_id"), "interview_id": _field("interview_id")},
    "answers": {"contact_id": _field("contact_id"), "interview_id": _field("interview_id")},
}


def bucket_add(buckets: dict, key: Any, ident: str) -> None:
    found = buckets.get(key)
    if found is None:
        buckets[key] = ident
    elif found.__class__ is str:
        if found != ident:
            buckets[key] = [found, ident]
    elif ident not in found:
        found.append(ident)


def bucket_discard(buckets: dict, key: Any, ident: str) -> None:
    found = buckets.get(key)
    if found is None:
        return
    if found.__class__ is str:
        if found == ident:
            del buckets[key]
    elif ident in found:
        found.remove(ident)
        if len(found) == 1:
            buckets[key] = found[0]
