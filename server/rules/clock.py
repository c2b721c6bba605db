"""The user's calendar: their timezone, their working days, and the hour day-based reminders come due."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def zone(name: str | None) -> ZoneInfo | timezone:
    """The IANA zone of that name; UTC for a missing or unknown name (the profile validates it on save)."""
    try:
        return ZoneInfo(name) if name else timezone.utc
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.utc


class Clock:
    """Dates and hours as the user lives them: local days, working days, a send hour."""

    def __init__(self, tz: str | None = "UTC", working_days: list[str] | None = None, send_hour: int = 9):
        self.tz = zone(tz)
        days = {WEEKDAYS.index(d) for d in (working_days or ()) if d in WEEKDAYS}
        self.working = days or set(range(7))  # no working day at all would leave nothing to roll to
        self.send_hour = send_hour

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.tz)

    def day(self, moment: datetime) -> date:
        """The user's calendar date at that moment."""
        return moment.astimezone(self.tz).date()

    def is_working(self, day: date) -> bool:
        return day.weekday() in self.working

    def roll(self, day: date) -> date:
        """That day if it is a working day, else the next one."""
        while day.weekday() not in self.working:
            day += timedelta(days=1)
        return day

    def add_business_days(self, day: date, n: int) -> date:
        """The n-th working day after `day` (n = 0: `day` itself, rolled to a working day)."""
        if n <= 0:
            return self.roll(day)
        while n:
            day += timedelta(days=1)
            if day.weekday() in self.working:
                n -= 1
        return day

    def plus_days(self, moment: datetime, days: int) -> datetime:
        """The same wall-clock time `days` calendar days later in the user's zone (a day is not always 24 h)."""
        wall = moment.astimezone(self.tz).replace(tzinfo=None) + timedelta(days=days)
        return wall.replace(tzinfo=self.tz).astimezone(timezone.utc).astimezone(self.tz)

    def morning(self, day: date) -> datetime:
        """The send hour of that local day, as an aware moment (a DST gap moves it forward, never back)."""
        naive = datetime.combine(day, time(self.send_hour))
        moment = naive.replace(tzinfo=self.tz)
        # Round-trip through UTC so a wall time that does not exist (spring forward) becomes a real instant.
        return moment.astimezone(timezone.utc).astimezone(self.tz)
