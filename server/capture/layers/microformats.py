"""Microformats layer: h-card (microformats2) and vcard (microformats1) people, and the page's representative card."""

from __future__ import annotations

from lxml import etree

from ..candidate import Candidate
from ..page import Page, compiled

LAYER = "microformats"


def _has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


ROOT = f"{_has_class('h-card')} or {_has_class('vcard')}"
# Cards not nested in another card (a nested card is an org or an author inside the outer one).
CARDS = f"//@class[contains(., 'card')]/parent::*[{ROOT}][not(ancestor::*[{ROOT}])]"  # the cheap test first
# field → class names, microformats2 first, then the microformats1 equivalents.
PROPERTIES = {
    "name": ("p-name", "fn"),
    "given": ("p-given-name", "given-name"),
    "family": ("p-family-name", "family-name"),
    "title": ("p-job-title", "title", "p-role", "role"),
    "company": ("p-org", "org", "organization-name"),
    "location": ("p-locality", "locality", "p-label", "p-adr", "adr"),
    "photo_url": ("u-photo", "photo"),
    "url": ("u-url", "u-uid", "url", "uid"),
    "email": ("u-email", "email"),
    "headline": ("p-note", "note"),
}
_URL_ATTR = {"a": "href", "area": "href", "link": "href", "img": "src", "object": "data", "audio": "src", "video": "src"}


def cards(page: Page) -> list[etree._Element]:
    return page.xpath(CARDS)


def values(card: etree._Element, field: str, page: Page) -> list[str]:
    """The card's own values for a field (not those of a card nested in it), in page order."""
    names = " or ".join(_has_class(n) for n in PROPERTIES[field])
    own = (f"descendant-or-self::*[{names}]"
           f"[count(ancestor-or-self::*[{ROOT}][1] | $card) = 1 or count(ancestor::*[{ROOT}][1] | $card) = 1]")
    out = []
    for el in compiled(own)(card, card=card):
        value = _url_value(el, page) if field in ("photo_url", "url", "email") else _text_value(el, page)
        if value:
            out.append(value)
    return out


def candidate(card: etree._Element, page: Page) -> Candidate:
    cand = Candidate()
    first = lambda field: next(iter(values(card, field, page)), None)  # noqa: E731
    name = first("name") or " ".join(filter(None, (first("given"), first("family")))) or _implied_name(card, page)
    cand.add("name", name, LAYER)
    for field in ("title", "company", "location", "photo_url", "email", "headline"):
        cand.add(field, first(field), LAYER)
    if "photo_url" not in cand.fields:
        cand.add("photo_url", page.absolute(card.get("src") or _only(compiled(".//img/@src")(card))), LAYER)
    for url in sorted(urls(card, page), key=lambda u: "linkedin.com/in/" not in u):
        if cand.add("profile_url", url, LAYER):
            break
    return cand


def urls(card: etree._Element, page: Page) -> list[str]:
    found = values(card, "url", page)
    if not found and card.tag == "a":
        found = [page.absolute(card.get("href"))]
    return [u for u in found if u]


def representative(page: Page, rel_me: list[str]) -> etree._Element | None:
    """The card of the page's owner: its url is the page or one of the page's rel=me links, else the only card."""
    found = cards(page)
    own = {page.url.rstrip("/"), *(u.rstrip("/") for u in rel_me)}
    for card in found:
        if any(u.rstrip("/") in own for u in urls(card, page)):
            return card
    return found[0] if len(found) == 1 else None


def _text_value(el: etree._Element, page: Page) -> str | None:
    if el.tag == "abbr" and el.get("title"):
        return el.get("title")
    if el.tag in ("img", "area") and el.get("alt"):
        return el.get("alt")
    if el.tag == "data" and el.get("value"):
        return el.get("value")
    if compiled(f"self::*[{ROOT}]")(el):  # p-org h-card: the organisation's own name
        inner = compiled(f".//*[{_has_class('p-name')} or {_has_class('fn')} or {_has_class('organization-name')}]")(el)
        return page.text(inner[0]) if inner else page.text(el)
    return page.text(el)


def _url_value(el: etree._Element, page: Page) -> str | None:
    attr = _URL_ATTR.get(el.tag if isinstance(el.tag, str) else "")
    raw = el.get(attr) if attr else (el.get("value") or el.get("title") or page.text(el))
    if raw and raw.startswith("mailto:"):
        return raw
    return page.absolute(raw) if raw and "@" not in raw.split("/")[0] else raw


def _implied_name(card: etree._Element, page: Page) -> str | None:
    """microformats2 implied name: an image's alt, else the card's text when it is short."""
    if card.tag == "img":
        return card.get("alt")
    alt = _only(compiled("./img/@alt | ./*/img/@alt")(card))
    text = page.text(card)
    if text and len(text) <= 80:
        return text
    return alt or None


def _only(found: list):
    return found[0] if len(found) == 1 else None
