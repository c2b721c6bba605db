"""Properties over random searches: nothing falls due before its anchor, and what is answered stays answered."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rules_world import World, at

from server.rules import due, evaluate, upcoming
from server.rules.clock import WEEKDAYS, Clock
from server.schemas import TOUCH_KINDS

PEOPLE = ("Ana Lima", "Ben Okafor", "Chen Wei", "Dara Nolan")
OUTCOMES = ("pending", "offer", "rejected", "withdrawn", "accepted", "cancelled")
ZONES = ("Europe/Berlin", "America/New_York", "Asia/Kolkata", "Pacific/Auckland", "UTC")
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def worlds(draw) -> World:
    """A few people, a few rounds at random times with random outcomes, and random touches."""
    w = World(timezone=draw(st.sampled_from(ZONES)),
              working_days=draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=7, unique=True)))
    people = [w.person(n) for n in PEOPLE[: draw(st.integers(1, len(PEOPLE)))]]
    for _ in range(draw(st.integers(1, 3))):
        start = at(draw(st.integers(0, 40)), f"{draw(st.integers(7, 19)):02d}:{draw(st.sampled_from([0, 15, 30, 45])):02d}")
        end = start + timedelta(minutes=draw(st.integers(15, 240)))
        panel = draw(st.lists(st.sampled_from(people), min_size=0, max_size=4))
        decision = draw(st.sampled_from(["none", "by", "in"]))
        fields = {}
        if decision == "by":
            fields["decision_by"] = (end + timedelta(days=draw(st.integers(0, 21)))).date().isoformat()
        elif decision == "in":
            fields["decision_in_days"] = draw(st.integers(0, 30))
        iv = w.interview("Acme", draw(st.sampled_from([None, "SRE"])), start, draw(st.sampled_from([end, None])), panel, **fields)
        outcome = draw(st.sampled_from(OUTCOMES))
        if outcome != "pending":
            w.decide(iv, outcome, end + timedelta(days=draw(st.integers(0, 40)), hours=draw(st.integers(0, 23))))
    for _ in range(draw(st.integers(0, 12))):
        iv = draw(st.sampled_from([None, *w.interviews]))
        w.touch(draw(st.sampled_from(people)), draw(st.sampled_from(TOUCH_KINDS)), at(draw(st.integers(0, 200)), "12:00"), iv)
    if draw(st.booleans()):
        w.profile["rules"] = {"thank_you": {"overdue_after_hours": draw(st.integers(1, 72))},
                              "keep_in_touch": {"first_after_days": draw(st.integers(0, 60)), "every_days": draw(st.integers(1, 120))},
                              "schedule": {"send_hour": draw(st.integers(0, 23))}}
    return w


def anchor(w: World, reminder):
    """The earliest moment the rule may ask anything: the interview's end, or its outcome."""
    from server.rules import effective
    from server.rules.state import when

    iv = next(i for i in w.interviews if i["id"] == reminder.interview_id)
    end = when(iv["ends_at"]) or when(iv["starts_at"]) + timedelta(minutes=60)
    outcome_at = when(iv["outcome_at"]) or end
    if reminder.rule in ("rejection_reply", "offer_thanks"):
        return outcome_at
    if reminder.rule == "keep_in_touch":
        days = effective(w.profile["rules"])["keep_in_touch"]["first_after_days"]
        return Clock(w.profile["timezone"]).plus_days(outcome_at, days)
    return end


@SETTINGS
@given(worlds(), st.integers(0, 400))
def test_no_reminder_is_due_before_its_anchor(w, day):
    now = at(day, "12:00")
    state = w.state()
    for r in due(state, now):
        assert anchor(w, r) <= r.due_at <= now, r
        assert r.status == ("overdue" if r.deadline_at and now >= r.deadline_at else "due")
    for r in upcoming(state, now, timedelta(days=14)):
        assert now < r.at <= now + timedelta(days=14)
        assert anchor(w, r) <= r.due_at
    assert len({r.id for r in evaluate(state, now)}) == len(evaluate(state, now))


@SETTINGS
@given(worlds(), st.integers(0, 200), st.data())
def test_every_done_reminder_stays_done(w, day, data):
    now = at(day, "12:00")
    standing = evaluate(w.state(), now)
    chosen = data.draw(st.lists(st.sampled_from(standing), unique_by=lambda r: r.id, max_size=6)) if standing else []
    answered = set()
    for r in chosen:
        if w.reminder(r.id, now) is not None:  # the touch an earlier "done" logged may have ended it already
            w.answer(r.id, data.draw(st.sampled_from(["done", "dismissed"])), now)
            answered.add(r.id)
    for later in (0, 1, 30, 95, 400):
        for r in evaluate(w.state(), now + timedelta(days=later)):
            if r.id in answered:
                # Only keep-in-touch comes back, and only as its next occurrence after the answer.
                assert r.rule == "keep_in_touch" and r.due_at > now, r
                assert next(a for a in w.answers if a["id"] == r.id)["status"] == "done"


@SETTINGS
@given(worlds(), st.integers(0, 200), st.integers(1, 30), st.data())
def test_a_snoozed_reminder_is_not_due_until_the_snooze_ends(w, day, days, data):
    now = at(day, "12:00")
    standing = evaluate(w.state(), now)
    if not standing:
        return
    r = data.draw(st.sampled_from(standing))
    until = now + timedelta(days=days)
    w.answer(r.id, "snoozed", now, until=until)
    assert r.id not in {x.id for x in due(w.state(), until - timedelta(minutes=1))}
    back = max(r.due_at, until)  # which reminders exist does not depend on the moment asked: only their status
    assert r.id in {x.id for x in due(w.state(), back)}
