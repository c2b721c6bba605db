"""Parsing and pruning: the shortcuts taken for speed (UTF-8 for emoji text, pruning a trimmed page in place,
XPath compiled once per thread) give the same tree and the same answer as the plain way."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from lxml import etree

from server.capture import capture
from server.capture.page import _PARSER_OPTIONS, parse
from server.capture.trim import trim_html

PAGES = Path(__file__).parent / "pages"
CASES = sorted(p for p in PAGES.glob("*/*.html") if p.parent.name != "LICENSES")
GATES_URL = "https://www.linkedin.com/in/williamhgates/"


def _plain_parse(text: str) -> bytes:
    """The tree lxml builds from the text as it is (handed to libxml2 as UTF-32 when it holds an emoji)."""
    return etree.tostring(etree.fromstring(text, etree.HTMLParser(**_PARSER_OPTIONS)), encoding="unicode")


def _url(page: Path) -> str:
    return json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))["url"]


@pytest.mark.parametrize("page", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_a_page_holding_an_emoji_parses_to_the_same_tree_as_text_or_as_utf8(page):
    html = page.read_text(encoding="utf-8").replace("<body", "<body data-x='🤍 é 中'", 1)
    html = html.replace("</title>", " 🤍 Ωμέγα 中文</title>", 1)
    assert etree.tostring(parse(html), encoding="unicode") == _plain_parse(html)


def test_emoji_text_with_a_lone_surrogate_still_parses_and_keeps_its_words():
    root = parse("<html><body><main><h1>Jane 🤍 Doe\ud800</h1></main></body></html>")
    assert root is not None and "Jane 🤍 Doe" in root.findtext("body/main/h1")


def test_nuls_are_dropped_from_emoji_text_and_plain_text_alike():
    for name in ("Jane 🤍 Doe", "Jane Doe"):
        html = f"<html><body><main><h1>{name[:2]}\x00{name[2:]}</h1></main></body></html>"
        assert parse(html).findtext("body/main/h1") == name
    assert parse("\x00 \x00") is None


@pytest.mark.parametrize("page", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_trimming_a_trimmed_page_changes_nothing(page):
    # the second pass finds the page already in shape and prunes it in place, the first rebuilds <body>
    once = trim_html(page.read_text(encoding="utf-8"))
    assert trim_html(once) == once


def test_a_trimmed_page_pruned_in_place_drops_what_lies_outside_main_but_keepers():
    html = ('<html><head><title>t</title></head><body>lead text<nav><a href="/in/viewer/">Viewer</a></nav>'
            '<script type="application/ld+json">{"@type": "Person", "name": "Jane Doe"}</script> between '
            '<main><h1>Jane Doe</h1></main><aside>People also viewed</aside>'
            '<a rel="me" href="https://github.com/jane">GitHub</a> tail</body></html>')
    body = trim_html(html).split("<body>")[1].split("</body>")[0]
    assert body == ('<script type="application/ld+json">{"@type": "Person", "name": "Jane Doe"}</script>'
                    '<main><h1>Jane Doe</h1></main><a rel="me" href="https://github.com/jane">GitHub</a>')


@pytest.mark.parametrize("kind", ["Application/LD+JSON", " application/ld+json\n", "APPLICATION/LD+JSON"])
def test_a_json_ld_script_is_kept_and_read_whatever_the_case_of_its_type(kind):
    html = (f'<html><head><title>Team</title></head><body><div><script type="{kind}">'
            '{"@type": "Person", "name": "Jane Doe", "jobTitle": "CTO"}</script></div>'
            '<main><p>Our team</p></main></body></html>')
    assert "Jane Doe" in trim_html(html)
    (person,) = capture("https://example.org/team", html)["candidates"]
    assert (person["name"], person["title"], person["source"]["name"]) == ("Jane Doe", "CTO", "jsonld")


def test_a_script_of_another_type_is_still_dropped():
    html = ('<html><body><main><script type="application/json">{"name": "Jane Doe"}</script>'
            '<script type="Application/LD+JSON-ish">{}</script><p>x</p></main></body></html>')
    assert "<script" not in trim_html(html)


def test_captures_on_several_threads_give_the_answers_of_one_thread():
    pages = [(_url(p), p.read_text(encoding="utf-8")) for p in CASES[::3]]
    expected = [capture(url, html) for url, html in pages]
    results: dict[int, list] = {}

    def work(k: int) -> None:
        results[k] = [capture(url, html) for url, html in pages]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(results[k] == expected for k in range(4))


def test_allocator_settings_are_made_on_glibc_and_left_alone_elsewhere(monkeypatch):
    import platform

    from server import memory

    on_glibc = platform.libc_ver()[0] == "glibc"
    assert memory.no_fastbins() is on_glibc
    assert memory.pin_malloc_threshold() is on_glibc
    monkeypatch.setattr(memory.sys, "platform", "darwin")
    assert memory.no_fastbins() is False and memory.pin_malloc_threshold() is False
