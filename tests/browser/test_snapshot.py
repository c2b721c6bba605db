"""The extension's page snapshot (extension/page-snapshot.js, run in the real page) follows the capture trimming
rule of docs/capture.md: on every page of the capture corpus, the server finds the same people in the
trimmed snapshot as in the whole page, from fewer bytes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from server.capture import capture

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CORPUS = sorted((ROOT / "tests" / "pages").glob("*/*.json"))
# the script the popup injects into the page; its value is the snapshot
PAGE_SNAPSHOT = (ROOT / "extension" / "page-snapshot.js").read_text().strip().removesuffix(";")


def people(answer: dict) -> list[dict]:
    return [{k: v for k, v in c.items() if k != "confidence"} for c in answer["candidates"]]


def test_snapshot_keeps_every_person_of_the_corpus(ext):
    assert len(CORPUS) >= 10, "the capture corpus is missing"
    tab = ext.context.new_page()
    checked = []
    for expected in CORPUS:
        page = expected.with_suffix(".html")
        url = json.loads(expected.read_text())["url"]
        html = page.read_text(encoding="utf-8")
        ext.offline()
        ext.site(url.split("#")[0], html)
        tab.goto("about:blank")  # a URL differing only in its #fragment would not load the page anew
        tab.goto(url, wait_until="domcontentloaded")
        snap = tab.evaluate(PAGE_SNAPSHOT)
        whole, trimmed = capture(url, html), capture(snap["url"], snap["html"], title=snap["title"])
        assert trimmed["page"]["kind"] == whole["page"]["kind"], page.name
        assert people(trimmed) == people(whole), page.name
        assert len(snap["html"]) <= len(html) + 200, page.name
        checked.append(page.name)
    assert len(checked) == len(CORPUS)


def test_link_context_names_the_person_whose_card_holds_the_link(ext, page_text):
    url = "https://initech.example/about/team"
    ext.site(url, page_text("team-title-site-name.html"))
    tab = ext.context.new_page()
    tab.goto(url)
    tab.evaluate("url => { globalThis.followupLinkUrl = url; }", "https://www.linkedin.com/in/ben-okafor-example")
    snap = tab.evaluate(PAGE_SNAPSHOT)
    assert snap["selection"] == "Ben Okafor"
    assert "<script" not in snap["html"] and "<svg" not in snap["html"] and "<style" not in snap["html"]
    assert "<nav" not in snap["html"], "only the main region is sent"
    answer = capture(snap["url"], snap["html"], selection=snap["selection"])
    assert [c["name"] for c in answer["candidates"]] == ["Ben Okafor", "Ana Lima", "Chloé Martin"]
