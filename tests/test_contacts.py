"""Contacts: one record per person, merged on identity; the user's own edits always win."""

from __future__ import annotations

C = "/api/v1/contacts"


def post(client, H, **fields):
    return client.post(C, json=fields, headers=H)


def test_create_then_capture_same_linkedin_profile_merges(client, H):
    a = post(client, H, name="Ana Lima", company="Acme", profile_url="https://de.linkedin.com/in/ana-lima/details/skills/?trk=x")
    assert a.status_code == 201 and a.get_json()["merged"] is False
    assert a.get_json()["profile_url"] == "https://www.linkedin.com/in/ana-lima/"
    b = post(client, H, name="Ana Lima", title="Staff Engineer", profile_url="https://www.linkedin.com/in/ana-lima")
    assert b.status_code == 200 and b.get_json()["merged"] is True
    assert b.get_json()["id"] == a.get_json()["id"] and b.get_json()["title"] == "Staff Engineer"
    assert len(client.get(C, headers=H).get_json()["contacts"]) == 1


def test_merge_by_email_case_insensitive(client, H):
    a = post(client, H, name="Ben Okafor", email="Ben@Example.com").get_json()
    b = post(client, H, name="Benjamin Okafor", email="ben@example.com", company="Globex").get_json()
    assert b["merged"] and b["id"] == a["id"] and b["company"] == "Globex"


def test_merge_by_normalised_name_and_company(client, H):
    a = post(client, H, name="José Núñez", company="Acme, Inc.").get_json()
    b = post(client, H, name="jose  nunez", company="ACME").get_json()
    assert b["merged"] and b["id"] == a["id"]


def test_same_name_other_company_is_another_person(client, H):
    a = post(client, H, name="Chris Lee", company="Acme").get_json()
    b = post(client, H, name="Chris Lee", company="Initech").get_json()
    assert not b["merged"] and b["id"] != a["id"]


def test_same_name_and_company_but_different_linkedin_members_stay_apart(client, H):
    a = post(client, H, name="Chris Lee", company="Acme", profile_url="https://www.linkedin.com/in/chris-lee-1/").get_json()
    b = post(client, H, name="Chris Lee", company="Acme", profile_url="https://www.linkedin.com/in/chris-lee-2/").get_json()
    assert not b["merged"] and a["id"] != b["id"]


def test_user_edit_survives_later_capture(client, H):
    a = post(client, H, name="Ana Lima", title="Engineer", profile_url="https://www.linkedin.com/in/ana/").get_json()
    edited = client.patch(f"{C}/{a['id']}", json={"title": "Staff Engineer (hiring manager)"}, headers=H).get_json()
    assert edited["edited"] == ["title"]
    again = post(client, H, name="Ana Lima", title="Senior Engineer", location="Lisbon", profile_url="https://www.linkedin.com/in/ana/").get_json()
    assert again["title"] == "Staff Engineer (hiring manager)"
    assert again["location"] == "Lisbon"  # not edited: the capture fills it


def test_tags_are_unioned_on_merge(client, H):
    a = post(client, H, name="Ana", email="a@x.io", tags=["acme"]).get_json()
    b = post(client, H, name="Ana", email="a@x.io", tags=["panel"]).get_json()
    assert b["tags"] == ["acme", "panel"] and b["id"] == a["id"]


def test_search_and_filters(client, H):
    post(client, H, name="Ana Lima", company="Acme", tags=["panel"])
    post(client, H, name="Ben Okafor", company="Globex")
    names = lambda q: [c["name"] for c in client.get(f"{C}?{q}", headers=H).get_json()["contacts"]]
    assert names("q=lima") == ["Ana Lima"]
    assert names("company=globex") == ["Ben Okafor"]
    assert names("tag=panel") == ["Ana Lima"]
    assert names("") == ["Ana Lima", "Ben Okafor"]


def test_delete_removes_touches_and_panel_seat(client, H):
    a = post(client, H, name="Ana").get_json()
    b = post(client, H, name="Ben").get_json()
    iv = client.post("/api/v1/interviews", json={"company": "Acme", "starts_at": "2026-11-24T10:00:00+01:00",
                                                 "interviewers": [{"contact_id": a["id"]}, {"contact_id": b["id"]}]}, headers=H).get_json()
    client.post("/api/v1/touches", json={"contact_id": a["id"], "kind": "met"}, headers=H)
    assert client.delete(f"{C}/{a['id']}", headers=H).status_code == 200
    assert client.get(f"{C}/{a['id']}", headers=H).status_code == 404
    assert client.get(f"/api/v1/touches?contact_id={a['id']}", headers=H).get_json()["touches"] == []
    seats = client.get(f"/api/v1/interviews/{iv['id']}", headers=H).get_json()["interviewers"]
    assert [s["contact_id"] for s in seats] == [b["id"]]
    assert client.delete(f"{C}/{a['id']}", headers=H).status_code == 404


def test_patch_validates_fields(client, H):
    a = post(client, H, name="Ana").get_json()
    r = client.patch(f"{C}/{a['id']}", json={"email": "nope"}, headers=H)
    assert r.status_code == 422 and r.get_json()["error"]["field"] == "email"
    r = client.patch(f"{C}/{a['id']}", json={"name": ""}, headers=H)
    assert r.status_code == 422 and r.get_json()["error"]["field"] == "name"
    assert client.patch(f"{C}/missing", json={"name": "x"}, headers=H).status_code == 404
