"""The user's calendar: working days, local days across time zones, daylight saving."""

from __future__ import annotations

from datetime import date, datetime, timezone

from server.rules.clock import Clock


def test_business_days_skip_the_weekend():
    clock = Clock("Europe/Berlin", ["mon", "tue", "wed", "thu", "fri"])
    friday = date(2026, 3, 13)
    assert clock.add_business_days(friday, 1) == date(2026, 3, 16)
    assert clock.add_business_days(friday, 0) == friday
    assert clock.add_business_days(date(2026, 3, 14), 0) == date(2026, 3, 16)  # Saturday rolls to Monday
    assert clock.add_business_days(friday, 6) == date(2026, 3, 23)


def test_a_sunday_to_thursday_week():
    clock = Clock("Asia/Jerusalem", ["sun", "mon", "tue", "wed", "thu"])
    assert clock.add_business_days(date(2026, 3, 5), 1) == date(2026, 3, 8)


def test_no_working_days_at_all_means_every_day_works():
    assert Clock("UTC", []).add_business_days(date(2026, 3, 7), 1) == date(2026, 3, 8)


def test_the_local_day_is_the_users_not_utcs():
    late = datetime(2026, 3, 3, 23, 30, tzinfo=timezone.utc)
    assert Clock("Asia/Tokyo").day(late) == date(2026, 3, 4)
    assert Clock("America/Los_Angeles").day(late) == date(2026, 3, 3)


def test_mornings_and_days_keep_the_wall_clock_across_daylight_saving():
    clock = Clock("Europe/Berlin", send_hour=9)
    assert clock.morning(date(2026, 3, 30)).isoformat() == "2026-03-30T09:00:00+02:00"
    before = datetime(2026, 3, 28, 15, 0, tzinfo=timezone.utc)  # 16:00 CET
    assert clock.plus_days(before, 2).isoformat() == "2026-03-30T16:00:00+02:00"


def test_a_send_hour_in_the_spring_gap_moves_forward():
    clock = Clock("Europe/Berlin", send_hour=2)  # 02:00 does not exist on 29 Mar 2026
    assert clock.morning(date(2026, 3, 29)).isoformat() == "2026-03-29T03:00:00+02:00"


def test_an_unknown_zone_falls_back_to_utc():
    assert Clock("Mars/Olympus").tz == timezone.utc
