"""Human titles for reminders: "Thank Ana Lima (Acme, Staff Engineer) — due by Tue 10:00", in local time."""

from __future__ import annotations

from datetime import datetime, timedelta

# Fixed English names: the C library's %a/%b follow the process locale, which is not the product's voice.
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
NEAR = timedelta(days=6)  # within this of now a weekday alone is unambiguous


class Face:
    """Moments as the user reads them in their zone; each moment's local wording is worked out once."""

    def __init__(self, tz):
        self.tz = tz
        self._parts: dict[datetime, tuple[str, str, int, str]] = {}
        self._year: tuple[datetime | None, int] = (None, 0)  # the last `now` asked about and its local year

    def _local(self, moment: datetime) -> tuple[str, str, int, str]:
        got = self._parts.get(moment)
        if got is None:
            local = moment.astimezone(self.tz)
            day, clock = DAYS[local.weekday()], f"{local.hour:02d}:{local.minute:02d}"
            got = (f"{day} {clock}", f"{day} {local.day} {MONTHS[local.month - 1]}", local.year, clock)
            self._parts[moment] = got
        return got

    def when(self, moment: datetime, now: datetime) -> str:
        """'Tue 10:00' near now, 'Tue 14 Jan 10:00' further off, with the year when it is not now's."""
        near, far, year, clock = self._local(moment)
        if abs(moment - now) <= NEAR:
            return near
        if self._year[0] != now:
            self._year = (now, now.astimezone(self.tz).year)
        if year == self._year[1]:
            return f"{far} {clock}"
        return f"{far} {year} {clock}"

    def tail(self, status: str, due_at: datetime, deadline_at: datetime | None, snoozed_until: datetime | None,
             now: datetime) -> str:
        """What the user most needs to know about a reminder's timing: "due by Tue 10:00", "overdue since …"."""
        if status == "snoozed" and snoozed_until:
            return f"snoozed until {self.when(snoozed_until, now)}"
        if status == "overdue" and deadline_at:
            return f"overdue since {self.when(deadline_at, now)}"
        if deadline_at:
            return f"due by {self.when(deadline_at, now)}"
        if status == "upcoming":
            return f"from {self.when(due_at, now)}"
        return f"due since {self.when(due_at, now)}"


def full(moment: datetime, tz) -> str:
    """'Tue 3 Mar 2026 11:00': a moment that stands on its own, in local time."""
    local = moment.astimezone(tz)
    day = f"{DAYS[local.weekday()]} {local.day} {MONTHS[local.month - 1]} {local.year}"
    return f"{day} {local.hour:02d}:{local.minute:02d}"


def who(name: str | None, company: str | None, role: str | None) -> str:
    """'Ana Lima (Acme, Staff Engineer)'; without a person 'Acme (Staff Engineer)'."""
    detail = ", ".join(p for p in (company, role) if p) if name else (role or "")
    head = name or company or "the company"
    return f"{head} ({detail})" if detail else head
