#!/usr/bin/env python3
"""Soak: hours of realistic use compressed into minutes against the real server, on loopback only.

One simulated hour of a job seeker's day: the badge polls reminders every minute, the popup opens (health,
reminders) and captures real saved pages, candidates become contacts, an interview is logged with its panel,
drafts are read, thank-yous are marked done, a contact is edited, now and then an export. The hours run back
to back until --hours are done, --max-requests are sent or --max-seconds pass, whichever comes first.
Prints requests served, errors, p50/p99 latency by kind, server memory at start and end, and the memory of a
fresh server on the same data before and after a stretch of requests that add no data; exit 1 on errors.

    .venv/bin/python scripts/soak.py --hours 2000 --max-seconds 600
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from liveserver import ROOT, Server, data_files, percentile  # noqa: E402

PAGES = sorted((ROOT / "tests" / "pages").rglob("*.html"))


class Load:
    """What the user's browser and CLI send, with every answer timed and judged."""

    def __init__(self, server: Server, seed: int, budget):
        self.server = server
        self.rng = random.Random(seed)
        self.budget = budget
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.statuses: Counter = Counter()
        self.errors: list[str] = []
        self.lock = threading.Lock()
        self.minutes = threading.Semaphore(0)  # the badge's polls still owed for the simulated hours so far
        self.pages = [(p, json.loads(p.with_suffix(".json").read_text()).get("url") if p.with_suffix(".json").exists()
                       else "https://example.org/") for p in PAGES]

    def call(self, api, kind: str, method: str, path: str, body=None, raw=None, headers=None, ok=(200, 201)):
        if not self.budget():
            raise TimeoutError
        t0 = time.perf_counter()
        status, data, _ = api.call(method, path, body, raw=raw, headers=headers)
        with self.lock:
            self.latency[kind].append(time.perf_counter() - t0)
            self.statuses[status] += 1
            if status not in ok:
                self.errors.append(f"{kind}: {method} {path} -> {status} {str(data)[:160]}")
        return data if status in ok else None

    def badge(self, api, stop: threading.Event) -> None:
        """The service worker's alarm: reminders once a simulated minute, alongside what the user does."""
        while not stop.is_set():
            if self.minutes.acquire(timeout=0.1):
                self.call(api, "badge", "GET", "/reminders")

    def steady(self, api, seconds: float) -> int:
        """Edits, touches logged and removed, reads and captures that leave the amount of data as it is."""
        contacts = self.call(api, "list contacts", "GET", "/contacts?limit=100000")["contacts"]
        end, sent = time.monotonic() + seconds, 0
        while time.monotonic() < end:
            c = self.rng.choice(contacts)
            self.call(api, "edit contact", "PATCH", f"/contacts/{c['id']}", {"notes": f"steady {sent}"})
            touch = self.call(api, "touch", "POST", "/touches", {"contact_id": c["id"], "kind": "message"})
            self.call(api, "delete touch", "DELETE", f"/touches/{touch['id']}")
            self.call(api, "reminders", "GET", "/reminders?horizon_days=14")
            self.call(api, "drafts", "GET", f"/drafts?contact_id={c['id']}")
            path, url = self.rng.choice(self.pages)
            self.call(api, "capture", "POST", "/capture", {"url": url, "html": path.read_text("utf-8", "replace")})
            sent += 6
        return sent

    def hour(self, api, n: int) -> None:
        """One simulated hour of the user at work."""
        r = self.rng
        self.minutes.release(60)
        for _ in range(r.randint(2, 5)):  # the popup opens
            self.call(api, "health", "GET", "/health")
            self.call(api, "reminders", "GET", "/reminders?horizon_days=7")
        people = []
        for _ in range(r.randint(3, 8)):  # pages the user captures
            path, url = r.choice(self.pages)
            html = path.read_text("utf-8", "replace")
            got = self.call(api, "capture", "POST", "/capture", {"url": url, "html": html, "title": path.stem})
            for cand in (got or {}).get("candidates", [])[:2]:
                fields = {k: cand[k] for k in ("name", "headline", "title", "company", "location", "profile_url",
                                               "photo_url", "email") if cand.get(k)}
                saved = self.call(api, "save contact", "POST", "/contacts", fields)
                if saved:
                    people.append(saved["id"])
        for i in range(r.randint(1, 3)):  # people met who are on no page
            saved = self.call(api, "save contact", "POST", "/contacts",
                              {"name": f"Interviewer {n}-{i}", "company": f"Company {n % 17}", "title": "Engineering Manager"})
            if saved:
                people.append(saved["id"])
        if people and r.random() < 0.5:  # an interview round with a panel
            start = datetime.now(timezone.utc) - timedelta(hours=r.randint(2, 60))
            iv = self.call(api, "interview", "POST", "/interviews", {
                "company": f"Company {n % 17}", "role": "Senior Engineer", "starts_at": start.isoformat(),
                "interviewers": [{"contact_id": c, "topics": ["system design", "team rituals"]} for c in people[:3]],
                "topics": ["roadmap"], "decision_in_days": r.choice([None, 5, 10])})
            if iv:
                for c in people[:3]:
                    self.call(api, "drafts", "GET", f"/drafts?contact_id={c}&interview_id={iv['id']}")
        listed = self.call(api, "reminders", "GET", "/reminders?horizon_days=14") or {}
        for rem in listed.get("reminders", [])[: r.randint(0, 3)]:  # thank-yous sent, reminders answered
            if rem["status"] in ("due", "overdue"):
                self.call(api, "answer", "POST", f"/reminders/{rem['id']}/done", {"note": "sent"}, ok=(200, 404, 409))
        contacts = (self.call(api, "list contacts", "GET", "/contacts?limit=50") or {}).get("contacts", [])
        if contacts:
            c = r.choice(contacts)
            self.call(api, "edit contact", "PATCH", f"/contacts/{c['id']}", {"notes": f"hour {n}: talked about hiring"})
            self.call(api, "touch", "POST", "/touches", {"contact_id": c["id"], "kind": r.choice(["message", "reply", "met"])})
            self.call(api, "touches", "GET", f"/touches?contact_id={c['id']}")
        if n % 6 == 5:  # a few times a day
            self.call(api, "export", "GET", "/export/contacts.csv")
            self.call(api, "export", "GET", "/reminders.ics")
        if n % 12 == 11:
            self.call(api, "export", "GET", "/export/backup")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--hours", type=int, default=2000, help="simulated hours of use (default 2000: a year of working days)")
    p.add_argument("--max-seconds", type=float, default=600, help="stop after this long (default 600)")
    p.add_argument("--max-requests", type=int, default=200_000)
    p.add_argument("--seed", type=int, default=int(time.time()))
    p.add_argument("--steady-seconds", type=float, default=90, help="edits and reads on a fresh server, no new data")
    args = p.parse_args(argv)
    started = time.monotonic()
    load: Load
    budget = lambda: (time.monotonic() - started < args.max_seconds  # noqa: E731
                      and sum(load.statuses.values()) < args.max_requests)
    with tempfile.TemporaryDirectory(prefix="followup-soak-") as tmp:
        server = Server(Path(tmp) / "data", threads=4).start()
        load = Load(server, args.seed, budget)
        rss_start = server.rss_kib()
        print(f"soak: {args.hours} simulated hours, at most {args.max_seconds:.0f} s / {args.max_requests} requests, "
              f"seed {args.seed}, server RSS {rss_start / 1024:.1f} MiB", flush=True)
        stop = threading.Event()
        poller_api = server.client()
        poller = threading.Thread(target=lambda: _guard(load.badge, poller_api, stop), daemon=True)
        poller.start()
        api = server.client()
        hours = 0
        try:
            for n in range(args.hours):
                load.hour(api, n)
                hours += 1
                if hours % 4 == 0:
                    print(f"  hour {hours}: {sum(load.statuses.values())} requests, {len(load.errors)} errors, "
                          f"RSS {server.rss_kib() / 1024:.1f} MiB", flush=True)
        except TimeoutError:
            pass
        stop.set()
        poller.join(timeout=30)
        rss_end = server.rss_kib()
        elapsed = time.monotonic() - started
        counts = api.call("GET", "/export/backup")[1]["counts"]
        api.close()
        poller_api.close()
        server.stop()
        valid, torn = data_files(server.data_dir)
        db_bytes = sum(f.stat().st_size for f in server.data_dir.glob("db.*") if f.is_file())
        # Growth from the data itself or from a leak? A fresh server on the same data: one hour of use, then
        # edits and reads that add nothing, long enough to show whether memory creeps with requests served.
        fresh = Server(server.data_dir, threads=4).start()
        again = Load(fresh, args.seed + 1, lambda: True)
        fresh_api = fresh.client()
        again.hour(fresh_api, hours)
        rss_fresh = fresh.rss_kib()
        steady_requests = again.steady(fresh_api, args.steady_seconds / 3)  # parsers and caches warm up
        rss_warm = fresh.rss_kib()
        steady_requests += again.steady(fresh_api, args.steady_seconds * 2 / 3)
        rss_steady = fresh.rss_kib()
        fresh_api.close()
        fresh.stop()
        load.errors += [f"after restart: {e}" for e in again.errors]
    every = [x for xs in load.latency.values() for x in xs]
    for line in load.errors[:30]:
        print("ERROR", line)
    result = {
        "simulated_hours": hours, "seconds": round(elapsed, 1), "requests": len(every),
        "requests_per_second": round(len(every) / elapsed, 1), "errors": len(load.errors),
        "statuses": dict(sorted(load.statuses.items())),
        "p50_ms": round(percentile(every, 0.5) * 1000, 1), "p99_ms": round(percentile(every, 0.99) * 1000, 1),
        "by_kind": {k: f"n={len(v)} p50={percentile(v, 0.5) * 1000:.1f}ms p99={percentile(v, 0.99) * 1000:.1f}ms"
                    for k, v in sorted(load.latency.items())},
        "rss_mib_start": round(rss_start / 1024, 1), "rss_mib_end": round(rss_end / 1024, 1),
        "rss_mib_fresh_server_same_data": round(rss_fresh / 1024, 1),
        "steady_requests_no_new_data": steady_requests, "rss_mib_a_third_in": round(rss_warm / 1024, 1),
        "rss_mib_after_them": round(rss_steady / 1024, 1),
        "data": counts, "data_files_bytes": db_bytes, "data_files_valid": valid and not torn,
    }
    print(json.dumps(result, indent=2))
    ok = not load.errors and valid and not torn
    print("RESULT", "ok: no errors" if ok else "FAILED")
    return 0 if ok else 1


def _guard(fn, *args) -> None:
    try:
        fn(*args)
    except TimeoutError:
        pass


if __name__ == "__main__":
    sys.exit(main())
