"""Merging two contacts by hand: one person left, with everything both had."""

from __future__ import annotations

from datetime import datetime, timezone

API = "/api/v1"


def post(client, H, path, body):
    resp = client.post(API + path, json=body, headers=H)
    assert resp.status_code < 400, resp.get_json()
    return resp.get_json()


def test_merge_keeps_one_person_with_both_histories(app, client, H):
    app.config["NOW"] = datetime(2026, 3, 3, 9, tzinfo=timezone.utc)
    keep = post(client, H, "/contacts", {"name": "Ana Lima", "company": "Acme", "tags": ["panel"], "notes": "hiring manager"})
    other = post(client, H, "/contacts", {"name": "A. Lima", "email": "ana@acme.example", "title": "Director",
                                          "profile_url": "https://www.linkedin.com/in/ana-lima/", "tags": ["recruiting"],
                                          "notes": "met at a meetup"})
    ben = post(client, H, "/contacts", {"name": "Ben Okafor", "company": "Acme"})
    iv = post(client, H, "/interviews", {"company": "Acme", "starts_at": "2026-03-02T10:00:00+00:00", "interviewers": [
        {"contact_id": keep["id"], "topics": ["payments"]}, {"contact_id": other["id"], "topics": ["on-call", "payments"]},
        {"contact_id": ben["id"]}]})
    post(client, H, "/touches", {"contact_id": other["id"], "kind": "met", "at": "2026-02-01T10:00:00+00:00"})
    thank_other = next(r for r in client.get(f"{API}/reminders", headers=H).get_json()["reminders"]
                       if r["rule"] == "thank_you" and r["contact_id"] == other["id"])
    post(client, H, f"/reminders/{thank_other['id']}/snooze", {"until": "2026-03-05T09:00:00+00:00"})

    merged = post(client, H, f"/contacts/{keep['id']}/merge", {"other_id": other["id"]})

    assert merged["id"] == keep["id"] and merged["name"] == "Ana Lima" and merged["company"] == "Acme"
    assert merged["email"] == "ana@acme.example" and merged["title"] == "Director"  # gaps filled from the other
    assert merged["tags"] == ["panel", "recruiting"] and merged["notes"] == "hiring manager\n\nmet at a meetup"
    assert client.get(f"{API}/contacts/{other['id']}", headers=H).status_code == 404
    touches = client.get(f"{API}/touches", query_string={"contact_id": keep["id"]}, headers=H).get_json()["touches"]
    assert [t["kind"] for t in touches] == ["met"]
    seats = client.get(f"{API}/interviews/{iv['id']}", headers=H).get_json()["interviewers"]
    assert [(s["contact_id"], s["topics"]) for s in seats] == [(keep["id"], ["payments", "on-call"]), (ben["id"], [])]
    # the snooze answered for the other now answers for the one left: the thank-you stays snoozed
    thanks = [r for r in client.get(f"{API}/reminders", headers=H).get_json()["reminders"] if r["rule"] == "thank_you"]
    assert {r["contact_id"]: r["status"] for r in thanks} == {keep["id"]: "snoozed", ben["id"]: "due"}


def test_merge_refuses_itself_unknown_ids_and_a_missing_other_id(client, H):
    a = post(client, H, "/contacts", {"name": "Ana Lima"})
    same = client.post(f"{API}/contacts/{a['id']}/merge", json={"other_id": a["id"]}, headers=H)
    assert same.status_code == 422 and same.get_json()["error"]["field"] == "other_id"
    assert client.post(f"{API}/contacts/{a['id']}/merge", json={"other_id": "nope"}, headers=H).status_code == 404
    assert client.post(f"{API}/contacts/nope/merge", json={"other_id": a["id"]}, headers=H).status_code == 404
    missing = client.post(f"{API}/contacts/{a['id']}/merge", json={}, headers=H)
    assert missing.status_code == 422 and missing.get_json()["error"]["field"] == "other_id"
    assert len(client.get(f"{API}/contacts", headers=H).get_json()["contacts"]) == 1


def test_rules_lists_every_number_with_default_value_and_range(client, H):
    client.put(f"{API}/profile", json={"rules": {"thank_you": {"overdue_after_hours": 12}, "schedule": {"send_hour": 8}}}, headers=H)
    rules = {r["id"]: r["settings"] for r in client.get(f"{API}/rules", headers=H).get_json()["rules"]}
    assert list(rules) == ["thank_you", "connect", "follow_company", "status_check", "rejection_reply", "offer_thanks",
                           "keep_in_touch", "schedule"]
    assert rules["thank_you"]["overdue_after_hours"] == {"default": 24, "value": 12, "min": 1, "max": 8760}
    assert rules["schedule"]["send_hour"]["value"] == 8 and rules["keep_in_touch"]["every_days"]["default"] == 90
    assert rules["status_check"]["enabled"] == {"default": True, "value": True, "min": None, "max": None}
