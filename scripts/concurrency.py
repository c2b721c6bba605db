#!/usr/bin/env python3
"""Concurrency: N clients x M mixed requests through the real server, then the books are checked.

Every client edits its own field of the same shared contacts (a lost update would undo another client's
edit), creates and deletes its own contacts, logs touches and reads. Afterwards: every client's last
acknowledged edit is there (or it got a 409 and retried), ids are unique, nothing acknowledged is missing,
the data files are valid strict JSON, and a restart shows the same data. Prints figures; exit 1 on a problem.

    .venv/bin/python scripts/concurrency.py --clients 8 --requests 500
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from liveserver import Server, data_files, percentile  # noqa: E402

# One field per client: two clients never write the same field, so every final value is known.
FIELDS = ("headline", "title", "company", "location", "notes", "name", "photo_url", "email")
SHARED = 3


def value(field: str, client: int, serial: int) -> str:
    if field == "photo_url":
        return f"https://img.example/{client}/{serial}.png"
    if field == "email":
        return f"c{client}.{serial}@example.org"
    return f"{field} {client}.{serial}"


class Client(threading.Thread):
    def __init__(self, n: int, server: Server, shared: list[str], requests: int, seed: int):
        super().__init__(daemon=True)
        self.n, self.server, self.shared, self.requests = n, server, shared, requests
        self.rng = random.Random(seed)
        self.field = FIELDS[n % len(FIELDS)]
        self.last: dict[str, str] = {}  # shared contact id -> my last acknowledged value
        self.mine: dict[str, str] = {}  # my contacts: id -> name
        self.created: list[str] = []
        self.deleted: set[str] = set()
        self.touched: Counter = Counter()
        self.kinds: Counter = Counter()
        self.latencies: list[float] = []
        self.problems: list[str] = []
        self.retries = 0

    def call(self, client, method, path, body=None, ok=(200, 201)):
        for _attempt in range(5):
            t0 = time.perf_counter()
            status, data, headers = client.call(method, path, body)
            self.latencies.append(time.perf_counter() - t0)
            if status == 409:  # a client that gets a conflict retries, as the extension does
                self.retries += 1
                continue
            if status not in ok or "json" not in headers.get("Content-Type", ""):
                self.problems.append(f"{method} {path} -> {status} {str(data)[:200]}")
                return None
            return data
        self.problems.append(f"{method} {path}: still 409 after 5 tries")
        return None

    def run(self) -> None:
        client = self.server.client()
        try:
            for serial in range(self.requests):
                self.step(client, serial)
        finally:
            client.close()

    def step(self, client, serial: int) -> None:
        r = self.rng.random()
        target = self.rng.choice(self.shared)
        if r < 0.30:
            self.kinds["update shared"] += 1
            v = value(self.field, self.n, serial)
            if self.call(client, "PATCH", f"/contacts/{target}", {self.field: v}) is not None:
                self.last[target] = v
        elif r < 0.50 or not self.mine:
            self.kinds["create"] += 1
            name = f"Client{self.n} Person{serial}"
            got = self.call(client, "POST", "/contacts", {"name": name, "email": f"own{self.n}.{serial}@example.net"})
            if got is not None:
                if got.get("merged"):
                    self.problems.append(f"create of {name} was merged into {got['id']}")
                self.mine[got["id"]] = name
                self.created.append(got["id"])
        elif r < 0.60:
            self.kinds["delete"] += 1
            victim = self.rng.choice(sorted(self.mine))
            if self.call(client, "DELETE", f"/contacts/{victim}") is not None:
                del self.mine[victim]
                self.deleted.add(victim)
        elif r < 0.70:
            self.kinds["touch"] += 1
            if self.call(client, "POST", "/touches", {"contact_id": target, "kind": "message", "note": f"{self.n}"}):
                self.touched[target] += 1
        elif r < 0.85:
            self.kinds["read one"] += 1
            got = self.call(client, "GET", f"/contacts/{target}", ok=(200,))
            if got is not None and got.get("id") != target:
                self.problems.append(f"read {target} answered {got.get('id')}")
        else:
            self.kinds["read list"] += 1
            got = self.call(client, "GET", "/contacts?limit=100000", ok=(200,))
            if got is not None and len({c["id"] for c in got["contacts"]}) != len(got["contacts"]):
                self.problems.append("a list answer repeats an id")


def check(server: Server, clients: list[Client], shared: list[str]) -> tuple[list[str], int]:
    """Problems found in what the server holds; and the number of lost updates among them."""
    problems, lost = [], 0
    api = server.client()
    held = {c["id"]: c for c in api.call("GET", "/contacts?limit=100000")[1]["contacts"]}
    touches = Counter(t["contact_id"] for t in api.call("GET", "/touches")[1]["touches"])
    api.close()
    for c in clients:
        for cid, v in c.last.items():
            if held[cid].get(c.field) != v:
                lost += 1
                problems.append(f"lost update: {cid}.{c.field} is {held[cid].get(c.field)!r}, client {c.n} wrote {v!r}")
        for cid, name in c.mine.items():
            if cid not in held or held[cid]["name"] != name:
                problems.append(f"client {c.n}'s contact {cid} ({name}) is missing")
        for cid in c.deleted & set(held):
            problems.append(f"deleted contact {cid} is back")
    for cid in shared:
        want = sum(c.touched[cid] for c in clients)
        if touches[cid] != want:
            problems.append(f"{cid} has {touches[cid]} touches, {want} acknowledged")
    ids = [i for c in clients for i in c.created] + shared
    if len(ids) != len(set(ids)):
        problems.append(f"{len(ids) - len(set(ids))} ids handed out twice")
    expected = len(shared) + sum(len(c.mine) for c in clients)
    if len(held) != expected:
        problems.append(f"{len(held)} contacts held, {expected} expected")
    return problems, lost


def run(clients: int = 8, requests: int = 500, seed: int = 1, data_dir: Path | None = None) -> dict:
    tmp = tempfile.TemporaryDirectory(prefix="followup-concurrency-") if data_dir is None else None
    data_dir = Path(tmp.name) / "data" if tmp else data_dir
    try:
        server = Server(data_dir, threads=4).start()
        api = server.client()
        shared = [api.call("POST", "/contacts", {"name": f"Shared Person {i}"})[1]["id"] for i in range(SHARED)]
        api.close()
        workers = [Client(n, server, shared, requests, seed * 1000 + n) for n in range(clients)]
        started = time.perf_counter()
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        elapsed = time.perf_counter() - started
        problems = [p for w in workers for p in w.problems]
        found, lost = check(server, workers, shared)
        problems += found
        server.stop()
        valid, torn = data_files(data_dir)
        if not valid or torn:
            problems.append("the data files are not valid strict JSON after the run")
        server = Server(data_dir).start()  # what a restart loads must be what was acknowledged
        again, lost_again = check(server, workers, shared)
        problems += [f"after restart: {p}" for p in again]
        server.stop()
    finally:
        if tmp:
            tmp.cleanup()
    latencies = [x for w in workers for x in w.latencies]
    kinds = sum((w.kinds for w in workers), Counter())
    return {
        "clients": clients, "requests_per_client": requests, "requests": len(latencies),
        "by_kind": dict(kinds), "conflicts_retried": sum(w.retries for w in workers),
        "lost_updates": lost + lost_again, "ids_unique": not any("twice" in p for p in problems),
        "files_valid": valid and not torn, "seconds": round(elapsed, 2),
        "requests_per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(percentile(latencies, 0.5) * 1000, 1), "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
        "problems": problems,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--requests", type=int, default=500, help="requests per client (default 500)")
    p.add_argument("--seed", type=int, default=int(time.time()))
    args = p.parse_args(argv)
    print(f"concurrency: {args.clients} clients x {args.requests} mixed requests, seed {args.seed}", flush=True)
    result = run(args.clients, args.requests, args.seed)
    problems = result.pop("problems")
    for line in problems[:50]:
        print("PROBLEM", line)
    print(json.dumps(result, indent=2))
    print("RESULT", "FAILED" if problems else "ok: no lost update, unique ids, valid files")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
