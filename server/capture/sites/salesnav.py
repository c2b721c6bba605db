"""LinkedIn Sales Navigator lead page: LinkedIn marks personal data with data-anonymize, its stablest hook."""

from __future__ import annotations

from .. import kinds
from ..candidate import Candidate
from ..page import Page
from . import linkedin

LAYER = "dom"
FIELDS = {"name": "person-name", "headline": "headline", "title": "job-title", "company": "company-name",
          "location": "location"}


def detect(page: Page) -> str | None:
    if linkedin.is_linkedin(page) and page.segments[:2] in (["sales", "lead"], ["sales", "people"]):
        return kinds.LI_SALESNAV
    return None


def extract(page: Page, kind: str) -> tuple[str, list[Candidate]]:
    cand = Candidate()
    name = page.first(f"//*[@data-anonymize='{FIELDS['name']}']")
    if name is None:
        return kinds.STALE, []  # the lead panel has not rendered yet
    # The lead's own header holds the name; fields further down the page may belong to other people.
    header = page.first("ancestor::section[1]", node=name)
    header = header if header is not None else name.getparent()
    for field, marker in FIELDS.items():
        el = page.first(f".//*[@data-anonymize='{marker}']", node=header)
        el = el if el is not None else page.first(f"//*[@data-anonymize='{marker}']")
        cand.add(field, page.text(el), LAYER)
    photo = page.first(".//img[@data-anonymize='headshot-photo'] | .//img[contains(@src, 'profile-displayphoto')]", node=header)
    if photo is not None:
        cand.add("photo_url", page.absolute(photo.get("src")), LAYER)
    for href in page.xpath("//a/@href[contains(., 'linkedin.com/in/')]"):
        if cand.add("profile_url", page.absolute(href), LAYER):
            break
    linkedin.headline_job(cand)
    return kind, [cand]
