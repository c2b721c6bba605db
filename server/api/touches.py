"""Touch routes: log what happened between the user and a contact, and read a contact's history."""

from __future__ import annotations

from flask import Blueprint, request

from ..errors import Invalid, NotFound
from ..schemas import TouchIn, dump, validate
from .common import body_json, now, store

bp = Blueprint("touches", __name__)


@bp.post("/touches")
def log_touch():
    doc = dump(validate(TouchIn, body_json()))
    with store().transaction():
        if store().get("contacts", doc["contact_id"]) is None:
            raise Invalid("contact_id", f"no contact with id {doc['contact_id']}")
        if doc.get("interview_id") and store().get("interviews", doc["interview_id"]) is None:
            raise Invalid("interview_id", f"no interview with id {doc['interview_id']}")
        doc["at"] = doc.get("at") or now().isoformat()
        return store().insert("touches", doc), 201


@bp.get("/touches")
def list_touches():
    """A contact's touches (?contact_id=), or an interview's (?interview_id=), oldest first."""
    filters = {k: request.args[k] for k in ("contact_id", "interview_id") if request.args.get(k)}
    touches = store().find("touches", **filters) if filters else store().all("touches")
    touches.sort(key=lambda t: t["at"])
    return {"touches": touches}


@bp.delete("/touches/<ident>")
def delete_touch(ident: str):
    if not store().remove("touches", ident):
        raise NotFound("touch", ident)
    return {"deleted": True, "id": ident}
