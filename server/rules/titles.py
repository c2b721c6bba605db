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

    def words(self, moment: datetime) -> tuple[str, str, int, str]:
        """('Tue 10:00', 'Tue 14 Jan', year, '10:00') of a moment, in local time."""
        got = self._parts.get(moment)
        if got is None:
            local = moment.astimezone(self.tz)
            day, clock = DAYS[local.weekday()], f"{local.hour:02d}:{local.minute:02d}"
            got = (f"{day} {clock}", f"{day} {local.day} {MONTHS[local.month - 1]}", local.year, clock)
            self._parts[moment] = got
        return got

    def at(self, now: datetime) -> "Wording":
        return Wording(self, now)


class Wording:
    """How moments read at one `now`: 'Tue 10:00' near it, 'Tue 14 Jan 10:00' further off, with the year
    when it is not now's. Made once per question, for every reminder it answers with."""

    __slots__ = ("now", "year", "words")

    def __init__(self, face: Face, now: datetime):
        self.now, self.year, self.words = now, now.astimezone(face.tz).year, face.words

    def reach(self, moment: datetime) -> int:
        """How a moment reads from now: 0 near (weekday), 1 this year (date), 2 another year (date and year)."""
        if abs(moment - self.now) <= NEAR:
            return 0
        return 1 if self.words(moment)[2] == self.year else 2

    def when(self, moment: datetime) -> str:
        near, far, year, clock = self.words(moment)
        if abs(moment - self.now) <= NEAR:
            return near
        return f"{far} {clock}" if year == self.year else f"{far} {year} {clock}"

    def tail(self, status: str, due_at: datetime, deadline_at: datetime | None, snoozed_until: datetime | None) -> str:
        """What the user most needs to know about a reminder's timing: "due by Tue 10:00", "overdue since …"."""
        if status == "snoozed" and snoozed_until:
            return f"snoozed until {self.when(snoozed_until)}"
        if status == "overdue" and deadline_at:
            return f"overdue since {self.when(deadline_at)}"
        if deadline_at:
            return f"due by {self.when(deadline_at)}"
        if status == "upcoming":
            return f"from {self.when(due_at)}"
        return f"due since {self.when(due_at)}"


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
