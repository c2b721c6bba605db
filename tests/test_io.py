"""Imports and exports over the API: Connections.csv, vCard, spreadsheet CSV, and the all-or-nothing backup."""

from __future__ import annotations

import copy
import csv
import io
from datetime import datetime, timezone

import pytest

from connections_file import make

API = "/api/v1"


def import_csv(client, H, text, content_type="text/csv"):
    body = text.encode() if isinstance(text, str) else text
    return client.post(f"{API}/import/linkedin", data=body, headers={**H, "Content-Type": content_type})


def contacts(client, H):
    return client.get(f"{API}/contacts", headers=H).get_json()["contacts"]


def everything(app):
    return app.extensions["followup.store"].snapshot()


# -- LinkedIn's Connections.csv ------------------------------------------------------------------------------

def test_2000_connections_with_broken_lines_keep_the_good_rows_and_name_each_skipped_line(client, H):
    text, broken = make(2000, broken_every=285)
    resp = import_csv(client, H, text)
    assert resp.status_code == 200, resp.get_json()
    report = resp.get_json()
    assert report["imported"] == 2000 - len(broken) and report["merged"] == 0
    assert [e["line"] for e in report["errors"]] == [line for line, _ in broken]
    for err, (_, words) in zip(report["errors"], broken):
        assert words in err["reason"], err
    assert len(contacts(client, H)) == 2000 - len(broken)


def test_the_row_after_an_unclosed_quote_is_still_imported(client, H):
    text = (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
        'Zoe,"Quote,https://www.linkedin.com/in/zoe,,Acme,Engineer,01 Feb 2024\r\n'
        'Ana,Lima,https://www.linkedin.com/in/ana-lima,,"Initech, Inc.",Staff Engineer,07 Mar 2024\r\n'
    )
    report = import_csv(client, H, text).get_json()
    assert report["errors"] == [{"line": 2, "reason": report["errors"][0]["reason"]}]
    assert "quot" in report["errors"][0]["reason"]
    [ana] = contacts(client, H)
    assert (ana["name"], ana["company"], ana["title"]) == ("Ana Lima", "Initech, Inc.", "Staff Engineer")
    assert ana["profile_url"] == "https://www.linkedin.com/in/ana-lima/"


def test_importing_the_same_file_twice_duplicates_nobody_and_changes_nothing(app, client, H):
    text, _ = make(300, broken_every=50)
    first = import_csv(client, H, text).get_json()
    before = everything(app)
    second = import_csv(client, H, text).get_json()
    assert second["imported"] == 0 and second["merged"] == first["imported"] and second["touches"] == 0
    assert everything(app) == before


def test_connections_merge_into_people_already_known_and_keep_the_users_edits(client, H):
    ana = client.post(f"{API}/contacts", json={"name": "Ana Lima", "profile_url": "https://de.linkedin.com/in/ana-lima/?trk=x",
                                               "notes": "met at the panel"}, headers=H).get_json()
    client.patch(f"{API}/contacts/{ana['id']}", json={"title": "Hiring manager"}, headers=H)
    ben = client.post(f"{API}/contacts", json={"name": "Ben Okafor", "email": "BEN@example.com"}, headers=H).get_json()
    cara = client.post(f"{API}/contacts", json={"name": "Chloé Dubois", "company": "Globex Inc."}, headers=H).get_json()
    text = (
        "Notes:\r\n\"LinkedIn's note\"\r\n\r\n"
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
        "Ana,Lima,https://www.linkedin.com/in/ana-lima,,Acme,Staff Engineer,07 Mar 2024\r\n"
        "Benjamin,Okafor,https://www.linkedin.com/in/ben-okafor,ben@example.com,Hooli,CTO,08 Mar 2024\r\n"
        "Chloe,Dubois,https://www.linkedin.com/in/chloe-dubois,,Globex,Designer,09 Mar 2024\r\n"
    )
    report = import_csv(client, H, text).get_json()
    assert (report["imported"], report["merged"]) == (0, 3)
    people = {c["id"]: c for c in contacts(client, H)}
    assert set(people) == {ana["id"], ben["id"], cara["id"]}
    assert people[ana["id"]]["title"] == "Hiring manager"  # the user's edit stays
    assert people[ana["id"]]["company"] == "Acme" and people[ana["id"]]["notes"] == "met at the panel"
    assert people[ben["id"]]["company"] == "Hooli"
    assert people[cara["id"]]["profile_url"] == "https://www.linkedin.com/in/chloe-dubois/"


def test_one_person_twice_in_the_same_file_becomes_one_contact(client, H):
    text = ("First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
            "Ana,Lima,https://www.linkedin.com/in/ana-lima,,Acme,Engineer,07 Mar 2024\r\n"
            "Ben,Okafor,,,Hooli,CTO,08 Mar 2024\r\n"
            "Ana,Lima,https://uk.linkedin.com/in/ana-lima/?trk=x,ana@acme.example,Acme,Staff Engineer,07 Mar 2024\r\n"
            "Ben,Okafor,,,\"Hooli, Inc.\",CTO,08 Mar 2024\r\n")
    report = import_csv(client, H, text).get_json()
    assert (report["imported"], report["merged"], report["touches"]) == (2, 2, 2)
    people = {c["name"]: c for c in contacts(client, H)}
    assert set(people) == {"Ana Lima", "Ben Okafor"}
    assert people["Ana Lima"]["email"] == "ana@acme.example" and people["Ana Lima"]["title"] == "Staff Engineer"


def test_connected_on_is_logged_once_as_a_connected_touch_at_noon_in_the_users_timezone(client, H):
    client.put(f"{API}/profile", json={"timezone": "America/New_York"}, headers=H)
    text = ("First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
            "Ana,Lima,https://www.linkedin.com/in/ana-lima,,Acme,Engineer,07 Mar 2024\r\n")
    import_csv(client, H, text)
    [ana] = contacts(client, H)
    touches = client.get(f"{API}/touches", query_string={"contact_id": ana["id"]}, headers=H).get_json()["touches"]
    assert [(t["kind"], t["at"]) for t in touches] == [("connected", "2024-03-07T12:00:00-05:00")]
    import_csv(client, H, text)
    assert len(client.get(f"{API}/touches", query_string={"contact_id": ana["id"]}, headers=H).get_json()["touches"]) == 1


def test_a_connection_made_after_the_interview_ends_the_connect_reminder(client, H):
    ana = client.post(f"{API}/contacts", json={"name": "Ana Lima", "company": "Acme",
                                               "profile_url": "https://www.linkedin.com/in/ana-lima/"}, headers=H).get_json()
    client.post(f"{API}/interviews", json={"company": "Acme", "role": "Staff Engineer", "starts_at": "2026-03-02T10:00:00+00:00",
                                           "interviewers": [{"contact_id": ana["id"]}]}, headers=H)

    def connect_reminders():
        found = client.get(f"{API}/reminders", query_string={"at": "2026-03-10T12:00:00+00:00"}, headers=H).get_json()
        return [r for r in found["reminders"] if r["rule"] == "connect"]

    assert len(connect_reminders()) == 1
    import_csv(client, H, "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
                          "Ana,Lima,https://www.linkedin.com/in/ana-lima,,Acme,Staff Engineer,04 Mar 2026\r\n")
    assert connect_reminders() == []


def test_a_file_that_is_not_connections_csv_is_refused_and_changes_nothing(app, client, H):
    before = everything(app)
    resp = import_csv(client, H, "name,email\r\nAna,ana@example.com\r\n")
    assert resp.status_code == 422
    assert resp.get_json()["error"]["field"] == "body" and "Connections.csv" in resp.get_json()["error"]["message"]
    empty = import_csv(client, H, "")
    assert empty.status_code == 422 and empty.get_json()["error"]["field"] == "body"
    assert import_csv(client, H, "x", content_type="application/json").status_code == 415
    assert everything(app) == before


def test_a_spreadsheet_saved_as_windows_1252_keeps_its_accents(client, H):
    text = ("First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
            "Inès,Núñez,https://www.linkedin.com/in/ines-nunez,,Société Générale,Analyste,07 Mar 2024\r\n")
    assert import_csv(client, H, text.encode("cp1252")).status_code == 200
    [ines] = contacts(client, H)
    assert (ines["name"], ines["company"]) == ("Inès Núñez", "Société Générale")


# -- exports are downloads ------------------------------------------------------------------------------------

@pytest.mark.parametrize("path, mimetype", [
    ("/export/backup", "application/json"), ("/export/contacts.csv", "text/csv"), ("/export/contacts.vcf", "text/vcard"),
])
def test_exports_are_attachments_never_pages(client, H, path, mimetype):
    resp = client.get(API + path, headers=H)
    assert resp.status_code == 200 and resp.mimetype == mimetype
    assert resp.headers["Content-Disposition"].startswith('attachment; filename="followup-')
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get(API + path, headers={"Host": H["Host"]}).status_code == 401


def test_spreadsheet_export_has_one_row_per_person_and_formulas_are_shown_as_text(client, H):
    client.post(f"{API}/contacts", json={"name": "=HYPERLINK(\"http://evil.example\",\"click\")", "company": "Acme"}, headers=H)
    ana = client.post(f"{API}/contacts", json={"name": "Ana Lima", "company": "Initech, Inc.", "tags": ["panel", "acme"],
                                               "notes": "line one\nline two"}, headers=H).get_json()
    client.post(f"{API}/touches", json={"contact_id": ana["id"], "kind": "met", "at": "2026-03-02T10:00:00+00:00"}, headers=H)
    client.post(f"{API}/touches", json={"contact_id": ana["id"], "kind": "message", "at": "2026-03-02T09:30:00-05:00"}, headers=H)
    text = client.get(f"{API}/export/contacts.csv", headers=H).data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["name"] for r in rows] == ["Ana Lima", "'=HYPERLINK(\"http://evil.example\",\"click\")"]
    assert rows[0]["company"] == "Initech, Inc." and rows[0]["tags"] == "acme; panel"
    assert rows[0]["notes"] == "line one\nline two" and rows[0]["last_touch_at"] == "2026-03-02T09:30:00-05:00"


# -- vCard ------------------------------------------------------------------------------------------------------

PEOPLE = [
    {"name": "José Núñez, PhD", "company": "Acme, Inc.", "title": "Staff; Engineer", "email": "jose@example.com",
     "profile_url": "https://www.linkedin.com/in/jose-nunez/", "photo_url": "https://media.example.com/jose.jpg",
     "location": "Lisbon, Portugal", "headline": "Builds payment systems, at scale", "notes": "Asked about on-call.\nFollow up.",
     "tags": ["acme", "panel, round 2"]},
    {"name": "Solo Name"},  # nothing but a name: only our own id can recognise it again
    {"name": "Ana Lima", "company": "Globex"},
]


def test_vcard_export_then_import_changes_nothing_and_duplicates_nobody(app, client, H):
    for p in PEOPLE:
        client.post(f"{API}/contacts", json=p, headers=H)
    before = everything(app)
    vcf = client.get(f"{API}/export/contacts.vcf", headers=H).data
    assert vcf.count(b"BEGIN:VCARD") == 3
    resp = client.post(f"{API}/import/contacts.vcf", data=vcf, headers={**H, "Content-Type": "text/vcard"})
    assert resp.get_json() == {"rows": 3, "imported": 0, "merged": 3, "errors": []}
    assert everything(app) == before


def test_vcard_export_into_another_followup_brings_every_field(app, client, H, tmp_path):
    from server.app import create_app

    for p in PEOPLE:
        client.post(f"{API}/contacts", json=p, headers=H)
    vcf = client.get(f"{API}/export/contacts.vcf", headers=H).data
    other = create_app({"DATA_DIR": str(tmp_path / "other"), "PORT": 5317})
    try:
        oh = {**H, "Authorization": f"Bearer {other.extensions['followup.token'].get()}"}
        oc = other.test_client()
        report = oc.post(f"{API}/import/contacts.vcf", data=vcf, headers={**oh, "Content-Type": "text/vcard"}).get_json()
        assert report["imported"] == 3
        fields = ("name", "company", "title", "email", "profile_url", "photo_url", "location", "headline", "notes", "tags")
        got = {c["name"]: {f: c[f] for f in fields} for c in oc.get(f"{API}/contacts", headers=oh).get_json()["contacts"]}
        want = {c["name"]: {f: c[f] for f in fields} for c in contacts(client, H)}
        assert got == want
    finally:
        other.extensions["followup.store"].close()


def test_vcards_from_an_address_book_keep_the_good_cards_and_name_each_skipped_one(client, H):
    vcf = (
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Priya Patel\r\nORG:Hooli;Platform\r\nEMAIL;TYPE=work:priya@hooli.example\r\n"
        "EMAIL;PREF=1:priya@example.com\r\nURL:https://example.com/priya\r\nURL:https://linkedin.com/in/priya-patel?trk=x\r\n"
        "PHOTO;ENCODING=b;TYPE=JPEG:aGVsbG8=\r\nADR;TYPE=home:;;1 Main St;Springfield;IL;62701;USA\r\nTEL:+1 555 0100\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nEND:VCARD\r\n"                       # line 13: no name
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bad Mail\r\nEMAIL:not-an-address\r\nEND:VCARD\r\n"  # line 17
        "BEGIN:VCARD\r\nVERSION:3.0\r\nthis is not a property\r\nEND:VCARD\r\n"  # line 22
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Never Ended\r\n"  # line 26
    )
    report = client.post(f"{API}/import/contacts.vcf", data=vcf.encode(), headers={**H, "Content-Type": "text/vcard"}).get_json()
    assert report["imported"] == 1
    assert [e["line"] for e in report["errors"]] == [13, 17, 22, 26]
    reasons = [e["reason"] for e in report["errors"]]
    assert "no name" in reasons[0] and "EMAIL" in reasons[1] and "unreadable" in reasons[2] and "END:VCARD" in reasons[3]
    [priya] = contacts(client, H)
    assert priya["company"] == "Hooli" and priya["email"] == "priya@example.com"
    assert priya["profile_url"] == "https://www.linkedin.com/in/priya-patel/"
    assert priya["location"] == "Springfield, IL, USA" and priya["photo_url"] is None


def test_a_file_without_vcards_is_refused(client, H):
    resp = client.post(f"{API}/import/contacts.vcf", data=b"hello", headers={**H, "Content-Type": "text/vcard"})
    assert resp.status_code == 422 and resp.get_json()["error"]["field"] == "body"


# -- the full backup ------------------------------------------------------------------------------------------

@pytest.fixture
def search(app, client, H):
    """A search in progress: people, a panel interview with an outcome, touches, a snoozed reminder, a profile."""
    app.config["NOW"] = datetime(2026, 3, 3, 9, tzinfo=timezone.utc)
    ana = client.post(f"{API}/contacts", json={"name": "Ana Lima", "company": "Acme", "tags": ["panel"],
                                               "profile_url": "https://www.linkedin.com/in/ana-lima/"}, headers=H).get_json()
    ben = client.post(f"{API}/contacts", json={"name": "Ben Okafor", "company": "Acme", "email": "ben@example.com"}, headers=H).get_json()
    client.patch(f"{API}/contacts/{ben['id']}", json={"title": "Engineering Manager"}, headers=H)
    iv = client.post(f"{API}/interviews", json={
        "company": "Acme", "role": "Staff Engineer", "starts_at": "2026-03-02T10:00:00+01:00", "ends_at": "2026-03-02T12:00:00+01:00",
        "interviewers": [{"contact_id": ana["id"], "topics": ["payments"]}, {"contact_id": ben["id"], "topics": ["on-call"]}],
        "topics": ["team size"], "concerns": [{"concern": "no Go experience", "clarification": "shipped Go at Globex"}],
        "decision_in_days": 5}, headers=H).get_json()
    client.post(f"{API}/touches", json={"contact_id": ana["id"], "interview_id": iv["id"], "kind": "thank_you",
                                        "at": "2026-03-02T18:00:00+01:00", "note": "sent"}, headers=H)
    rem = client.get(f"{API}/reminders", headers=H).get_json()["reminders"]
    thank_ben = next(r for r in rem if r["rule"] == "thank_you")
    assert client.post(f"{API}/reminders/{thank_ben['id']}/snooze", json={"until": "2026-03-04T09:00:00+01:00"},
                       headers=H).status_code == 200
    client.put(f"{API}/profile", json={"name": "Sam Doe", "timezone": "Europe/Lisbon", "value_proposition": "I ship",
                                       "accomplishments": [{"text": "Launched X", "date": "2026-02-01"}],
                                       "rules": {"thank_you": {"overdue_after_hours": 12}}}, headers=H)
    client.patch(f"{API}/interviews/{iv['id']}", json={"outcome": "rejected", "outcome_at": "2026-03-09T10:00:00+01:00"}, headers=H)
    return {"ana": ana, "ben": ben, "interview": iv}


def backup(client, H):
    return client.get(f"{API}/export/backup", headers=H).get_json()


def restore(client, H, doc):
    return client.post(f"{API}/import/backup", json=doc, headers=H)


def test_backup_then_restore_gives_back_exactly_what_was_there(app, client, H, search):
    saved = backup(client, H)
    assert saved["app"] == "followup" and saved["kind"] == "backup" and saved["format"] == 1
    assert saved["counts"] == {"contacts": 2, "interviews": 1, "touches": 1, "answers": 1, "settings": 1}
    before = everything(app)
    # then the data changes: a person deleted, a new one added, the profile edited
    client.delete(f"{API}/contacts/{search['ana']['id']}", headers=H)
    client.post(f"{API}/contacts", json={"name": "Someone New"}, headers=H)
    client.put(f"{API}/profile", json={"name": "Changed"}, headers=H)
    resp = restore(client, H, saved)
    assert resp.status_code == 200
    assert resp.get_json()["restored"] == {"contacts": 2, "interviews": 1, "touches": 1, "answers": 1}
    assert everything(app) == before
    again = backup(client, H)
    assert {k: v for k, v in again.items() if k != "exported_at"} == {k: v for k, v in saved.items() if k != "exported_at"}


def test_a_restored_backup_survives_a_restart(app, client, H, search, data_dir):
    from server.app import create_app

    saved = backup(client, H)
    client.post(f"{API}/contacts", json={"name": "Someone New"}, headers=H)
    restore(client, H, saved)
    before = everything(app)
    app.extensions["followup.store"].close()
    again = create_app({"DATA_DIR": str(data_dir), "PORT": 5317})
    try:
        assert again.extensions["followup.store"].snapshot() == before
    finally:
        again.extensions["followup.store"].close()


def _without(doc, table, index, key):
    del doc["tables"][table][index][key]
    return doc


BAD_BACKUPS = [
    ("not ours", lambda d: {"contacts": d["tables"]["contacts"]}, "kind"),
    ("newer format", lambda d: {**d, "format": 2}, "format"),
    ("unknown table", lambda d: {**d, "tables": {**d["tables"], "secrets": []}}, "tables.secrets"),
    ("table not a list", lambda d: {**d, "tables": {**d["tables"], "touches": {}}}, "tables.touches"),
    ("duplicate id", lambda d: {**d, "tables": {**d["tables"], "contacts": d["tables"]["contacts"] * 2}}, "tables.contacts[2].id"),
    ("contact without a name", lambda d: _without(d, "contacts", 1, "name"), "tables.contacts[1].name"),
    ("bad email", lambda d: (d["tables"]["contacts"][0].update(email="nope"), d)[1], "tables.contacts[0].email"),
    ("touch of nobody", lambda d: (d["tables"]["touches"][0].update(contact_id="gone"), d)[1], "tables.touches[0].contact_id"),
    ("panel seat of nobody", lambda d: (d["tables"]["interviews"][0]["interviewers"][1].update(contact_id="gone"), d)[1],
     "tables.interviews[0].interviewers[1].contact_id"),
    ("bad outcome", lambda d: (d["tables"]["interviews"][0].update(outcome="maybe"), d)[1], "tables.interviews[0].outcome"),
    ("naive time", lambda d: (d["tables"]["touches"][0].update(at="2026-03-02T18:00:00"), d)[1], "tables.touches[0].at"),
    ("year 1", lambda d: (d["tables"]["answers"][0].update(until="0001-01-01T00:00:00+14:00"), d)[1], "tables.answers[0].until"),
    ("answer to no reminder", lambda d: (d["tables"]["answers"][0].update(id="whatever"), d)[1], "tables.answers[0].id"),
    ("bad rule number", lambda d: (d["tables"]["settings"][0]["rules"]["thank_you"].update(overdue_after_hours=-1), d)[1],
     "tables.settings[0].rules.thank_you.overdue_after_hours"),
    ("unknown timezone", lambda d: (d["tables"]["settings"][0].update(timezone="Mars/Olympus"), d)[1], "tables.settings[0].timezone"),
]


@pytest.mark.parametrize("case, spoil, field", BAD_BACKUPS, ids=[c[0] for c in BAD_BACKUPS])
def test_a_bad_backup_is_refused_naming_the_field_and_changes_nothing(app, client, H, search, case, spoil, field):
    saved = backup(client, H)
    client.post(f"{API}/contacts", json={"name": "Added after the backup"}, headers=H)
    before = everything(app)
    resp = restore(client, H, spoil(copy.deepcopy(saved)))
    assert resp.status_code == 422, resp.get_json()
    assert resp.get_json()["error"]["field"] == field
    assert everything(app) == before


def test_the_backup_leaves_out_which_browsers_are_paired_and_a_restore_keeps_them(app, client, H, search):
    store = app.extensions["followup.store"]
    store.put("settings", "paired_origins", {"origins": ["moz-extension://00000000-0000-4000-8000-000000000001"]})
    saved = backup(client, H)
    assert [s["id"] for s in saved["tables"]["settings"]] == ["profile"]
    saved["tables"]["settings"].append({"id": "paired_origins", "origins": ["moz-extension://00000000-0000-4000-8000-00000000bad0"]})
    assert restore(client, H, saved).status_code == 200
    assert store.get("settings", "paired_origins")["origins"] == ["moz-extension://00000000-0000-4000-8000-000000000001"]
