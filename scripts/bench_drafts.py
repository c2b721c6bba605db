"""Benchmark: how long writing drafts takes, from the core and through the API (the popup waits on it).

Prints figures; asserts nothing. Core: build_context + render of every kind for a five-person panel.
API: GET /api/v1/drafts for one person (every fitting kind) and for a whole panel, on a database of
2,000 contacts, 300 interviews and 5,000 touches.
Run: .venv/bin/python scripts/bench_drafts.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from server.drafts import KINDS, build_context, render  # noqa: E402

NOW = datetime(2026, 3, 6, 9, tzinfo=timezone.utc)
PROFILE = {"name": "Maya Patel", "signature": "Maya Patel\nmaya@example.com",
           "value_proposition": "I build reliable payment systems that scale without drama",
           "strengths": ["distributed systems", "mentoring"], "linkedin_tier": "free", "timezone": "Europe/Berlin",
           "accomplishments": [{"text": "Published a case study on idempotent payment APIs", "date": "2026-03-10"}]}
TOPICS = ["the ledger migration", "on-call culture", "multi-currency settlement", "API versioning", "the hiring plan"]


def panel(i: int, people: list[str]) -> dict:
    start = NOW - timedelta(days=i % 60, hours=3)
    return {"company": f"Company {i}", "role": "Staff Engineer", "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=1)).isoformat(),
            "interviewers": [{"contact_id": c, "topics": [TOPICS[j % 5]]} for j, c in enumerate(people)],
            "topics": ["Kafka at scale"], "concerns": [{"concern": "Go", "clarification": "I shipped a Go service"}],
            "decision_by": "2026-03-14", "outcome": "pending"}


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def show(label: str, ms: list[float]) -> None:
    ms = sorted(ms)
    print(f"{label:<58} median {statistics.median(ms):7.2f} ms   p95 {ms[int(len(ms) * 0.95) - 1]:7.2f} ms")


def core() -> None:
    people = [{"id": f"p{i}", "name": n} for i, n in enumerate(
        ["Ana Lima", "Dr. Sarah Chen", 'Robert "Bob" Smith', "王小明", "Smith, John"])]
    iv = {**panel(0, [p["id"] for p in people]), "id": "iv"}

    def every_kind_for_the_panel() -> None:
        for person in people:
            for kind in KINDS:
                render(kind.name, build_context(kind.name, profile=PROFILE, contact=person, interview=iv, now=NOW))

    show(f"core: {len(KINDS)} kinds x 5 panelists ({len(KINDS) * 5} drafts)", timed(every_kind_for_the_panel, 30))


def api() -> None:
    from server.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"DATA_DIR": tmp, "PORT": 5317, "NOW": NOW})
        store = app.extensions["followup.store"]
        store.put("settings", "profile", PROFILE)
        ids = [store.insert("contacts", {"name": f"Person {i} Lastname", "email": f"p{i}@example.com"})["id"]
               for i in range(2000)]
        ivs = [store.insert("interviews", panel(i, ids[i * 5 % 2000:i * 5 % 2000 + 4]))["id"] for i in range(300)]
        for i in range(5000):
            store.insert("touches", {"contact_id": ids[i % 2000], "interview_id": None, "kind": "message",
                                     "at": (NOW - timedelta(days=i % 400)).isoformat(), "note": ""})
        client = app.test_client()
        headers = {"Host": "127.0.0.1:5317", "Authorization": f"Bearer {app.extensions['followup.token'].get()}"}
        iv = store.get("interviews", ivs[7])
        person = iv["interviewers"][0]["contact_id"]
        show("API: one person, every fitting kind", timed(lambda: client.get(
            f"/api/v1/drafts?contact_id={person}&interview_id={iv['id']}", headers=headers), 40))
        show("API: a four-person panel, thank-you each", timed(lambda: client.get(
            f"/api/v1/drafts?interview_id={iv['id']}&kind=thank_you", headers=headers), 40))
        store.close()


if __name__ == "__main__":
    core()
    api()
