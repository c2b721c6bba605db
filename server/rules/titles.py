"""Human titles for reminders: "Thank Ana Lima (Acme, Staff Engineer) — due by Tue 10:00", in local time."""

from __future__ import annotations

from datetime import datetime, timedelta

# Fixed English names: the C library's %a/%b follow the process locale, which is not the product's voice.
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
NEAR = timedelta(days=6)  # within this of now a weekday alone is unambiguous


def when(moment: datetime, now: datetime, tz) -> str:
    """'Tue 10:00' near now, 'Tue 14 Jan 10:00' further off, with the year when it is not this one."""
    local = moment.astimezone(tz)
    text = DAYS[local.weekday()]
    if abs(moment - now) > NEAR:
        text += f" {local.day} {MONTHS[local.month - 1]}"
        if local.year != now.astimezone(tz).year:
            text += f" {local.year}"
    return f"{text} {local.hour:02d}:{local.minute:02d}"


def full(moment: datetime, tz) -> str:
    """'Tue 3 Mar 2026 11:00': a moment that stands on its own, in local time."""
    local = moment.astimezone(tz)
    return f"{DAYS[local.weekday()]} {local.day} {MONTHS[local.month - 1]} {local.year} {local.hour:02d}:{local.minute:02d}"


def who(name: str | None, company: str | None, role: str | None) -> str:
    """'Ana Lima (Acme, Staff Engineer)'; without a person 'Acme (Staff Engineer)'."""
    detail = ", ".join(p for p in (company, role) if p) if name else (role or "")
    head = name or company or "the company"
    return f"{head} ({detail})" if detail else head


def tail(status: str, due_at: datetime, deadline_at: datetime | None, snoozed_until: datetime | None,
         now: datetime, tz) -> str:
    """What the user most needs to know about a reminder's timing: "due by Tue 10:00", "overdue since …"."""
    if status == "snoozed" and snoozed_until:
        return f"snoozed until {when(snoozed_until, now, tz)}"
    if status == "overdue" and deadline_at:
        return f"overdue since {when(deadline_at, now, tz)}"
    if deadline_at:
        return f"due by {when(deadline_at, now, tz)}"
    if status == "upcoming":
        return f"from {when(due_at, now, tz)}"
    return f"due since {when(due_at, now, tz)}"
