""""Open in mail": a mailto: link and a Gmail compose link carrying the draft's subject and body."""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

ADDRESS = re.compile(r"^[^@\s,;<>?&#%\"]+@[^@\s,;<>?&#%\"]+\.[^@\s,;<>?&#%\".]+$")


def usable(email: str) -> bool:
    """One plain address: anything else could smuggle extra recipients or headers into the link."""
    return bool(email) and len(email) <= 254 and bool(ADDRESS.match(email))


def mailto(email: str, subject: str, body: str) -> str | None:
    """RFC 6068: everything percent-encoded, line breaks as %0D%0A, spaces as %20 (not "+")."""
    if not usable(email):
        return None
    crlf = body.replace("\r\n", "\n").replace("\n", "\r\n")
    return f"mailto:{quote(email, safe='@')}?subject={quote(subject, safe='')}&body={quote(crlf, safe='')}"


def gmail(email: str, subject: str, body: str) -> str | None:
    if not usable(email):
        return None
    query = urlencode({"view": "cm", "fs": "1", "to": email, "su": subject, "body": body}, quote_via=quote)
    return f"https://mail.google.com/mail/?{query}"
