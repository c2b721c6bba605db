"""Text cleaning for captured values: entities, whitespace, doubled screen-reader text, redactions, UI chrome."""

from __future__ import annotations

import html
import re

# What LinkedIn and other sites put next to a name or in a field's place that is not the person's data.
CHROME = re.compile(
    r"^(message|connect|follow|following|more|open to( work)?|add profile section|enhance profile|"
    r"verify( now)?|verify in \d+ minutes?|contact info|show all.*|… ?more|see more|view profile|"
    r"get verified|visit my website|about this profile|resources|save to pdf|report( this profile)?|"
    r"sign in( with email)?|join now|view full profile|send inmail|pending)$",
    re.IGNORECASE,
)
DEGREE = re.compile(r"^[·•]?\s*(\d(st|nd|rd|th)\+?|1er|2e|3e\+?)(\s+degree( connection)?)?$", re.IGNORECASE)
COUNTS = re.compile(r"^[\d.,]+\+?\s*(k|m)?\s*(connections?|followers?|mutual connections?|kontakte|relations)\b", re.I)
PRONOUNS = re.compile(r"^\(?(she|he|they|ze|xe)\s*/\s*(her|him|them|hers|his|theirs|zir|xem)(\s*/\s*\w+)?\)?$", re.I)
PRESENCE = re.compile(r"\s*(Status is (reachable|offline|online|away)|Active now|Mobile\s*•\s*\S+).*$", re.I)
REDACTED = re.compile(r"^[\s*•·.\-_]*\*[\s*•·.\-_]*$")
NO_PERSON_NAMES = {"linkedin member", "linkedin user", "anonymous", "private profile"}
_SPACE = re.compile(r"\s+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200e\u200f\u2060\ufeff\u00ad"), None)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

LIMITS = {"name": 200, "headline": 500, "title": 200, "company": 200, "location": 200, "email": 254}


def squash(value: object) -> str | None:
    """Entities decoded (twice over, for `&amp;amp;`), invisible characters dropped, whitespace collapsed."""
    if value is None:
        return None
    if not isinstance(value, str):
        value = str(value)
    for _ in range(2):  # og:title on LinkedIn guest pages is escaped twice
        if "&" not in value:
            break
        value = html.unescape(value)
    value = _CONTROL.sub(" ", value.translate(_INVISIBLE))
    value = _SPACE.sub(" ", value).strip()
    return value or None


def undouble(value: str | None) -> str | None:
    """"RTCKRTCK" → "RTCK": visible text followed by the same text for screen readers."""
    if not value:
        return value
    n = len(value)
    if n >= 4 and n % 2 == 0 and value[: n // 2] == value[n // 2 :]:
        return value[: n // 2].strip()
    # "Jane Doe Jane Doe": the halves separated by whitespace
    words = value.split(" ")
    k = len(words)
    if k >= 2 and k % 2 == 0 and words[: k // 2] == words[k // 2 :]:
        return " ".join(words[: k // 2])
    return value


def is_chrome(value: str) -> bool:
    """True when the text is page furniture (buttons, degree badges, counts) rather than data."""
    v = value.strip(" ·•|")
    return bool(not v or CHROME.match(v) or DEGREE.match(v) or COUNTS.match(v) or PRONOUNS.match(v))


def field(name: str, value: object) -> str | None:
    """A value fit for a contact field, or None when it is missing, redacted, chrome or the wrong shape."""
    text = squash(value)
    if text is None or REDACTED.match(text):
        return None
    if name == "name":
        text = PRESENCE.sub("", text).strip()
        if text.casefold() in NO_PERSON_NAMES or is_chrome(text) or "@" in text and " " not in text:
            return None
    elif name in ("headline", "title", "company", "location") and is_chrome(text):
        return None
    elif name == "email":
        text = text.removeprefix("mailto:").split("?")[0].strip()
        if not re.fullmatch(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+", text):
            return None
    limit = LIMITS.get(name)
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text or None


def split_first(text: str | None, sep: str) -> tuple[str | None, str | None]:
    """("Name", "rest") for "Name<sep>rest"; the rest is None when the separator is absent."""
    if not text:
        return None, None
    head, found, tail = text.partition(sep)
    return head.strip() or None, (tail.strip() or None) if found else None
