"""Reminders as an iCalendar file (RFC 5545) for calendar apps, built with the icalendar library.

Each reminder still to do within the horizon (overdue, due, snoozed or upcoming) becomes one event at the
moment it asks for attention, with a display alarm. The UID is the reminder's stable id, so importing a newer
export updates the events instead of duplicating them.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Iterable

from icalendar import Alarm, Calendar, Event

from . import __version__
from .rules import Reminder
from .rules.titles import full

PRODID = f"-//followup//reminders {__version__}//EN"
UID_DOMAIN = "followup.local"
LENGTH = timedelta(minutes=15)  # a slot to write the message, not the whole window it is due in


def uid(reminder_id: str) -> str:
    return f"{reminder_id}@{UID_DOMAIN}"


def _describe(r: Reminder, tz) -> str:
    lines = [r.title, "", f"Due: {full(r.due_at, tz)}"]
    if r.deadline_at:
        lines.append(f"Deadline: {full(r.deadline_at, tz)}")
    if r.draft_kind:
        lines.append(f"Draft: the {r.draft_kind.replace('_', ' ')} draft in followup")
    lines.append(f"Reminder id: {r.id}")
    return "\n".join(lines)


def to_ics(reminders: Iterable[Reminder], now: datetime, tz=timezone.utc) -> bytes:
    """One VCALENDAR with a VEVENT per reminder; times in UTC, so no VTIMEZONE is needed."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "followup reminders")
    stamp = now.astimezone(timezone.utc)
    for r in reminders:
        event = Event()
        event.add("uid", uid(r.id))
        event.add("dtstamp", stamp)
        event.add("last-modified", stamp)
        start = r.at.astimezone(timezone.utc)
        event.add("dtstart", start)
        event.add("dtend", start + LENGTH)
        event.add("summary", r.head or r.title)
        event.add("description", _describe(r, tz))
        event.add("categories", ["followup", r.rule])
        event.add("status", "CONFIRMED")
        event.add("transp", "TRANSPARENT")  # a reminder does not make the user busy
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", r.head or r.title)
        alarm.add("trigger", timedelta(0))
        event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()
