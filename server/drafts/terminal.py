"""`followup draft`: the same drafts as the API, read from the data directory (safe while the server runs)."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from ..profile import load_profile
from ..storage import Store
from . import DraftError, compose, kinds_for, templating
from .kinds import BY_NAME, REASONS

LABELS = {
    "thank_you": "Thank-you email", "linkedin_note": "LinkedIn connection note", "status_check": "Status check",
    "rejection_reply": "Reply to the rejection", "offer_thanks": "Thanks for the offer",
    "keep_in_touch": "Keep in touch", "after_connect": "Message after connecting",
}


class BadInput(ValueError):
    """What the user typed names nothing we have, or nothing that makes sense."""


def write_drafts(directory: Path, contact_id: str, interview_id: str | None = None, kind: str | None = None,
                 reason: str | None = None, detail: str | None = None, variant: int = 0,
                 as_json: bool = False, now: datetime | None = None) -> tuple[str, str]:
    """(what goes to stdout, notes for stderr) for one contact's drafts."""
    if kind is not None and kind not in BY_NAME:
        raise BadInput(f"--kind {kind!r} is not a draft kind; one of: {', '.join(BY_NAME)}")
    if reason is not None and reason not in REASONS:
        raise BadInput(f"--reason {reason!r} is not a keep-in-touch reason; one of: {', '.join(REASONS)}")
    store = Store(directory, readonly=True)  # never takes the server's lock nor writes
    try:
        contact = store.get("contacts", contact_id)
        if contact is None:
            raise BadInput(f"no contact with id {contact_id!r} (see GET /api/v1/contacts)")
        interview = store.get("interviews", interview_id) if interview_id else None
        if interview_id and interview is None:
            raise BadInput(f"no interview with id {interview_id!r}")
        if kind and interview is None and BY_NAME[kind].needs_interview:
            raise BadInput(f"a {kind} draft is about an interview: give --interview ID")
        touches = store.find("touches", contact_id=contact_id)
        profile = load_profile(store)
    finally:
        store.close()
    kinds = [kind] if kind else [k.name for k in kinds_for(interview, touches, contact_id)]
    try:
        drafts = compose(kinds, profile=profile, contact=contact, interview=interview, touches=touches,
                         now=now or datetime.now(timezone.utc), reason=reason, detail=detail, variant=variant,
                         user_dir=templating.user_templates(directory))
    except DraftError as exc:
        raise BadInput(str(exc)) from None
    if as_json:
        return json.dumps({"drafts": [d.to_json() for d in drafts]}, indent=2, ensure_ascii=False), ""
    shown, notes = [], []
    for d in drafts:
        head = f"== {LABELS[d.kind]} to {contact.get('name')} ({getattr(d, d.limit_unit)}/{d.limit} {d.limit_unit})"
        text = f"Subject: {d.subject}\n\n{d.body}" if d.subject and BY_NAME[d.kind].channel == "email" else d.body
        shown.append(f"{head}\n{text}\n")
        notes += [f"{d.kind}: would improve it: {m}" for m in d.missing]
    if not drafts:
        notes.append("no draft kind fits this contact and interview now; ask for one with --kind")
    return "\n".join(shown), "\n".join(notes)
