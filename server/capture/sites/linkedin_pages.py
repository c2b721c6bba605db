"""LinkedIn pages that are not a person: auth walls and challenges, company pages, feed, jobs, search."""

from __future__ import annotations

from .. import kinds
from ..candidate import Candidate
from ..page import Page
from . import linkedin

WALL_PATHS = ("authwall", "login", "checkpoint", "uas", "signup", "join")
WALL_MARKERS = "//*[@class='authwall' or (self::form and contains(@class, 'challenge-form'))]"
ORG_PATHS = ("company", "school", "showcase")


def detect_wall(page: Page) -> str | None:
    """Auth walls and company pages, checked before any profile extractor can mistake them for a person."""
    if not linkedin.is_linkedin(page):
        return None
    key = linkedin.page_key(page)
    first = page.segments[0].lower() if page.segments else ""
    if key.startswith("auth_wall") or first in WALL_PATHS:
        return kinds.LI_AUTHWALL
    # wall pages are small and have no main region: a profile's own main is never scanned for markers
    if not key.startswith("public_profile") and page.main is None and page.xpath(WALL_MARKERS):
        return kinds.LI_AUTHWALL
    if key.startswith("d_org") or first in ORG_PATHS:
        return kinds.LI_COMPANY
    return None


def detect_other(page: Page) -> str | None:
    """Any other LinkedIn page (feed, jobs, search, messaging): no single person is its subject."""
    return kinds.LI_OTHER if linkedin.is_linkedin(page) else None


def nobody(page: Page, kind: str) -> tuple[str, list[Candidate]]:
    return kind, []
