#!/usr/bin/env python3
"""Fuzz the real server over loopback from its own OpenAPI description (schemathesis), plus hostile transport.

Phase 1, schemathesis: for every documented operation, valid (positive) and invalid (negative) calls
generated from GET /api/v1/openapi.json, half of them aimed at records that exist. Phase 2, hostile
transport: every operation again with a foreign Host, a web Origin, no / a wrong token, the wrong content
type, broken JSON and an oversized body; none of these may change the data. Every answer must be below 500,
never HTML, never a traceback, and every refusal must have the one error shape. Prints figures; exit 1 on
any failure.

    pip install -e '.[fuzz]'   # schemathesis
    .venv/bin/python scripts/fuzz_api.py --examples 160      # >= 10,000 requests
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from liveserver import Client, Server  # noqa: E402

try:
    import requests
    import schemathesis
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis.errors import Unsatisfiable
    from schemathesis.generation import GenerationMode
except ImportError:  # pragma: no cover - told to the user below
    schemathesis = None


class Tally:
    """Every answer, judged: status counts, failures with the request that caused them."""

    def __init__(self):
        self.statuses: Counter = Counter()
        self.by_phase: Counter = Counter()
        self.failures: list[str] = []
        self.latencies: list[float] = []

    def judge(self, phase: str, label: str, status: int, ctype: str, text: str, expect_refusal: bool = False) -> None:
        self.by_phase[phase] += 1
        self.statuses[status] += 1
        problem = None
        if status >= 500:
            problem = f"{status}"
        elif "text/html" in ctype or "Traceback" in text:
            problem = "HTML or traceback in the answer"
        elif status >= 400:
            try:
                body = json.loads(text)
                ok = set(body) == {"error"} and isinstance(body["error"].get("code"), str) \
                    and isinstance(body["error"].get("message"), str) and set(body["error"]) <= {"code", "message", "field"}
            except (ValueError, AttributeError, TypeError):
                ok = False
            if not ok:
                problem = f"{status} without the error shape: {text[:200]}"
        elif expect_refusal:
            problem = f"hostile request accepted with {status}"
        if problem:
            self.failures.append(f"[{phase}] {label}: {problem} | {text[:200]}")


def seed(api) -> dict:
    """A contact, an interview with them on the panel, and a touch: targets for the path parameters."""
    cid = api.call("POST", "/contacts", {"name": "Ana Lima", "company": "Acme", "email": "ana@acme.example"})[1]["id"]
    iv = api.call("POST", "/interviews", {"company": "Acme", "starts_at": "2026-11-02T10:00:00+01:00",
                                          "interviewers": [{"contact_id": cid, "topics": ["APIs"]}]})[1]["id"]
    touch = api.call("POST", "/touches", {"contact_id": cid, "kind": "met"})[1]["id"]
    reminders = api.call("GET", "/reminders?horizon_days=60")[1].get("reminders", [])
    return {"contacts": cid, "interviews": iv, "touches": touch, "reminders": reminders[0]["id"] if reminders else "x"}


def phase_schemathesis(server: Server, doc: dict, examples: int, tally: Tally) -> None:
    schema = schemathesis.openapi.from_dict(doc)
    base = f"http://127.0.0.1:{server.port}/api/v1"
    headers = {"Authorization": f"Bearer {server.token}", "Host": f"127.0.0.1:{server.port}"}
    session = requests.Session()
    api = server.client()
    for result in schema.get_all_operations():
        op = result.ok()
        targets = seed(api)
        resource = op.path.strip("/").split("/")[0]
        fixed = {p.name: targets.get(resource, "x") for p in op.path_parameters}
        plans = [(GenerationMode.POSITIVE, None), (GenerationMode.NEGATIVE, None)]
        if fixed:
            plans = [(GenerationMode.POSITIVE, fixed), (GenerationMode.NEGATIVE, fixed),
                     (GenerationMode.POSITIVE, None), (GenerationMode.NEGATIVE, None)]
        for mode, path_parameters in plans:
            strategy = op.as_strategy(generation_mode=mode, path_parameters=path_parameters)

            @settings(max_examples=examples // len(plans) * 2, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck), phases=[Phase.generate])
            @given(case=strategy)
            def call(case):
                t0 = time.perf_counter()
                try:
                    resp = case.call(base_url=base, session=session, headers=headers, timeout=60)
                except requests.RequestException as exc:
                    tally.judge("schemathesis", f"{case.method} {case.path}", 599, "", f"no answer: {exc}")
                    return
                tally.latencies.append(time.perf_counter() - t0)
                tally.judge("schemathesis", f"{case.method} {resp.request.url[:300]}", resp.status_code,
                            resp.headers.get("Content-Type", ""), resp.text)

            try:
                call()
            except Unsatisfiable:
                pass  # nothing invalid can be said to an operation without parameters or body (GET /health)
            except Exception as exc:  # noqa: BLE001 - a generation problem is reported, not a crash of the run
                tally.failures.append(f"[schemathesis] {op.label} {mode.value}: generator stopped: {type(exc).__name__}: {exc}")
        print(f"  {op.label}: {tally.by_phase['schemathesis']} requests so far, {len(tally.failures)} failures", flush=True)
    api.close()


# (label, extra headers given the real token, whether the real token is sent too)
HOSTILE_HEADERS = [
    ("foreign host", lambda t: {"Host": "evil.example"}, True),
    ("rebinding host", lambda t: {"Host": "127.0.0.1.nip.io"}, True),
    ("web origin", lambda t: {"Origin": "https://evil.example"}, True),
    ("null origin", lambda t: {"Origin": "null"}, True),
    ("cross-site fetch", lambda t: {"Sec-Fetch-Site": "cross-site"}, True),
    ("no token", lambda t: {}, False),
    ("wrong token", lambda t: {"Authorization": "Bearer " + "A" * 43}, False),
    ("token in a cookie", lambda t: {"Cookie": f"token={t}"}, False),
    ("token in the query", lambda t: {}, False),
]
BAD_BODIES = [
    ("text/plain", b'{"name":"x"}'), ("application/x-www-form-urlencoded", b"name=x"), ("application/json", b"{bad"),
    ("application/json", b"[" * 100_000 + b"]" * 100_000), ("application/json", b'{"a":NaN}'),
    ("application/json", b'{"name":"' + b"x" * (7 * 1024 * 1024) + b'"}'),
]


def _text(data) -> str:
    return data if isinstance(data, str) else json.dumps(data)


def phase_hostile(server: Server, doc: dict, tally: Tally) -> None:
    """Transport attacks on every operation: refused before any handler runs, and the data unchanged."""
    api = server.client()
    anonymous = Client(server.port, "")
    before = api.call("GET", "/export/backup")[1]["tables"]
    for path, methods in doc["paths"].items():
        url = path.replace("{ident}", "x").replace("{rid}", "x")
        for method, op in methods.items():
            m = method.upper()
            body = b'{"name":"x"}' if m in ("POST", "PUT", "PATCH") else None
            for label, extra, with_token in HOSTILE_HEADERS:
                if op.get("security") == [] and not with_token:
                    continue  # the open health check rightly answers without a token
                headers = {**extra(server.token), **({"Content-Type": "application/json"} if body else {})}
                target = url + (f"?token={server.token}" if label == "token in the query" else "")
                t0 = time.perf_counter()
                status, data, got = (api if with_token else anonymous).call(m, target, raw=body, headers=headers)
                tally.latencies.append(time.perf_counter() - t0)
                tally.judge("hostile", f"{m} {url} [{label}]", status, got.get("Content-Type", ""), _text(data),
                            expect_refusal=True)
            for ctype, raw in BAD_BODIES if "requestBody" in op else ():
                if ctype in op["requestBody"]["content"] and ctype != "application/json":
                    continue  # a type this route takes (text for the CSV import) is no attack on it
                status, data, got = api.call(m, url, raw=raw, headers={"Content-Type": ctype})
                tally.judge("hostile", f"{m} {url} [{ctype} {raw[:20]!r}]", status, got.get("Content-Type", ""),
                            _text(data), expect_refusal=True)
    if api.call("GET", "/export/backup")[1]["tables"] != before:
        tally.failures.append("[hostile] refused requests changed the data")
    api.close()
    anonymous.close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--examples", type=int, default=160, help="schemathesis calls per operation (default 160)")
    args = p.parse_args(argv)
    if schemathesis is None:
        print("schemathesis is not installed: .venv/bin/pip install -e '.[fuzz]'", file=sys.stderr)
        return 2
    tally = Tally()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="followup-fuzz-") as tmp:
        server = Server(Path(tmp) / "data", threads=4).start()
        try:
            doc = server.client().call("GET", "/openapi.json")[1]
            ops = sum(len(m) for m in doc["paths"].values())
            print(f"API fuzz: {ops} operations from /api/v1/openapi.json, {args.examples} schemathesis calls each", flush=True)
            phase_schemathesis(server, doc, args.examples, tally)
            phase_hostile(server, doc, tally)
            alive = server.client().call("GET", "/health")[0] == 200
            rss = server.rss_kib()
        finally:
            server.stop()
        log = server.log_path.read_text() if server.log_path.exists() else ""
    lat = sorted(tally.latencies)
    for line in tally.failures[:60]:
        print("FAIL", line)
    total = sum(tally.by_phase.values())
    print(json.dumps({
        "requests": total, "by_phase": dict(tally.by_phase),
        "statuses": dict(sorted(tally.statuses.items())), "5xx": sum(v for k, v in tally.statuses.items() if k >= 500),
        "failures": len(tally.failures), "server_alive_after": alive, "server_rss_mib_after": round(rss / 1024, 1),
        "tracebacks_in_server_log": log.count("Traceback"),
        "p50_ms": round(lat[len(lat) // 2] * 1000, 1) if lat else 0,
        "p99_ms": round(lat[int(len(lat) * 0.99)] * 1000, 1) if lat else 0,
        "seconds": round(time.perf_counter() - started, 1),
    }, indent=2))
    ok = not tally.failures and alive
    print("RESULT", f"ok: {total} hostile requests, 0 x 5xx, every refusal in the error shape" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
