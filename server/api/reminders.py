"""Reminder routes: what is due and upcoming, the user's answers (done, snooze, dismiss), and the calendar file."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from flask import Blueprint, Response, request

from ..errors import ApiError, Invalid, NotFound
from ..rules import answers, due, evaluate, find, parse_id, upcoming
from ..rules.source import read_state
from .common import body_json, now, parse_when, query_int, store

bp = Blueprint("reminders", __name__)

LIST_HORIZON_DAYS = 7
ICS_HORIZON_DAYS = 30
MAX_HORIZON_DAYS = 366
MAX_SNOOZE = timedelta(days=366)
NOTE_MAX = 2000
FIRST_YEAR, LAST_YEAR = 1900, 9000  # keeps at + horizon, and local times, inside what a datetime can hold


def _moment() -> datetime:
    """?at= (ISO 8601 with offset), else now. A '+' left unencoded in a query string arrives as a space."""
    raw = request.args.get("at")
    if not raw:
        return now()
    moment = parse_when(re.sub(r" (\d\d:?\d\d)$", r"+\1", raw), "at")
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise Invalid("at", f"at must fall between the years {FIRST_YEAR} and {LAST_YEAR}")
    return moment


@bp.get("/reminders")
def list_reminders():
    """Due and overdue reminders at ?at=, then those coming up to ?horizon_days= (default 7) after it."""
    moment = _moment()
    days = query_int("horizon_days", LIST_HORIZON_DAYS, 0, MAX_HORIZON_DAYS)
    state = read_state(store())
    tz = state.index().clock.tz
    found = due(state, moment) + upcoming(state, moment, timedelta(days=days))
    return {"at": moment.astimezone(tz).isoformat(), "horizon_days": days, "reminders": [r.to_json(tz) for r in found]}


@bp.get("/reminders.ics")
def reminders_ics():
    """The reminders still to do up to ?horizon_days= (default 30) as an iCalendar file."""
    moment = _moment()
    days = query_int("horizon_days", ICS_HORIZON_DAYS, 0, MAX_HORIZON_DAYS)
    state = read_state(store())
    from ..calendar import to_ics  # icalendar loads on the first export, not at start-up

    body = to_ics(evaluate(state, moment, moment + timedelta(days=days)), moment, state.index().clock.tz)
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": 'attachment; filename="followup-reminders.ics"',
    })


def _fields(body: dict, allowed: set[str]) -> None:
    for key in body:
        if key not in allowed:
            raise Invalid(key, f"{key}: unknown field; this request takes {', '.join(sorted(allowed)) or 'no fields'}")


def _answer(rid: str, status: str, until: datetime | None = None, note: str | None = None,
            touched_at: datetime | None = None):
    """Store the user's answer to a standing reminder; answering the same way twice changes nothing."""
    moment = now()
    with store().transaction():
        reminder = find(read_state(store()), moment, rid)  # read before any write of this transaction
        if reminder is None:
            earlier = store().get("answers", rid) if parse_id(rid) else None
            if earlier and earlier.get("status") == status and status != "snoozed":
                return {"id": rid, "answer": earlier, "touch": None}
            if earlier and earlier.get("status") in ("done", "dismissed"):
                raise ApiError(409, "already_answered", f"reminder {rid} was already {earlier['status']}")
            raise NotFound("reminder", rid)
        touch = answers.touch(reminder, touched_at or moment, note) if status == "done" else None
        if touch is not None:
            touch = store().insert("touches", touch)
        doc = answers.answer(reminder, status, moment, until)
        stored = store().put("answers", rid, {k: v for k, v in doc.items() if k != "id"})
    return {"id": rid, "answer": stored, "touch": touch}


@bp.post("/reminders/<rid>/done")
def mark_done(rid: str):
    """Done: ends the reminder and logs the matching touch (rules.toml `done_touch`); optional {note, at}."""
    body = body_json(allow_empty=True)
    _fields(body, {"note", "at"})
    note = body.get("note")
    if note is not None and (not isinstance(note, str) or len(note) > NOTE_MAX):
        raise Invalid("note", f"note must be text of at most {NOTE_MAX} characters")
    touched_at = parse_when(body["at"], "at") if "at" in body else None
    if touched_at is not None and touched_at > now() + timedelta(minutes=5):
        raise Invalid("at", "at is when you did it: it cannot be in the future")
    return _answer(rid, "done", note=note, touched_at=touched_at)


@bp.post("/reminders/<rid>/snooze")
def snooze(rid: str):
    """Snooze until {until}: the reminder waits, then comes back (overdue if its deadline has passed)."""
    body = body_json()
    _fields(body, {"until"})
    if "until" not in body:
        raise Invalid("until", "until is required: when the reminder should come back (ISO 8601 with offset)")
    until = parse_when(body["until"], "until")
    moment = now()
    if until <= moment:
        raise Invalid("until", "until must be in the future")
    if until > moment + MAX_SNOOZE:
        raise Invalid("until", "until must be within a year; dismiss the reminder to stop it")
    return _answer(rid, "snoozed", until=until)


@bp.post("/reminders/<rid>/dismiss")
def dismiss(rid: str):
    """Dismiss: the reminder is not shown again (for keep-in-touch: stops it for that person)."""
    _fields(body_json(allow_empty=True), set())
    return _answer(rid, "dismissed")
