"""Draft routes: ready-to-send follow-ups for a person and an interview, written by server.drafts."""

from __future__ import annotations

from flask import Blueprint, current_app, request

from .. import drafts
from ..drafts import templating
from ..errors import ApiError, Invalid
from ..profile import load_profile
from .common import now, query_int, store

bp = Blueprint("drafts", __name__)
MAX_DETAIL = 500


def _arg(name: str) -> str | None:
    value = request.args.get(name, "").strip()
    return value or None


def _found(table: str, field: str, ident: str | None) -> dict | None:
    if ident is None:
        return None
    doc = store().get(table, ident)
    if doc is None:
        raise ApiError(404, "not_found", f"no {table[:-1]} with id {ident}", field)
    return doc


@bp.get("/drafts")
def list_drafts():
    """Drafts for ?contact_id= (and ?interview_id=), of ?kind= or of every kind that fits now.

    With only ?interview_id=, every interviewer on the panel gets their own draft.
    """
    kind, reason, detail = _arg("kind"), _arg("reason"), _arg("detail")
    if kind is not None and kind not in drafts.kinds.BY_NAME:
        raise Invalid("kind", f"unknown kind {kind!r}; one of: {', '.join(k.name for k in drafts.KINDS)}")
    if reason is not None and reason not in drafts.REASONS:
        raise Invalid("reason", f"unknown reason {reason!r}; one of: {', '.join(drafts.REASONS)}")
    if detail is not None and len(detail) > MAX_DETAIL:
        raise Invalid("detail", f"detail must be at most {MAX_DETAIL} characters")
    variant = query_int("variant", 0, 0, 999)
    contact_id, interview_id = _arg("contact_id"), _arg("interview_id")
    if contact_id is None and interview_id is None:
        raise Invalid("contact_id", "contact_id is required (or interview_id, for every interviewer on it)")
    with store().transaction():
        interview = _found("interviews", "interview_id", interview_id)
        contact = _found("contacts", "contact_id", contact_id)
        if kind and interview is None and drafts.kinds.BY_NAME[kind].needs_interview:
            raise Invalid("interview_id", f"a {kind} draft is about an interview: interview_id is required")
        if contact is not None:
            people = [contact]
        else:
            seats = dict.fromkeys(i["contact_id"] for i in interview.get("interviewers") or [])  # type: ignore[union-attr]
            people = [c for c in (store().get("contacts", cid) for cid in seats) if c is not None]
        profile = load_profile(store())
        touches = {p["id"]: store().find("touches", contact_id=p["id"]) for p in people}
    user_dir = templating.user_templates(current_app.config.get("DATA_DIR"))
    out = []
    for person in people:
        kinds = [kind] if kind else [k.name for k in drafts.kinds_for(interview, touches[person["id"]], person["id"])]
        try:
            written = drafts.compose(kinds, profile=profile, contact=person, interview=interview,
                                     touches=touches[person["id"]], now=now(), reason=reason, detail=detail,
                                     variant=variant, user_dir=user_dir)
        except drafts.DraftError as exc:  # only a user's own template can fail the check
            raise Invalid("kind", str(exc), code="draft_quality") from None
        out += [{**d.to_json(), "contact_id": person["id"], "interview_id": interview_id} for d in written]
    return {"drafts": out}
