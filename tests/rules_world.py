"""A small world for rules tests: people, interviews and touches on a calendar that starts Tue 3 Mar 2026."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from server.rules import State, answers, evaluate

BERLIN = ZoneInfo("Europe/Berlin")
DAY0 = datetime(2026, 3, 3, tzinfo=BERLIN)  # a Tuesday


def at(day: float, clock: str = "00:00", tz=BERLIN) -> datetime:
    """Day `day` of the story (0 = Tue 3 Mar 2026) at a local wall-clock time."""
    h, m = (int(x) for x in clock.split(":"))
    d = (DAY0 + timedelta(days=day)).date()
    return datetime(d.year, d.month, d.day, h, m, tzinfo=tz)


class World:
    def __init__(self, **profile):
        self.contacts: dict[str, dict] = {}
        self.interviews: list[dict] = []
        self.touches: list[dict] = []
        self.answers: list[dict] = []
        self.profile = {"timezone": "Europe/Berlin", "working_days": ["mon", "tue", "wed", "thu", "fri"], "rules": {}}
        self.profile.update(profile)

    def person(self, name: str, **fields) -> str:
        ident = name.split()[0].lower()
        self.contacts[ident] = {"id": ident, "name": name, **fields}
        return ident

    def interview(self, company: str, role: str | None, start: datetime, end: datetime | None, people: list[str], **fields) -> dict:
        doc = {
            "id": f"iv{len(self.interviews) + 1}", "company": company, "role": role,
            "starts_at": start.isoformat(), "ends_at": end.isoformat() if end else None,
            "interviewers": [{"contact_id": p, "topics": []} for p in people],
            "topics": [], "concerns": [], "decision_by": None, "decision_in_days": None,
            "outcome": "pending", "outcome_at": None, "notes": None,
        }
        doc.update(fields)
        self.interviews.append(doc)
        return doc

    def decide(self, interview: dict, outcome: str, when: datetime) -> None:
        interview.update(outcome=outcome, outcome_at=when.isoformat())

    def touch(self, person: str, kind: str, when: datetime, interview: dict | None = None) -> None:
        self.touches.append({"id": f"t{len(self.touches) + 1}", "contact_id": person,
                             "interview_id": interview["id"] if interview else None, "kind": kind, "at": when.isoformat()})

    def state(self) -> State:
        return State(interviews=[dict(i) for i in self.interviews], contacts=dict(self.contacts),
                     touches=list(self.touches), answers=list(self.answers), profile=dict(self.profile))

    def reminder(self, rid: str, now: datetime):
        return next((r for r in evaluate(self.state(), now) if r.id == rid), None)

    def answer(self, rid: str, status: str, now: datetime, until: datetime | None = None) -> None:
        """Answer as the API does: replace any earlier answer; done also logs the matching touch."""
        reminder = self.reminder(rid, now)
        assert reminder is not None, f"no reminder {rid} at {now}"
        self.answers = [a for a in self.answers if a["id"] != rid] + [answers.answer(reminder, status, now, until)]
        if status == "done" and (touch := answers.touch(reminder, now)):
            self.touches.append({"id": f"t{len(self.touches) + 1}", **touch})
