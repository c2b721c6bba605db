"""The pure engine: a State in, the reminders standing at a moment `now` out.

No clock inside: `now` is always an argument. Which reminders exist and when they fall due depends only on
the data, so that part (the Schedule) is worked out once per State, sorted by time; asking what is due and
what is upcoming at some `now` is then a binary search plus the reminders it returns.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from .conditions import ANCHORS, CONDITIONS, FINAL, SCOPES
from .config import RULE_IDS
from .reminder import Reminder, make_id
from .state import Index, Round, State, when
from .titles import Face, who

ORDER = {r: i for i, r in enumerate(RULE_IDS)}
LAST_YEAR = 9999
UTC = timezone.utc


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
            got = [t for t in self.idx.touches(person) if t[2] == rid or (not t[2] and t[0] >= start)]
            self._pairs[person] = got
        return got

    def interview_touches(self) -> list[tuple]:
        return [t for person in self.round.people for t in self.pair_touches(person)]


@dataclass(slots=True)
class Entry:
    """A reminder before `now` is known: who, what, when due, by when, snoozed until, and its wording."""

    id: str
    rule: str
    contact_id: str | None
    interview_id: str
    due_at: datetime  # UTC, for fast comparison
    deadline_at: datetime | None
    snooze: datetime | None  # the end of a snooze that runs past due_at
    draft_kind: str | None
    done_touch: str | None
    head: str  # the rule's title filled in: "Thank Ana Lima (Acme, Staff Engineer)"
    seat: int = 0  # the person's place on the panel: a panel's reminders are listed in its order

    def sort_key(self) -> tuple:
        return (self.due_at, ORDER[self.rule], self.interview_id, self.seat, self.id)

    def at(self, now: datetime) -> datetime:
        """When it asks for attention at `now`: the end of a running snooze, else when it falls due."""
        return self.snooze if self.snooze is not None and self.snooze > now else self.due_at

    def standing(self, now: datetime, face: Face) -> Reminder:
        """The reminder as it stands at `now`, titled in the user's timezone."""
        snoozed = self.snooze if self.snooze is not None and self.snooze > now else None
        if snoozed:
            status = "snoozed"
        elif self.due_at > now:
            status = "upcoming"
        else:
            status = "overdue" if self.deadline_at is not None and now >= self.deadline_at else "due"
        text = f"{self.head} — {face.tail(status, self.due_at, self.deadline_at, snoozed, now)}"
        return Reminder(self.id, self.rule, self.contact_id, self.interview_id, self.due_at, self.deadline_at,
                        status, text, self.draft_kind, self.done_touch, snoozed, self.head)


def _consider(case: Case) -> tuple[bool, Entry | None]:
    """Whether the rule applies to the case at all, and the reminder it asks for (None when it has ended)."""
    rule, idx = case.rule, case.idx
    for name in rule["when"]:
        if not CONDITIONS[name](case):
            return False, None
    if rule["ends_on"] and any(t[1] in rule["ends_on"] for t in SCOPES[rule["ends_scope"]](case)):
        return True, None
    hours = rule.get("overdue_after_hours")
    try:
        got = ANCHORS[rule["anchor"]](case)
        if got is None:
            return True, None
        due_at, n = got
        due_at = due_at.astimezone(UTC)
        deadline = due_at + timedelta(hours=hours) if hours else None
    except OverflowError:  # a date at the end of the calendar: nothing can fall due after it
        return True, None
    if due_at.year >= LAST_YEAR or (deadline and deadline.year >= LAST_YEAR):
        return True, None  # local time may already be past year 9999, which no datetime can hold
    rid = case.rid(n)
    answer = idx.answers.get(rid)
    snooze = None
    if answer is not None:
        status = answer.get("status")
        if status == "dismissed" or (status == "done" and not rule.get("repeats")):
            return True, None
        end = when(answer.get("until")) if status == "snoozed" else None
        if end is not None and end > due_at:
            snooze = end.astimezone(UTC)
    rnd = case.round
    person = idx.contacts.get(case.contact) if case.contact else None
    return True, Entry(
        rid, case.rule_id, case.contact, rnd.id, due_at, deadline, snooze,
        rule.get("draft_kind") or None, rule.get("done_touch") or None,
        rule["title"].format(who=who((person or {}).get("name") or None, rnd.company, rnd.role),
                             company=rnd.company or "the company"),
        rnd.people.index(case.contact) if case.personal and case.contact in rnd.people else 0,
    )


def _entries(idx: Index) -> list[Entry]:
    """Every reminder the data asks for, whatever the moment."""
    active = [(r, idx.rules[r]) for r in RULE_IDS if idx.rules[r].get("enabled", True)]
    by_scope = {s: [(r, rule) for r, rule in active if rule["scope"] == s]
                for s in ("interviewer", "interview", "company", "contact")}
    out: list[Entry] = []
    seen: dict[str, set[str]] = {r: set() for r, _ in active}

    def run(case: Case, rules: list) -> None:
        for rule_id, rule in rules:
            once = rule.get("once_per_person")
            if once and case.contact in seen[rule_id]:
                continue
            case.rule, case.rule_id = rule, rule_id
            applies, entry = _consider(case)
            if applies and once:
                seen[rule_id].add(case.contact)
            if entry is not None:
                out.append(entry)

    for rnd in idx.rounds:
        for person in rnd.people:
            run(Case(idx, rnd, person, True), by_scope["interviewer"])
        if by_scope["interview"]:
            run(Case(idx, rnd, rnd.people[0] if rnd.people else None, False), by_scope["interview"])
        if by_scope["company"]:
            run(Case(idx, rnd, None, False), by_scope["company"])
    if by_scope["contact"]:
        for person, rounds in idx.rounds_of.items():
            latest: Round = max(rounds, key=lambda r: (r.outcome in FINAL, r.outcome_at))
            run(Case(idx, latest, person, True), by_scope["contact"])
    return out


class Schedule:
    """The entries of a State sorted by due time, with the few that are snoozed kept apart."""

    def __init__(self, idx: Index):
        self.tz = idx.clock.tz
        self.face = Face(self.tz)
        entries = _entries(idx)
        self.by_id = {e.id: e for e in entries}
        self.plain = sorted((e for e in entries if e.snooze is None), key=Entry.sort_key)
        self.times = [e.due_at for e in self.plain]
        self.snoozed = [e for e in entries if e.snooze is not None]

    def between(self, now: datetime, after: datetime | None, until: datetime | None) -> list[Reminder]:
        """Reminders standing at `now` whose time is after `after` (if given) and at or before `until` (if given)."""
        lo = 0 if after is None else bisect_right(self.times, after)
        hi = len(self.times) if until is None else bisect_right(self.times, until)
        picked = self.plain[lo:hi]
        extra = [e for e in self.snoozed
                 if (after is None or e.at(now) > after) and (until is None or e.at(now) <= until)]
        if extra:
            picked = sorted(picked + extra, key=lambda e: (e.at(now), *e.sort_key()[1:]))
        return [e.standing(now, self.face) for e in picked]


def schedule(state: State) -> Schedule:
    """The State's schedule, worked out on first use and kept with it."""
    if state._schedule is None:
        state._schedule = Schedule(state.index())
    return state._schedule  # type: ignore[return-value]


def _utc(now: datetime) -> datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(UTC)


def evaluate(state: State, now: datetime, until: datetime | None = None) -> list[Reminder]:
    """Every reminder standing at `now` whose time (due, or end of a snooze) is at or before `until`."""
    now = _utc(now)
    return schedule(state).between(now, None, until)


def due(state: State, now: datetime) -> list[Reminder]:
    """What asks for action at `now`: due and overdue reminders (a snoozed one waits for its snooze to end)."""
    now = _utc(now)
    return schedule(state).between(now, None, now)


def upcoming(state: State, now: datetime, horizon: timedelta) -> list[Reminder]:
    """What falls due after `now` and up to `now + horizon`, and snoozes that end in that time."""
    now = _utc(now)
    return schedule(state).between(now, now, now + horizon)


def find(state: State, now: datetime, rid: str) -> Reminder | None:
    """The reminder with that id as it stands at `now`, however far ahead it falls due."""
    entry = schedule(state).by_id.get(rid)
    return entry.standing(_utc(now), schedule(state).face) if entry else None
