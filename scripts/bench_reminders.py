"""Benchmark: due + upcoming for 30,000 contacts, 3,000 interviews and 100,000 touches (goal: median <= 20 ms).

Prints figures; asserts nothing. Three figures: asking due + upcoming at a new moment (every request);
working out the schedule from a fresh State (at start-up and after a profile change: it indexes every
touch); and the common case in use, one write through a real Store (a touch logged, a reminder done, an
interview's outcome set) then due + upcoming, where the State is brought up to date change by change.
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

from server.rules import State, answers, due, find, schedule, upcoming  # noqa: E402
from server.rules.source import read_state  # noqa: E402
from server.storage import Store  # noqa: E402

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
    parser.add_argument("--writes", type=int, default=40, help="writes of each kind timed (0: skip)")
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
    for run in range(args.runs):  # one schedule, as the server keeps it between writes
        moment = now + timedelta(hours=run)  # a different `now` each time
        t0, c0 = time.perf_counter(), time.process_time()
        d = due(state, moment)
        u = upcoming(state, moment, horizon)
        asked.append((time.perf_counter() - t0) * 1000)
        asked_cpu.append((time.process_time() - c0) * 1000)
        counts = (len(d), len(u))
    print(f"data: {args.contacts} contacts, {args.interviews} interviews, {args.touches} touches; "
          f"horizon {args.horizon_days} days")
    print(f"answer: {counts[0]} due or overdue, {counts[1]} upcoming")
    print(f"due + upcoming at a new `now`: median {statistics.median(asked):.1f} ms "
          f"(min {min(asked):.1f}, max {max(asked):.1f}; CPU median {statistics.median(asked_cpu):.1f} ms) "
          f"over {args.runs} runs; goal <= 20 ms median; the first ask, which words each reminder once, "
          f"{asked[0]:.1f} ms")
    print(f"schedule from a fresh State (at start-up and after a profile change): "
          f"median {statistics.median(built):.1f} ms "
          f"(min {min(built):.1f}, max {max(built):.1f}; CPU median {statistics.median(built_cpu):.1f} ms)")
    if args.writes:
        after_writes(data, now, args.writes, horizon)
    if args.api:
        api(data, now, args.runs)
    print(f"load average while measuring: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")


def spread(ms: list[float]) -> str:
    return f"median {statistics.median(ms):5.1f} ms, p95 {statistics.quantiles(ms, n=20)[18]:5.1f} ms"


def after_writes(data: dict, now: datetime, runs: int, horizon: timedelta) -> None:
    """One write through a real Store on disk (journal line and fsync included), then due + upcoming."""
    import tempfile

    rnd = random.Random(11)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(tmp)
        store.restore({"contacts": list(data["contacts"].values()), "interviews": data["interviews"],
                       "touches": data["touches"], "settings": [{"id": "profile", **data["profile"]}]})
        t0, c0 = time.perf_counter(), time.process_time()
        state = read_state(store)
        first = ((time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000)
        seated = [seat["contact_id"] for iv in data["interviews"] for seat in iv["interviewers"]]
        pending = [iv["id"] for iv in data["interviews"] if iv["outcome"] == "pending"]
        rnd.shuffle(pending)

        # Each kind of write: what to write (chosen before the clock starts), and the write itself.
        def touch_logged(moment):
            person = rnd.choice(seated)
            return lambda: store.insert("touches", {"contact_id": person, "interview_id": None, "kind": "message",
                                                    "at": moment.isoformat(), "note": ""})

        def reminder_done(moment):
            rid = rnd.choice([r for r in due(state, moment) if r.contact_id]).id

            def write() -> None:  # as POST /reminders/<id>/done does it
                with store.transaction():
                    reminder = find(read_state(store), moment, rid)
                    if (touch := answers.touch(reminder, moment)) is not None:
                        store.insert("touches", touch)
                    store.put("answers", rid, answers.answer(reminder, "done", moment))
            return write

        def outcome_set(moment):
            iv = pending.pop()
            return lambda: store.update("interviews", iv, {"outcome": "rejected", "outcome_at": moment.isoformat()})

        results, moment = {}, now
        for name, kind in (("touch logged", touch_logged), ("reminder done", reminder_done),
                           ("interview outcome set", outcome_set)):
            times: dict[str, list[float]] = {k: [] for k in ("total", "total_cpu", "write", "update", "ask")}
            for _ in range(runs):
                moment += timedelta(minutes=7)  # a different `now` each time
                write = kind(moment)
                t0, c0 = time.perf_counter(), time.process_time()
                write()
                t1 = time.perf_counter()
                state = read_state(store)
                t2 = time.perf_counter()
                found = due(state, moment) + upcoming(state, moment, horizon)
                t3, c3 = time.perf_counter(), time.process_time()
                for key, value in (("total", t3 - t0), ("total_cpu", c3 - c0), ("write", t1 - t0),
                                   ("update", t2 - t1), ("ask", t3 - t2)):
                    times[key].append(value * 1000)
            results[name] = (times, len(found))
        store.close()
    print(f"one write through the store, then due + upcoming ({runs} of each; the first read built the schedule "
          f"in {first[0]:.0f} ms, CPU {first[1]:.0f} ms); goal <= 20 ms median:")
    for name, (times, size) in results.items():
        print(f"  {name:22} wall {spread(times['total'])}; CPU {spread(times['total_cpu'])}")
        print(f"  {'':22} of which: write {statistics.median(times['write']):.1f} ms, bringing the schedule up to date "
              f"{statistics.median(times['update']):.1f} ms, due + upcoming {statistics.median(times['ask']):.1f} ms "
              f"(medians; {size} reminders)")


def api(data: dict, now: datetime, runs: int) -> None:
    """GET /api/v1/reminders through the app and a real store: right after a write, and not."""
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
            if run % 2 == 0:  # a touch logged: the next request brings the schedule up to date
                store.insert("touches", {"contact_id": "c00001", "interview_id": None, "kind": "message",
                                         "at": now.isoformat(), "note": ""})
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
