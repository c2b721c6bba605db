"""Hostile pages: mutated real pages never crash the extractors or POST /capture (the long run: scripts/fuzz_capture.py).

Truncated, nested 10,000 deep, binary, 10 MB and mixed-encoding versions of saved pages from tests/pages.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import fuzz_capture  # noqa: E402

SAMPLE = ("linkedin/guest-williamhgates-2026-07.html", "linkedin/loggedin-ember-2024.html",
          "github/user-2025.html", "generic/team-jsonld-employees.html")
PAGES = [p for p in fuzz_capture.corpus() if p[0] in SAMPLE]
SMALL = [k for k in fuzz_capture.MUTATIONS if k != "10MB"]


def test_the_sample_pages_exist():
    assert sorted(p[0] for p in PAGES) == sorted(SAMPLE)


@pytest.mark.parametrize("kind", SMALL)
def test_mutated_pages_give_well_formed_answers(client, H, kind):
    rng = random.Random(kind)
    for name, kind_, url, html in fuzz_capture.mutants(PAGES, rng, kinds=[kind]):
        outcome, problems, _ = fuzz_capture.run_direct(url, html)
        assert outcome != "crash", (name, kind_, problems)
        assert fuzz_capture.run_api(client, H, url, html) == [], (name, kind_)


def test_a_10_mb_page_is_read_directly_and_refused_by_the_api_with_413(client, H):
    _, url, html = PAGES[0]
    big = fuzz_capture.MUTATIONS["10MB"](html, random.Random(1))
    assert len(big) >= 10 * 1024 * 1024
    outcome, problems, _ = fuzz_capture.run_direct(url, big)
    assert outcome == "ok", problems
    resp = client.post("/api/v1/capture", json={"url": url, "html": big}, headers=H)
    assert resp.status_code == 413 and resp.get_json()["error"]["code"] == "too_large"


def test_the_checks_catch_a_malformed_answer():
    assert fuzz_capture.check_answer({"page": {"kind": "x"}, "candidates": [{"name": "", "confidence": 2}]})
    assert fuzz_capture.check_answer({"candidates": []})
    assert fuzz_capture.check_answer({"page": {"kind": "x"}, "candidates": [{"name": "Ana", "confidence": 0.9}]}) == []
