"""Who a person is: canonical profile URLs and normalised names, the keys contacts are merged on."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote, urlsplit

_LINKEDIN_HOST = re.compile(r"^(?:[a-z0-9-]+\.)*linkedin\.com$")
_SLUG_PATH = re.compile(r"^/(in|pub)/([^/?#]+)")
_NOT_IDENTITIES = {"me", ""}


def canonical_profile_url(url: str | None) -> str | None:
    """The one URL a LinkedIn member is known by (https://www.linkedin.com/in/<slug>/), or the URL cleaned.

    Any LinkedIn subdomain (de., m., uk.) maps to www; sub-pages (/details/…, /recent-activity/),
    query strings and fragments are dropped; /in/me is the viewer, not a person, and gives None.
    Other http(s) URLs come back without fragment and with the host lowercased.
    """
    if not url or not isinstance(url, str):
        return None
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if _LINKEDIN_HOST.match(host):
        m = _SLUG_PATH.match(parts.path)
        if not m:
            return None
        slug = unquote(m.group(2)).strip().lower()
        if slug in _NOT_IDENTITIES:
            return None
        return f"https://www.linkedin.com/in/{slug}/"
    path = parts.path or "/"
    return f"{parts.scheme}://{host}{':' + str(parts.port) if parts.port else ''}{path}" + (
        f"?{parts.query}" if parts.query else ""
    )


def normalise_name(name: str | None) -> str:
    """A name folded for comparison: accents stripped, case folded, punctuation and spacing collapsed."""
    if not name:
        return ""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = re.sub(r"[^\w\s]", " ", bare.casefold())
    return " ".join(bare.split())


_COMPANY_SUFFIXES = {"inc", "llc", "ltd", "gmbh", "corp", "corporation", "co", "plc", "sa", "ag", "bv"}


def normalise_company(company: str | None) -> str:
    """A company name folded for comparison ("Acme, Inc." and "acme" are the same)."""
    words = normalise_name(company).split()
    while words and words[-1] in _COMPANY_SUFFIXES:
        words.pop()
    return " ".join(words)


def normalise_email(email: str | None) -> str:
    return (email or "").strip().lower()
