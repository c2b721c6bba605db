"""The follow-up schedule, told as the seed tells it: one interview and what the weeks after it ask for."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from rules_world import BERLIN, World, at

from server.rules import due, evaluate, upcoming


def ids(reminders) -> set[str]:
    return {r.id for r in reminders}


def by_rule(reminders, rule: str) -> list:
    return [r for r in reminders if r.rule == rule]


@pytest.fixture
def acme():
    """Tue 3 Mar, 10:00–11:00 Berlin: Staff Engineer at Acme with Ana and Ben; 'within two weeks'."""
    w = World()
    ana, ben = w.person("Ana Lima"), w.person("Ben Okafor")
    iv = w.interview("Acme", "Staff Engineer", at(0, "10:00"), at(0, "11:00"), [ana, ben], decision_in_days=14)
    return w, iv


def test_story_of_one_interview(acme):
    w, iv = acme
    # Before the interview ends nothing is due; the thank-yous are upcoming.
    assert due(w.state(), at(0, "10:30")) == []
    soon = upcoming(w.state(), at(0, "10:30"), timedelta(hours=1))
    assert ids(soon) == {"thank_you:iv1:ana", "thank_you:iv1:ben"}

    # Two thank-you reminders due Tue 11:00, overdue Wed 11:00.
    now = at(0, "11:00")
    thanks = by_rule(due(w.state(), now), "thank_you")
    assert [(r.contact_id, r.due_at, r.deadline_at, r.status) for r in thanks] == [
        ("ana", at(0, "11:00"), at(1, "11:00"), "due"),
        ("ben", at(0, "11:00"), at(1, "11:00"), "due"),
    ]
    assert thanks[0].title == "Thank Ana Lima (Acme, Staff Engineer) — due by Wed 11:00"
    assert {r.status for r in by_rule(due(w.state(), at(1, "11:00")), "thank_you")} == {"overdue"}

    # Thank-you to Ana logged: only Ben's remains.
    w.touch("ana", "thank_you", at(0, "17:00"), iv)
    assert [r.contact_id for r in by_rule(due(w.state(), at(0, "18:00")), "thank_you")] == ["ben"]
    # ...and connecting with Ana comes due once her thank-you is sent, Ben's a day after the interview.
    connects = {r.contact_id: r.due_at for r in by_rule(evaluate(w.state(), at(0, "18:00")), "connect")}
    assert connects == {"ana": at(0, "17:00"), "ben": at(1, "11:00")}

    # 'Within two weeks' (Tue 17 Mar): the status check comes on the first business day after, Wed 18 Mar.
    [check] = by_rule(evaluate(w.state(), at(1)), "status_check")
    assert (check.due_at, check.contact_id, check.draft_kind) == (at(15, "09:00"), "ana", "status_check")
    assert check.title == "Ask Ana Lima (Acme, Staff Engineer) about the decision — from Wed 18 Mar 09:00"

    # Rejected on day 9: a gracious reply is due (overdue after 48 h), the status check is gone.
    w.decide(iv, "rejected", at(9, "15:00"))
    now = at(9, "16:00")
    assert by_rule(evaluate(w.state(), now), "status_check") == []
    [reply] = by_rule(due(w.state(), now), "rejection_reply")
    assert (reply.due_at, reply.deadline_at, reply.draft_kind) == (at(9, "15:00"), at(11, "15:00"), "rejection_reply")
    assert by_rule(evaluate(w.state(), now), "thank_you") == []  # the reply replaces a thank-you never sent
    w.answer(reply.id, "done", at(9, "18:00"))  # logs the reply touch
    assert w.touches[-1]["kind"] == "reply"
    assert by_rule(evaluate(w.state(), at(10)), "rejection_reply") == []

    # 30 days after the outcome: keep in touch with both (the reply did not move that date).
    assert by_rule(due(w.state(), at(39, "14:00")), "keep_in_touch") == []
    kept = by_rule(due(w.state(), at(39, "15:00")), "keep_in_touch")
    assert {(r.contact_id, r.due_at) for r in kept} == {("ana", at(39, "15:00")), ("ben", at(39, "15:00"))}

    # A message to Ana on day 50: her next keep-in-touch is 90 days after day 50; Ben's stays.
    w.touch("ana", "message", at(50, "12:00"))
    nexts = {r.contact_id: r.due_at for r in by_rule(evaluate(w.state(), at(50, "13:00")), "keep_in_touch")}
    assert nexts == {"ana": at(140, "12:00"), "ben": at(39, "15:00")}


def test_an_interview_logged_days_late_is_overdue_not_skipped(acme):
    w, _ = acme
    thanks = by_rule(due(w.state(), at(3, "09:00")), "thank_you")
    assert [(r.contact_id, r.status) for r in thanks] == [("ana", "overdue"), ("ben", "overdue")]
    assert thanks[0].title == "Thank Ana Lima (Acme, Staff Engineer) — overdue since Wed 11:00"


def test_a_moved_interview_moves_its_reminders_and_keeps_their_ids(acme):
    w, iv = acme
    w.answer("thank_you:iv1:ben", "snoozed", at(0, "11:30"), until=at(0, "15:00"))
    iv.update(starts_at=at(2, "14:00").isoformat(), ends_at=at(2, "15:00").isoformat())
    reminders = by_rule(evaluate(w.state(), at(0, "12:00")), "thank_you")
    assert {(r.id, r.due_at, r.status) for r in reminders} == {
        ("thank_you:iv1:ana", at(2, "15:00"), "upcoming"),
        ("thank_you:iv1:ben", at(2, "15:00"), "upcoming"),  # the old snooze ends before the new time
    }


def test_a_cancelled_interview_asks_nothing(acme):
    w, iv = acme
    iv["outcome"] = "cancelled"
    assert evaluate(w.state(), at(60)) == []


def test_same_person_twice_on_a_panel_is_thanked_once():
    w = World()
    ana = w.person("Ana Lima")
    w.interview("Acme", "SRE", at(0, "10:00"), at(0, "12:00"), [ana, ana])
    assert ids(by_rule(due(w.state(), at(0, "13:00")), "thank_you")) == {"thank_you:iv1:ana"}


def test_a_person_in_two_interviews_is_thanked_for_each_and_connected_once():
    w = World()
    ana = w.person("Ana Lima")
    first = w.interview("Acme", "SRE", at(0, "10:00"), at(0, "11:00"), [ana])
    w.interview("Acme", "SRE", at(7, "10:00"), at(7, "11:00"), [ana])
    w.touch(ana, "thank_you", at(0, "15:00"), first)
    now = at(7, "12:00")
    assert ids(by_rule(due(w.state(), now), "thank_you")) == {"thank_you:iv2:ana"}
    assert ids(by_rule(evaluate(w.state(), now), "connect")) == {"connect:iv1:ana"}
    w.touch(ana, "connection_request", at(7, "13:00"), None)
    assert by_rule(evaluate(w.state(), at(7, "14:00")), "connect") == []


def test_a_snooze_past_the_deadline_comes_back_overdue(acme):
    w, _ = acme
    w.answer("thank_you:iv1:ana", "snoozed", at(0, "12:00"), until=at(2, "09:00"))
    [ana] = [r for r in evaluate(w.state(), at(1, "12:00")) if r.id == "thank_you:iv1:ana"]
    assert (ana.status, ana.snoozed_until) == ("snoozed", at(2, "09:00"))
    assert ana.title == "Thank Ana Lima (Acme, Staff Engineer) — snoozed until Thu 09:00"
    assert "thank_you:iv1:ana" not in ids(due(w.state(), at(1, "12:00")))
    assert "thank_you:iv1:ana" in ids(upcoming(w.state(), at(1, "12:00"), timedelta(days=1)))
    [back] = [r for r in due(w.state(), at(2, "09:00")) if r.id == "thank_you:iv1:ana"]
    assert back.status == "overdue"


def test_dismissed_and_done_reminders_stay_gone(acme):
    w, _ = acme
    [follow] = by_rule(evaluate(w.state(), at(1, "12:00")), "follow_company")
    assert (follow.contact_id, follow.title) == (None, "Follow Acme on LinkedIn and keep up with its news — due since Wed 11:00")
    w.answer("thank_you:iv1:ana", "dismissed", at(0, "12:00"))
    w.answer("follow_company:iv1:-", "done", at(1, "12:00"))
    later = evaluate(w.state(), at(5))
    assert "thank_you:iv1:ana" not in ids(later) and "follow_company:iv1:-" not in ids(later)
    assert w.touches == []  # a dismissal logs nothing, and there is no touch for following a company


def test_status_checks_two_at_most_a_week_apart_then_stop(acme):
    w, iv = acme
    w.answer("status_check:iv1:-", "done", at(15, "10:00"))  # logs a status_check touch to Ana
    assert w.touches[-1]["kind"] == "status_check" and w.touches[-1]["contact_id"] == "ana"
    [second] = by_rule(evaluate(w.state(), at(15, "11:00")), "status_check")
    assert (second.id, second.due_at) == ("status_check:iv1:-:2", at(22, "09:00"))
    w.touch("ben", "status_check", at(22, "10:00"), iv)
    assert by_rule(evaluate(w.state(), at(23)), "status_check") == []


def test_a_reply_stops_status_checks(acme):
    w, iv = acme
    w.touch("ben", "reply", at(5, "10:00"), iv)
    assert by_rule(evaluate(w.state(), at(6)), "status_check") == []


def test_status_check_after_a_friday_date_comes_on_monday():
    w = World()
    ana = w.person("Ana Lima")
    w.interview("Acme", "SRE", at(0, "10:00"), at(0, "11:00"), [ana], decision_by="2026-03-13")  # a Friday
    [check] = by_rule(evaluate(w.state(), at(1)), "status_check")
    assert check.due_at == at(13, "09:00")  # Mon 16 Mar


def test_working_days_are_the_users():
    w = World(working_days=["sun", "mon", "tue", "wed", "thu"])
    ana = w.person("Ana Lima")
    w.interview("Acme", "SRE", at(0, "10:00"), at(0, "11:00"), [ana], decision_by="2026-03-05")  # a Thursday
    [check] = by_rule(evaluate(w.state(), at(1)), "status_check")
    assert check.due_at == at(5, "09:00")  # Sun 8 Mar: Friday and Saturday are the weekend


def test_without_a_date_the_status_check_waits_a_week_then_a_working_day():
    w = World()
    ana = w.person("Ana Lima")
    w.interview("Acme", "SRE", at(4, "10:00"), at(4, "11:00"), [ana])  # Saturday 7 Mar
    [check] = by_rule(evaluate(w.state(), at(5)), "status_check")
    assert check.due_at == at(13, "09:00")  # Sat 14 Mar rolls to Mon 16 Mar


def test_times_are_in_the_users_timezone():
    w = World(timezone="America/New_York")
    ana = w.person("Ana Lima")
    w.interview("Acme", None, at(0, "10:00"), at(0, "11:00"), [ana])  # 11:00 Berlin = 05:00 New York
    [thanks] = by_rule(due(w.state(), at(0, "12:00")), "thank_you")
    assert thanks.title == "Thank Ana Lima (Acme) — due by Wed 05:00"
    assert thanks.to_json(ZoneInfo("America/New_York"))["due_at"] == "2026-03-03T05:00:00-05:00"


def test_offer_asks_for_thanks_within_48_hours(acme):
    w, iv = acme
    w.decide(iv, "offer", at(6, "16:00"))
    [thanks] = by_rule(due(w.state(), at(6, "17:00")), "offer_thanks")
    assert (thanks.deadline_at, thanks.draft_kind) == (at(8, "16:00"), "offer_thanks")
    assert by_rule(evaluate(w.state(), at(6, "17:00")), "follow_company") == []
    w.touch("ana", "message", at(7, "09:00"), iv)
    assert by_rule(evaluate(w.state(), at(7, "10:00")), "offer_thanks") == []


def test_keep_in_touch_done_resets_the_clock_and_dismiss_stops_it(acme):
    w, iv = acme
    w.decide(iv, "rejected", at(2, "10:00"))
    w.answer("keep_in_touch:iv1:ana", "done", at(32, "12:00"))
    [ana] = [r for r in evaluate(w.state(), at(33)) if r.id == "keep_in_touch:iv1:ana"]
    assert ana.due_at == at(122, "12:00")
    w.answer("keep_in_touch:iv1:ben", "dismissed", at(33))
    assert [r.contact_id for r in by_rule(evaluate(w.state(), at(400)), "keep_in_touch")] == ["ana"]


def test_keep_in_touch_waits_while_another_process_with_the_person_is_pending(acme):
    w, iv = acme
    w.decide(iv, "rejected", at(2, "10:00"))
    w.contacts["ben"]["keep_in_touch"] = False
    w.interview("Beta", "SRE", at(20, "10:00"), at(20, "11:00"), ["ana"])
    assert by_rule(evaluate(w.state(), at(40)), "keep_in_touch") == []


def test_every_number_is_the_users_to_change(acme):
    w, _ = acme
    w.profile["rules"] = {"thank_you": {"overdue_after_hours": 12}, "follow_company": {"enabled": False},
                          "status_check": {"business_days_after_decision": 2}, "schedule": {"send_hour": 8}}
    reminders = evaluate(w.state(), at(0, "12:00"))
    [ana] = [r for r in reminders if r.id == "thank_you:iv1:ana"]  # same id after the rule edit
    assert ana.deadline_at == at(0, "23:00")
    assert by_rule(reminders, "follow_company") == []
    assert by_rule(reminders, "status_check")[0].due_at == at(16, "08:00")


def test_reminder_ids_are_rule_interview_contact_and_read_back():
    from server.rules import make_id, parse_id

    assert make_id("thank_you", "iv1", "ana") == "thank_you:iv1:ana"
    assert make_id("status_check", "iv1", None, 2) == "status_check:iv1:-:2"
    assert parse_id("status_check:iv1:-:2") == {"rule": "status_check", "interview_id": "iv1", "contact_id": None, "n": 2}
    assert parse_id("party:iv1:ana") is None and parse_id("thank_you:iv1") is None


def test_an_answer_is_about_the_person_in_its_id(acme):
    w, _ = acme
    w.answer("status_check:iv1:-", "snoozed", at(15, "10:00"), until=at(16, "09:00"))
    w.answer("thank_you:iv1:ben", "dismissed", at(0, "12:00"))
    about = {a["id"]: a["contact_id"] for a in w.answers}
    assert about == {"status_check:iv1:-": None, "thank_you:iv1:ben": "ben"}  # the check is about the interview


def test_asking_again_gives_the_same_answer_whatever_a_caller_did_with_the_last(acme):
    """Reminders standing the same way are made once and handed out again: they cannot be changed in place."""
    import dataclasses

    w, _ = acme
    state, now = w.state(), at(0, "12:00")
    first = {r.id: r for r in due(state, now)}["thank_you:iv1:ana"]
    shape = first.to_json(BERLIN)
    shape["title"] = "changed by a caller"
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.status = "done"  # type: ignore[misc]
    again = {r.id: r for r in due(state, at(0, "12:05"))}["thank_you:iv1:ana"]
    assert again.to_json(BERLIN)["title"] == "Thank Ana Lima (Acme, Staff Engineer) — due by Wed 11:00"
    assert {r.id: r for r in due(state, at(1, "12:00"))}["thank_you:iv1:ana"].status == "overdue"


def test_one_state_asked_at_many_moments_answers_as_a_fresh_one_would(acme):
    """Wording is kept from one question to the next; it must still follow the moment asked ('Wed 11:00'
    near it, 'Wed 4 Mar 11:00' further off, snoozed, overdue)."""
    w, iv = acme
    w.answer("thank_you:iv1:ben", "snoozed", at(0, "12:00"), until=at(2, "09:00"))
    w.decide(iv, "rejected", at(9, "15:00"))
    kept = w.state()
    for hours in range(-8 * 24, 50 * 24, 7):
        now = at(0) + timedelta(hours=hours)
        assert evaluate(kept, now) == evaluate(w.state(), now), now
