"""OpenGraph layer: og:/profile: meta, a person only where the page declares itself a profile."""

from __future__ import annotations

from .. import text as clean
from ..candidate import Candidate
from ..page import Page
from . import title as titles

LAYER = "opengraph"


def is_profile(page: Page) -> bool:
    return (page.meta.get("og:type") or "").strip().lower() in ("profile", "og:profile")


def title_parts(page: Page) -> tuple[str | None, str | None]:
    """og:title (or twitter:title) as (name, rest): "Name - Headline | Site" splits on the first " - "."""
    raw = titles.strip_site(clean.squash(page.meta.get("og:title") or page.meta.get("twitter:title")))
    return clean.split_first(raw, " - ")


def candidate(page: Page) -> Candidate:
    """The profile's owner from profile:first_name/last_name, og:title, og:image and og:url."""
    cand = Candidate()
    first, last = page.meta.get("profile:first_name"), page.meta.get("profile:last_name")
    full = " ".join(filter(None, (clean.squash(first), clean.squash(last))))
    name, _ = title_parts(page)
    cand.add("name", full or name, LAYER)
    cand.add("name", clean.split_first(titles.page_title(page), " - ")[0], titles.LAYER)
    if is_profile(page):  # elsewhere og:image is the site's picture, not the person's
        cand.add("photo_url", page.absolute(page.meta.get("og:image")), LAYER)
    cand.add("profile_url", page.absolute(page.meta.get("og:url")) or page.canonical, LAYER)
    return cand
