"""What the rules read: the stored documents (State) and the same arranged for lookups (Index), built once."""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import itemgetter
from datetime import date, datetime, timedelta

from .clock import Clock
from .config import effective


def when(value) -> datetime | None:
    """An aware moment from stored ISO 8601 text; None for anything else (stored data is never trusted)."""
    if isinstance(value, datetime):
        return value if value.tzinfo else None
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else None


@dataclass
class State:
    """Everything the rules read: stored documents as they are, plus the user's profile."""

    interviews: list[dict]
    contacts: dict[str, dict]
    touches: list[dict]
    answers: list[dict] = field(default_factory=list)
    profile: dict = field(default_factory=dict)
    _index: "Index | None" = field(default=None, repr=False, compare=False)
    _schedule: object = field(default=None, repr=False, compare=False)

    def index(self) -> "Index":
        if self._index is None:
            self._index = Index(self)
        return self._index


@dataclass(slots=True)
class Round:
    """One interview as the rules see it: parsed times, its outcome, and its people (each once)."""

    id: str
    company: str
    role: str
    start: datetime
    end: datetime
    outcome: str
    outcome_at: datetime
    decision_day: date | None
    people: list[str]


class Index:
    """The State arranged for the rules: rounds by person, touches by person, answers by reminder id."""

    when = staticmethod(when)

    def __init__(self, state: State):
        profile = state.profile or {}
        self.rules = effective(profile.get("rules"))
        schedule = self.rules["schedule"]
        self.clock = Clock(profile.get("timezone"), profile.get("working_days"), schedule["send_hour"])
        self.contacts = state.contacts
        length = timedelta(minutes=schedule["default_interview_minutes"])
        self.rounds: list[Round] = []
        self.rounds_of: dict[str, list[Round]] = {}
        for doc in state.interviews:
            rnd = self._round(doc, length)
            if rnd is not None:
                self.rounds.append(rnd)
                for person in rnd.people:
                    self.rounds_of.setdefault(person, []).append(rnd)
        self.rounds.sort(key=lambda r: (r.end, r.id))  # "once per person" rules take the earliest round
        self._raw: dict[str, list[dict]] = {}
        raw, people = self._raw, self.rounds_of
        for t in state.touches:
            person = t.get("contact_id")
            if person.__class__ is str and person in people:  # only interviewers can have reminders
                raw.setdefault(person, []).append(t)
        self._touches: dict[str, list[tuple]] = {}
        self.answers = {a["id"]: a for a in state.answers if isinstance(a.get("id"), str)}
        self.stopped: set[str] = set()  # people whose keep-in-touch the user dismissed
        self.kept: dict[str, datetime] = {}  # people -> the last keep-in-touch answered done
        for a in self.answers.values():
            if a.get("rule") == "keep_in_touch" and a.get("contact_id"):
                if a.get("status") == "dismissed":
                    self.stopped.add(a["contact_id"])
                elif a.get("status") == "done" and (at := when(a.get("at"))):
                    self.kept[a["contact_id"]] = max(at, self.kept.get(a["contact_id"], at))

    def _round(self, doc: dict, length: timedelta) -> Round | None:
        outcome = doc.get("outcome") or "pending"
        start = when(doc.get("starts_at"))
        try:
            end = when(doc.get("ends_at")) or (start + length if start else None)
        except OverflowError:
            end = None
        if outcome == "cancelled" or end is None or not isinstance(doc.get("id"), str):
            return None  # a cancelled round asks nothing; one without a time cannot be scheduled
        people: list[str] = []
        for slot in doc.get("interviewers") or ():
            person = slot.get("contact_id") if isinstance(slot, dict) else None
            if person in self.contacts and person not in people:  # on a panel twice: thanked once
                people.append(person)
        try:
            decision = date.fromisoformat(doc["decision_by"]) if doc.get("decision_by") else None
        except (TypeError, ValueError):
            decision = None
        days = doc.get("decision_in_days")
        if decision is None and isinstance(days, int) and not isinstance(days, bool) and 0 <= days <= 3650:
            try:
                decision = self.clock.day(end) + timedelta(days=days)
            except OverflowError:
                decision = None
        return Round(
            id=doc["id"], company=doc.get("company") or "", role=doc.get("role") or "",
            start=start or end, end=end, outcome=outcome,
            outcome_at=when(doc.get("outcome_at")) or end, decision_day=decision, people=people,
        )

    def touches(self, person: str) -> list[tuple]:
        """(at, kind, interview_id) of every touch with that person, oldest first; parsed on first use."""
        done = self._touches.get(person)
        if done is None:
            raw = self._raw.get(person, ())
            try:  # the common case in bulk, without a Python-level step per touch
                done = list(zip(map(datetime.fromisoformat, map(_AT, raw)), map(_KIND, raw), map(_IV, raw)))
                if any(t[0].tzinfo is None for t in done):
                    raise ValueError("naive time")
            except (KeyError, TypeError, ValueError):  # odd stored data: keep only the touches that make sense
                done = [(at, t.get("kind"), t.get("interview_id")) for t in raw if (at := when(t.get("at")))]
            done.sort(key=_first)
            self._touches[person] = done
        return done


_AT, _KIND, _IV = itemgetter("at"), itemgetter("kind"), itemgetter("interview_id")


def _first(item: tuple) -> datetime:
    return item[0]
