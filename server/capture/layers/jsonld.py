"""JSON-LD layer: every schema.org Person in the page's ld+json blocks, however it is nested."""

from __future__ import annotations

import json
import re

from ..candidate import Candidate
from ..page import Page
from ..trim import is_jsonld

LAYER = "jsonld"
# Where a Person hides inside other nodes, in the order a page's people are listed.
PERSON_KEYS = ("mainEntity", "about", "employee", "employees", "founder", "founders", "member", "members",
               "author", "creator", "contributor", "alumni", "person", "itemListElement", "item")
MAX_DEPTH = 12
ORGANIZATIONS = {"Organization", "Corporation", "LocalBusiness", "NGO", "EducationalOrganization", "GovernmentOrganization"}
MEMBERSHIP = ("employee", "employees", "founder", "founders", "member", "members")
EMPLOYERS = "jsonld.employers"  # page.memo key: id(person node) -> the name of the Organization listing them
_WRAPPERS = re.compile(r"^\s*(<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)|(-->|//\s*\]\]>|\]\]>)\s*$")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")


def blocks(page: Page) -> list:
    """The parsed content of every ld+json script, read leniently (comments, CDATA, control characters)."""
    if LAYER in page.memo:
        return page.memo[LAYER]
    out = page.memo[LAYER] = []
    scripts = page.root.iter("script") if page.root is not None else ()  # a C walk: Python sees only scripts
    for script in scripts:
        if not is_jsonld(script):
            continue
        value = loads(script.text or "")
        if value is not None:
            out.append(value)
    return out


def loads(raw: str):
    """JSON as pages write it: strict first, then without HTML comment / CDATA wrappers and trailing commas."""
    raw = raw.strip()
    if not raw:
        return None
    for attempt in (raw, _TRAILING_COMMA.sub(r"\1", _WRAPPERS.sub("", raw))):
        try:
            return json.loads(attempt, strict=False)
        except (ValueError, RecursionError):
            continue
    return None


def types(node: dict) -> set[str]:
    """A node's @type values without their vocabulary prefix ("schema:Person", "http://schema.org/Person")."""
    raw = node.get("@type") or node.get("type") or []
    raw = raw if isinstance(raw, list) else [raw]
    return {re.split(r"[/:#]", t)[-1] for t in raw if isinstance(t, str)}


def persons(page: Page) -> list[dict]:
    """Person nodes in document order: top level, in @graph, and nested in the keys people are listed under."""
    found: list[dict] = []
    seen: set[int] = set()
    stack = [(value, 0) for value in reversed(blocks(page))]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            continue
        if isinstance(value, list):
            stack.extend((v, depth + 1) for v in reversed(value))
            continue
        if not isinstance(value, dict) or id(value) in seen:
            continue
        seen.add(id(value))
        if "Person" in types(value):
            found.append(value)
        if types(value) & ORGANIZATIONS and _text(value.get("name")):
            for key in MEMBERSHIP:  # a team page lists its people under its Organization: that is their company
                for member in value.get(key) if isinstance(value.get(key), list) else [value.get(key)]:
                    if isinstance(member, dict):
                        page.memo.setdefault(EMPLOYERS, {}).setdefault(id(member), _text(value.get("name")))
        children = [value.get("@graph")] + [value.get(k) for k in PERSON_KEYS]
        stack.extend((c, depth + 1) for c in reversed(children) if isinstance(c, (dict, list)))
    return found


def candidate(node: dict, page: Page) -> Candidate:
    """A Person node as contact fields."""
    cand = Candidate()
    name = _text(node.get("name")) or " ".join(filter(None, (_text(node.get("givenName")),
                                                                 _text(node.get("familyName")))))
    cand.add("name", name, LAYER)
    cand.add("title", _first_text(node.get("jobTitle")), LAYER)
    cand.add("company", _current_org(node.get("worksFor")) or _current_org(node.get("affiliation"))
             or page.memo.get(EMPLOYERS, {}).get(id(node)), LAYER)
    cand.add("location", _place(node.get("address")) or _place(node.get("homeLocation")), LAYER)
    cand.add("photo_url", page.absolute(_image(node.get("image"))), LAYER)
    cand.add("email", _text(node.get("email")), LAYER)
    for url in profile_links(node, page):
        if cand.add("profile_url", url, LAYER):
            break
    return cand


def profile_links(node: dict, page: Page) -> list[str]:
    """The person's own URLs, a LinkedIn profile first (it is the identity contacts merge on)."""
    keys = ("url", "@id")
    urls = [page.absolute(u) for u in _texts(node.get("url"), keys) + _texts(node.get("sameAs"), keys)]
    urls = [u for u in urls if u]
    return sorted(urls, key=lambda u: "linkedin.com/in/" not in u)


def _texts(value, keys: tuple[str, ...] = ("name",)) -> list[str]:
    """The strings in a value that may be a string, a node or a list of either (nodes read through `keys`)."""
    values = value if isinstance(value, list) else [value]
    out = []
    for v in values:
        if isinstance(v, dict):
            v = next((v[k] for k in keys if isinstance(v.get(k), str)), None)
        if isinstance(v, str) and v.strip():
            out.append(v.strip())
    return out


def _text(value) -> str | None:
    found = _texts(value)
    return found[0] if found else None


def _first_text(value) -> str | None:
    """The first value that is not a redaction ("*********")."""
    for text in _texts(value):
        if text.strip(" *"):
            return text
    return None


def _current_org(value) -> str | None:
    """The first organisation without an end date (LinkedIn lists past jobs with member.endDate)."""
    values = value if isinstance(value, list) else [value]
    flat = [v for item in values for v in (item if isinstance(item, list) else [item])]
    for org in flat:
        if isinstance(org, str):
            return org
        if isinstance(org, dict):
            roles = org.get("member") if isinstance(org.get("member"), list) else [org.get("member")]
            if any(isinstance(r, dict) and r.get("endDate") for r in roles) or org.get("endDate"):
                continue
            if _text(org.get("name")):
                return _text(org.get("name"))
    return None


def _place(value) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, str):
        return value
    if not isinstance(value, dict):
        return None
    if isinstance(value.get("address"), (dict, str)):
        return _place(value["address"])
    locality = _text(value.get("addressLocality"))
    if locality and "," in locality:  # LinkedIn puts the whole "City, Region, Country" here
        return locality
    parts = [locality, _text(value.get("addressRegion")), _text(value.get("addressCountry"))]
    return ", ".join(dict.fromkeys(p for p in parts if p)) or _text(value.get("name"))


def _image(value) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("contentUrl") or value.get("url")
    return value if isinstance(value, str) else None
