#!/usr/bin/env python3
"""Benchmark followup at LinkedIn scale: 30,000 contacts, 3,000 interviews, 100,000 touches, 1 MB and 5 MB pages.

Prints one table: median and p95 of each operation beside the baseline measured in the same run (TinyDB's
default JSON storage on the same data; raw lxml parsing of the same page), plus start-up time and memory.
Loopback only; everything happens in a temporary directory. Usage: scripts/bench.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server.contacts import find_same_person, save_contact  # noqa: E402
from server.storage import Store  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from liveserver import Server  # noqa: E402

FIRST = ["Ana", "Ben", "Chen", "Dara", "Eli", "Fatima", "Gus", "Hana", "Ivan", "José", "Kofi", "Lena", "Mei", "Nils", "Olu", "Priya"]
LAST = ["Lima", "Okafor", "Wang", "Novak", "Smith", "Haddad", "Berg", "Sato", "Petrov", "Núñez", "Mensah", "Weber", "Li", "Holm", "Ade", "Rao"]
COMPANIES = [f"Company {i}" for i in range(1500)]
KINDS = ["thank_you", "connection_request", "connected", "status_check", "reply", "message", "met"]
T0 = datetime(2026, 6, 1, 9, 0, tzinfo=timezone.utc)


def dataset(n_contacts: int, n_interviews: int, n_touches: int, seed: int = 7) -> dict[str, list[dict]]:
    """A realistic data set: Connections.csv-like contacts, interviews with panels, touches over months."""
    rnd = random.Random(seed)
    contacts = []
    for i in range(n_contacts):
        first, last = rnd.choice(FIRST), rnd.choice(LAST)
        contacts.append({
            "id": f"c{i:06d}", "name": f"{first} {last}", "headline": f"Engineer at {rnd.choice(COMPANIES)}",
            "title": "Engineer", "company": rnd.choice(COMPANIES), "location": "Lisbon",
            "profile_url": f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}-{i}/",
            "photo_url": None, "email": f"{first.lower()}.{i}@example.com" if i % 3 == 0 else None,
            "notes": None, "tags": ["linkedin"], "sources": {}, "edited": [], "keep_in_touch": True,
            "created_at": T0.isoformat(), "updated_at": T0.isoformat(),
        })
    interviews = []
    for i in range(n_interviews):
        start = T0 + timedelta(days=rnd.randrange(0, 170), hours=rnd.randrange(0, 8))
        panel = rnd.sample(range(n_contacts), rnd.randint(1, 4))
        interviews.append({
            "id": f"i{i:05d}", "company": rnd.choice(COMPANIES), "role": "Staff Engineer", "job_url": None,
            "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=1)).isoformat(),
            "interviewers": [{"contact_id": f"c{p:06d}", "topics": ["system design"]} for p in panel],
            "topics": ["team"], "concerns": [], "decision_by": None, "decision_in_days": rnd.choice([None, 7, 14]),
            "outcome": rnd.choice(["pending", "pending", "rejected", "offer", "withdrawn"]),
            "outcome_at": (start + timedelta(days=10)).isoformat(), "notes": None,
        })
        if interviews[-1]["outcome"] == "pending":
            interviews[-1]["outcome_at"] = None
    touches = []
    for i in range(n_touches):
        iv = interviews[rnd.randrange(n_interviews)]
        seat = rnd.choice(iv["interviewers"])
        touches.append({
            "id": f"t{i:06d}", "contact_id": seat["contact_id"], "interview_id": iv["id"], "kind": rnd.choice(KINDS),
            "at": (T0 + timedelta(days=rnd.randrange(0, 180))).isoformat(), "note": None,
        })
    return {"contacts": contacts, "interviews": interviews, "touches": touches, "answers": [], "settings": []}


def timed(fn, n: int) -> list[float]:
    """Milliseconds of n calls of fn."""
    out = []
    for i in range(n):
        t = time.perf_counter()
        fn(i)
        out.append((time.perf_counter() - t) * 1000)
    return out


def stats(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))]


ROWS: list[tuple] = []


def row(name: str, samples: list[float] | None, baseline: list[float] | None = None, goal: str = "", note: str = "") -> None:
    ours = stats(samples) if samples else None
    base = stats(baseline) if baseline else None
    ROWS.append((name, ours, base, goal, note))
    fmt = lambda p: f"{p[0]:9.3f} {p[1]:9.3f}" if p else f"{'':9} {'':9}"
    print(f"{name:44} {fmt(ours)}   {fmt(base)}   {goal:10} {note}", flush=True)


def bench_store(data: dict, work: Path, n: int) -> None:
    directory = work / "journal"
    s = Store(directory)
    s.restore(data)
    s.close()
    t = time.perf_counter()
    s = Store(directory)
    row("store open (snapshot 30k/3k/100k)", [(time.perf_counter() - t) * 1000], goal="")
    now = datetime.now(timezone.utc)
    urls = [c["profile_url"] for c in data["contacts"]]
    row("durable contact create (fsync)", timed(lambda i: save_contact(s, {"name": f"New Person {i}", "company": "Bench",
        "profile_url": f"https://www.linkedin.com/in/new-{i}/"}, now), n), goal="<= 2 ms")
    row("durable contact merge (same URL)", timed(lambda i: save_contact(s, {"name": "X", "title": f"T{i}",
        "profile_url": urls[i]}, now), n), goal="<= 2 ms")
    row("lookup by profile URL (identity)", timed(lambda i: find_same_person(s, {"profile_url": urls[(i * 7919) % len(urls)]}), n * 5), goal="<= 0.5 ms")
    row("get contact by id", timed(lambda i: s.get("contacts", f"c{(i * 7919) % 30000:06d}"), n * 5))
    row("touches of a contact (index)", timed(lambda i: s.find("touches", contact_id=f"c{(i * 13) % 30000:06d}"), n * 5))
    bench_rules(s, n)
    s.close()


def bench_rules(s: Store, n: int) -> None:
    """Reminders: due + upcoming on the worked-out schedule, and the real flow (one write, then ask)."""
    from server.rules.engine import due, upcoming
    from server.rules.source import read_state

    at = T0 + timedelta(days=100)
    horizon = timedelta(days=7)
    t = time.perf_counter()
    state = read_state(s)
    row("reminders: first schedule (cold start)", [(time.perf_counter() - t) * 1000], note="once per server start")

    def ask(i: int) -> None:
        due(state, at + timedelta(hours=i))
        upcoming(state, at + timedelta(hours=i), horizon)

    row("due + upcoming reminders", timed(ask, n), goal="<= 20 ms")
    contacts = [c["id"] for c in s.scan("contacts")[:n]]
    now = datetime.now(timezone.utc)

    def write_then_ask(i: int) -> None:
        s.insert("touches", {"contact_id": contacts[i], "interview_id": None, "kind": "message", "at": now.isoformat(), "note": None})
        fresh = read_state(s)
        due(fresh, at)
        upcoming(fresh, at, horizon)

    row("one touch logged, then due + upcoming", timed(write_then_ask, n), goal="<= 20 ms", note="incl. fsync")


def bench_tinydb_default(data: dict, work: Path, n: int) -> dict[str, list[float]]:
    """The baseline: TinyDB's default JSONStorage, which re-reads and rewrites the whole file per operation."""
    from tinydb import Query, TinyDB

    path = work / "baseline.json"
    plain = {name: {str(n): {k: v for k, v in d.items() if k != "id"} for n, d in enumerate(docs, 1)} for name, docs in data.items()}
    path.write_text(json.dumps(plain))
    db = TinyDB(path)
    contacts = db.table("contacts", cache_size=0)
    q = Query()
    urls = [c["profile_url"] for c in data["contacts"]]
    out = {
        "insert": timed(lambda i: contacts.insert({"name": f"New {i}", "profile_url": f"https://x/{i}"}), n),
        "search": timed(lambda i: contacts.search(q.profile_url == urls[i]), n),
        "get": timed(lambda i: contacts.get(doc_id=i + 1), n),
    }
    db.close()
    return out


def start_server(directory: Path) -> tuple[Server, float]:
    """The real server (scripts/liveserver.py) and the milliseconds from spawning it to its first answer."""
    t = time.perf_counter()
    server = Server(directory).start()
    return server, (time.perf_counter() - t) * 1000


def bench_server(data: dict, work: Path) -> None:
    """Start-up of the real server with the big data set (clean, after kill -9, without db.cache), and its memory."""
    directory = work / "server"
    s = Store(directory)
    s.restore(data)
    s.close()
    server, startup = start_server(directory)
    try:
        client = server.client()

        def call(method: str, path: str, body: dict | None = None) -> None:
            status = client.call(method, path, body)[0]
            if status >= 300:
                raise RuntimeError(f"{method} {path} answered {status}")

        row("server start-up to first answer", [startup], goal="<= 1000 ms", note="includes Python start")
        row("HTTP POST /contacts (create, fsync)", timed(lambda i: call("POST", "/contacts", {"name": f"Http {i}", "company": "Bench"}), 100))
        row("HTTP GET /contacts/<id>", timed(lambda i: call("GET", f"/contacts/c{i:06d}"), 100))
        row("HTTP GET /reminders", timed(lambda i: call("GET", "/reminders"), 10), note="state read + engine + titles")
        status = Path(f"/proc/{server.proc.pid}/status").read_text()
        rss = {k: int(v.split()[0]) / 1024 for k, v in (line.split(":", 1) for line in status.splitlines()) if k in ("VmRSS", "VmHWM")}
        print(f"{'server memory':44} RSS {rss['VmRSS']:.0f} MB, peak {rss['VmHWM']:.0f} MB   (goal <= 150 MB)")
        for i in range(1000):  # a session's edits, left in the journal by the kill below
            call("PATCH", f"/contacts/c{i:06d}", {"title": f"Edited {i}"})
        client.close()
    finally:
        server.kill()  # kill -9: the journal is not folded
    server, startup = start_server(directory)
    server.stop()
    row("start-up after kill -9 (1,000 changes in the journal)", [startup], goal="<= 1000 ms", note="replayed, folded later")
    (directory / "db.cache").unlink(missing_ok=True)
    server, startup = start_server(directory)
    server.stop()
    row("start-up without db.cache (db.json parsed)", [startup], note="first start after an upgrade")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--contacts", type=int, default=30_000)
    parser.add_argument("--interviews", type=int, default=3_000)
    parser.add_argument("--touches", type=int, default=100_000)
    args = parser.parse_args()
    n = 50 if args.quick else 200
    work = Path(tempfile.mkdtemp(prefix="followup-bench-"))
    try:
        t = time.perf_counter()
        data = dataset(args.contacts, args.interviews, args.touches)
        print(f"data set: {args.contacts} contacts, {args.interviews} interviews, {args.touches} touches "
              f"(built in {time.perf_counter() - t:.1f} s); milliseconds\n")
        print(f"{'operation':44} {'median':>9} {'p95':>9}   {'base med':>9} {'base p95':>9}   {'goal':10} note")
        base = bench_tinydb_default(data, work, 10 if args.quick else 20)
        print(f"{'(baseline: TinyDB default JSONStorage)':44}")
        row("  insert (rewrites the whole file)", None, base["insert"])
        row("  search by profile URL", None, base["search"])
        row("  get by id", None, base["get"])
        bench_store(data, work, n)
        bench_server(data, work)
        print(f"\nbench process peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
