"""Crash safety (T24–T26 and the kill -9 trials): acknowledged writes survive, refused writes change nothing.

The long run is scripts/crash_trials.py (200 trials); here a few trials prove the same checks in CI.
"""

from __future__ import annotations

import errno
import json
import os
import sys
import threading
import time
from pathlib import Path

import pytest

from server.app import create_app

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import crash_trials  # noqa: E402
from liveserver import Server, data_files  # noqa: E402

PORT = 5317


def test_kill_9_at_random_moments_loses_no_acknowledged_write():
    result = crash_trials.run_trials(trials=5, writers=3, seed=20261126, max_run=0.6, quiet=True)
    assert result["problems"] == []
    assert result["kills"] == 5 and result["acknowledged_writes"] > 50
    assert result["lost_acknowledged"] == 0 and result["corrupt_files"] == 0 and result["unexpected"] == 0


def test_the_trial_check_notices_a_lost_write():
    """Throw away what the server wrote since it started: the check must report acknowledged writes as lost."""
    def lose_everything(data_dir: Path) -> None:
        for name in ("db.journal", "db.json"):
            if (data_dir / name).exists():
                (data_dir / name).write_bytes(b"" if name == "db.journal" else b"{}")

    # long enough for a loaded machine to acknowledge some writes before the kill
    result = crash_trials.run_trials(trials=1, writers=2, seed=7, max_run=2.0, quiet=True, after_kill=lose_everything)
    assert result["lost_acknowledged"] > 0 and result["problems"]


def test_an_import_killed_at_any_moment_lands_whole_or_not_at_all(tmp_path):
    """kill -9 while a 3,000-row Connections.csv is being imported (one bulk transaction, written as a new
    snapshot): after each kill the data holds all of that import or none of it, and all of it once answered."""
    from connections_file import make
    from server.storage import committed_state

    text, _ = make(3000)
    data = tmp_path / "data"
    contacts = touches = 0
    for n, delay in enumerate((0.02, 0.15, 0.4, 0.8, 2.0, 6.0)):
        server = Server(data).start()
        answer: list = []
        # 3,000 people none of the earlier rounds knows (profile URLs and email addresses of their own)
        body = text.replace("linkedin.com/in/", f"linkedin.com/in/round{n}-").replace("@example.com", f"@r{n}.example.com").encode()

        def send() -> None:
            client = server.client(timeout=60)
            try:
                answer.append(client.call("POST", "/import/linkedin", raw=body, headers={"Content-Type": "text/csv"})[0])
            except (OSError, ConnectionError):
                answer.append(None)  # killed before it answered
            finally:
                client.close()

        worker = threading.Thread(target=send)
        worker.start()
        time.sleep(delay)
        server.kill()
        worker.join(timeout=60)
        state = committed_state(data)
        added = len(state["contacts"]) - contacts
        assert added in (0, 3000), f"kill after {delay} s left {added} of the 3,000 imported people"
        assert len(state["touches"]) - touches == added  # each new person's connection date, or none
        if answer == [200]:
            assert added == 3000, "an import the server answered was lost"
        contacts, touches = len(state["contacts"]), len(state["touches"])
    assert contacts > 0, "no import finished: the kills proved nothing about a completed one"


def _error(resp, status):
    assert resp.status_code == status, resp.get_data(as_text=True)
    body = resp.get_json()
    assert set(body) == {"error"} and body["error"]["code"] and body["error"]["message"]
    assert "Traceback" not in resp.get_data(as_text=True)
    return body["error"]


def _reopened(app, data_dir):
    """The data as a fresh server process would load it."""
    app.extensions["followup.store"].close()
    again = create_app({"DATA_DIR": str(data_dir), "PORT": PORT, "TESTING": True})
    docs = again.extensions["followup.store"].all("contacts")
    again.extensions["followup.store"].close()
    return sorted((c["name"], c.get("title")) for c in docs)


def _half_then(err: int, message: str):
    real_write = os.write

    def write(fd, data):
        real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(err, message)

    return write


@pytest.mark.parametrize(
    "fault, target",
    [(_half_then(errno.ENOSPC, "No space left on device"), "write"),
     (lambda fd: (_ for _ in ()).throw(OSError(errno.EIO, "Input/output error")), "fsync")],
    ids=["disk-full-mid-write", "fsync-fails"],
)
def test_refused_disk_write_is_a_clear_error_and_changes_nothing(app, client, H, data_dir, monkeypatch, fault, target):
    kept = client.post("/api/v1/contacts", json={"name": "Kept", "title": "Before"}, headers=H).get_json()
    monkeypatch.setattr(os, target, fault)
    err = _error(client.post("/api/v1/contacts", json={"name": "Lost"}, headers=H), 507)
    assert err["code"] == "storage_failed" and "nothing was saved" in err["message"]
    _error(client.patch(f"/api/v1/contacts/{kept['id']}", json={"title": "After"}, headers=H), 507)
    _error(client.delete(f"/api/v1/contacts/{kept['id']}", headers=H), 507)
    monkeypatch.undo()
    listed = client.get("/api/v1/contacts", headers=H).get_json()["contacts"]
    assert [(c["name"], c["title"]) for c in listed] == [("Kept", "Before")]  # memory agrees with the disk
    assert client.post("/api/v1/contacts", json={"name": "Next"}, headers=H).status_code == 201
    assert data_files(data_dir) == (True, False)
    assert not list(data_dir.glob(".db-*.tmp"))
    assert _reopened(app, data_dir) == [("Kept", "Before"), ("Next", None)]


def test_interview_write_refused_by_the_disk_leaves_no_half_of_it(app, client, H, data_dir, monkeypatch):
    """Deleting a contact touches several tables; a refused write must leave all of them as they were."""
    ana = client.post("/api/v1/contacts", json={"name": "Ana"}, headers=H).get_json()
    iv = client.post("/api/v1/interviews", json={"company": "Acme", "starts_at": "2026-11-24T10:00:00+01:00",
                                                 "interviewers": [{"contact_id": ana["id"]}]}, headers=H).get_json()
    client.post("/api/v1/touches", json={"contact_id": ana["id"], "kind": "thank_you"}, headers=H)
    monkeypatch.setattr(os, "write", _half_then(errno.ENOSPC, "No space left on device"))
    _error(client.delete(f"/api/v1/contacts/{ana['id']}", headers=H), 507)
    monkeypatch.undo()
    assert client.get(f"/api/v1/contacts/{ana['id']}", headers=H).status_code == 200
    seats = client.get(f"/api/v1/interviews/{iv['id']}", headers=H).get_json()["interviewers"]
    assert [s["contact_id"] for s in seats] == [ana["id"]]
    assert len(client.get(f"/api/v1/touches?contact_id={ana['id']}", headers=H).get_json()["touches"]) == 1


def test_data_file_is_strict_json_after_hostile_values(client, H, data_dir):
    """T18's last clause across every writing route: what is stored always reads back as strict JSON."""
    hostile = ["\u2028<script>", "'\"\\", "\U0001F600", "a\u0085b", "x" * 200]
    for text in hostile:
        cid = client.post("/api/v1/contacts", json={"name": text, "notes": text}, headers=H).get_json()["id"]
        client.post("/api/v1/touches", json={"contact_id": cid, "kind": "met", "note": text}, headers=H)
    assert data_files(data_dir)[0]
    notes = {c["notes"] for c in client.get("/api/v1/contacts", headers=H).get_json()["contacts"]}
    assert notes == set(hostile)
    for line in (data_dir / "db.journal").read_bytes().splitlines():
        json.loads(line)


def test_failing_rename_while_folding_the_journal_loses_nothing(app, client, H, data_dir, monkeypatch):
    """The journal is folded into db.json by write-temp-then-rename; a rename that fails must cost nothing."""
    import server.storage as storage

    monkeypatch.setattr(storage, "COMPACT_MIN_BYTES", 0)  # fold after (nearly) every write
    real_replace = os.replace
    calls = []

    def failing_replace(src, dst, *a, **k):
        calls.append(dst)
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", failing_replace)
    for i in range(12):
        assert client.post("/api/v1/contacts", json={"name": f"Person {i}", "notes": "x" * 300}, headers=H).status_code == 201
    monkeypatch.setattr(os, "replace", real_replace)
    assert calls, "the fold was never attempted: this test proves nothing"
    assert not list(data_dir.glob(".db-*.tmp"))
    assert data_files(data_dir)[0]
    assert sorted(n for n, _ in _reopened(app, data_dir)) == sorted(f"Person {i}" for i in range(12))
