"""The pure engine: a State in, the reminders standing at a moment `now` out.

No clock inside: `now` is always an argument. Which reminders exist and when they fall due depends only on
the data, so that part (the Schedule) is worked out once per State, sorted by time; asking what is due and
what is upcoming at some `now` is then a binary search plus the reminders it returns.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from .conditions import ANCHORS, CONDITIONS, FINAL, PERSON_WIDE, SCOPES
from .config import RULE_IDS
from .reminder import Reminder, make_id
from .state import Index, Round, State, when
from .titles import Face, Wording, who

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
    _made: dict | None = field(default=None, repr=False, compare=False)  # (status, reach) -> Reminder

    def sort_key(self) -> tuple:
        return (self.due_at, ORDER[self.rule], self.interview_id, self.seat, self.id)

    def at(self, now: datetime) -> datetime:
        """When it asks for attention at `now`: the end of a running snooze, else when it falls due."""
        return self.snooze if self.snooze is not None and self.snooze > now else self.due_at

    def standing(self, now: datetime, wording: Wording) -> Reminder:
        """The reminder as it stands at `now`, titled in the user's timezone (wording: at that `now`).

        What it says depends on `now` only through its status and how far off the moment it names is (near,
        this year, another year), so each such Reminder is made once and handed out again.
        """
        snooze, deadline = self.snooze, self.deadline_at
        if snooze is not None and snooze > now:
            status, moment = "snoozed", snooze
        elif self.due_at > now:
            status, moment = "upcoming", deadline or self.due_at
        else:
            status = "overdue" if deadline is not None and now >= deadline else "due"
            moment = deadline or self.due_at
        key = (status, wording.reach(moment))
        made = self._made
        if made is None:
            made = self._made = {}
        got = made.get(key)
        if got is None:
            snoozed = snooze if status == "snoozed" else None
            text = f"{self.head} — {wording.tail(status, self.due_at, deadline, snoozed)}"
            got = made[key] = Reminder(self.id, self.rule, self.contact_id, self.interview_id, self.due_at, deadline,
                                       status, text, self.draft_kind, self.done_touch, snoozed, self.head)
        return got


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


class Plan:
    """The enabled rules grouped by what their reminders depend on.

    A round's own reminders (per interviewer, per interview, about the company) depend only on that round,
    its people and their touches, and the answers to them. A person's reminders (once per person, or per
    contact) depend on all of that person's rounds. So a change in the data re-derives a few groups.
    """

    def __init__(self, rules: dict):
        active = [(r, rules[r]) for r in RULE_IDS if rules[r].get("enabled", True)]
        for rule_id, rule in active:
            if rule.get("once_per_person") and rule["scope"] != "interviewer":
                raise RuntimeError(f"{rule_id}: once_per_person is for rules with the interviewer scope")
            if rule["scope"] != "contact" and PERSON_WIDE.intersection(rule["when"]):
                raise RuntimeError(f"{rule_id}: {sorted(PERSON_WIDE)} read every round of a person: contact scope only")
        def scoped(scope: str, once: bool = False) -> list[tuple[str, dict]]:
            return [(r, x) for r, x in active if x["scope"] == scope and bool(x.get("once_per_person")) == once]

        self.interviewer, self.once = scoped("interviewer"), scoped("interviewer", once=True)
        self.interview, self.company, self.contact = scoped("interview"), scoped("company"), scoped("contact")


def _run(case: Case, rules: list, out: list[Entry]) -> None:
    for rule_id, rule in rules:
        case.rule, case.rule_id = rule, rule_id
        entry = _consider(case)[1]
        if entry is not None:
            out.append(entry)


def round_entries(idx: Index, plan: Plan, rnd: Round) -> list[Entry]:
    """The reminders one round asks for, whatever the moment: its own, not those once per person."""
    out: list[Entry] = []
    for person in rnd.people:
        _run(Case(idx, rnd, person, True), plan.interviewer, out)
    if plan.interview:
        _run(Case(idx, rnd, rnd.people[0] if rnd.people else None, False), plan.interview, out)
    if plan.company:
        _run(Case(idx, rnd, None, False), plan.company, out)
    return out


def person_entries(idx: Index, plan: Plan, person: str) -> list[Entry]:
    """The reminders one person gets across their rounds: once per person (the earliest round it applies to)
    and per contact (from their latest round)."""
    rounds = idx.rounds_of.get(person)
    out: list[Entry] = []
    if not rounds:
        return out
    waiting = list(plan.once)
    for rnd in rounds:  # earliest first
        if not waiting:
            break
        case = Case(idx, rnd, person, True)
        for pair in list(waiting):
            case.rule_id, case.rule = pair
            applies, entry = _consider(case)
            if applies:
                waiting.remove(pair)
            if entry is not None:
                out.append(entry)
    if plan.contact:
        latest: Round = max(rounds, key=lambda r: (r.outcome in FINAL, r.outcome_at))  # ties: the earliest
        _run(Case(idx, latest, person, True), plan.contact, out)
    return out


class Schedule:
    """The entries of a State sorted by due time, with the few that are snoozed kept apart.

    Entries are kept by the group that asked for them (a round, a person), so that after a change in the
    data `revised` re-derives only the groups the change can affect; the result is the same as a Schedule
    built afresh. What readers use of a Schedule never changes once built: they may hold it without a lock.
    """

    def __init__(self, idx: Index):
        self.tz = idx.clock.tz
        self.face = Face(self.tz)
        self.plan = Plan(idx.rules)
        self.of_round = {r: round_entries(idx, self.plan, rnd) for r, rnd in idx.rounds.items()}
        self.of_person = {p: person_entries(idx, self.plan, p) for p in idx.rounds_of}
        entries = [e for group in (self.of_round, self.of_person) for es in group.values() for e in es]
        self.by_id = {e.id: e for e in entries}
        self.plain = sorted((e for e in entries if e.snooze is None), key=Entry.sort_key)
        self.times = [e.due_at for e in self.plain]
        self.snoozed = [e for e in entries if e.snooze is not None]

    def revised(self, idx: Index, rounds: set[str], people: set[str]) -> "Schedule":
        """A new Schedule for the updated Index, re-deriving the entries of those rounds and people only."""
        new = object.__new__(Schedule)
        new.tz, new.face, new.plan = self.tz, self.face, self.plan
        # The groups move on to the new Schedule (only the newest is ever revised); what readers use is copied.
        new.of_round, new.of_person = self.of_round, self.of_person
        self.of_round = self.of_person = None  # type: ignore[assignment]
        new.by_id, new.plain, new.times = dict(self.by_id), list(self.plain), list(self.times)
        old: list[Entry] = []
        fresh: list[Entry] = []
        for ident in rounds:
            old += new.of_round.pop(ident, ())
            if (rnd := idx.rounds.get(ident)) is not None:
                fresh += new.of_round.setdefault(ident, round_entries(idx, self.plan, rnd))
        for person in people:
            old += new.of_person.pop(person, ())
            if person in idx.rounds_of:
                fresh += new.of_person.setdefault(person, person_entries(idx, self.plan, person))
        plain, times = new.plain, new.times
        for e in old:
            if new.by_id.get(e.id) is e:
                del new.by_id[e.id]
            if e.snooze is None:
                i = bisect_left(times, e.due_at)
                while plain[i] is not e:
                    i += 1
                del plain[i], times[i]
        for e in fresh:
            new.by_id[e.id] = e
            if e.snooze is None:
                i = bisect_left(plain, e.sort_key(), key=Entry.sort_key)
                plain.insert(i, e)
                times.insert(i, e.due_at)
        gone = {id(e) for e in old}
        new.snoozed = [e for e in self.snoozed if id(e) not in gone] + [e for e in fresh if e.snooze is not None]
        return new

    def between(self, now: datetime, after: datetime | None, until: datetime | None) -> list[Reminder]:
        """Reminders standing at `now` whose time is after `after` (if given) and at or before `until` (if given)."""
        lo = 0 if after is None else bisect_right(self.times, after)
        hi = len(self.times) if until is None else bisect_right(self.times, until)
        picked = self.plain[lo:hi]
        extra = [e for e in self.snoozed
                 if (after is None or e.at(now) > after) and (until is None or e.at(now) <= until)]
        if extra:
            picked = sorted(picked + extra, key=lambda e: (e.at(now), *e.sort_key()[1:]))
        wording = self.face.at(now)
        return [e.standing(now, wording) for e in picked]


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
    now = _utc(now)
    return entry.standing(now, schedule(state).face.at(now)) if entry else None
