"""LinkedIn public profile as a signed-out visitor sees it (2023–2026): JSON-LD when present, the top card,
og:/profile: meta and the "Experience: … · Location: …" description grammar."""

from __future__ import annotations

import re

from ... import identity
from .. import kinds
from .. import text as clean
from ..candidate import Candidate
from ..layers import jsonld, opengraph
from ..page import Page
from . import linkedin

LAYER = "dom"
# Lookups run inside the top card and the data-section blocks, which one pass over the page finds.
LANDMARKS = "//@data-section/.. | //section[contains(@class, 'top-card-layout')]"
NAME = ".//h1[contains(@class, 'top-card-layout__title')]"
HEADLINE = ".//*[contains(@class, 'top-card-layout__headline')]"
LOCATION = ("(.//*[contains(@class, 'profile-info-subheader')]/span[1] "
            "| .//*[contains(@class, 'top-card__subline-item')][not(contains(@class, '--bullet'))])[1]")
COMPANY = (".//*[contains(@class, 'top-card-link__description')] "
           "| .//a[@data-tracking-control-name='public_profile_topcard-current-company']")
PHOTO = ".//img"
ENTRIES = ".//li[contains(@class, 'experience-item') or contains(@class, 'experience-group')]"
# "Headline · About · Experience: Company · Education: School · Location: City · 500+ connections on LinkedIn."
DESCRIPTION_PART = re.compile(r"(?:^|\s·\s)(Experience|Education|Location):\s*(.+?)(?=\s·\s|$)")
META_LAYER = "meta"


def detect(page: Page) -> str | None:
    if linkedin.is_linkedin(page) and linkedin.page_key(page).startswith("public_profile"):
        return kinds.LI_GUEST
    return None


def extract(page: Page, kind: str) -> tuple[str, list[Candidate]]:
    slug = identity.linkedin_slug(page.url) or identity.linkedin_slug(page.canonical) or \
        identity.linkedin_slug(page.meta.get("og:url"))
    cand = _bound_jsonld(page, slug) or Candidate()
    cand.absorb(_top_card(page))
    desc = _description(page)
    _, og_rest = opengraph.title_parts(page)
    meta = opengraph.candidate(page)
    cand.add("name", meta.get("name"), meta.source.get("name", "opengraph"))
    company = cand.get("company") or desc.get("Experience")
    if og_rest and company and og_rest.endswith(f" - {company}"):
        cand.add("title", og_rest[: -len(company) - 3], "opengraph")  # 2023: "Name - Title - Company"
    elif og_rest and og_rest != company:
        cand.add("headline", og_rest, "opengraph")  # 2026: "Name - Headline", or "Name - Company"
    cand.add("headline", desc.get("headline"), META_LAYER)
    cand.add("company", desc.get("Experience"), META_LAYER)
    cand.add("location", desc.get("Location"), META_LAYER)
    cand.add("photo_url", meta.get("photo_url"), "opengraph")
    linkedin.headline_job(cand)
    cand.add("profile_url", linkedin.subject_url(slug), "url")
    return (kind, [cand]) if cand.get("name") else (kind, [])


def _bound_jsonld(page: Page, slug: str | None) -> Candidate | None:
    """The JSON-LD Person whose url or sameAs is this profile; other Persons (reviewers, authors) are not."""
    people = [jsonld.candidate(node, page) for node in jsonld.persons(page)]
    bound = [c for c in people if slug and identity.linkedin_slug(c.get("profile_url")) == slug]
    if not bound:
        return None
    best = max(bound, key=lambda c: len(c.fields))
    for other in people:
        if other is not best and identity.normalise_name(other.get("name")) == identity.normalise_name(best.get("name")):
            best.absorb(other)
    return best


def _top_card(page: Page) -> Candidate:
    marks = page.xpath(LANDMARKS)
    card = next((el for el in marks if el.tag == "section" and "top-card-layout" in (el.get("class") or "")), page.root)
    blocks: dict = {}
    for el in marks:
        blocks.setdefault(el.get("data-section"), el)
    cand = Candidate()
    cand.add("name", page.text(page.first(NAME, node=card)), LAYER)
    cand.add("headline", page.text(page.first(HEADLINE, node=card)), LAYER)
    cand.add("location", page.text(page.first(LOCATION, node=card)), LAYER)
    current = blocks.get("currentPositionsDetails")
    if current is not None:
        cand.add("company", page.text(page.first(COMPANY, node=current)), LAYER)
    picture = blocks.get("picture")
    for img in page.xpath(PHOTO, node=picture if picture is not None else card):
        if "top-card" in (img.get("class") or "") or picture is not None:
            if cand.add("photo_url", page.absolute(img.get("src") or img.get("data-delayed-url")), LAYER):
                break
    title, company = _current_position(page, blocks.get("experience"))
    cand.add("title", title, LAYER)
    cand.add("company", company, LAYER)
    return cand


def _current_position(page: Page, section) -> tuple[str | None, str | None]:
    """The first experience entry still running; redacted (blurred) titles count as missing."""
    for item in page.xpath(ENTRIES, node=section) if section is not None else []:
        dates = page.text(page.first(".//*[contains(@class, 'date-range')]", node=item)) or ""
        if not linkedin.PRESENT.search(dates):
            continue
        title = page.first(".//*[contains(@class, 'experience-item__title') or contains(@class, 'profile-section-card__title')]"
                           "[not(contains(@class, 'blur'))]", node=item)
        company = page.first(".//*[contains(@class, 'experience-item__subtitle') or contains(@class, 'experience-group-header__company')"
                             " or contains(@class, 'profile-section-card__subtitle')]", node=item)
        return page.text(title), page.text(company)
    return None, None


def _description(page: Page) -> dict[str, str]:
    """The 2026 meta description: its head is the headline unless it starts with "Experience:"."""
    desc = clean.squash(page.meta.get("description") or page.meta.get("og:description")) or ""
    out = {m.group(1): m.group(2).strip() for m in DESCRIPTION_PART.finditer(desc)}
    head = desc.split(" · ")[0] if " · " in desc else None
    if head and not re.match(r"^(Experience|Education|Location):", head) and len(head) <= 300:
        out["headline"] = head
    return out
