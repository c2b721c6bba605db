"""`followup due` and `followup export-ics` in a terminal: on a fresh data directory and beside a running server."""

from __future__ import annotations

import stat

import pytest
from icalendar import Calendar

from server.cli import main


def test_due_on_a_fresh_data_dir_says_there_is_nothing_to_do(tmp_path, capsys):
    assert main(["due", "--data-dir", str(tmp_path / "fresh"), "--at", "2026-03-03T12:00:00+01:00"]) == 0
    out = capsys.readouterr().out
    assert "Reminders at Tue 3 Mar 2026 11:00 (UTC), looking 7 days ahead" in out
    assert "Nothing to do" in out
    assert not (tmp_path / "fresh").exists()  # reading never creates or writes anything


def test_export_on_a_fresh_data_dir_is_a_valid_empty_calendar(tmp_path, capsysbinary):
    assert main(["export-ics", "--data-dir", str(tmp_path / "fresh")]) == 0
    cal = Calendar.from_ical(capsysbinary.readouterr().out)
    assert cal["VERSION"] == "2.0" and cal.walk("VEVENT") == []


@pytest.mark.parametrize("args, message", [
    (["due", "--at", "tomorrow"], "--at 'tomorrow' is not an ISO 8601 date-time"),
    (["due", "--at", "2026-03-03T10:00:00"], "needs a UTC offset"),
    (["due", "--horizon", "400"], "--horizon must be a number of days from 0 to 366"),
    (["export-ics", "--horizon", "-1"], "--horizon must be"),
])
def test_bad_input_exits_2_with_a_message(tmp_path, capsys, args, message):
    assert main([*args, "--data-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("followup: error: ") and message in err


def test_due_and_export_work_while_the_server_runs(live_server, tmp_path, capsys):
    server = live_server()
    _, ana = server.request("POST", "/api/v1/contacts", {"name": "Ana Lima"})
    _, ben = server.request("POST", "/api/v1/contacts", {"name": "Ben Okafor"})
    server.request("PUT", "/api/v1/profile", {"timezone": "Europe/Berlin"})
    status, iv = server.request("POST", "/api/v1/interviews", {
        "company": "Acme", "role": "Staff Engineer",
        "starts_at": "2026-03-03T10:00:00+01:00", "ends_at": "2026-03-03T11:00:00+01:00",
        "interviewers": [{"contact_id": ana["id"]}, {"contact_id": ben["id"]}],
    })
    assert status == 201
    server.request("POST", "/api/v1/touches", {"contact_id": ana["id"], "interview_id": iv["id"], "kind": "thank_you",
                                              "at": "2026-03-03T15:00:00+01:00"})
    at = "2026-03-04T12:00:00+01:00"
    assert main(["due", "--data-dir", str(server.data_dir), "--at", at]) == 0
    out = capsys.readouterr().out
    assert "Overdue (1)\n  - Thank Ben Okafor (Acme, Staff Engineer) — overdue since Wed 11:00" in out
    assert f"id thank_you:{iv['id']}:{ben['id']}, draft: thank_you" in out
    assert "Thank Ana" not in out
    assert "Upcoming (" in out and "Connect with Ben Okafor" in out

    target = tmp_path / "reminders.ics"
    assert main(["export-ics", "--data-dir", str(server.data_dir), "--at", at, "-o", str(target)]) == 0
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    status, listed = server.request("GET", f"/api/v1/reminders?at={at.replace('+', '%2B')}&horizon_days=30")
    assert status == 200
    assert sorted(str(e["UID"]) for e in events) == sorted(f"{r['id']}@followup.local" for r in listed["reminders"])
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert f"Wrote {len(events)} reminder events to {target}" in capsys.readouterr().err
