"""What every LinkedIn extractor shares: host test, subject slug markers, headline and experience grammar."""

from __future__ import annotations

import re

from ... import identity
from ..candidate import Candidate
from ..page import Page

NAV_MARKER = re.compile(r"/in/([^/?#]+)/overlay/")
VERIFICATION_MARKER = "ProfileVerificationTriggerRef-"
# "Present" in the languages LinkedIn's UI is most used in; a date range ending in one is a current job.
PRESENT = re.compile(r"\b(present|heute|aujourd[’']hui|actualidad|presente|atual|oggi|huidig|obecnie|至今|現在|현재)\b", re.I)
SCHOOL = re.compile(r"\b(university|universit[äéàa]t?|universidad|universidade|college|school|institute|"
                    r"hochschule|école|academy|polytechnic)\b", re.I)
# "Staff Engineer at Acme", "CTO @ Acme | Speaker": a title and company in a headline.
_AT = re.compile(r"^(?P<title>[^|@•·]{2,80}?)\s+(?:at|@|bei|chez|en|na|presso)\s+(?P<company>[^|•·,]{2,80})", re.I)
_DURATION = re.compile(r"^((full|part)[- ]time|self-employed|freelance|contract|internship|\d+\s*(yrs?|mos?|years?|months?))"
                       r"(\s*·\s*.*)?$", re.I)


def is_linkedin(page: Page) -> bool:
    return page.host == "linkedin.com" or page.host.endswith(".linkedin.com")


def page_key(page: Page) -> str:
    return (page.meta.get("pagekey") or "").strip().lower()


def marker_slugs(page: Page, node) -> list[str]:
    """Member slugs the markup ties a region to: verification markers and /in/<slug>/overlay/ links."""
    slugs = []
    for key in page.xpath(f".//@componentkey[starts-with(., '{VERIFICATION_MARKER}')]", node):
        slugs.append(key[len(VERIFICATION_MARKER):])
    for href in page.xpath(".//a/@href[contains(., '/overlay/')]", node):
        m = NAV_MARKER.search(href)
        if m:
            slugs.append(m.group(1))
    return [identity.linkedin_slug(f"https://www.linkedin.com/in/{s}/") or s.lower() for s in slugs]


def headline_job(cand: Candidate, layer: str = "headline") -> None:
    """Fill title and company from a "Title at Company" headline when nothing better gave them."""
    m = _AT.match(cand.get("headline") or "")
    if m:
        cand.add("title", m.group("title"), layer)
        cand.add("company", m.group("company"), layer)


def current_job(entries: list[list[str]]) -> tuple[str | None, str | None]:
    """(title, company) of the first current entry; entries are the text lines of experience items.

    A single role reads [title, "Company · Full-time", "2020 - Present · 4 yrs", …]; a group of roles at
    one company reads [company, "Full-time · 6 yrs", title, "2021 - Present", …].
    """
    for lines in entries:
        if not lines or not any(PRESENT.search(line) for line in lines):
            continue
        if len(lines) >= 3 and _DURATION.match(lines[1]):
            return lines[2], lines[0]
        company = lines[1].split(" · ")[0] if len(lines) > 1 and not PRESENT.search(lines[1]) else None
        return lines[0], company
    return None, None


def subject_url(slug: str | None) -> str | None:
    return identity.canonical_profile_url(f"https://www.linkedin.com/in/{slug}/") if slug else None
