"""rel=me layer: the page owner's other profiles (GitHub, LinkedIn, Mastodon) as the page links them."""

from __future__ import annotations

from ..page import Page

LAYER = "rel_me"


def links(page: Page) -> list[str]:
    """Absolute URLs of <a rel=me> and <link rel=me>, in page order, without duplicates."""
    found = page.xpath("//@rel[contains(concat(' ', normalize-space(.), ' '), ' me ')]/parent::*[self::a or self::link]/@href")
    return list(dict.fromkeys(u for u in (page.absolute(h) for h in found) if u))


def linkedin(page: Page) -> str | None:
    return next((u for u in links(page) if "linkedin.com/in/" in u), None)
