"""The page corpus: each saved page in tests/pages/<site>/<case>.html gives the fields in <case>.json beside it,
whether the page arrives whole or trimmed the way the extension sends it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from server.capture import capture, kinds, registry
from server.capture.page import Page
from server.capture.trim import trim_html

PAGES = Path(__file__).parent / "pages"
CASES = sorted(p for p in PAGES.glob("*/*.json") if p.parent.name != "LICENSES")


def _case_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def _load(case: Path) -> tuple[dict, str]:
    expected = json.loads(case.read_text(encoding="utf-8"))
    return expected, case.with_suffix(".html").read_text(encoding="utf-8")


def _capture(expected: dict, html: str) -> dict:
    return capture(expected["url"], html, title=expected.get("title"), selection=expected.get("selection"))


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_page_gives_its_expected_people(case):
    expected, html = _load(case)
    got = _capture(expected, html)
    assert got["page"]["kind"] == expected["kind"], "page kind"
    assert got["page"]["url"] == expected.get("canonical", got["page"]["url"]), "canonical page URL"
    assert got["page"].get("retry", False) == expected.get("retry", False), "retry flag"
    names = [c["name"] for c in got["candidates"]]
    assert len(got["candidates"]) == len(expected["candidates"]), f"people found: {names}"
    for i, (want, have) in enumerate(zip(expected["candidates"], got["candidates"])):
        for field, value in want.items():
            if field == "source":
                for name, layer in value.items():
                    assert have["source"].get(name) == layer, f"candidate {i} ({have['name']}): source of {name}"
            else:
                assert have[field] == value, f"candidate {i} ({have['name']}): {field}"
        assert 0 < have["confidence"] <= 1


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_trimmed_page_gives_the_same_answer(case):
    expected, html = _load(case)
    trimmed = trim_html(html)
    assert len(trimmed) <= len(html)
    assert _capture(expected, trimmed) == _capture(expected, html)


def test_every_page_has_its_expectations_and_every_expectation_its_page():
    htmls = {p.with_suffix("") for p in PAGES.glob("*/*.html") if p.parent.name != "LICENSES"}
    jsons = {p.with_suffix("") for p in CASES}
    assert htmls == jsons


def test_every_page_kind_but_empty_has_a_page_in_the_corpus():
    declared = {v for k, v in vars(kinds).items() if k.isupper() and isinstance(v, str)}
    covered = {json.loads(p.read_text(encoding="utf-8"))["kind"] for p in CASES}
    assert declared - covered == {kinds.EMPTY}  # an empty page has no file: tests/test_capture.py sends one


def test_every_site_in_the_registry_recognises_a_page_of_the_corpus():
    recognised = set()
    for case in CASES:
        expected, html = _load(case)
        page = Page(expected["url"], html)
        recognised.add(next(name for name, detect, _ in registry.SITES if detect(page)))
    assert recognised == {name for name, _, _ in registry.SITES}
