"""The reminders API as the extension uses it: list, answer (done / snooze / dismiss), calendar export."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from server.app import create_app

BERLIN = ZoneInfo("Europe/Berlin")
TUE_NOON = datetime(2026, 3, 3, 12, 0, tzinfo=BERLIN)


def post(client, H, path, body=None):
    return client.post(path, json=body, headers=H) if body is not None else client.post(path, headers=H)


@pytest.fixture
def acme(app, client, H):
    """Profile in Berlin; Tue 3 Mar 10:00–11:00 at Acme with Ana and Ben, 'within two weeks'; it is Tue noon."""
    app.config["NOW"] = TUE_NOON
    assert client.put("/api/v1/profile", json={"timezone": "Europe/Berlin"}, headers=H).status_code == 200
    ana = post(client, H, "/api/v1/contacts", {"name": "Ana Lima"}).get_json()["id"]
    ben = post(client, H, "/api/v1/contacts", {"name": "Ben Okafor"}).get_json()["id"]
    iv = post(client, H, "/api/v1/interviews", {
        "company": "Acme", "role": "Staff Engineer",
        "starts_at": "2026-03-03T10:00:00+01:00", "ends_at": "2026-03-03T11:00:00+01:00",
        "interviewers": [{"contact_id": ana}, {"contact_id": ben}], "decision_in_days": 14,
    }).get_json()["id"]
    return {"ana": ana, "ben": ben, "iv": iv}


def listing(client, H, **query):
    resp = client.get("/api/v1/reminders", query_string=query, headers=H)
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()["reminders"]


def test_thank_yous_are_due_with_human_titles_in_the_users_timezone(client, H, acme):
    reminders = listing(client, H)
    thanks = [r for r in reminders if r["rule"] == "thank_you"]
    assert [(r["contact_id"], r["status"], r["due_at"], r["deadline_at"], r["draft_kind"]) for r in thanks] == [
        (acme["ana"], "due", "2026-03-03T11:00:00+01:00", "2026-03-04T11:00:00+01:00", "thank_you"),
        (acme["ben"], "due", "2026-03-03T11:00:00+01:00", "2026-03-04T11:00:00+01:00", "thank_you"),
    ]
    assert thanks[0]["title"] == "Thank Ana Lima (Acme, Staff Engineer) — due by Wed 11:00"
    assert thanks[0]["id"] == f"thank_you:{acme['iv']}:{acme['ana']}"
    assert {r["status"] for r in reminders} <= {"due", "upcoming"}


def test_at_and_horizon_choose_the_moment_and_how_far_ahead(client, H, acme):
    later = listing(client, H, at="2026-03-18T09:30:00+01:00", horizon_days=0)
    assert {r["rule"]: r["status"] for r in later}["status_check"] == "due"
    assert {r["status"] for r in later if r["rule"] == "thank_you"} == {"overdue"}
    # A '+' left unencoded in the query arrives as a space: still understood.
    resp = client.get("/api/v1/reminders?at=2026-03-18T09:30:00+01:00&horizon_days=0", headers=H)
    assert resp.get_json()["reminders"] == later
    assert all(r["status"] != "upcoming" for r in later)


@pytest.mark.parametrize("query, field", [
    ({"at": "tomorrow"}, "at"), ({"at": "2026-03-03T10:00:00"}, "at"),
    ({"at": "9999-12-31T00:00:00+00:00"}, "at"), ({"horizon_days": "-1"}, "horizon_days"), ({"horizon_days": "many"}, "horizon_days"), ({"horizon_days": "9999"}, "horizon_days"),
])
def test_bad_query_is_a_422_naming_the_field(client, H, acme, query, field):
    resp = client.get("/api/v1/reminders", query_string=query, headers=H)
    assert resp.status_code == 422 and resp.get_json()["error"]["field"] == field


def test_done_logs_the_matching_touch_once(client, H, acme):
    rid = f"thank_you:{acme['iv']}:{acme['ana']}"
    resp = post(client, H, f"/api/v1/reminders/{rid}/done", {"note": "sent from Gmail"})
    assert resp.status_code == 200
    out = resp.get_json()
    assert out["answer"]["status"] == "done"
    assert {k: out["touch"][k] for k in ("contact_id", "interview_id", "kind", "note")} == {
        "contact_id": acme["ana"], "interview_id": acme["iv"], "kind": "thank_you", "note": "sent from Gmail"}
    assert [r["contact_id"] for r in listing(client, H) if r["rule"] == "thank_you"] == [acme["ben"]]
    again = post(client, H, f"/api/v1/reminders/{rid}/done")
    assert again.status_code == 200 and again.get_json()["touch"] is None
    touches = client.get(f"/api/v1/touches?contact_id={acme['ana']}", headers=H).get_json()["touches"]
    assert [t["kind"] for t in touches] == ["thank_you"]


def test_a_touch_logged_elsewhere_ends_the_reminder_at_once(client, H, acme):
    listing(client, H)  # the schedule is worked out and kept...
    post(client, H, "/api/v1/touches", {"contact_id": acme["ben"], "interview_id": acme["iv"], "kind": "thank_you"})
    assert [r["contact_id"] for r in listing(client, H) if r["rule"] == "thank_you"] == [acme["ana"]]  # ...and renewed


def test_snooze_then_it_comes_back_overdue_after_the_deadline(app, client, H, acme):
    rid = f"thank_you:{acme['iv']}:{acme['ben']}"
    resp = post(client, H, f"/api/v1/reminders/{rid}/snooze", {"until": "2026-03-05T09:00:00+01:00"})
    assert resp.status_code == 200 and resp.get_json()["answer"]["until"] == "2026-03-05T09:00:00+01:00"
    ben = next(r for r in listing(client, H) if r["id"] == rid)
    assert (ben["status"], ben["snoozed_until"]) == ("snoozed", "2026-03-05T09:00:00+01:00")
    assert ben["title"] == "Thank Ben Okafor (Acme, Staff Engineer) — snoozed until Thu 09:00"
    assert rid not in {r["id"] for r in listing(client, H, horizon_days=1)}
    app.config["NOW"] = datetime(2026, 3, 5, 9, 0, tzinfo=BERLIN)
    assert next(r for r in listing(client, H) if r["id"] == rid)["status"] == "overdue"


@pytest.mark.parametrize("body, field", [
    ({}, "until"), ({"until": "2026-03-01T09:00:00+01:00"}, "until"), ({"until": "next week"}, "until"),
    ({"until": "2026-03-05T09:00:00"}, "until"), ({"until": "2031-01-01T09:00:00+01:00"}, "until"),
    ({"until": "2026-03-05T09:00:00+01:00", "why": "busy"}, "why"),
])
def test_bad_snooze_is_a_422_naming_the_field(client, H, acme, body, field):
    rid = f"thank_you:{acme['iv']}:{acme['ben']}"
    resp = post(client, H, f"/api/v1/reminders/{rid}/snooze", body)
    assert resp.status_code == 422 and resp.get_json()["error"]["field"] == field


def test_dismissed_is_gone_and_cannot_be_snoozed(client, H, acme):
    rid = f"follow_company:{acme['iv']}:-"
    assert rid in {r["id"] for r in listing(client, H)}
    assert post(client, H, f"/api/v1/reminders/{rid}/dismiss").status_code == 200
    assert rid not in {r["id"] for r in listing(client, H, horizon_days=60)}
    assert post(client, H, f"/api/v1/reminders/{rid}/dismiss").status_code == 200  # the same answer twice: fine
    resp = post(client, H, f"/api/v1/reminders/{rid}/snooze", {"until": "2026-03-09T09:00:00+01:00"})
    assert resp.status_code == 409 and resp.get_json()["error"]["code"] == "already_answered"


@pytest.mark.parametrize("rid", ["thank_you:nope:nobody", "not-a-reminder", "party:iv:ana"])
def test_unknown_reminders_are_404_in_the_error_shape(client, H, acme, rid):
    resp = post(client, H, f"/api/v1/reminders/{rid}/done")
    assert resp.status_code == 404 and resp.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("body, field", [
    ({"note": 5}, "note"), ({"note": "x" * 2001}, "note"), ({"at": "yesterday"}, "at"),
    ({"at": "2027-01-01T00:00:00+00:00"}, "at"), ({"sent": True}, "sent"),
])
def test_bad_done_body_is_a_422_naming_the_field(client, H, acme, body, field):
    resp = post(client, H, f"/api/v1/reminders/thank_you:{acme['iv']}:{acme['ana']}/done", body)
    assert resp.status_code == 422 and resp.get_json()["error"]["field"] == field


def test_answers_survive_a_restart(app, client, H, acme, data_dir):
    rid = f"thank_you:{acme['iv']}:{acme['ana']}"
    post(client, H, f"/api/v1/reminders/{rid}/dismiss")
    app.extensions["followup.store"].close()
    again = create_app({"DATA_DIR": str(data_dir), "PORT": 5317, "TESTING": True, "NOW": TUE_NOON})
    try:
        ids = {r["id"] for r in listing(again.test_client(), H)}
        assert rid not in ids and f"thank_you:{acme['iv']}:{acme['ben']}" in ids
    finally:
        again.extensions["followup.store"].close()


def test_rule_settings_are_validated_on_the_profile_and_applied(client, H, acme):
    bad = client.put("/api/v1/profile", json={"rules": {"thank_you": {"overdue_after_hours": -3}}}, headers=H)
    assert bad.status_code == 422 and bad.get_json()["error"]["field"] == "rules.thank_you.overdue_after_hours"
    ok = client.put("/api/v1/profile", json={"rules": {"thank_you": {"overdue_after_hours": 12}}}, headers=H)
    assert ok.status_code == 200
    ana = next(r for r in listing(client, H) if r["id"] == f"thank_you:{acme['iv']}:{acme['ana']}")
    assert ana["deadline_at"] == "2026-03-03T23:00:00+01:00"


def test_the_calendar_file_has_one_event_per_reminder_with_stable_uids(client, H, acme):
    resp = client.get("/api/v1/reminders.ics", headers=H)
    assert resp.status_code == 200 and resp.mimetype == "text/calendar"
    events = Calendar.from_ical(resp.data).walk("VEVENT")
    expected = listing(client, H, horizon_days=30)
    assert sorted(str(e["UID"]) for e in events) == sorted(f"{r['id']}@followup.local" for r in expected)
    again = Calendar.from_ical(client.get("/api/v1/reminders.ics", headers=H).data).walk("VEVENT")
    assert [str(e["UID"]) for e in again] == [str(e["UID"]) for e in events]


def test_reminders_need_the_token(client, H, acme):
    assert client.get("/api/v1/reminders", headers={"Host": H["Host"]}).status_code == 401
    assert client.get("/api/v1/reminders.ics", headers={"Host": H["Host"]}).status_code == 401


def test_a_date_at_the_end_of_the_calendar_is_not_an_error(client, H, acme):
    resp = client.patch(f"/api/v1/interviews/{acme['iv']}", json={"decision_by": "9999-12-31", "decision_in_days": None}, headers=H)
    assert resp.status_code == 200
    reminders = listing(client, H, horizon_days=366)
    assert "status_check" not in {r["rule"] for r in reminders}  # it would fall due after the last date there is
    assert "thank_you" in {r["rule"] for r in reminders}
