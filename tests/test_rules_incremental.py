"""The schedule brought up to date after each write gives exactly what building it afresh gives.

Random sequences of writes go through a real Store (contacts, interviews, touches, answers as the API makes
them, odd stored data, transactions that roll back, profile changes); after each one, due, upcoming and
every standing reminder at random moments must be the same from read_state (updated change by change) as
from a State built from scratch.
"""

from __future__ import annotations

import os
import tempfile
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from rules_world import at

from server.profile import PROFILE_ID, load_profile
from server.rules import State, answers, due, evaluate, find, schedule, upcoming
from server.rules.clock import WEEKDAYS
from server.rules.source import read_state
from server.schemas import OUTCOMES, TOUCH_KINDS
from server.storage import Store

ZONES = ("Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC")
NAMES = ("Ana Lima", "Ben Okafor", "Chen Wei", "Dara Nolan", "Eve Stone", "")
pick = st.integers(0, 1_000)  # which of the stored documents (modulo how many there are)
day = st.integers(0, 90)
moment = st.builds(lambda d, h: at(d, f"{h:02d}:30"), st.integers(-3, 300), st.integers(0, 23))


class Rollback(Exception):
    """Raised inside a transaction to undo its writes."""


def fresh(store: Store) -> State:
    """A State built from scratch out of copies of what is stored."""
    return State(interviews=store.all("interviews"), contacts={c["id"]: c for c in store.all("contacts")},
                 touches=store.all("touches"), answers=store.all("answers"), profile=load_profile(store))


class Writes(RuleBasedStateMachine):
    """One Store, written to at random; after every write the updated State must equal one built afresh."""

    def __init__(self):
        super().__init__()
        # in memory where there is a tmpfs: the journal's fsyncs are not what this test is about
        self.tmp = tempfile.TemporaryDirectory(dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
        self.store = Store(self.tmp.name)
        self.kept_index = None  # the Index the last read_state used, which the next one should carry on
        self.rebuild = True  # a write that changes every date: the next read_state builds a new Index
        self.seen: set[str] = set()  # ids of every reminder that stood at some point

    def teardown(self):
        self.store.close()
        self.tmp.cleanup()

    def ids(self, table: str) -> list[str]:
        return [i for i, _ in self.store.items(table)]

    def one(self, table: str, n: int) -> str | None:
        ids = self.ids(table)
        return ids[n % len(ids)] if ids else None

    @initialize(zone=st.sampled_from(ZONES), people=st.integers(1, 5), moments=st.lists(moment, min_size=1, max_size=3),
                days=st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=7, unique=True))
    def start(self, zone, days, people, moments):
        self.moments = moments
        self.store.put("settings", PROFILE_ID, {"timezone": zone, "working_days": days, "rules": {}})
        for name in NAMES[:people]:
            self.store.insert("contacts", {"name": name})

    # -- contacts ----------------------------------------------------------------------------------------
    @rule(name=st.sampled_from(NAMES))
    def add_contact(self, name):
        self.store.insert("contacts", {"name": name})

    @rule(n=pick, name=st.sampled_from(NAMES), keep=st.sampled_from([None, True, False]))
    def edit_contact(self, n, name, keep):
        if ident := self.one("contacts", n):
            self.store.update("contacts", ident, {"name": name, "keep_in_touch": keep})

    @rule(n=pick)
    def remove_contact(self, n):  # only the contact: its touches and panel seats stay, naming no one known
        if ident := self.one("contacts", n):
            self.store.remove("contacts", ident)

    # -- interviews --------------------------------------------------------------------------------------
    def panel(self, seats: list[int]) -> list[dict]:
        people = self.ids("contacts") + ["gone"]
        return [{"contact_id": people[s % len(people)], "topics": []} for s in seats]

    @rule(seats=st.lists(pick, max_size=4), start=day, hour=st.integers(7, 19), minutes=st.sampled_from([None, 30, 90]),
          outcome=st.sampled_from(OUTCOMES), later=st.integers(0, 40), decision=st.sampled_from([None, "by", "in"]))
    def add_interview(self, seats, start, hour, minutes, outcome, later, decision):
        begins = at(start, f"{hour:02d}:00")
        ends = begins + timedelta(minutes=minutes) if minutes else None
        self.store.insert("interviews", {
            "company": "Acme", "role": "SRE", "starts_at": begins.isoformat(),
            "ends_at": ends.isoformat() if ends else None, "interviewers": self.panel(seats),
            "decision_by": (begins + timedelta(days=later)).date().isoformat() if decision == "by" else None,
            "decision_in_days": later if decision == "in" else None,
            "outcome": outcome,
            "outcome_at": None if outcome == "pending" else (begins + timedelta(days=later)).isoformat(),
        })

    @rule(n=pick, outcome=st.sampled_from(OUTCOMES), when=day)
    def decide(self, n, outcome, when):
        if ident := self.one("interviews", n):
            self.store.update("interviews", ident, {"outcome": outcome, "outcome_at": at(when, "15:00").isoformat()})

    @rule(n=pick, seats=st.lists(pick, max_size=4), start=day)
    def reschedule(self, n, seats, start):
        if ident := self.one("interviews", n):
            self.store.update("interviews", ident, {"interviewers": self.panel(seats),
                                                    "starts_at": at(start, "10:00").isoformat(),
                                                    "ends_at": at(start, "11:00").isoformat()})

    @rule(n=pick)
    def remove_interview(self, n):
        if ident := self.one("interviews", n):
            self.store.remove("interviews", ident)

    # -- touches -----------------------------------------------------------------------------------------
    def seats(self) -> list[tuple[str, str]]:
        """(interview, person) of every known person on a panel."""
        known = set(self.ids("contacts"))
        return [(iv["id"], seat["contact_id"]) for iv in self.store.scan("interviews")
                for seat in iv["interviewers"] if seat["contact_id"] in known]

    @rule(n=pick, about=st.sampled_from(["its interview", "no interview", "anyone"]), kind=st.sampled_from(TOUCH_KINDS),
          when=st.integers(0, 120))
    def log_touch(self, n, about, kind, when):
        """Mostly with someone on a panel (about that interview, or none), sometimes with anyone at all."""
        seats = self.seats()
        if about == "anyone" or not seats:
            people = self.ids("contacts") + ["gone"]
            iv, person = self.one("interviews", n), people[n % len(people)]
        else:
            iv, person = seats[n % len(seats)]
        self.store.insert("touches", {"contact_id": person, "interview_id": iv if about != "no interview" else None,
                                      "kind": kind, "at": at(when, "12:00").isoformat(), "note": None})

    @rule(n=pick, person=pick, when=st.integers(0, 200), kind=st.sampled_from(TOUCH_KINDS))
    def edit_touch(self, n, person, when, kind):  # as merging two contacts moves touches over
        if ident := self.one("touches", n):
            self.store.update("touches", ident, {"contact_id": self.one("contacts", person), "kind": kind,
                                                 "at": at(when, "08:00").isoformat()})

    @rule(n=pick)
    def remove_touch(self, n):
        if ident := self.one("touches", n):
            self.store.remove("touches", ident)

    # -- answers -----------------------------------------------------------------------------------------
    @rule(now=moment, n=pick, status=st.sampled_from(answers.STATUSES), days=st.integers(1, 40))
    def answer(self, now, n, status, days):
        """What POST /reminders/<id>/done|snooze|dismiss does: one transaction, a touch for done."""
        standing = evaluate(fresh(self.store), now)
        if not standing:
            return
        reminder = standing[n % len(standing)]
        with self.store.transaction():
            if status == "done" and (touch := answers.touch(reminder, now)):
                self.store.insert("touches", touch)
            doc = answers.answer(reminder, status, now, now + timedelta(days=days) if status == "snoozed" else None)
            self.store.put("answers", doc["id"], doc)

    @rule(person=pick, status=st.sampled_from(["done", "dismissed"]), when=st.integers(0, 200),
          tail=st.sampled_from(["x", "a:b", ""]))
    def odd_answer(self, person, status, when, tail):
        """An answer the engine never asked for, about someone seen through: only its keep-in-touch part counts."""
        seated = [seat["contact_id"] for iv in self.store.scan("interviews") for seat in iv["interviewers"]
                  if iv.get("outcome") not in ("pending", "cancelled")]
        doc = {"rule": "keep_in_touch", "contact_id": seated[person % len(seated)] if seated else None,
               "interview_id": None, "status": status, "at": at(when, "09:00").isoformat()}
        self.store.put("answers", f"keep_in_touch:{tail}", doc) if tail else self.store.insert("answers", doc)

    @rule(n=pick)
    def remove_answer(self, n):
        if ident := self.one("answers", n):
            self.store.remove("answers", ident)

    # -- several writes at once, writes undone, settings ---------------------------------------------------
    @rule(n=pick, name=st.sampled_from(NAMES), outcome=st.sampled_from(OUTCOMES), when=st.integers(0, 200))
    def rolled_back(self, n, name, outcome, when):
        """Changes in place that a failed transaction undoes leave nothing behind."""
        seats = self.seats()
        with pytest.raises(Rollback), self.store.transaction():
            if seats:  # someone whose reminders carry their name
                self.store.update("contacts", seats[n % len(seats)][1], {"name": name, "keep_in_touch": False})
            for table, fields in (("contacts", {"name": name, "keep_in_touch": False}),
                                  ("interviews", {"outcome": outcome}),
                                  ("touches", {"at": at(when, "07:00").isoformat(), "kind": "reply"}),
                                  ("answers", {"status": "dismissed"})):
                if ident := self.one(table, n):
                    self.store.update(table, ident, fields)
            raise Rollback

    @rule(n=pick, m=pick, outcome=st.sampled_from(OUTCOMES), when=day)
    def merge_like(self, n, m, outcome, when):
        """Several tables in one transaction: a touch moves, an interview is decided, a contact goes."""
        with self.store.transaction():
            if (touch := self.one("touches", n)) and (person := self.one("contacts", m)):
                self.store.update("touches", touch, {"contact_id": person})
            if iv := self.one("interviews", m):
                self.store.update("interviews", iv, {"outcome": outcome, "outcome_at": at(when, "10:00").isoformat()})
            if person := self.one("contacts", n):
                self.store.remove("contacts", person)

    @rule(zone=st.sampled_from(ZONES), every=st.integers(1, 120), thanks=st.booleans())
    def change_profile(self, zone, every, thanks):
        profile = self.store.get("settings", PROFILE_ID)
        profile["rules"] = {"keep_in_touch": {"every_days": every}, "thank_you": {"enabled": thanks},
                            "connect": {"enabled": not thanks}}
        self.store.put("settings", PROFILE_ID, {**profile, "timezone": zone})
        self.rebuild = True

    @rule()
    def other_setting(self):
        self.store.put("settings", "paired_origins", {"origins": ["chrome-extension://abc"]})

    # -- the property ------------------------------------------------------------------------------------
    @invariant()
    def updated_equals_built_afresh(self):
        state, scratch = read_state(self.store), fresh(self.store)
        if not self.rebuild:  # the update really was one, not a rebuild in disguise
            assert state.index() is self.kept_index
        self.kept_index, self.rebuild = state.index(), False
        for now in self.moments:
            assert due(state, now) == due(scratch, now)
            assert upcoming(state, now, timedelta(days=14)) == upcoming(scratch, now, timedelta(days=14))
            standing = evaluate(scratch, now)
            assert evaluate(state, now) == standing
            self.seen |= {r.id for r in standing}
            for rid in self.seen:  # by id too, including reminders that have ended since
                assert find(state, now, rid) == find(scratch, now, rid)


Writes.TestCase.settings = settings(max_examples=150, stateful_step_count=30, deadline=None,
                                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
test_updates_give_what_a_rebuild_gives = Writes.TestCase


# -- sequences too particular to leave to chance ----------------------------------------------------------
@pytest.fixture
def store():
    with tempfile.TemporaryDirectory(dir="/dev/shm" if os.path.isdir("/dev/shm") else None) as tmp:
        s = Store(tmp)
        yield s
        s.close()


def interview(store: Store, people: list[str], **fields) -> str:
    """Tue 3 Mar 2026, 10:00-11:00 at Acme with these people."""
    doc = {"company": "Acme", "starts_at": at(0, "10:00").isoformat(), "ends_at": at(0, "11:00").isoformat(),
           "interviewers": [{"contact_id": p} for p in people], "outcome": "pending", **fields}
    return store.insert("interviews", doc)["id"]


def touch(store: Store, person: str, kind: str, when, iv: str | None = None) -> str:
    doc = {"contact_id": person, "interview_id": iv, "kind": kind, "at": when.isoformat()}
    return store.insert("touches", doc)["id"]


def same_as_afresh(store: Store, now) -> list:
    state = read_state(store)
    assert evaluate(state, now) == evaluate(fresh(store), now)
    return evaluate(state, now)


def test_a_touch_the_first_build_never_read_is_still_read_as_committed(store):
    """Nothing reads Ana's touches at first (her keep-in-touch is off); a rolled-back edit of one changes the
    stored document in place; turning keep-in-touch on must then read the touch as committed."""
    store.put("settings", PROFILE_ID, {"timezone": "Europe/Berlin", "rules": {"connect": {"enabled": False}}})
    ana = store.insert("contacts", {"name": "Ana Lima", "keep_in_touch": False})["id"]
    interview(store, [ana], outcome="withdrawn", outcome_at=at(5, "10:00").isoformat())
    message = touch(store, ana, "message", at(50, "12:00"))
    assert same_as_afresh(store, at(60)) == []
    with pytest.raises(Rollback), store.transaction():
        store.update("touches", message, {"at": at(100, "12:00").isoformat()})
        raise Rollback
    store.update("contacts", ana, {"keep_in_touch": True})
    [kept] = same_as_afresh(store, at(200))
    assert kept.due_at == at(140, "12:00")  # 90 days after the message as committed


def test_someone_who_leaves_a_panel_and_comes_back_keeps_the_touches_logged_meanwhile(store):
    ana = store.insert("contacts", {"name": "Ana Lima"})["id"]
    iv = interview(store, [ana])
    assert "thank_you" in {r.rule for r in same_as_afresh(store, at(0, "12:00"))}
    store.update("interviews", iv, {"interviewers": []})
    same_as_afresh(store, at(0, "12:00"))
    touch(store, ana, "thank_you", at(0, "11:30"), iv)
    same_as_afresh(store, at(0, "12:00"))
    store.update("interviews", iv, {"interviewers": [{"contact_id": ana}]})
    assert "thank_you" not in {r.rule for r in same_as_afresh(store, at(0, "12:00"))}


def test_a_profile_change_builds_afresh_and_other_settings_change_nothing(store):
    ana = store.insert("contacts", {"name": "Ana Lima"})["id"]
    interview(store, [ana])
    first = read_state(store)
    store.put("settings", "paired_origins", {"origins": ["chrome-extension://abc"]})
    assert read_state(store).index() is first.index()
    assert schedule(read_state(store)).plain == schedule(first).plain
    store.put("settings", PROFILE_ID, {"timezone": "Asia/Kolkata"})
    assert read_state(store).index() is not first.index()
    same_as_afresh(store, at(0, "12:00"))


def test_a_touch_logged_after_the_build_can_move_to_someone_else(store):
    """As merging two contacts does: the thank-you it ended comes back for the one it no longer is with."""
    ana, ben = (store.insert("contacts", {"name": n})["id"] for n in ("Ana Lima", "Ben Okafor"))
    iv = interview(store, [ana])
    same_as_afresh(store, at(0, "12:00"))
    thanks = touch(store, ana, "thank_you", at(0, "11:30"), iv)
    assert "thank_you" not in {r.rule for r in same_as_afresh(store, at(0, "12:00"))}
    store.update("touches", thanks, {"contact_id": ben})
    assert "thank_you" in {r.rule for r in same_as_afresh(store, at(0, "12:00"))}


def test_a_snoozed_reminder_that_a_touch_ends_is_gone(store):
    ana = store.insert("contacts", {"name": "Ana Lima"})["id"]
    iv = interview(store, [ana])
    [thank] = [r for r in same_as_afresh(store, at(0, "12:00")) if r.rule == "thank_you"]
    doc = answers.answer(thank, "snoozed", at(0, "12:00"), until=at(0, "18:00"))
    store.put("answers", doc["id"], doc)
    assert thank.id in {r.id for r in same_as_afresh(store, at(0, "17:00"))}
    touch(store, ana, "thank_you", at(0, "16:00"), iv)
    assert thank.id not in {r.id for r in same_as_afresh(store, at(0, "19:00"))}
