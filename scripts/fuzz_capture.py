#!/usr/bin/env python3
"""Fuzz the capture extractors with mutated real pages from tests/pages.

Each page is truncated, nested 10,000 deep, filled with binary junk, blown up to 10 MB and mixed up in its
encodings; every mutant goes through server.capture.capture() (the pure extractors) and, below the body
limit, through POST /api/v1/capture. A result must be a well-formed answer; the only acceptable refusal is
the API's 422 "unreadable_page" (or 413 past the body limit). Prints figures; exit 1 on any crash.

    .venv/bin/python scripts/fuzz_capture.py --rounds 20
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from server.capture import capture  # noqa: E402

PAGES = ROOT / "tests" / "pages"
BIG = 10 * 1024 * 1024
DEEP = 10_000
PARAGRAPH = "<p>" + "lorem ipsum " * 80 + "</p>\n"
FIELDS = ("name", "headline", "title", "company", "location", "profile_url", "photo_url", "email")


def corpus() -> list[tuple[str, str, str]]:
    """(name, url, html) of every saved page that has its expected-values file (which holds the URL)."""
    out = []
    for html in sorted(PAGES.rglob("*.html")):
        meta = html.with_suffix(".json")
        url = json.loads(meta.read_text()).get("url") if meta.exists() else None
        out.append((str(html.relative_to(PAGES)), url or "https://example.org/page", html.read_text("utf-8", "replace")))
    return out


def _cut(html: str, rng: random.Random) -> str:
    spots = [i for i in range(len(html)) if html[i] in "<\"=&{"] or [len(html) // 2]
    return html[: rng.choice(spots) + rng.randint(0, 2)]


def _mojibake(html: str, rng: random.Random) -> str:
    a, b = sorted(rng.sample(range(len(html) + 1), 2)) if len(html) > 2 else (0, len(html))
    middle = html[a:b].encode("utf-8").decode(rng.choice(["latin-1", "cp1252", "mac_roman"]), "replace")
    return html[:a] + middle + html[b:]


def _junk(rng: random.Random, n: int) -> str:
    return bytes(rng.getrandbits(8) for _ in range(n)).decode("latin-1")


# name -> mutate(html, rng): each one a way real pages, broken saves or hostile sites go wrong
MUTATIONS: dict[str, Callable[[str, random.Random], str]] = {
    "truncated": _cut,
    "truncated-in-head": lambda h, r: h[: max(1, h.find("</head>") - r.randint(1, 200))],
    "nested-div": lambda h, r: "<div>" * DEEP + h + "</div>" * DEEP,
    "nested-unclosed-inside": lambda h, r: h.replace("<body", "<body", 1).replace(">", ">" + "<span><b>" * (DEEP // 2), 1),
    "nested-table": lambda h, r: h + "<table><tr><td>" * DEEP,
    "jsonld-deep": lambda h, r: h.replace("</head>", '<script type="application/ld+json">' + "[" * DEEP + "]" * DEEP
                                          + "</script></head>", 1),
    "jsonld-person-deep": lambda h, r: h.replace("</head>", '<script type="application/ld+json">' + '{"@type":"Person","knows":' * 2000
                                                 + '{"@type":"Person","name":"Deep One"}' + "}" * 2000 + "</script></head>", 1),
    "binary": lambda h, r: _junk(r, 64 * 1024),
    "binary-sprinkled": lambda h, r: "".join(c + (_junk(r, 3) if r.random() < 0.01 else "") for c in h),
    "nul-and-controls": lambda h, r: h.replace("<", "\x00<\x1b\x7f", r.randint(1, 50)),
    "mojibake-part": _mojibake,
    "mojibake-all": lambda h, r: h.encode("utf-8").decode("latin-1"),
    "utf16-as-latin1": lambda h, r: h.encode("utf-16").decode("latin-1"),
    "wrong-meta-charset": lambda h, r: h.replace("<head>", '<head><meta charset="shift_jis"><meta http-equiv="Content-Type" '
                                                 'content="text/html; charset=utf-16">', 1),
    "bom-inside": lambda h, r: h.replace("<body", "\ufeff\ufeff<body", 1),
    "surrogate-escapes": lambda h, r: h.encode("utf-8").decode("ascii", "surrogateescape"),
    "huge-attribute": lambda h, r: h.replace("<body", '<body data-x="' + "a" * (2 * 1024 * 1024) + '"', 1),
    "many-people": lambda h, r: h.replace("</body>", "".join(
        f'<div itemscope itemtype="https://schema.org/Person"><span itemprop="name">P{i} Q</span></div>' for i in range(3000))
        + "</body>", 1),
    "10MB": lambda h, r: h.replace("</body>", PARAGRAPH * (BIG // len(PARAGRAPH) + 1) + "</body>", 1),
}


def mutants(pages, rng: random.Random, kinds=None) -> Iterator[tuple[str, str, str, str]]:
    """(page, mutation, url, html) for every page and mutation asked for."""
    for name, url, html in pages:
        for kind in kinds or MUTATIONS:
            yield name, kind, url, MUTATIONS[kind](html, rng)


def check_answer(answer) -> list[str]:
    """What is wrong with a capture answer (nothing, for a well-formed one)."""
    problems = []
    if not isinstance(answer, dict) or not isinstance(answer.get("page"), dict) or not isinstance(answer.get("candidates"), list):
        return [f"malformed answer: {str(answer)[:200]}"]
    if not isinstance(answer["page"].get("kind"), str):
        problems.append("page.kind missing")
    for c in answer["candidates"]:
        conf = c.get("confidence")
        if not isinstance(conf, (int, float)) or not 0 <= conf <= 1:
            problems.append(f"confidence {conf!r}")
        for f in FIELDS:
            if c.get(f) is not None and not isinstance(c[f], str):
                problems.append(f"{f} is {type(c[f]).__name__}")
        if not (isinstance(c.get("name"), str) and c["name"].strip()):
            problems.append(f"a candidate without a name: {str(c)[:120]}")
    return problems


def run_direct(url: str, html: str) -> tuple[str, list[str], float]:
    """("ok" | "unreadable" | "crash", problems, seconds) for one call of the pure extractors."""
    t0 = time.perf_counter()
    try:
        answer = capture(url, html)
    except (RecursionError, MemoryError, ValueError) as exc:  # the API answers these with 422 unreadable_page
        return "unreadable", [f"{type(exc).__name__}"], time.perf_counter() - t0
    except Exception as exc:  # noqa: BLE001 - any other exception would be a 500
        return "crash", [f"{type(exc).__name__}: {exc}"], time.perf_counter() - t0
    problems = check_answer(answer)
    return ("crash" if problems else "ok"), problems, time.perf_counter() - t0


def run_api(client, headers, url: str, html: str) -> list[str]:
    """Problems with POST /capture for one mutant (413 past the body limit and 422 unreadable are fine)."""
    resp = client.post("/api/v1/capture", json={"url": url, "html": html}, headers=headers)
    body = resp.get_json(silent=True)
    if resp.status_code == 200:
        return check_answer(body)
    if resp.status_code in (413, 422) and isinstance(body, dict) and set(body) == {"error"}:
        return []
    return [f"POST /capture -> {resp.status_code} {resp.get_data(as_text=True)[:200]}"]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rounds", type=int, default=5, help="rounds over every page x mutation (random cuts differ)")
    p.add_argument("--seed", type=int, default=int(time.time()))
    p.add_argument("--no-api", action="store_true", help="only the pure extractors")
    args = p.parse_args(argv)
    rng = random.Random(args.seed)
    pages = corpus()
    client = headers = None
    if not args.no_api:
        from server.app import create_app

        tmp = tempfile.TemporaryDirectory(prefix="followup-fuzz-capture-")
        app = create_app({"DATA_DIR": tmp.name, "PORT": 5317})
        client = app.test_client()
        headers = {"Host": "127.0.0.1:5317", "Authorization": f"Bearer {app.extensions['followup.token'].get()}"}
    print(f"capture fuzz: {len(pages)} pages x {len(MUTATIONS)} mutations x {args.rounds} rounds, seed {args.seed}", flush=True)
    outcomes: Counter = Counter()
    slowest: dict[str, float] = {}
    crashes = []
    api_calls = 0
    started = time.perf_counter()
    for _round in range(args.rounds):
        for name, kind, url, html in mutants(pages, rng):
            outcome, problems, seconds = run_direct(url, html)
            outcomes[outcome] += 1
            slowest[kind] = max(slowest.get(kind, 0.0), seconds)
            if outcome == "crash":
                crashes.append(f"{name} [{kind}]: {'; '.join(problems)[:300]}")
            if client is not None and len(html) < 7 * 1024 * 1024:
                api_calls += 1
                crashes += [f"{name} [{kind}] via API: {x}" for x in run_api(client, headers, url, html)]
        print(f"round {_round + 1}: {dict(outcomes)}, api calls {api_calls}, crashes {len(crashes)}", flush=True)
    for line in crashes[:40]:
        print("CRASH", line)
    print(json.dumps({
        "pages": len(pages), "mutations": len(MUTATIONS), "rounds": args.rounds,
        "extractor_calls": sum(outcomes.values()), "outcomes": dict(outcomes), "api_calls": api_calls,
        "crashes": len(crashes), "seconds": round(time.perf_counter() - started, 1),
        "slowest_seconds_by_mutation": {k: round(v, 2) for k, v in sorted(slowest.items(), key=lambda kv: -kv[1])},
    }, indent=2))
    print("RESULT", "FAILED" if crashes else "ok: no crash, every answer well formed")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
