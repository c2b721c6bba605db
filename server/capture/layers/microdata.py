"""Microdata layer: each itemscope schema.org Person on the page, in page order."""

from __future__ import annotations

from lxml import etree

from ..candidate import Candidate
from ..page import Page, compiled

LAYER = "microdata"
PERSON = "//@itemtype[contains(., 'schema.org/Person')]/parent::*[@itemscope]"
# The properties of an item are the itemprops whose nearest enclosing itemscope is that item.
OWN_PROPS = ".//*[@itemprop][count(ancestor::*[@itemscope][1] | $item) = 1]"
_URL_ATTRS = {"a": "href", "area": "href", "link": "href", "img": "src", "source": "src", "object": "data"}


def items(page: Page) -> list[etree._Element]:
    return page.xpath(PERSON)


def properties(item: etree._Element, page: Page) -> dict[str, list]:
    """itemprop name → values (text, URL, or a nested item's own properties as a dict)."""
    props: dict[str, list] = {}
    for el in compiled(OWN_PROPS)(item, item=item):
        value = properties(el, page) if el.get("itemscope") is not None else value_of(el, page)
        for name in (el.get("itemprop") or "").split():
            props.setdefault(name, []).append(value)
    return props


def value_of(el: etree._Element, page: Page) -> str | None:
    """The microdata value of an element: content, URL attributes, datetime, else its text."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if el.get("content") is not None:
        return el.get("content")
    if tag in _URL_ATTRS:
        raw = el.get(_URL_ATTRS[tag]) or ""
        return raw if raw.startswith("mailto:") else page.absolute(raw)
    if tag in ("data", "meter") and el.get("value") is not None:
        return el.get("value")
    if tag == "time" and el.get("datetime"):
        return el.get("datetime")
    return page.text(el)


def candidate(item: etree._Element, page: Page) -> Candidate:
    props = properties(item, page)
    cand = Candidate()
    name = _first(props, "name") or " ".join(filter(None, (_first(props, "givenName"), _first(props, "familyName"))))
    cand.add("name", name, LAYER)
    cand.add("title", _first(props, "jobTitle"), LAYER)
    cand.add("company", _first(props, "worksFor") or _first(props, "affiliation") or _employer(item, page), LAYER)
    cand.add("location", _first(props, "homeLocation") or _first(props, "address"), LAYER)
    cand.add("photo_url", _link("image", item, page), LAYER)
    cand.add("email", _first(props, "email"), LAYER)
    urls = [u for u in (_links("url", item, page) + _links("sameAs", item, page)) if u]
    for url in sorted(urls, key=lambda u: "linkedin.com/in/" not in u):
        if cand.add("profile_url", url, LAYER):
            break
    return cand


MEMBERSHIP = {"employee", "employees", "member", "members", "founder", "founders"}


def _employer(item: etree._Element, page: Page) -> str | None:
    """The Organization a Person is listed in as employee, member or founder (a team page's company)."""
    if not MEMBERSHIP & set((item.get("itemprop") or "").split()):
        return None
    for org in compiled("ancestor::*[@itemscope][1]")(item):
        if "Organization" in (org.get("itemtype") or "") or "Corporation" in (org.get("itemtype") or ""):
            return _first(properties(org, page), "name")
    return None


def _first(props: dict, name: str) -> str | None:
    for value in props.get(name, []):
        if isinstance(value, dict):  # a nested Organization or Place: its name or address
            value = _first(value, "name") or _first(value, "addressLocality") or _first(value, "address")
        if value:
            return value.lstrip("@") if name in ("worksFor", "affiliation") else value
    return None


def _links(name: str, item: etree._Element, page: Page) -> list[str]:
    """URL values; for a property on a plain element, the link inside it (GitHub puts <a> in an <li>)."""
    out = []
    own = f".//*[contains(concat(' ', @itemprop, ' '), ' {name} ')][count(ancestor::*[@itemscope][1] | $item) = 1]"
    for el in compiled(own)(item, item=item):
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _URL_ATTRS or el.get("content") is not None:
            out.append(value_of(el, page))
        else:
            out.extend(page.absolute(h) for h in compiled(".//a/@href | .//img/@src")(el)[:1])
    return [u for u in out if u]


def _link(name: str, item: etree._Element, page: Page) -> str | None:
    found = _links(name, item, page)
    return found[0] if found else None
