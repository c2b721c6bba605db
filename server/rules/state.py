"""What the rules read: the stored documents (State) and the same arranged for lookups (Index), built once."""

from __future__ import annotations

from bisect import insort
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter
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

    @classmethod
    def carried(cls, index: "Index", schedule: object, profile: dict) -> "State":
        """A State whose Index and schedule were brought up to date from an earlier one (source.py).

        It holds no document lists: everything the rules read is already in its Index.
        """
        return cls(interviews=[], contacts=index.contacts, touches=[], answers=[], profile=profile,
                   _index=index, _schedule=schedule)


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


_ORDER = attrgetter("end", "id")  # rounds in the order they happened: "once per person" takes the earliest


class Index:
    """The State arranged for the rules: rounds by person, touches by person, answers by reminder id.

    Built from a State's documents once; after that the changes of a store are brought in one document at a
    time (set_contact, set_round, set_touches, set_answer). It keeps what it parsed or copied, except the
    contacts, which whoever brings changes in re-reads for everyone whose entries are re-derived.
    """

    when = staticmethod(when)

    def __init__(self, state: State):
        profile = state.profile or {}
        self.rules = effective(profile.get("rules"))
        schedule = self.rules["schedule"]
        self.clock = Clock(profile.get("timezone"), profile.get("working_days"), schedule["send_hour"])
        self.contacts = state.contacts
        self.length = timedelta(minutes=schedule["default_interview_minutes"])
        self.rounds: dict[str, Round] = {}
        for doc in state.interviews:
            rnd = self._round(doc)
            if rnd is not None:
                self.rounds[rnd.id] = rnd
        self.rounds_of: dict[str, list[Round]] = {}  # each person's rounds, earliest first
        for rnd in sorted(self.rounds.values(), key=_ORDER):
            for person in rnd.people:
                self.rounds_of.setdefault(person, []).append(rnd)
        self._raw: dict[str, list[dict]] = {}
        raw, people = self._raw, self.rounds_of
        for t in state.touches:
            person = t.get("contact_id")
            if person.__class__ is str and person in people:  # only interviewers can have reminders
                raw.setdefault(person, []).append(t)
        self._touches: dict[str, list[tuple]] = {}
        # Until settle(): one datetime per distinct stored moment (imports give thousands of touches the same
        # date; at 100,000 touches one object each is about 5 MB).
        self._moments: _Moments | None = _Moments()
        # Copies: a stored document can change in place, and answers are read again whenever entries are.
        self.answers = {a["id"]: dict(a) for a in state.answers if isinstance(a.get("id"), str)}
        self.stopped: set[str] = set()  # people whose keep-in-touch the user dismissed
        self.kept: dict[str, datetime] = {}  # people -> the last keep-in-touch answered done
        self._keeps: dict[str, set[str]] = {}  # people -> ids of their keep-in-touch answers
        for a in self.answers.values():
            if (person := _keep_person(a)) is not None:
                self._keeps.setdefault(person, set()).add(a["id"])
        for person in self._keeps:
            self._settle_keep(person)

    def _round(self, doc: dict) -> Round | None:
        outcome = doc.get("outcome") or "pending"
        start = when(doc.get("starts_at"))
        try:
            end = when(doc.get("ends_at")) or (start + self.length if start else None)
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
            done = self._touches[person] = _parse(self._raw.pop(person, ()), self._moments)
        return done

    def settle(self) -> None:
        """Parse every interviewer's touches now, so the Index no longer refers to any stored document."""
        for person in self.rounds_of:
            self.touches(person)
        self._raw.clear()
        self._moments = None

    def lacks_touches(self, person: str) -> bool:
        """An interviewer whose touches were never filed here (they joined a panel since the Index was built)."""
        return person in self.rounds_of and person not in self._touches and person not in self._raw

    # -- bringing in changed documents (None: the document is gone) ---------------------------------------
    def set_contact(self, ident: str, doc: dict | None) -> None:
        if doc is None:
            self.contacts.pop(ident, None)
        else:
            self.contacts[ident] = doc

    def set_round(self, ident: str, doc: dict | None) -> tuple[set[str], set[str]]:
        """Re-read one interview: (its people before and after, the people who have no round any more)."""
        old = self.rounds.pop(ident, None)
        new = self._round(doc) if doc is not None and doc.get("id") == ident else None
        gone: set[str] = set()
        for person in old.people if old else ():
            mine = self.rounds_of[person]
            mine.remove(old)
            if not mine:
                del self.rounds_of[person]
                self._touches.pop(person, None)
                self._raw.pop(person, None)
                gone.add(person)
        if new is not None:
            self.rounds[ident] = new
            for person in new.people:
                insort(self.rounds_of.setdefault(person, []), new, key=_ORDER)
                gone.discard(person)
        return {*(old.people if old else ()), *(new.people if new else ())}, gone

    def set_touches(self, person: str, docs: list[dict]) -> None:
        """Every touch with that person, as stored now (only interviewers' touches are kept)."""
        self._raw.pop(person, None)
        if person not in self.rounds_of:
            self._touches.pop(person, None)
            return
        self._touches[person] = _parse(docs)

    def set_answer(self, ident: str, doc: dict | None) -> set[str]:
        """Re-read one answer; returns the people whose keep-in-touch answers it was or is one of."""
        old = self.answers.pop(ident, None)
        if doc is not None:
            self.answers[ident] = doc
        people = {p for p in (_keep_person(old), _keep_person(doc)) if p is not None}
        for person in people:
            ids = self._keeps.setdefault(person, set())
            ids.discard(ident)
            if doc is not None and _keep_person(doc) == person:
                ids.add(ident)
            if not ids:
                del self._keeps[person]
            self._settle_keep(person)
        return people

    def _settle_keep(self, person: str) -> None:
        self.stopped.discard(person)
        self.kept.pop(person, None)
        for ident in self._keeps.get(person, ()):
            a = self.answers[ident]
            if a.get("status") == "dismissed":
                self.stopped.add(person)
            elif a.get("status") == "done" and (at := when(a.get("at"))):
                self.kept[person] = max(at, self.kept.get(person, at))


def _keep_person(answer: dict | None) -> str | None:
    """The person a keep-in-touch answer is about, or None for any other answer."""
    if answer is None or answer.get("rule") != "keep_in_touch":
        return None
    person = answer.get("contact_id")
    return person if isinstance(person, str) and person else None


class _Moments(dict):
    """Stored moment text -> its datetime, each parsed once."""

    def __missing__(self, text):
        moment = self[text] = datetime.fromisoformat(text)
        return moment


def _parse(raw, moments: _Moments | None = None) -> list[tuple]:
    """(at, kind, interview_id) of touch documents, oldest first; touches without a moment are left out."""
    read = datetime.fromisoformat if moments is None else moments.__getitem__
    try:  # the common case in bulk, without a Python-level step per touch
        done = list(zip(map(read, map(_AT, raw)), map(_KIND, raw), map(_IV, raw)))
        if any(t[0].tzinfo is None for t in done):
            raise ValueError("naive time")
    except (KeyError, TypeError, ValueError):  # odd stored data: keep only the touches that make sense
        done = [(at, t.get("kind"), t.get("interview_id")) for t in raw if (at := when(t.get("at")))]
    done.sort(key=_first)
    return done


_AT, _KIND, _IV = itemgetter("at"), itemgetter("kind"), itemgetter("interview_id")


def _first(item: tuple) -> datetime:
    return item[0]
