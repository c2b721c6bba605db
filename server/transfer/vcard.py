"""Contacts as vCard 3.0 (.vcf) for address books, and vCards from any address book back as contact fields.

Our own export carries the contact's id in UID (urn:followup:contact:<id>) so that re-importing it updates
the same people even when they have no email, profile or company to be recognised by.
"""

from __future__ import annotations

import io
import re

import vobject

from ..identity import canonical_profile_url
from .rows import Parsed, checked

UID_PREFIX = "urn:followup:contact:"
HEADLINE = "x-followup-headline"
LABELS = {"name": "FN", "title": "TITLE", "company": "ORG", "email": "EMAIL", "profile_url": "URL",
          "photo_url": "PHOTO", "notes": "NOTE", "location": "ADR", "headline": "X-FOLLOWUP-HEADLINE", "tags": "CATEGORIES"}
_BEGIN = re.compile(r"^BEGIN:VCARD\s*$", re.I)
_END = re.compile(r"^END:VCARD\s*$", re.I)


def _split_name(name: str) -> vobject.vcard.Name:
    """N for address books that sort by family name: the last word is taken as the family name."""
    *given, family = name.split() or [""]
    return vobject.vcard.Name(family=family, given=" ".join(given))


def card(contact: dict) -> vobject.base.Component:
    """One contact as a vCard 3.0 component."""
    v = vobject.vCard()
    v.add("uid").value = UID_PREFIX + contact["id"]
    v.add("fn").value = contact.get("name") or ""
    v.add("n").value = _split_name(contact.get("name") or "")
    if contact.get("company"):
        v.add("org").value = [contact["company"]]
    if contact.get("title"):
        v.add("title").value = contact["title"]
    if contact.get("email"):
        email = v.add("email")
        email.value, email.type_param = contact["email"], "INTERNET"
    if contact.get("profile_url"):
        v.add("url").value = contact["profile_url"]
    if contact.get("photo_url"):
        photo = v.add("photo")
        photo.value, photo.value_param = contact["photo_url"], "URI"
    if contact.get("location"):
        adr = v.add("adr")
        adr.value, adr.type_param = vobject.vcard.Address(city=contact["location"]), "WORK"
    if contact.get("headline"):
        v.add(HEADLINE).value = contact["headline"]
    if contact.get("notes"):
        v.add("note").value = contact["notes"]
    if contact.get("tags"):
        v.add("categories").value = list(contact["tags"])
    return v


def dumps(contacts: list[dict]) -> str:
    """An address book file of every contact (CRLF line ends, as vCard wants)."""
    return "".join(card(c).serialize() for c in contacts)


def _preferred(item) -> bool:
    """Whether a property is marked as the preferred one."""
    types = [str(t).upper() for t in item.params.get("TYPE", [])]
    return "PREF" in types or "PREF" in item.params


def _first(v, name: str):
    """The value of a property, the preferred one (TYPE=PREF in 3.0, PREF=1 in 4.0) when there are several."""
    items = sorted(v.contents.get(name) or [], key=lambda i: not _preferred(i))
    return items[0].value if items else None


def _text(value) -> str | None:
    """A property value as trimmed text (lists joined), or None when empty."""
    if isinstance(value, list):
        value = ", ".join(str(x) for x in value if x)
    value = str(value).strip() if value is not None else ""
    return value or None


def _url(v) -> str | None:
    """The person's profile: a LinkedIn or GitHub address when there is one, else the first web address."""
    urls = [str(u.value).strip() for u in v.contents.get("url") or []]
    web = [u for u in urls if re.match(r"^https?://\S+$", u, re.I)]
    profiles = [u for u in web if canonical_profile_url(u) and ("linkedin.com/in/" in canonical_profile_url(u) or "github.com/" in u.lower())]
    return (profiles or web or [None])[0]


def _location(v) -> str | None:
    """ADR as one line: city, region, country."""
    adr = _first(v, "adr")
    if adr is None:
        return None
    if isinstance(adr, str):
        return _text(adr)
    parts = [adr.city, adr.region, adr.country]
    return _text(", ".join(p if isinstance(p, str) else " ".join(p) for p in parts if p))


def _company(v) -> str | None:
    """The organisation's name from ORG."""
    org = _first(v, "org")  # name;unit;unit…: the company is the name
    return _text(org[0] if isinstance(org, list) and org else org)


def _name(v) -> str | None:
    """FN, else the parts of N."""
    name = _text(_first(v, "fn"))
    if name is None and v.contents.get("n"):
        n = v.n.value
        name = _text(" ".join(str(x) for x in (n.prefix, n.given, n.additional, n.family) if x))
    return name


def _fields(v) -> dict:
    """A parsed vCard as contact fields (plus _id when it is one of ours)."""
    name = _name(v)
    if not name:
        raise ValueError("no name (FN and N are empty)")
    photo = _text(_first(v, "photo"))
    fields = {
        "name": name,
        "company": _company(v),
        "title": _text(_first(v, "title")),
        "email": _text(_first(v, "email")),
        "profile_url": _url(v),
        # an embedded picture is not a web address; only a linked one is kept
        "photo_url": photo if photo and re.match(r"^https?://\S+$", photo, re.I) else None,
        "location": _location(v),
        "headline": _text(_first(v, HEADLINE)),
        "notes": _text(_first(v, "note")),
        "tags": sorted({str(t).strip() for c in v.contents.get("categories") or [] for t in c.value if str(t).strip()}),
    }
    fields = checked({k: val for k, val in fields.items() if val}, LABELS)
    uid = _text(_first(v, "uid"))
    if uid and uid.startswith(UID_PREFIX):
        fields["_id"] = uid[len(UID_PREFIX):]
    return fields


def cards(text: str):
    """(line of BEGIN, the card's text) for each BEGIN:VCARD … END:VCARD block; unclosed ones give None."""
    start, buf = None, []
    # only CR and LF end lines here (str.splitlines would also split on characters a NOTE may hold)
    for number, line in enumerate((raw.rstrip("\r\n") for raw in io.StringIO(text, newline="")), 1):
        if start is None:
            if _BEGIN.match(line):
                start, buf = number, [line]
            continue
        if _BEGIN.match(line):
            yield start, None  # a new card began before this one ended
            start, buf = number, [line]
            continue
        buf.append(line)
        if _END.match(line):
            yield start, "\r\n".join(buf) + "\r\n"
            start = None
    if start is not None:
        yield start, None


def parse(text: str) -> Parsed:
    """Every card that names a person, and the reason each other card was skipped."""
    out = Parsed()
    for line, block in cards(text.removeprefix("\ufeff")):
        if block is None:
            out.skip(line, "vCard without END:VCARD")
            continue
        try:
            v = vobject.readOne(block, validate=False)
        except Exception as exc:  # vobject raises ParseError and assorted others (binascii, unicode) on broken cards
            out.skip(line, f"unreadable vCard ({type(exc).__name__}: {str(exc)[:120]})")
            continue
        try:
            out.rows.append((line, _fields(v)))
        except ValueError as exc:
            out.skip(line, str(exc))
    return out
