"""Interviews, touches and the profile through the API, with their validation."""

from __future__ import annotations

import pytest

I = "/api/v1/interviews"


@pytest.fixture
def ana(client, H):
    return client.post("/api/v1/contacts", json={"name": "Ana Lima", "company": "Acme"}, headers=H).get_json()


def test_create_interview_with_panel_and_defaults(client, H, ana):
    r = client.post(I, json={"company": "Acme", "role": "Staff Engineer", "starts_at": "2026-11-24T10:00:00+01:00",
                             "interviewers": [{"contact_id": ana["id"], "topics": ["event sourcing"]}],
                             "topics": ["team size"], "concerns": [{"concern": "no Go", "clarification": "shipped Go at X"}],
                             "decision_in_days": 14}, headers=H)
    assert r.status_code == 201, r.get_json()
    iv = r.get_json()
    assert iv["ends_at"] == "2026-11-24T11:00:00+01:00"  # an hour unless told otherwise, in the same offset
    assert iv["outcome"] == "pending" and iv["outcome_at"] is None
    assert client.get(f"{I}/{iv['id']}", headers=H).get_json() == iv


def test_same_person_twice_on_a_panel_gets_one_seat(client, H, ana):
    iv = client.post(I, json={"company": "Acme", "starts_at": "2026-11-24T10:00:00Z",
                              "interviewers": [{"contact_id": ana["id"], "topics": ["a"]}, {"contact_id": ana["id"], "topics": ["b", "a"]}]},
                     headers=H).get_json()
    assert iv["interviewers"] == [{"contact_id": ana["id"], "topics": ["a", "b"]}]


@pytest.mark.parametrize("payload, field", [
    ({"starts_at": "2026-11-24T10:00:00Z"}, "company"),
    ({"company": "Acme"}, "starts_at"),
    ({"company": "Acme", "starts_at": "2026-11-24T10:00:00"}, "starts_at"),
    ({"company": "Acme", "starts_at": "tuesday"}, "starts_at"),
    ({"company": "Acme", "starts_at": "2026-11-24T10:00:00Z", "ends_at": "2026-11-24T09:00:00Z"}, "ends_at"),
    ({"company": "Acme", "starts_at": "2026-11-24T10:00:00Z", "outcome": "maybe"}, "outcome"),
    ({"company": "Acme", "starts_at": "2026-11-24T10:00:00Z", "interviewers": [{"contact_id": "nobody"}]}, "interviewers[0].contact_id"),
    ({"company": "Acme", "starts_at": "2026-11-24T10:00:00Z", "decision_in_days": -1}, "decision_in_days"),
    ({"company": "Acme", "starts_at": "2026-11-24T10:00:00Z", "decision_by": "next week"}, "decision_by"),
    ({"company": "Acme", "starts_at": "2026-11-24T10:00:00Z", "decision_by": "2026-12-01", "decision_in_days": 3}, "decision_in_days"),
    ({"company": "Acme", "starts_at": "2026-11-24T10:00:00Z", "concerns": [{"clarification": "x"}]}, "concerns[0].concern"),
])
def test_interview_validation_names_the_field(client, H, payload, field):
    r = client.post(I, json=payload, headers=H)
    assert r.status_code == 422, r.get_json()
    assert r.get_json()["error"]["field"] == field


def test_setting_an_outcome_dates_it_and_moving_keeps_length(client, H, app):
    iv = client.post(I, json={"company": "Acme", "starts_at": "2026-11-24T10:00:00+01:00", "ends_at": "2026-11-24T11:30:00+01:00"}, headers=H).get_json()
    moved = client.patch(f"{I}/{iv['id']}", json={"starts_at": "2026-11-25T14:00:00+01:00"}, headers=H).get_json()
    assert moved["ends_at"] == "2026-11-25T15:30:00+01:00"
    out = client.patch(f"{I}/{iv['id']}", json={"outcome": "rejected", "outcome_at": "2026-12-03T09:00:00+01:00"}, headers=H).get_json()
    assert out["outcome"] == "rejected" and out["outcome_at"] == "2026-12-03T09:00:00+01:00"
    back = client.patch(f"{I}/{iv['id']}", json={"outcome": "pending"}, headers=H).get_json()
    assert back["outcome_at"] is None
    now = client.patch(f"{I}/{iv['id']}", json={"outcome": "offer"}, headers=H).get_json()
    assert now["outcome_at"]  # defaults to now


def test_touches_log_and_list(client, H, ana):
    r = client.post("/api/v1/touches", json={"contact_id": ana["id"], "kind": "thank_you", "at": "2026-11-24T12:00:00+01:00"}, headers=H)
    assert r.status_code == 201
    client.post("/api/v1/touches", json={"contact_id": ana["id"], "kind": "met", "at": "2026-11-20T12:00:00+01:00"}, headers=H)
    kinds = [t["kind"] for t in client.get(f"/api/v1/touches?contact_id={ana['id']}", headers=H).get_json()["touches"]]
    assert kinds == ["met", "thank_you"]
    bad = client.post("/api/v1/touches", json={"contact_id": ana["id"], "kind": "waved"}, headers=H)
    assert bad.status_code == 422 and bad.get_json()["error"]["field"] == "kind"
    bad = client.post("/api/v1/touches", json={"contact_id": "nobody", "kind": "met"}, headers=H)
    assert bad.status_code == 422 and bad.get_json()["error"]["field"] == "contact_id"


def test_profile_defaults_partial_update_and_validation(client, H):
    p = client.get("/api/v1/profile", headers=H).get_json()
    assert p["linkedin_tier"] == "free" and p["working_days"] == ["mon", "tue", "wed", "thu", "fri"]
    p = client.put("/api/v1/profile", json={"name": "Sam Rivera", "timezone": "Europe/Lisbon",
                                            "accomplishments": [{"text": "Shipped X", "date": "2026-11-20"}]}, headers=H).get_json()
    assert p["name"] == "Sam Rivera" and p["timezone"] == "Europe/Lisbon" and p["linkedin_tier"] == "free"
    p = client.put("/api/v1/profile", json={"linkedin_tier": "premium"}, headers=H).get_json()
    assert p["name"] == "Sam Rivera" and p["linkedin_tier"] == "premium"
    for payload, field in [({"timezone": "Mars/Base"}, "timezone"), ({"linkedin_tier": "gold"}, "linkedin_tier"),
                           ({"working_days": ["funday"]}, "working_days[0]"), ({"accomplishments": [{"text": "x", "date": "soon"}]}, "accomplishments[0].date")]:
        r = client.put("/api/v1/profile", json=payload, headers=H)
        assert r.status_code == 422 and r.get_json()["error"]["field"] == field, (payload, r.get_json())
