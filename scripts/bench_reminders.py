"""Benchmark: due + upcoming for 30,000 contacts, 3,000 interviews and 100,000 touches (goal: median <= 20 ms).

Prints figures; asserts nothing. Two figures: asking due + upcoming at a new moment (every request), and
working out the schedule from a fresh State (once per change of the data: it indexes every touch).
Run: .venv/bin/python scripts/bench_reminders.py
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from server.rules import State, due, schedule, upcoming  # noqa: E402

KINDS = ("thank_you", "connection_request", "connected", "status_check", "reply", "feedback", "message", "met")
OUTCOMES = ("pending",) * 2 + ("rejected",) * 5 + ("offer", "withdrawn", "accepted", "cancelled")


def build(contacts: int, interviews: int, touches: int, now: datetime, seed: int = 7) -> dict:
    """Two years of a long search kept up to date: most rounds decided and most reminders already answered."""
    rnd = random.Random(seed)
    people = {f"c{i:05d}": {"id": f"c{i:05d}", "name": f"Person {i}", "company": f"Co {i % 900}"} for i in range(contacts)}
    ids = list(people)
    rounds, log, met = [], [], []

    def touch(person: str, iv: str | None, kind: str, at: datetime) -> None:
        if len(log) < touches:
            log.append({"id": f"t{len(log):06d}", "contact_id": person, "interview_id": iv, "kind": kind,
                        "at": at.isoformat(), "note": ""})

    for i in range(interviews):
        start = now - timedelta(days=rnd.uniform(-14, 730), hours=rnd.randint(0, 8))
        end = start + timedelta(hours=1)
        panel = rnd.sample(ids, rnd.randint(1, 5))
        met += panel
        outcome = rnd.choice(OUTCOMES) if start < now - timedelta(days=21) else "pending"
        outcome_at = end + timedelta(days=rnd.randint(3, 20))
        iv = f"i{i:04d}"
        rounds.append({
            "id": iv, "company": f"Co {i % 900}", "role": "Engineer",
            "starts_at": start.isoformat(), "ends_at": end.isoformat(),
            "interviewers": [{"contact_id": c, "topics": []} for c in panel],
            "decision_in_days": rnd.choice((None, 7, 14)), "decision_by": None,
            "outcome": outcome, "outcome_at": outcome_at.isoformat() if outcome != "pending" else None,
        })
        if end > now:
            continue
        for person in panel:  # what a diligent user logs after each round
            touch(person, iv, "thank_you", end + timedelta(hours=rnd.uniform(1, 20)))
            touch(person, iv, "connection_request", end + timedelta(hours=rnd.uniform(2, 40)))
        if outcome == "rejected":
            touch(panel[0], iv, "reply", outcome_at + timedelta(hours=rnd.uniform(1, 40)))
        elif outcome in ("offer", "accepted"):
            touch(panel[0], iv, "message", outcome_at + timedelta(hours=rnd.uniform(1, 40)))
    while len(log) < touches:  # the rest: months of keeping in touch with people met, and the wider network
        person = rnd.choice(met) if rnd.random() < 0.6 else rnd.choice(ids)
        touch(person, None, rnd.choice(("message", "met", "connected")), now - timedelta(days=rnd.uniform(0, 730)))
    profile = {"timezone": "Europe/Berlin", "working_days": ["mon", "tue", "wed", "thu", "fri"], "rules": {}}
    return {"interviews": rounds, "contacts": people, "touches": log, "profile": profile}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=30_000)
    parser.add_argument("--interviews", type=int, default=3_000)
    parser.add_argument("--touches", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--horizon-days", type=int, default=7)
    parser.add_argument("--api", action="store_true", help="also time GET /api/v1/reminders on a real data directory")
    args = parser.parse_args()
    now = datetime(2026, 6, 1, 9, tzinfo=timezone.utc)
    data = build(args.contacts, args.interviews, args.touches, now)
    horizon = timedelta(days=args.horizon_days)
    built, built_cpu = [], []
    for _ in range(args.runs):
        state = State(**data)
        t0, c0 = time.perf_counter(), time.process_time()
        schedule(state)
        built.append((time.perf_counter() - t0) * 1000)
        built_cpu.append((time.process_time() - c0) * 1000)
    asked, asked_cpu, counts = [], [], (0, 0)
    for run in range(args.runs):  # one schedule, as the server keeps it while the data is unchanged
        moment = now + timedelta(hours=run)  # a different `now` each time
        t0, c0 = time.perf_counter(), time.process_time()
        d = due(state, moment)
        u = upcoming(state, moment, horizon)
        asked.append((time.perf_counter() - t0) * 1000)
        asked_cpu.append((time.process_time() - c0) * 1000)
        counts = (len(d), len(u))
    print(f"data: {args.contacts} contacts, {args.interviews} interviews, {args.touches} touches; horizon {args.horizon_days} days")
    print(f"answer: {counts[0]} due or overdue, {counts[1]} upcoming")
    print(f"due + upcoming at a new `now`: median {statistics.median(asked):.1f} ms "
          f"(min {min(asked):.1f}, max {max(asked):.1f}; CPU median {statistics.median(asked_cpu):.1f} ms) "
          f"over {args.runs} runs; goal <= 20 ms median")
    print(f"schedule from a fresh State (once per change of the data): median {statistics.median(built):.1f} ms "
          f"(min {min(built):.1f}, max {max(built):.1f}; CPU median {statistics.median(built_cpu):.1f} ms)")
    if args.api:
        api(data, now, args.runs)
    print(f"load average while measuring: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")


def api(data: dict, now: datetime, runs: int) -> None:
    """GET /api/v1/reminders through the app and a real store: after a write (schedule rebuilt), and not."""
    import tempfile

    from server.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"DATA_DIR": tmp, "PORT": 5317, "NOW": now})
        store = app.extensions["followup.store"]
        store.restore({"contacts": list(data["contacts"].values()), "interviews": data["interviews"],
                       "touches": data["touches"], "settings": [{"id": "profile", **data["profile"]}]})
        client = app.test_client()
        headers = {"Host": "127.0.0.1:5317", "Authorization": f"Bearer {app.extensions['followup.token'].get()}"}
        cold, warm = [], []
        for run in range(runs):
            if run % 2 == 0:
                store.put("settings", "bench", {"run": run})  # any write: the next request re-reads the data
            t0 = time.perf_counter()
            resp = client.get("/api/v1/reminders", headers=headers)
            (cold if run % 2 == 0 else warm).append((time.perf_counter() - t0) * 1000)
            assert resp.status_code == 200, resp.get_json()
        store.close()
    size = len(resp.get_json()["reminders"])
    print(f"GET /api/v1/reminders ({size} reminders in the answer): median {statistics.median(warm):.1f} ms "
          f"while the data is unchanged, {statistics.median(cold):.1f} ms right after a write")

if __name__ == "__main__":
    main()
