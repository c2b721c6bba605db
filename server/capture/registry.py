"""The explicit, ordered table of extractors: the first whose detect names a kind for the page handles it.

Order matters: walls and company pages are recognised before any profile extractor can mistake them for a
person; site extractors come before the generic one, which takes every page left.
"""

from __future__ import annotations

from .page import Page
from .sites import generic, github, linkedin_guest, linkedin_pages, linkedin_profile, mail, salesnav

SITES = (
    ("linkedin walls and companies", linkedin_pages.detect_wall, linkedin_pages.nobody),
    ("linkedin guest profile", linkedin_guest.detect, linkedin_guest.extract),
    ("linkedin profile", linkedin_profile.detect, linkedin_profile.extract),
    ("linkedin sales navigator", salesnav.detect, salesnav.extract),
    ("linkedin other", linkedin_pages.detect_other, linkedin_pages.nobody),
    ("github", github.detect, github.extract),
    ("web mail", mail.detect, mail.extract),
    ("any page", generic.detect, generic.extract),
)


def classify(page: Page):
    """(kind, extract) of the first site that recognises the page."""
    for _name, detect, extract in SITES:
        kind = detect(page)
        if kind:
            return kind, extract
    raise AssertionError("the generic site recognises every page")  # generic.detect never answers None
