"""GET /api/v1/drafts: what the extension's popup and the dashboard receive."""

from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

NOW = datetime(2026, 3, 6, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def panel(app, client, H):
    """A three-person panel yesterday at Acme, a profile, and the ids of everything."""
    app.config["NOW"] = NOW
    client.put("/api/v1/profile", json={"name": "Maya Patel", "signature": "Maya Patel",
                                        "value_proposition": "I ship reliable payment systems",
                                        "linkedin_tier": "free", "timezone": "Europe/Berlin"}, headers=H)
    people = {}
    for name, email in [("Ana Lima", "ana@acme.example"), ("Dr. Sarah Chen", None), ("Ben Ortiz", None)]:
        body = {"name": name, **({"email": email} if email else {})}
        people[name.split()[-1].lower()] = client.post("/api/v1/contacts", json=body, headers=H).get_json()["id"]
    interview = client.post("/api/v1/interviews", headers=H, json={
        "company": "Acme", "role": "Data Engineer", "starts_at": "2026-03-05T10:00:00+01:00",
        "ends_at": "2026-03-05T12:00:00+01:00",
        "interviewers": [{"contact_id": people["lima"], "topics": ["dbt models"]},
                         {"contact_id": people["chen"], "topics": ["streaming joins"]},
                         {"contact_id": people["ortiz"], "topics": []}],
        "topics": [], "decision_by": "2026-03-13",
    }).get_json()
    return {**people, "interview": interview["id"]}


def get(client, H, **query):
    return client.get("/api/v1/drafts", query_string={k: v for k, v in query.items() if v is not None}, headers=H)


def test_the_drafts_that_fit_a_pending_interview(client, H, panel):
    resp = get(client, H, contact_id=panel["lima"], interview_id=panel["interview"])
    assert resp.status_code == 200
    drafts = resp.get_json()["drafts"]
    assert [d["kind"] for d in drafts] == ["thank_you", "linkedin_note", "status_check"]
    thanks = drafts[0]
    assert set(thanks) >= {"kind", "subject", "body", "chars", "words", "limit", "missing", "mailto", "gmail"}
    assert thanks["body"].split("\n")[0].endswith("Ana,") and "dbt models" in thanks["body"]
    assert thanks["words"] == len(thanks["body"].split()) and thanks["chars"] == len(thanks["body"])
    assert thanks["limit"] == 150 and thanks["limit_unit"] == "words"
    note = drafts[1]
    assert note["subject"] is None and note["limit"] == 200 and note["chars"] <= 200 and note["mailto"] is None


def test_open_in_mail_link_carries_subject_and_body(client, H, panel):
    d = get(client, H, contact_id=panel["lima"], interview_id=panel["interview"], kind="thank_you").get_json()["drafts"][0]
    link = urlsplit(d["mailto"])
    assert link.scheme == "mailto" and link.path == "ana@acme.example"
    fields = parse_qs(link.query)
    assert fields["subject"] == [d["subject"]]
    assert fields["body"] == [d["body"].replace("\n", "\r\n")]
    assert unquote(d["gmail"]).count("ana@acme.example") == 1


def test_without_an_email_there_is_no_mail_link_and_the_gap_is_named(client, H, panel):
    d = get(client, H, contact_id=panel["ortiz"], interview_id=panel["interview"], kind="thank_you").get_json()["drafts"][0]
    assert d["mailto"] is None and d["gmail"] is None
    assert "a topic you discussed with Ben" in d["missing"]
    assert "Ben's email address, to open the draft in your mail app" in d["missing"]


def test_a_whole_panel_at_once_gets_different_notes(client, H, panel):
    drafts = get(client, H, interview_id=panel["interview"], kind="thank_you").get_json()["drafts"]
    assert [d["contact_id"] for d in drafts] == [panel["lima"], panel["chen"], panel["ortiz"]]
    assert len({d["body"] for d in drafts}) == len({d["subject"] for d in drafts}) == 3
    assert "dbt models" in drafts[0]["body"] and "streaming joins" in drafts[1]["body"]


def test_another_phrasing_on_request(client, H, panel):
    first = get(client, H, contact_id=panel["lima"], interview_id=panel["interview"], kind="thank_you").get_json()
    other = get(client, H, contact_id=panel["lima"], interview_id=panel["interview"], kind="thank_you", variant=1).get_json()
    assert first["drafts"][0]["template"] != other["drafts"][0]["template"]


def test_premium_profile_gets_the_longer_note(client, H, panel):
    client.put("/api/v1/profile", json={"linkedin_tier": "premium"}, headers=H)
    d = get(client, H, contact_id=panel["chen"], interview_id=panel["interview"], kind="linkedin_note").get_json()
    assert d["drafts"][0]["limit"] == 300


def test_kinds_follow_the_outcome_and_the_touches(client, H, panel):
    client.patch(f"/api/v1/interviews/{panel['interview']}", json={"outcome": "rejected"}, headers=H)
    kinds = [d["kind"] for d in get(client, H, contact_id=panel["lima"], interview_id=panel["interview"]).get_json()["drafts"]]
    assert kinds == ["linkedin_note", "rejection_reply", "keep_in_touch"]
    client.post("/api/v1/touches", json={"contact_id": panel["lima"], "kind": "connected"}, headers=H)
    kinds = [d["kind"] for d in get(client, H, contact_id=panel["lima"], interview_id=panel["interview"]).get_json()["drafts"]]
    assert kinds == ["rejection_reply", "keep_in_touch", "after_connect"]


def test_keep_in_touch_with_a_reason_and_without_an_interview(client, H, panel):
    d = get(client, H, contact_id=panel["lima"], kind="keep_in_touch", reason="congratulation",
            detail="your new role as Head of Data").get_json()["drafts"][0]
    assert "Congratulations on your new role as Head of Data" in d["body"] or "your new role as Head of Data" in d["body"]
    assert d["words"] <= 100 and d["interview_id"] is None


@pytest.mark.parametrize("query, status, field", [
    ({"kind": "thank_you"}, 422, "contact_id"),
    ({"contact_id": "nobody"}, 404, "contact_id"),
    ({"contact_id": "{lima}", "interview_id": "nothing"}, 404, "interview_id"),
    ({"contact_id": "{lima}", "kind": "poem"}, 422, "kind"),
    ({"contact_id": "{lima}", "kind": "keep_in_touch", "reason": "boredom"}, 422, "reason"),
    ({"contact_id": "{lima}", "kind": "keep_in_touch", "detail": "x" * 501}, 422, "detail"),
    ({"contact_id": "{lima}", "variant": "two"}, 422, "variant"),
    ({"contact_id": "{lima}", "kind": "thank_you"}, 422, "interview_id"),
])
def test_bad_queries_name_the_field(client, H, panel, query, status, field):
    query = {k: v.format(**panel) for k, v in query.items()}
    resp = get(client, H, **query)
    assert resp.status_code == status
    assert resp.get_json()["error"]["field"] == field


def test_a_users_own_template_from_the_data_directory(app, client, H, panel):
    folder = Path(app.config["DATA_DIR"]) / "templates" / "linkedin_note"
    folder.mkdir(parents=True)
    (folder / "0-mine.j2").write_text("{% block body %}{{ salute('Hey') }} loved talking {{ topic }}. Connect?{% endblock %}")
    bodies = {get(client, H, contact_id=panel["lima"], interview_id=panel["interview"], kind="linkedin_note",
                  variant=v).get_json()["drafts"][0]["body"] for v in range(5)}  # 4 built-in phrasings + the user's
    assert "Hey Ana, loved talking dbt models. Connect?" in bodies


def test_a_user_template_that_fails_the_check_everywhere_is_a_422_not_a_500(app, client, H, panel):
    base = Path(app.config["DATA_DIR"]) / "templates" / "after_connect"
    base.mkdir(parents=True)
    for name in ("1-thanks.j2", "2-glad.j2", "3-keep-learning.j2"):
        (base / name).write_text("{% block body %}Circling back, {{ name }}!{% endblock %}")
    resp = get(client, H, contact_id=panel["lima"], kind="after_connect")
    assert resp.status_code == 422
    assert resp.get_json()["error"]["code"] == "draft_quality" and "circling back" in resp.get_json()["error"]["message"]


def test_drafts_need_the_token(client, H, panel):
    resp = client.get("/api/v1/drafts", query_string={"contact_id": panel["lima"]}, headers={"Host": H["Host"]})
    assert resp.status_code == 401
