"""Web mail message views (Gmail): the senders of the open thread, most recent first, never the user."""

from __future__ import annotations

import re

from .. import kinds
from ..candidate import Candidate
from ..page import Page

LAYER = "dom"
HOSTS = ("mail.google.com",)
SENDERS = "//@email/parent::*[self::span][contains(concat(' ', @class, ' '), ' gD ')]"


def detect(page: Page) -> str | None:
    if page.host not in HOSTS:
        return None
    if page.first("//h2[contains(concat(' ', @class, ' '), ' hP ')]") is not None or page.xpath(SENDERS):
        return kinds.MAIL
    return kinds.MAIL_OTHER


def extract(page: Page, kind: str) -> tuple[str, list[Candidate]]:
    """One candidate per sender address; the last message's sender is the one a reply goes to."""
    people: dict[str, Candidate] = {}
    viewer = _viewer(page)
    for span in reversed(page.xpath(SENDERS)):
        email = (span.get("email") or "").strip().lower()
        if not email or email in people or email == viewer:
            continue
        cand = Candidate()
        cand.add("name", span.get("name") or page.text(span), LAYER)
        cand.add("email", email, LAYER)
        if cand.get("name") and cand.get("email"):
            people[email] = cand
    return kind, list(people.values())


def _viewer(page: Page) -> str | None:
    """The signed-in account: Gmail's title reads "Subject - account@example.com - Gmail"."""
    m = re.search(r" - ([^\s@]+@[^\s@]+) - Gmail$", page.title or "")
    return m.group(1).lower() if m else None
