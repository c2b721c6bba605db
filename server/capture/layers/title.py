"""Title layer: the document title without notification counts and site names."""

from __future__ import annotations

import re

from .. import text as clean
from ..page import Page

LAYER = "title"
# "(3) Jane Doe | LinkedIn", "login (Name) · GitHub", "Jane Doe – Acme": the site name after a separator.
_COUNT = re.compile(r"^\(\d+\+?\)\s*")
_SITE = re.compile(r"\s+[|·–—]\s+[^|·–—]{1,40}$")


def strip_site(title: str | None) -> str | None:
    if not title:
        return None
    title = _COUNT.sub("", title)
    return _SITE.sub("", title).strip() or None


def page_title(page: Page) -> str | None:
    return strip_site(clean.squash(page.title))


_SITE_NAME = re.compile(r"\s+[|·–—-]\s+([^|·–—-]{1,60})$")


def site_name(page: Page) -> str | None:
    """Who runs the site: og:site_name, application-name, else the name after the title's last separator."""
    meta = page.meta
    named = clean.squash(meta.get("og:site_name") or meta.get("application-name"))
    if named:
        return named
    found = _SITE_NAME.search(clean.squash(page.title) or "")
    return found.group(1).strip() if found else None
