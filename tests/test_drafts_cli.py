"""`followup draft`: the same drafts in a terminal, read while the server holds the data directory."""

import json

import pytest

from server.cli import main


@pytest.fixture
def saved(client, H):
    """A contact and an interview saved through the running app (which holds the data directory's lock)."""
    client.put("/api/v1/profile", json={"name": "Maya Patel", "linkedin_tier": "free"}, headers=H)
    ana = client.post("/api/v1/contacts", json={"name": "Ana Lima", "email": "ana@acme.example"}, headers=H).get_json()
    iv = client.post("/api/v1/interviews", headers=H, json={
        "company": "Acme", "role": "Data Engineer", "starts_at": "2026-03-05T10:00:00+01:00",
        "interviewers": [{"contact_id": ana["id"], "topics": ["dbt models"]}]}).get_json()
    return ana["id"], iv["id"]


def test_prints_a_draft_while_the_server_runs(data_dir, saved, capsys):
    contact, interview = saved
    assert main(["draft", "--data-dir", str(data_dir), "--contact", contact, "--interview", interview,
                 "--kind", "thank_you"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("== Thank-you email to Ana Lima (")
    assert "Subject: " in out and "Ana," in out and "dbt models" in out and out.rstrip().endswith("Maya Patel")
    assert "would improve it: your one-line value proposition (profile)" in err


def test_every_fitting_kind_and_json(data_dir, saved, capsys):
    contact, interview = saved
    assert main(["draft", "--data-dir", str(data_dir), "--contact", contact, "--interview", interview, "--json"]) == 0
    drafts = json.loads(capsys.readouterr().out)["drafts"]
    assert [d["kind"] for d in drafts] == ["thank_you", "linkedin_note", "status_check"]
    assert drafts[1]["chars"] <= drafts[1]["limit"] == 200


@pytest.mark.parametrize("args, message", [
    (["--contact", "nobody"], "no contact with id 'nobody'"),
    (["--contact", "{c}", "--interview", "nothing"], "no interview with id 'nothing'"),
    (["--contact", "{c}", "--kind", "poem"], "--kind 'poem' is not a draft kind"),
    (["--contact", "{c}", "--kind", "thank_you"], "give --interview ID"),
    (["--contact", "{c}", "--kind", "keep_in_touch", "--reason", "boredom"], "not a keep-in-touch reason"),
])
def test_bad_input_exits_2_with_a_message(data_dir, saved, capsys, args, message):
    args = [a.format(c=saved[0]) for a in args]
    assert main(["draft", "--data-dir", str(data_dir), *args]) == 2
    out, err = capsys.readouterr()
    assert out == "" and message in err


def test_nothing_is_written_to_the_data_directory(data_dir, saved, capsys):
    before = {p.name: p.stat().st_mtime_ns for p in data_dir.iterdir()}
    main(["draft", "--data-dir", str(data_dir), "--contact", saved[0], "--interview", saved[1]])
    assert {p.name: p.stat().st_mtime_ns for p in data_dir.iterdir()} == before
