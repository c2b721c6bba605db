"""Contacts as vCard 3.0 (.vcf) for address books, and vCards from any address book back as contact fields.

Our own export carries the contact's id in UID (urn:followup:contact:<id>) so that re-importing it updates
the same people even when they have no email, profile or company to be recognised by.
Cards are written here, line by line (vobject builds an object per property and took 9 s for 30,000 contacts);
vobject reads them, ours and any address book's.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator


from ..identity import canonical_profile_url
from .rows import Parsed, checked

UID_PREFIX = "urn:followup:contact:"
HEADLINE = "x-followup-headline"
LABELS = {"name": "FN", "title": "TITLE", "company": "ORG", "email": "EMAIL", "profile_url": "URL",
          "photo_url": "PHOTO", "notes": "NOTE", "location": "ADR", "headline": "X-FOLLOWUP-HEADLINE", "tags": "CATEGORIES"}
_BEGIN = re.compile(r"^BEGIN:VCARD\s*$", re.I)
_END = re.compile(r"^END:VCARD\s*$", re.I)
FOLD_AT = 75  # octets a content line may hold before it is folded, line break not counted (RFC 2426 2.6, RFC 6350 3.2)
CHUNK = 500  # cards per piece of a streamed address book: about 100 kB


def escape(text: str) -> str:
    """A TEXT value with backslash, semicolon, comma and line breaks escaped (RFC 2426 5, RFC 6350 3.4)."""
    # the same rule as vobject's backslashEscape, so its parser (our importer) reads back exactly what we wrote
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> str:
    """A content line ended by CRLF, folded after 75 octets (74 after the leading space), never inside a character."""
    if len(line) <= FOLD_AT and line.isascii():  # most lines: short and ASCII, so no octet count is needed
        return line + "\r\n"
    data = line.encode("utf-8")
    if len(data) <= FOLD_AT:
        return line + "\r\n"
    parts, start, room = [], 0, FOLD_AT
    while len(data) - start > room:
        end = start + room
        while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: its character began earlier, so fold before that
            end -= 1
        parts.append(data[start:end])
        start, room = end, FOLD_AT - 1
    parts.append(data[start:])
    return (b"\r\n ".join(parts) + b"\r\n").decode("utf-8")


def _split_name(name: str) -> tuple[str, str]:
    """(family, given) for N, for address books that sort by family name: the last word is taken as the family name."""
    *given, family = name.split() or [""]
    return family, " ".join(given)


# The contact fields written as one text property each after N, in vobject's order (by property name).
_TEXT_AFTER_N = (("NOTE", "notes"), ("ORG", "company"), ("PHOTO;VALUE=URI", "photo_url"), ("TITLE", "title"),
                 ("URL", "profile_url"), ("X-FOLLOWUP-HEADLINE", "headline"))


def card(contact: dict) -> str:
    """One contact as a vCard 3.0 card (folded CRLF lines).

    Properties come in vobject's order (VERSION, UID, then by name): unfolded, a card is the text vobject wrote. Only
    folding differs: vobject left lines of under 75 characters whole however many octets they held.
    """
    name = contact.get("name") or ""
    family, given = _split_name(name)
    get = contact.get
    lines = ["BEGIN:VCARD", "VERSION:3.0", "UID:" + escape(UID_PREFIX + contact["id"])]
    if get("location"):
        # box;extended;street;CITY;region;code;country
        lines.append("ADR;TYPE=WORK:;;;" + escape(contact["location"]) + ";;;")
    if get("tags"):
        lines.append("CATEGORIES:" + ",".join(escape(t) for t in contact["tags"]))
    if get("email"):
        lines.append("EMAIL;TYPE=INTERNET:" + escape(contact["email"]))
    lines.append("FN:" + escape(name))
    lines.append("N:" + escape(family) + ";" + escape(given) + ";;;")  # family;given;additional;prefix;suffix
    lines += [f"{prop}:{escape(contact[field])}" for prop, field in _TEXT_AFTER_N if get(field)]
    lines.append("END:VCARD")
    return "".join(map(fold, lines))


def chunks(contacts: list[dict]) -> Iterator[str]:
    """The address book file in pieces of CHUNK cards, to send as it is written."""
    for i in range(0, len(contacts), CHUNK):
        yield "".join(map(card, contacts[i:i + CHUNK]))


def dumps(contacts: list[dict]) -> str:
    """An address book file of every contact (CRLF line ends, as vCard wants)."""
    return "".join(chunks(contacts))


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
    profiles = [u for u in web if (c := canonical_profile_url(u)) and ("linkedin.com/in/" in c or "github.com/" in u.lower())]
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
    import vobject  # the reader loads on the first vCard import, not at the server's start

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
