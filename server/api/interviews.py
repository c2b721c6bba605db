"""Interview routes: one round at one company, with its panel, topics, concerns, timeframe and outcome."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, request

from ..errors import Invalid, NotFound
from ..schemas import InterviewIn, InterviewPatch, dump, validate
from .common import body_json, now, parse_when, store

bp = Blueprint("interviews", __name__)
DEFAULT_LENGTH = timedelta(hours=1)


def _complete(doc: dict) -> dict:
    """Check references and fill what follows from the rest (end time, outcome time, one seat per person)."""
    seats: dict[str, dict] = {}
    for i, seat in enumerate(doc.get("interviewers") or []):
        if store().get("contacts", seat["contact_id"]) is None:
            raise Invalid(f"interviewers[{i}].contact_id", f"no contact with id {seat['contact_id']}")
        kept = seats.setdefault(seat["contact_id"], {"contact_id": seat["contact_id"], "topics": []})
        kept["topics"] += [t for t in seat.get("topics", []) if t not in kept["topics"]]
    doc["interviewers"] = list(seats.values())
    starts = parse_when(doc["starts_at"], "starts_at")
    if not doc.get("ends_at"):
        doc["ends_at"] = (starts + DEFAULT_LENGTH).isoformat()
    if parse_when(doc["ends_at"], "ends_at") < starts:
        raise Invalid("ends_at", "ends_at is before starts_at")
    if doc.get("decision_by") and doc.get("decision_in_days") is not None:
        raise Invalid("decision_in_days", "give either decision_by (a date) or decision_in_days, not both")
    if doc.get("outcome", "pending") == "pending":
        doc["outcome_at"] = None
    elif not doc.get("outcome_at"):
        doc["outcome_at"] = now().isoformat()
    return doc


@bp.get("/interviews")
def list_interviews():
    """All interviews, newest first; ?contact_id= and ?outcome= filter."""
    contact_id = request.args.get("contact_id")
    outcome = request.args.get("outcome")
    out = [
        iv for iv in store().all("interviews")
        if (not contact_id or any(s["contact_id"] == contact_id for s in iv.get("interviewers", [])))
        and (not outcome or iv.get("outcome") == outcome)
    ]
    out.sort(key=lambda iv: parse_when(iv["starts_at"], "starts_at"), reverse=True)
    return {"interviews": out}


@bp.post("/interviews")
def create_interview():
    doc = dump(validate(InterviewIn, body_json()))
    stamp = now().isoformat()
    with store().transaction():
        doc = _complete(doc)
        return store().insert("interviews", {**doc, "created_at": stamp, "updated_at": stamp}), 201


@bp.get("/interviews/<ident>")
def get_interview(ident: str):
    iv = store().get("interviews", ident)
    if iv is None:
        raise NotFound("interview", ident)
    return iv


@bp.patch("/interviews/<ident>")
def edit_interview(ident: str):
    changes = dump(validate(InterviewPatch, body_json()), only_set=True)
    with store().transaction():
        before = store().get("interviews", ident)
        if before is None:
            raise NotFound("interview", ident)
        merged = {k: v for k, v in {**before, **changes}.items() if k not in ("id", "created_at", "updated_at")}
        if "outcome" in changes and "outcome_at" not in changes:
            merged["outcome_at"] = None  # a new outcome is dated now unless the caller says when
        if "starts_at" in changes and "ends_at" not in changes:
            length = parse_when(before["ends_at"], "ends_at") - parse_when(before["starts_at"], "starts_at")
            merged["ends_at"] = (parse_when(changes["starts_at"], "starts_at") + length).isoformat()
        doc = dump(validate(InterviewIn, merged))
        doc = _complete(doc)
        return store().put("interviews", ident, {**doc, "created_at": before.get("created_at"), "updated_at": now().isoformat()})


@bp.delete("/interviews/<ident>")
def delete_interview(ident: str):
    with store().transaction():
        if not store().remove("interviews", ident):
            raise NotFound("interview", ident)
        store().remove_where("answers", interview_id=ident)
        for t in store().find("touches", interview_id=ident):
            store().update("touches", t["id"], {"interview_id": None})
    return {"deleted": True, "id": ident}
