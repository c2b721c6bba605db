"""The user's answers to reminders (done / snoozed until / dismissed) as stored documents, keyed by reminder id."""

from __future__ import annotations

from datetime import datetime

from .reminder import Reminder, parse_id

STATUSES = ("done", "snoozed", "dismissed")


def answer(reminder: Reminder, status: str, at: datetime, until: datetime | None = None) -> dict:
    """The `answers` document for one reminder; its id is the reminder's, so a new answer replaces the old.

    Its contact_id is the person in the id: none for a reminder about a whole interview (a status check is
    addressed to the first interviewer, but the answer is about the interview, not about that person).
    """
    if status not in STATUSES:
        raise ValueError(status)
    parts = parse_id(reminder.id)
    doc = {
        "id": reminder.id,
        "rule": reminder.rule,
        "interview_id": reminder.interview_id,
        "contact_id": parts["contact_id"] if parts else reminder.contact_id,
        "status": status,
        "at": at.isoformat(),
        "due_at": reminder.due_at.isoformat(),  # which occurrence was answered (keep-in-touch repeats)
    }
    if until is not None:
        doc["until"] = until.isoformat()
    return doc


def touch(reminder: Reminder, at: datetime, note: str | None = None) -> dict | None:
    """The touch that answering "done" logs (rules.toml `done_touch`), or None when there is none to log."""
    if not reminder.done_touch or not reminder.contact_id:
        return None
    return {
        "contact_id": reminder.contact_id,
        "interview_id": reminder.interview_id,
        "kind": reminder.done_touch,
        "at": at.isoformat(),
        "note": note,
    }
