"""The user's answers to reminders (done / snoozed until / dismissed) as stored documents, keyed by reminder id."""

from __future__ import annotations

from datetime import datetime

from .reminder import Reminder

STATUSES = ("done", "snoozed", "dismissed")


def answer(reminder: Reminder, status: str, at: datetime, until: datetime | None = None) -> dict:
    """The `answers` document for one reminder; its id is the reminder's, so a new answer replaces the old."""
    if status not in STATUSES:
        raise ValueError(status)
    doc = {
        "id": reminder.id,
        "rule": reminder.rule,
        "interview_id": reminder.interview_id,
        "contact_id": reminder.contact_id,
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
