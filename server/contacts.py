"""Contacts as the product understands them: one record per person, merged on identity, user edits win."""

from __future__ import annotations

from datetime import datetime

from .identity import canonical_profile_url, normalise_company, normalise_email, normalise_name
from .storage import Store

CAPTURED_FIELDS = ("name", "headline", "title", "company", "location", "profile_url", "photo_url", "email")


def _clean(fields: dict) -> dict:
    out = dict(fields)
    if out.get("profile_url"):
        out["profile_url"] = canonical_profile_url(out["profile_url"]) or out["profile_url"]
    if out.get("email"):
        out["email"] = normalise_email(out["email"])
    return out


def find_same_person(store: Store, fields: dict) -> dict | None:
    """The stored contact this is the same person as: canonical profile URL, else email, else name + company."""
    url = fields.get("profile_url")
    if url:
        same = store.lookup("contacts", "profile_url", url)
        if same:
            return same[0]
    email = fields.get("email")
    if email:
        same = store.lookup("contacts", "email", email)
        if same:
            return same[0]
    name, company = normalise_name(fields.get("name")), normalise_company(fields.get("company"))
    if name and company:
        for c in store.lookup("contacts", "person", f"{name}|{company}"):
            # two different LinkedIn members may share a name and an employer
            if not (url and c.get("profile_url") and c["profile_url"] != url):
                return c
    return None


def save_contact(store: Store, fields: dict, at: datetime, same: dict | None = None) -> tuple[dict, bool]:
    """Create the contact, or merge it into the same person already stored. Returns (contact, merged).

    `same` is the stored contact when the caller already knows who it is (a vCard we exported carries our id).
    """
    fields = _clean(fields)
    stamp = at.isoformat()
    with store.transaction():
        existing = same if same is not None else find_same_person(store, fields)
        if existing is None:
            doc = {f: fields.get(f) for f in CAPTURED_FIELDS}
            doc.update(
                notes=fields.get("notes"), tags=sorted(set(fields.get("tags") or [])),
                sources=fields.get("sources") or {}, edited=[], keep_in_touch=fields.get("keep_in_touch", True),
                created_at=stamp, updated_at=stamp,
            )
            return store.insert("contacts", doc), False
        edited = set(existing.get("edited") or [])
        changes: dict = {}
        for f in CAPTURED_FIELDS:
            # a later capture fills and refreshes fields, but never one the user typed in
            if fields.get(f) and f not in edited and fields[f] != existing.get(f):
                changes[f] = fields[f]
        if fields.get("notes") and not existing.get("notes"):
            changes["notes"] = fields["notes"]
        tags = sorted(set(existing.get("tags") or []) | set(fields.get("tags") or []))
        if tags != sorted(existing.get("tags") or []):
            changes["tags"] = tags
        sources = {**(existing.get("sources") or {}), **{k: v for k, v in (fields.get("sources") or {}).items() if k not in edited}}
        if sources != (existing.get("sources") or {}):
            changes["sources"] = sources
        if not changes:
            return existing, True
        changes["updated_at"] = stamp
        return store.update("contacts", existing["id"], changes), True  # type: ignore[return-value]


def edit_contact(store: Store, ident: str, fields: dict, at: datetime) -> dict | None:
    """Apply the user's own edits; the edited fields are remembered so captures never overwrite them."""
    fields = _clean(fields)
    with store.transaction():
        current = store.get("contacts", ident)
        if current is None:
            return None
        edited = sorted(set(current.get("edited") or []) | {f for f in fields if f in CAPTURED_FIELDS})
        return store.update("contacts", ident, {**fields, "edited": edited, "updated_at": at.isoformat()})


def delete_contact(store: Store, ident: str) -> bool:
    """Remove a person with their touches, their seat on interview panels and their reminder answers."""
    with store.transaction():
        if not store.remove("contacts", ident):
            return False
        store.remove_where("touches", contact_id=ident)
        store.remove_where("answers", contact_id=ident)
        for iv in store.all("interviews"):
            seats = [s for s in iv.get("interviewers", []) if s.get("contact_id") != ident]
            if len(seats) != len(iv.get("interviewers", [])):
                store.update("interviews", iv["id"], {"interviewers": seats})
        return True


def merge_contacts(store: Store, keep_id: str, other_id: str, at: datetime) -> dict | None:
    """Fold `other` into `keep` by the user's choice: keep's values win, other's fill the gaps; other's touches,
    panel seats and reminder answers move over; then other is deleted. None when either is missing."""
    from .rules.reminder import make_id, parse_id  # the answers' ids name the person they are about

    with store.transaction():
        keep, other = store.get("contacts", keep_id), store.get("contacts", other_id)
        if keep is None or other is None:
            return None
        changes: dict = {f: other[f] for f in CAPTURED_FIELDS if not keep.get(f) and other.get(f)}
        notes = [n for n in (keep.get("notes"), other.get("notes")) if n]
        changes["notes"] = "\n\n".join(dict.fromkeys(notes)) or None
        changes["tags"] = sorted(set(keep.get("tags") or []) | set(other.get("tags") or []))
        changes["sources"] = {**(other.get("sources") or {}), **(keep.get("sources") or {})}
        changes["edited"] = sorted(set(keep.get("edited") or []) | set(other.get("edited") or []))
        changes["keep_in_touch"] = keep.get("keep_in_touch", True) is not False and other.get("keep_in_touch", True) is not False
        changes["created_at"] = min(filter(None, (keep.get("created_at"), other.get("created_at"))), default=None)
        changes["updated_at"] = at.isoformat()
        for t in store.find("touches", contact_id=other_id):
            store.update("touches", t["id"], {"contact_id": keep_id})
        for iv in store.all("interviews"):
            seats = iv.get("interviewers") or []
            if not any(s.get("contact_id") == other_id for s in seats):
                continue
            merged: dict[str, dict] = {}
            for s in seats:
                cid = keep_id if s.get("contact_id") == other_id else s.get("contact_id")
                seat = merged.setdefault(cid, {**s, "contact_id": cid, "topics": []})
                seat["topics"] += [t for t in s.get("topics") or [] if t not in seat["topics"]]
            store.update("interviews", iv["id"], {"interviewers": list(merged.values())})
        for answer in store.find("answers", contact_id=other_id):
            store.remove("answers", answer["id"])
            parts = parse_id(answer["id"])
            new_id = make_id(parts["rule"], parts["interview_id"], keep_id, parts["n"]) if parts else None
            if new_id and store.get("answers", new_id) is None:  # keep's own answer to the same reminder wins
                store.put("answers", new_id, {**answer, "id": new_id, "contact_id": keep_id})
        store.remove("contacts", other_id)
        return store.update("contacts", keep_id, changes)
