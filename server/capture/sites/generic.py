"""Any other page: the people its structured data declares (JSON-LD, microdata, microformats), merged, in page
order; a team page gives them all, a personal page its owner with the profiles it links by rel=me."""

from __future__ import annotations

from ... import identity
from .. import kinds
from ..candidate import MAX_PEOPLE, Candidate, merged, same_person
from ..layers import jsonld, microdata, microformats, opengraph, relme, title
from ..page import Page

# A link inside a person's card to their LinkedIn profile becomes their identity.
CARD_LINKEDIN = ".//a/@href[contains(., 'linkedin.com/in/')]"
# Each layer reads at most this many people: enough for any team page, bounded for a directory of thousands.
READ_LIMIT = 2 * MAX_PEOPLE
PROFILE_PAGE_TYPES = {"ProfilePage"}  # an AboutPage is about an organisation


def detect(page: Page) -> str | None:
    return kinds.GENERIC if page.root is not None else kinds.EMPTY


def extract(page: Page, kind: str) -> tuple[str, list[Candidate]]:
    if kind == kinds.EMPTY:
        return kind, []
    people = [jsonld.candidate(node, page) for node in jsonld.persons(page)[:READ_LIMIT]]
    owner = people[0] if people and _profile_page(page) else None
    for item in microdata.items(page)[:READ_LIMIT]:
        people.append(_with_card_link(microdata.candidate(item, page), item, page))
    links = relme.links(page)
    owner_card = microformats.representative(page, links)
    for card in microformats.cards(page)[:READ_LIMIT]:
        cand = _with_card_link(microformats.candidate(card, page), card, page)
        if card is owner_card:
            owner = owner or cand
        people.append(cand)
    people = merged(people)
    if not people and opengraph.is_profile(page):
        people = merged([opengraph.candidate(page)])
    if owner is None and len(people) == 1 and (links or opengraph.is_profile(page)):
        owner = people[0]
    if owner is not None:
        # the page's owner first; people it merely mentions follow
        first = next((c for c in people if same_person(c, owner)), None)
        if first is not None:
            people.remove(first)
            _add_rel_me(first, page, links)
            return kinds.PERSONAL, [first] + people
    if len(people) > 1:
        _company_from_site(people, page)
        return kinds.TEAM, people
    return kinds.GENERIC, people


def _company_from_site(people: list[Candidate], page: Page) -> None:
    """On a team page, the people with no employer of their own work for the site's owner."""
    company = title.site_name(page)
    if company:
        for cand in people:
            cand.add("company", company, title.LAYER)


def _with_card_link(cand: Candidate, card, page: Page) -> Candidate:
    for href in page.xpath(CARD_LINKEDIN, card):
        if identity.linkedin_slug(page.absolute(href)):
            # the LinkedIn profile is the identity; a homepage url from the card yields to it
            if cand.source.get("profile_url") and "linkedin.com/in/" not in (cand.get("profile_url") or ""):
                del cand.fields["profile_url"], cand.source["profile_url"]
            cand.add("profile_url", page.absolute(href), cand.source.get("name", "dom"))
            break
    return cand


def _add_rel_me(cand: Candidate, page: Page, links: list[str]) -> None:
    """The page owner's LinkedIn from rel=me replaces a homepage URL as their profile URL."""
    linkedin = next((u for u in links if identity.linkedin_slug(u)), None)
    if linkedin and "linkedin.com/in/" not in (cand.get("profile_url") or ""):
        cand.fields.pop("profile_url", None)
        cand.source.pop("profile_url", None)
        cand.add("profile_url", linkedin, relme.LAYER)


def _profile_page(page: Page) -> bool:
    return any(jsonld.types(node) & PROFILE_PAGE_TYPES for node in _top_nodes(page))


def _top_nodes(page: Page) -> list[dict]:
    out = []
    for block in jsonld.blocks(page):
        for node in block if isinstance(block, list) else [block]:
            if isinstance(node, dict):
                out.append(node)
                out.extend(n for n in node.get("@graph") or [] if isinstance(n, dict))
    return out
