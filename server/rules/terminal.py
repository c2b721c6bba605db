"""`followup due` and `followup export-ics`: the same reminders as the API, read from the data directory.

The store is opened read-only, so both work while the server runs on the same data.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ..storage import Store
from .engine import due, evaluate, upcoming
from .source import read_state
from .titles import full

GROUPS = (("overdue", "Overdue"), ("due", "Due now"), ("snoozed", "Snoozed, back soon"), ("upcoming", "Upcoming"))
MAX_HORIZON_DAYS = 366


class BadInput(ValueError):
    """A moment or a horizon the command cannot use."""


def _moment(text: str | None) -> datetime:
    if text is None:
        return datetime.now(timezone.utc)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise BadInput(f"--at {text!r} is not an ISO 8601 date-time, e.g. 2026-03-03T10:00:00+01:00") from None
    if moment.tzinfo is None:
        raise BadInput(f"--at {text!r} needs a UTC offset, e.g. 2026-03-03T10:00:00+01:00")
    return moment


def _horizon(days: int) -> timedelta:
    if not 0 <= days <= MAX_HORIZON_DAYS:
        raise BadInput(f"--horizon must be a number of days from 0 to {MAX_HORIZON_DAYS}")
    return timedelta(days=days)


def _state(directory: Path):
    store = Store(directory, readonly=True)  # never takes the server's lock nor writes
    try:
        return read_state(store)
    finally:
        store.close()


def due_text(directory: Path, at: str | None, horizon_days: int) -> str:
    """The reminders at `at` (default now), grouped overdue / due / snoozed / upcoming, each with its id."""
    now, horizon = _moment(at), _horizon(horizon_days)
    state = _state(directory)
    tz = state.index().clock.tz
    found = due(state, now) + upcoming(state, now, horizon)
    head = f"Reminders at {full(now, tz)} ({getattr(tz, 'key', 'UTC')}), looking {horizon_days} days ahead"
    if not found:
        return f"{head}\n\nNothing to do: no reminder is due or coming up."
    lines = [head]
    for status, label in GROUPS:
        group = [r for r in found if r.status == status]
        if group:
            lines += ["", f"{label} ({len(group)})"]
            for r in group:
                lines.append(f"  - {r.title}\n      id {r.id}" + (f", draft: {r.draft_kind}" if r.draft_kind else ""))
    return "\n".join(lines)


def export_ics(directory: Path, at: str | None, horizon_days: int, output: str | None) -> str:
    """Write the iCalendar file of the reminders still to do (to stdout for None or "-"); a note for stderr."""
    from ..calendar import to_ics

    now, horizon = _moment(at), _horizon(horizon_days)
    state = _state(directory)
    found = evaluate(state, now, now + horizon)
    body = to_ics(found, now, state.index().clock.tz)
    if output in (None, "-"):
        sys.stdout.buffer.write(body)
        sys.stdout.flush()
        return ""
    path = Path(output).expanduser()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # names of people: owner-only
        with os.fdopen(fd, "wb") as fh:
            fh.write(body)
    except OSError as exc:
        raise BadInput(f"cannot write {path}: {exc.strerror}") from None
    return f"Wrote {len(found)} reminder events to {path}; import it into your calendar (importing again updates them)."
