"""The check every draft passes before anyone sees it: filled in, tidy, free of filler, within its limit."""

from __future__ import annotations

import re

from .kinds import BANNED

PLACEHOLDER = re.compile(
    r"\{[{%#]|[}%#]\}"  # template syntax
    r"|[\x00-\x08\x0b-\x1f]"  # our clause markers or other control characters
    r"|\[\s*(?:your|their|the|interviewer'?s?|company'?s?|first|last|full|job)?\s*"
    r"(?:name|first name|company|role|position|title|topic|date|signature|x+)\s*\]"  # "[Name]"
    r"|<\s*(?:name|first name|company|role|topic)\s*>"  # "<name>"
    r"|\b(?:TODO|TBD|XXX|lorem ipsum)\b",
    re.I,
)
EMPTY_GREETING = re.compile(r"^(?:hi|hello|dear|hey)\s*[,!]", re.I | re.M)
# left behind by an empty value: " , ", a line opening with punctuation, ",." or "word.." at a sentence end
DANGLING = re.compile(r"(?:^|\s)[,;:](?:\s|$)|\s[,.;:!?]|,[.!?]|\w\.\.(?:\s|$)")


def problems(subject: str, body: str, size: int, limit: int, unit: str, channel: str) -> list[str]:
    """What is wrong with a draft (empty when it may be shown)."""
    found = []
    text = f"{subject}\n{body}"
    if not body.strip():
        found.append("the body is empty")
    if channel == "email" and not subject.strip():
        found.append("the subject is empty")
    if m := PLACEHOLDER.search(text):
        found.append(f"unfilled placeholder {m.group(0)!r}")
    if "\n\n\n" in body or body != body.strip() or any(line != line.strip() for line in body.split("\n")):
        found.append("stray blank lines or spaces")
    if "  " in text:
        found.append("double spaces")
    if m := DANGLING.search(body):
        found.append(f"dangling punctuation {m.group(0)!r}")
    if EMPTY_GREETING.search(body) and not re.search(r"^hello,", body, re.I | re.M):
        found.append("a greeting without a name")
    lowered = text.lower()
    found += [f"filler phrase {phrase!r}" for phrase in BANNED if phrase.lower() in lowered]
    if size > limit:
        found.append(f"{size} {unit}, over the limit of {limit}")
    return found
