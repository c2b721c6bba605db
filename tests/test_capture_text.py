"""Cleaning captured text: what pages put in a field's place that is not the person's data."""

from __future__ import annotations

import pytest

from server.capture.text import field, is_chrome, squash, undouble


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("RTCKRTCK", "RTCK"),
        ("2008 - 20132008 - 2013", "2008 - 2013"),
        ("Jane Doe Jane Doe", "Jane Doe"),
        ("Anna", "Anna"),
        ("Bob Bob Smith", "Bob Bob Smith"),
    ],
)
def test_screen_reader_copies_are_collapsed(raw, clean):
    assert undouble(raw) == clean


def test_entities_whitespace_and_invisible_characters():
    assert squash("Quill &amp;amp; Ledger") == "Quill & Ledger"
    assert squash("  Jane\u00a0\u200bDoe \n\t ") == "Jane Doe"
    assert squash("\u200b \ufeff") is None
    assert squash(None) is None


@pytest.mark.parametrize("text", ["· 2nd", "3rd+", "1st degree connection", "500+ connections", "1,204 followers",
                                  "Contact info", "Verify now", "Verify in 2 minutes", "Message", "She/Her", "(they/them)",
                                  "Show all 12 experiences", "… more"])
def test_ui_chrome_is_not_data(text):
    assert is_chrome(text)
    assert field("headline", text) is None


@pytest.mark.parametrize("text", ["Engineering Manager", "Head of Growth · Ex-Stripe", "2nd Line Support Lead",
                                  "Connect the dots: data engineer"])
def test_real_values_are_not_mistaken_for_chrome(text):
    assert field("headline", text) == text


def test_missing_values_are_none_not_placeholders():
    assert field("title", "*********") is None
    assert field("title", "****** **********") is None
    assert field("name", "LinkedIn Member") is None
    assert field("name", "Divyanshu Gupta Status is reachable Mobile • 10h") == "Divyanshu Gupta"
    assert field("email", "mailto:Ana@Example.com?subject=hi") == "Ana@Example.com"
    assert field("email", "Sign in to view email") is None
    assert len(field("name", "A" * 500)) == 200
