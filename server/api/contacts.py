"""Contacts routes: list, create-or-merge, read, edit, delete."""

from __future__ import annotations

from flask import Blueprint, request

from .. import contacts as domain
from ..errors import Invalid, NotFound
from ..identity import normalise_name
from ..schemas import ContactIn, ContactPatch, dump, validate
from .common import body_json, now, query_int, store

bp = Blueprint("contacts", __name__)


@bp.get("/contacts")
def list_contacts():
    """All contacts, filtered by ?q= (name, company, title, headline), ?company=, ?tag=."""
    q = normalise_name(request.args.get("q"))
    company = normalise_name(request.args.get("company"))
    tag = request.args.get("tag")
    limit = query_int("limit", 10000, 1, 100000)
    out = []
    for c in store().all("contacts"):
        hay = normalise_name(" ".join(str(c.get(f) or "") for f in ("name", "company", "title", "headline", "email")))
        if q and q not in hay:
            continue
        if company and normalise_name(c.get("company")) != company:
            continue
        if tag and tag not in (c.get("tags") or []):
            continue
        out.append(c)
    out.sort(key=lambda c: normalise_name(c.get("name")))
    return {"contacts": out[:limit], "total": len(out)}


@bp.post("/contacts")
def create_contact():
    fields = dump(validate(ContactIn, body_json()), only_set=True)
    contact, merged = domain.save_contact(store(), fields, now())
    return {**contact, "merged": merged}, (200 if merged else 201)


@bp.get("/contacts/<ident>")
def get_contact(ident: str):
    contact = store().get("contacts", ident)
    if contact is None:
        raise NotFound("contact", ident)
    return contact


@bp.patch("/contacts/<ident>")
def edit_contact(ident: str):
    fields = dump(validate(ContactPatch, body_json()), only_set=True)
    contact = domain.edit_contact(store(), ident, fields, now())
    if contact is None:
        raise NotFound("contact", ident)
    return contact


@bp.post("/contacts/<ident>/merge")
def merge_contact(ident: str):
    """Merge {"other_id"} into this contact (the user's choice of the same person); the other is deleted."""
    other = body_json(fields={"other_id"}).get("other_id")
    if not isinstance(other, str) or not other:
        raise Invalid("other_id", "other_id must be the id of the contact to merge into this one")
    if other == ident:
        raise Invalid("other_id", "a contact cannot be merged with itself")
    with store().transaction():
        for cid in (ident, other):
            if store().get("contacts", cid) is None:
                raise NotFound("contact", cid)
        return domain.merge_contacts(store(), ident, other, now())


@bp.delete("/contacts/<ident>")
def delete_contact(ident: str):
    if not domain.delete_contact(store(), ident):
        raise NotFound("contact", ident)
    return {"deleted": True, "id": ident}
