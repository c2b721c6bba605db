"""The pure engine: interviews, contacts, touches and answers in, the reminders standing at `now` out.

No clock inside: `now` is always an argument. The data is indexed once per State (touches grouped by person,
parsed only for people who were interviewers), so asking for what is due and what is upcoming at the same
moment costs one pass over the touches.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from .clock import Clock
from .conditions import ANCHORS, CONDITIONS, FINAL, SCOPES
from .config import RULE_IDS, effective
from .reminder import Reminder, make_id
from .titles import title, who


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

    @classmethod
    def from_store(cls, store) -> "State":
        from ..profile import load_profile

        return cls(
            interviews=store.all("interviews"),
            contacts={c["id"]: c for c in store.all("contacts")},
            touches=store.all("touches"),
            answers=store.all("answers"),
            profile=load_profile(store),
        )

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
            if person in people:
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
        end = when(doc.get("ends_at")) or (start + length if start else None)
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
            decision = self.clock.day(end) + timedelta(days=days)
        return Round(
            id=doc["id"], company=doc.get("company") or "", role=doc.get("role") or "",
            start=start or end, end=end, outcome=outcome,
            outcome_at=when(doc.get("outcome_at")) or end, decision_day=decision, people=people,
        )

    def touches(self, person: str) -> list[tuple]:
        """(at, kind, interview_id) of every touch with that person, oldest first; parsed on first use."""
        done = self._touches.get(person)
        if done is None:
            done = []
            for t in self._raw.get(person, ()):
                at = when(t.get("at"))
                if at is not None:
                    done.append((at, t.get("kind"), t.get("interview_id") or None))
            done.sort(key=lambda x: x[0])
            self._touches[person] = done
        return done


class Case:
    """One rule applied to one round and, for personal rules, one person."""

    __slots__ = ("idx", "round", "contact", "rule", "rule_id", "personal", "_pairs")

    def __init__(self, idx: Index, rnd: Round, contact: str | None, personal: bool):
        self.idx, self.round, self.contact, self.personal = idx, rnd, contact, personal
        self.rule: dict = {}
        self.rule_id = ""
        self._pairs: dict[str, list[tuple]] = {}

    def rid(self, n: int = 1) -> str:
        return make_id(self.rule_id, self.round.id, self.contact if self.personal else None, n)

    def pair_touches(self, person: str | None = None) -> list[tuple]:
        """Touches with the person about this round (or logged without a round once it had started)."""
        person = person or self.contact
        if person is None:
            return []
        got = self._pairs.get(person)
        if got is None:
            rid, start = self.round.id, self.round.start
            got = [t for t in self.idx.touches(person) if t[2] == rid or (t[2] is None and t[0] >= start)]
            self._pairs[person] = got
        return got

    def interview_touches(self) -> list[tuple]:
        return [t for person in self.round.people for t in self.pair_touches(person)]


def _consider(case: Case, now: datetime, until: datetime | None) -> tuple[bool, Reminder | None]:
    """Whether the rule applies to the case at all, and the reminder it stands at (None when ended)."""
    rule, idx = case.rule, case.idx
    for name in rule["when"]:
        if not CONDITIONS[name](case):
            return False, None
    if rule["ends_on"] and any(t[1] in rule["ends_on"] for t in SCOPES[rule["ends_scope"]](case)):
        return True, None
    got = ANCHORS[rule["anchor"]](case)
    if got is None:
        return True, None
    due_at, n = got
    rid = case.rid(n)
    answer = idx.answers.get(rid)
    snoozed = None
    if answer is not None:
        status = answer.get("status")
        if status == "dismissed" or (status == "done" and not rule.get("repeats")):
            return True, None
        if status == "snoozed":
            end = when(answer.get("until"))
            if end is not None and end > now and end > due_at:
                snoozed = end
    if until is not None and (snoozed or due_at) > until:
        return True, None
    hours = rule.get("overdue_after_hours")
    deadline = due_at + timedelta(hours=hours) if hours else None
    if snoozed:
        status = "snoozed"
    elif due_at > now:
        status = "upcoming"
    else:
        status = "overdue" if deadline is not None and now >= deadline else "due"
    rnd = case.round
    person = idx.contacts.get(case.contact) if case.contact else None
    name = (person or {}).get("name") or None
    text = title(rule["title"], status, due_at, deadline, snoozed, now, idx.clock.tz,
                 who=who(name, rnd.company, rnd.role), company=rnd.company or "the company")
    return True, Reminder(rid, case.rule_id, case.contact, rnd.id, due_at, deadline, status, text,
                          rule.get("draft_kind") or None, rule.get("done_touch") or None, snoozed)


def evaluate(state: State, now: datetime, until: datetime | None = None) -> list[Reminder]:
    """Every reminder standing at `now` whose time (due, or end of snooze) is at or before `until`."""
    idx = state.index()
    active = [(r, idx.rules[r]) for r in RULE_IDS if idx.rules[r].get("enabled", True)]
    by_scope = {s: [(r, rule) for r, rule in active if rule["scope"] == s] for s in ("interviewer", "interview", "contact")}
    out: list[Reminder] = []
    seen: dict[str, set[str]] = {r: set() for r, _ in active}

    def run(case: Case, rules: list) -> None:
        for rule_id, rule in rules:
            once = rule.get("once_per_person")
            if once and case.contact in seen[rule_id]:
                continue
            case.rule, case.rule_id = rule, rule_id
            applies, reminder = _consider(case, now, until)
            if applies and once:
                seen[rule_id].add(case.contact)
            if reminder is not None:
                out.append(reminder)

    for rnd in idx.rounds:
        for person in rnd.people:
            run(Case(idx, rnd, person, True), by_scope["interviewer"])
        if by_scope["interview"]:
            run(Case(idx, rnd, rnd.people[0] if rnd.people else None, False), by_scope["interview"])
    if by_scope["contact"]:
        for person, rounds in idx.rounds_of.items():
            latest = max(rounds, key=lambda r: (r.outcome in FINAL, r.outcome_at))
            run(Case(idx, latest, person, True), by_scope["contact"])
    order = {r: i for i, r in enumerate(RULE_IDS)}
    out.sort(key=lambda r: (r.at, order[r.rule], r.id))
    return out


def due(state: State, now: datetime) -> list[Reminder]:
    """What asks for action at `now`: due and overdue reminders (a snoozed one waits for its snooze to end)."""
    return [r for r in evaluate(state, now, now) if r.status in ("due", "overdue")]


def upcoming(state: State, now: datetime, horizon: timedelta) -> list[Reminder]:
    """What comes due after `now` and up to `now + horizon`, and snoozes that end in that time."""
    return [r for r in evaluate(state, now, now + horizon) if r.at > now]


def find(state: State, now: datetime, rid: str) -> Reminder | None:
    """The reminder with that id as it stands at `now`, however far ahead it is due."""
    return next((r for r in evaluate(state, now) if r.id == rid), None)
