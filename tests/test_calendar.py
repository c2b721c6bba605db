"""The iCalendar export as calendar apps read it: one event per reminder, stable UIDs, times and alarms."""

from __future__ import annotations

from datetime import timedelta, timezone

import vobject
from icalendar import Calendar
from rules_world import BERLIN, World, at

from server.calendar import to_ics
from server.rules import evaluate


def acme() -> World:
    w = World()
    ana, ben = w.person("Ana Lima"), w.person("Ben Okafor")
    w.interview("Acme", "Staff Engineer", at(0, "10:00"), at(0, "11:00"), [ana, ben], decision_in_days=14)
    return w


def export(w: World, now, days: int = 30) -> tuple[list, bytes]:
    reminders = evaluate(w.state(), now, now + timedelta(days=days))
    return reminders, to_ics(reminders, now, BERLIN)


def test_one_event_per_reminder_with_the_reminder_id_as_uid():
    now = at(0, "12:00")
    reminders, body = export(acme(), now)
    cal = Calendar.from_ical(body)
    assert cal["VERSION"] == "2.0" and str(cal["PRODID"]).startswith("-//followup//")
    events = cal.walk("VEVENT")
    assert len(events) == len(reminders) == 6  # 2 thank-yous, 2 connects, follow the company, status check
    assert [str(e["UID"]) for e in events] == [f"{r.id}@followup.local" for r in reminders]
    assert all(e.get("DTSTAMP") is not None for e in events)


def test_an_event_starts_when_the_reminder_asks_for_attention():
    w = acme()
    now = at(0, "12:00")
    w.answer("thank_you:iv1:ben", "snoozed", now, until=at(1, "09:00"))
    _, body = export(w, now)
    events = {str(e["UID"]).split("@")[0]: e for e in Calendar.from_ical(body).walk("VEVENT")}
    ana, ben = events["thank_you:iv1:ana"], events["thank_you:iv1:ben"]
    assert ana.decoded("DTSTART") == at(0, "11:00").astimezone(timezone.utc)
    assert ana.decoded("DTEND") - ana.decoded("DTSTART") == timedelta(minutes=15)
    assert ben.decoded("DTSTART") == at(1, "09:00").astimezone(timezone.utc)
    assert str(ana["SUMMARY"]) == "Thank Ana Lima (Acme, Staff Engineer)"
    assert "Deadline: Wed 4 Mar 2026 11:00" in str(ana["DESCRIPTION"])
    [alarm] = ana.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"


def test_reexporting_later_keeps_the_uids_so_calendars_update_instead_of_duplicating():
    w = acme()
    _, first = export(w, at(0, "12:00"))
    w.touch("ana", "thank_you", at(0, "16:00"), w.interviews[0])
    _, second = export(w, at(0, "17:00"))
    before = {str(e["UID"]) for e in Calendar.from_ical(first).walk("VEVENT")}
    after = {str(e["UID"]) for e in Calendar.from_ical(second).walk("VEVENT")}
    assert after == before - {"thank_you:iv1:ana@followup.local"}


def test_the_file_also_reads_with_a_second_independent_parser():
    _, body = export(acme(), at(0, "12:00"))
    cal = vobject.readOne(body.decode("utf-8"))
    assert len(cal.vevent_list) == 6
    assert {e.uid.value for e in cal.vevent_list} >= {"thank_you:iv1:ana@followup.local"}
    assert b"\r\n" in body and all(len(line) <= 75 for line in body.split(b"\r\n"))  # folded lines, CRLF


def test_the_horizon_bounds_the_export():
    _, body = export(acme(), at(0, "12:00"), days=0)
    assert {str(e["UID"]).split(":")[0] for e in Calendar.from_ical(body).walk("VEVENT")} == {"thank_you"}
