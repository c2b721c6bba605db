"""A reminder as the engine derives it, and its stable id (rule + interview + contact)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from .config import RULE_IDS

NOBODY = "-"  # the contact part of the id of a rule that is about a whole interview
_PART = r"[A-Za-z0-9_\-]{1,64}"
_ID = re.compile(rf"(?P<rule>[a-z_]+):(?P<interview>{_PART}):(?P<contact>{_PART})(?::(?P<n>[2-9]|10))?")


def make_id(rule: str, interview_id: str, contact_id: str | None, n: int = 1) -> str:
    """Stable across restarts and rule edits: no time and no number from the rules is part of it."""
    base = f"{rule}:{interview_id}:{contact_id or NOBODY}"
    return base if n == 1 else f"{base}:{n}"


def parse_id(ident: str) -> dict | None:
    """The parts of a reminder id ({rule, interview_id, contact_id, n}), or None when it is not one."""
    m = _ID.fullmatch(ident or "")
    if not m or m["rule"] not in RULE_IDS:
        return None
    contact = None if m["contact"] == NOBODY else m["contact"]
    return {"rule": m["rule"], "interview_id": m["interview"], "contact_id": contact, "n": int(m["n"] or 1)}


@dataclass(slots=True, frozen=True)
class Reminder:
    """One thing to do: what rule, for whom, from when, by when, and how it stands at the moment asked.

    Frozen: the engine hands the same Reminder to every request that finds it standing the same way.
    """

    id: str
    rule: str
    contact_id: str | None
    interview_id: str
    due_at: datetime
    deadline_at: datetime | None
    status: str  # due / overdue / upcoming / snoozed
    title: str
    draft_kind: str | None
    done_touch: str | None
    snoozed_until: datetime | None = None
    head: str = ""  # the title without its timing: "Thank Ana Lima (Acme, Staff Engineer)"
    _json: tuple | None = field(default=None, repr=False, compare=False)  # (zone, due, deadline, snoozed as ISO)

    @property
    def at(self) -> datetime:
        """When it next asks for attention: the end of a snooze, else when it comes due."""
        return self.snoozed_until or self.due_at

    def to_json(self, tz: tzinfo) -> dict:
        """The API shape; moments in the user's timezone as ISO 8601 with offset (worked out once per zone)."""
        made = self._json
        if made is None or made[0] is not tz:
            def iso(dt: datetime | None) -> str | None:
                return dt.astimezone(tz).isoformat() if dt else None

            # only the moments are kept: they are the costly part, and a schedule has thousands of reminders
            made = (tz, iso(self.due_at), iso(self.deadline_at), iso(self.snoozed_until))
            object.__setattr__(self, "_json", made)  # a cache, not a change: the fields stay as they are
        return {
            "id": self.id,
            "rule": self.rule,
            "contact_id": self.contact_id,
            "interview_id": self.interview_id,
            "due_at": made[1],
            "deadline_at": made[2],
            "status": self.status,
            "title": self.title,
            "draft_kind": self.draft_kind,
            "snoozed_until": made[3],
        }
