#!/usr/bin/env python3
"""Crash trials: writers drive the real server, which is killed with SIGKILL at a random moment, then restarted.

After every kill: the data file must be valid strict JSON; after every restart: every write the server
acknowledged (a 2xx answer reached the client) must be there, every acknowledged delete must stay deleted,
and nothing must appear that nobody wrote. A write in flight at the kill may land or not; it is resolved
from what the restarted server holds. Some people carry long notes and one run in five is long, so the journal
outgrows its threshold and is folded into db.json while writers run; in a quarter of the trials the server is
killed once more at a random moment of its start-up, where it folds the journal too. Prints figures; exit 1 when anything was lost
or corrupt.

    .venv/bin/python scripts/crash_trials.py --trials 200
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
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from liveserver import Server, data_files  # noqa: E402

KEEP = 30  # contacts a writer keeps at most, so each trial writes a file of realistic size


@dataclass
class Writer:
    """One client's own contacts and touches, and the write it had in flight when the server died."""

    n: int
    rng: random.Random
    contacts: dict[str, dict] = field(default_factory=dict)  # id -> acknowledged fields
    touches: dict[str, set] = field(default_factory=dict)  # contact id -> acknowledged touch ids
    deleted: set = field(default_factory=set)
    pending: tuple | None = None
    serial: int = 0
    acks: Counter = field(default_factory=Counter)
    errors: list = field(default_factory=list)

    def next_op(self) -> tuple:
        self.serial += 1
        tag = f"w{self.n}-{self.serial}"
        r = self.rng.random()
        ids = list(self.contacts)
        if not ids or (r < 0.35 and len(ids) < KEEP):
            # some people carry long notes, so the journal outgrows its threshold and is folded while writers run
            notes = tag if self.rng.random() < 0.6 else f"{tag} " + "n" * 19000
            return ("create", {"name": f"Person {tag}", "title": "t0", "notes": notes})
        cid = self.rng.choice(ids)
        if r < 0.7 and len(ids) < KEEP:
            return ("patch", cid, {"title": f"t-{tag}"})
        if r < 0.85 or len(ids) >= KEEP:
            return ("delete", cid)
        return ("touch", cid, {"contact_id": cid, "kind": "message", "note": tag})

    def run(self, client, stop: threading.Event) -> None:
        try:
            self._run(client, stop)
        finally:
            client.close()

    def _run(self, client, stop: threading.Event) -> None:
        while not stop.is_set():
            op = self.next_op()
            self.pending = op
            try:
                status, body, _ = self.send(client, op)
            except OSError:
                return  # the server is gone: op stays pending
            if status >= 400:
                self.errors.append(f"{op[0]} answered {status}: {body}")
                return
            self.acknowledge(op, body)
            self.pending = None

    @staticmethod
    def send(client, op):
        kind = op[0]
        if kind == "create":
            return client.call("POST", "/contacts", op[1])
        if kind == "patch":
            return client.call("PATCH", f"/contacts/{op[1]}", op[2])
        if kind == "delete":
            return client.call("DELETE", f"/contacts/{op[1]}")
        return client.call("POST", "/touches", op[2])

    def acknowledge(self, op, body) -> None:
        kind = op[0]
        self.acks[kind] += 1
        if kind == "create":
            self.contacts[body["id"]] = dict(op[1])
            self.touches[body["id"]] = set()
        elif kind == "patch":
            self.contacts[op[1]].update(op[2])
        elif kind == "delete":
            self.contacts.pop(op[1])
            self.touches.pop(op[1], None)
            self.deleted.add(op[1])
        else:
            self.touches[op[1]].add(body["id"])


def verify(writers: list[Writer], client, figures: Counter) -> list[str]:
    """Compare what the restarted server holds with what was acknowledged; resolve the in-flight writes."""
    problems = []
    _, body, _ = client.call("GET", "/contacts?limit=100000")
    held = {c["id"]: c for c in body["contacts"]}
    touches: dict[str, set] = {}
    for t in client.call("GET", "/touches")[1]["touches"]:
        touches.setdefault(t["contact_id"], set()).add(t["id"])
    claimed = set()
    for w in writers:
        op = w.pending
        for cid, fields in list(w.contacts.items()):
            got = held.get(cid)
            if got is None:
                if op and op[0] == "delete" and op[1] == cid:
                    figures["in_flight_applied"] += 1
                    w.contacts.pop(cid)
                    w.touches.pop(cid, None)
                    w.deleted.add(cid)
                    continue
                problems.append(f"lost contact {cid} ({fields['name']})")
                figures["lost"] += 1
                continue
            claimed.add(cid)
            for key, value in fields.items():
                if got.get(key) != value:
                    if op and op[0] == "patch" and op[1] == cid and got.get(key) == op[2].get(key):
                        figures["in_flight_applied"] += 1
                        fields[key] = got[key]
                        continue
                    problems.append(f"contact {cid}: {key} is {got.get(key)!r}, acknowledged {value!r}")
                    figures["lost"] += 1
            missing = w.touches.get(cid, set()) - touches.get(cid, set())
            if missing:
                problems.append(f"lost touches {sorted(missing)} of {cid}")
                figures["lost"] += len(missing)
            extra = touches.get(cid, set()) - w.touches.get(cid, set())
            if extra and op and op[0] == "touch" and op[1] == cid and len(extra) == 1:
                figures["in_flight_applied"] += 1
                w.touches[cid] |= extra
            elif extra:
                problems.append(f"touches nobody acknowledged on {cid}: {sorted(extra)}")
                figures["unexpected"] += len(extra)
        for cid in w.deleted & set(held):
            problems.append(f"deleted contact {cid} came back")
            figures["lost"] += 1
        if op and op[0] == "create":
            found = [c for c in held.values() if c.get("notes") == op[1]["notes"]]
            if found:
                figures["in_flight_applied"] += 1
                w.contacts[found[0]["id"]] = dict(op[1])
                w.touches[found[0]["id"]] = set()
                claimed.add(found[0]["id"])
        if op:
            figures["in_flight"] += 1
        w.pending = None
    for cid in set(touches) - set(held):
        problems.append(f"touches of a contact that is gone: {cid}")
        figures["unexpected"] += 1
    for cid in set(held) - claimed:
        problems.append(f"contact nobody acknowledged: {cid} {held[cid].get('name')}")
        figures["unexpected"] += 1
    return problems


def run_trials(trials: int = 200, writers: int = 4, seed: int = 1, max_run: float = 1.5,
               data_dir: Path | None = None, quiet: bool = False, after_kill=None, startup_kills: float = 0.25) -> dict:
    """Run the trials and return the figures; problems are listed under "problems".

    after_kill(data_dir) runs between the kill and the restart: the tests use it to prove the check notices loss.
    """
    rng = random.Random(seed)
    tmp = None
    if data_dir is None:
        tmp = tempfile.TemporaryDirectory(prefix="followup-crash-")
        data_dir = Path(tmp.name) / "data"
    figures: Counter = Counter()
    problems: list[str] = []
    clients = [Writer(n, random.Random(rng.random())) for n in range(writers)]
    started = time.monotonic()
    try:
        for trial in range(1, trials + 1):
            server = Server(data_dir).start()
            folded_at = (data_dir / "db.json").stat().st_mtime_ns if (data_dir / "db.json").exists() else 0
            stop = threading.Event()
            threads = [threading.Thread(target=w.run, args=(server.client(), stop), daemon=True) for w in clients]
            for t in threads:
                t.start()
            # most kills come early; one run in five is long enough for the journal to be folded while writing
            time.sleep(rng.uniform(0.02, max_run) if rng.random() < 0.8 else rng.uniform(max_run, 4 * max_run))
            server.kill()
            stop.set()
            for t in threads:
                t.join(timeout=30)
            figures["kills"] += 1
            if (data_dir / "db.json").exists() and (data_dir / "db.json").stat().st_mtime_ns != folded_at:
                figures["folds_while_writing"] += 1  # the journal was folded into db.json during this run
            if after_kill is not None:
                after_kill(data_dir)
            valid, torn = data_files(data_dir)
            figures["torn_tails"] += torn
            if not valid:
                figures["corrupt"] += 1
                problems.append(f"trial {trial}: the data files are not valid after the kill")
            if rng.random() < startup_kills:
                # and once more while it starts up: recovery itself (folding the journal) must survive a kill
                Server(data_dir).spawn().kill_after(rng.uniform(0.05, 0.6))
                figures["startup_kills"] += 1
                valid, _ = data_files(data_dir)
                if not valid:
                    figures["corrupt"] += 1
                    problems.append(f"trial {trial}: the data files are not valid after a kill during start-up")
            server = Server(data_dir).start()
            checker = server.client()
            found = verify(clients, checker, figures)
            checker.close()
            problems += [f"trial {trial}: {p}" for p in found]
            for w in clients:
                problems += [f"trial {trial}: writer {w.n}: {e}" for e in w.errors]
                figures["errors"] += len(w.errors)
                w.errors.clear()
            server.stop()
            valid, torn = data_files(data_dir)
            if not valid or torn:
                figures["corrupt"] += 1
                problems.append(f"trial {trial}: the data files are not valid after a clean stop")
            if not quiet and (trial % 10 == 0 or found):
                acked = sum(sum(w.acks.values()) for w in clients)
                print(f"trial {trial}/{trials}: {acked} acknowledged writes so far, lost {figures['lost']}, "
                      f"corrupt {figures['corrupt']}", flush=True)
        log = (data_dir.parent / f"{data_dir.name}.log").read_text()
    finally:
        if tmp is not None:
            tmp.cleanup()
    acks = sum((w.acks for w in clients), Counter())
    return {
        "trials": trials, "writers": writers, "kills": figures["kills"], "kills_during_start_up": figures["startup_kills"],
        "trials_with_a_fold_while_writing": figures["folds_while_writing"],
        "acknowledged_writes": sum(acks.values()), "by_kind": dict(acks),
        "in_flight_at_kill": figures["in_flight"], "in_flight_applied": figures["in_flight_applied"],
        "lost_acknowledged": figures["lost"], "unexpected": figures["unexpected"], "corrupt_files": figures["corrupt"],
        "error_answers": figures["errors"],
        "torn_journal_tails_dropped": figures["torn_tails"], "recovery_notices": log.count("NOTICE"), "seconds": round(time.monotonic() - started, 1),
        "problems": problems,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--trials", type=int, default=200)
    p.add_argument("--writers", type=int, default=4, help="concurrent writer clients (default 4)")
    p.add_argument("--seed", type=int, default=int(time.time()))
    p.add_argument("--max-run", type=float, default=1.5, help="longest run before the kill, seconds")
    args = p.parse_args(argv)
    print(f"crash trials: {args.trials} x SIGKILL, {args.writers} writers, seed {args.seed}", flush=True)
    result = run_trials(args.trials, args.writers, args.seed, args.max_run)
    problems = result.pop("problems")
    for line in problems[:50]:
        print("PROBLEM", line)
    print(json.dumps(result, indent=2))
    ok = not problems and result["lost_acknowledged"] == 0 and result["corrupt_files"] == 0
    print("RESULT", "ok: nothing acknowledged was lost, no corrupt file" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
