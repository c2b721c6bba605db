"""Who a person is: canonical profile URLs and normalised names, the keys contacts are merged on."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

_LINKEDIN_HOST = re.compile(r"^(?:[a-z0-9-]+\.)*linkedin\.com$")
_GITHUB_HOSTS = {"github.com", "www.github.com"}
# LinkedIn member ids used in place of a vanity slug (links from search and messaging): not stable keys.
_MEMBER_ID = re.compile(r"^AC[a-zA-Z]AA[A-Za-z0-9_-]{10,}$")
_NOT_IDENTITIES = {"me", "", "unavailable"}
_ORG_SECTIONS = {"company", "school", "showcase"}
# GitHub paths that are pages of the site, not users.
_GITHUB_RESERVED = {
    "about", "orgs", "settings", "marketplace", "explore", "topics", "trending", "features", "login", "join",
    "notifications", "pulls", "issues", "sponsors", "search", "enterprise", "pricing", "collections", "events",
    "new", "organizations", "codespaces", "apps", "site", "security", "customer-stories", "readme", "team",
}
_TRACKING = re.compile(r"^(utm_.*|trk.*|lipi|licu|mid(token|sig)|trackingid|originalsubdomain|original_referer|"
                       r"miniprofileurn|profileformentrypoint|fbclid|gclid|mc_[a-z]+|_hs[a-z]+|ref_?src)$", re.I)


def _split(url: str | None):
    if not url or not isinstance(url, str):
        return None
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    elif re.match(r"^(?:[a-z0-9-]+\.)*(linkedin|github)\.com/", url, re.I):
        url = "https://" + url
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return parts, host, port


def _segments(path: str) -> list[str]:
    return [unquote(s).strip() for s in path.split("/") if s.strip()]


def linkedin_slug(url: str | None) -> str | None:
    """The member's vanity slug (lowercased) from any /in/<slug>/… LinkedIn URL; None for /in/me and ids."""
    return _slug(_split(url))


def _slug(split) -> str | None:
    if not split or not _LINKEDIN_HOST.match(split[1]):
        return None
    seg = _segments(split[0].path)
    if len(seg) < 2 or seg[0].lower() != "in" or _MEMBER_ID.match(seg[1]):
        return None
    slug = seg[1].lower()  # not casefold(): it would turn "weiß" into "weiss", another URL
    return None if slug in _NOT_IDENTITIES else slug


def linkedin_member_id(url: str | None) -> str | None:
    """The opaque member id (ACoAA…) of an /in/<id> URL, which LinkedIn redirects to the vanity URL."""
    split = _split(url)
    if not split or not _LINKEDIN_HOST.match(split[1]):
        return None
    seg = _segments(split[0].path)
    return seg[1] if len(seg) >= 2 and seg[0].lower() == "in" and _MEMBER_ID.match(seg[1]) else None


def github_login(url: str | None) -> str | None:
    """The user or organisation login of a github.com/<login> URL (lowercased), else None."""
    split = _split(url)
    if not split or split[1] not in _GITHUB_HOSTS:
        return None
    seg = _segments(split[0].path)
    if len(seg) != 1 or seg[0].lower() in _GITHUB_RESERVED or not re.fullmatch(r"[A-Za-z0-9-]{1,39}", seg[0]):
        return None
    return seg[0].lower()


def canonical_profile_url(url: str | None) -> str | None:
    """The one URL a person is known by, or None when the URL names no person.

    LinkedIn: https://www.linkedin.com/in/<slug>/ from any subdomain (de., m., uk.), sub-page (/details/…,
    /overlay/…, a language segment), query or fragment; /in/me (the viewer), member ids, company pages and
    legacy /pub/ URLs give None. GitHub: https://github.com/<login>. Other http(s) URLs come back cleaned:
    host lowercased, fragment and tracking parameters dropped.
    """
    split = _split(url)
    if not split:
        return None
    parts, host, _ = split
    if _LINKEDIN_HOST.match(host):
        slug = _slug(split)
        return f"https://www.linkedin.com/in/{_iri(slug)}/" if slug else None
    if host in _GITHUB_HOSTS:
        login = github_login(url)
        if login:
            return f"https://github.com/{login}"
    return _cleaned(split)


def canonical_url(url: str | None) -> str | None:
    """Any page's URL in canonical form: a person's as above, LinkedIn organisations as /company/<slug>/."""
    split = _split(url)
    if not split:
        return None
    parts, host, _ = split
    if _LINKEDIN_HOST.match(host):
        seg = _segments(parts.path)
        if len(seg) >= 2 and seg[0].lower() in _ORG_SECTIONS:
            return f"https://www.linkedin.com/{seg[0].lower()}/{_iri(seg[1].lower())}/"
        if linkedin_slug(url):
            return canonical_profile_url(url)
        return _cleaned(split, host="www.linkedin.com")
    return canonical_profile_url(url)


def _iri(segment: str) -> str:
    """A path segment with its Unicode kept (slugs are shown to people) and only unsafe characters escaped."""
    return re.sub(r"[\s%?#/\\]", lambda m: quote(m.group()), segment)


def _cleaned(split, host: str | None = None) -> str:
    parts, own_host, port = split
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    netloc = (host or own_host) + (f":{port}" if port and not host else "")
    return f"{parts.scheme.lower()}://{netloc}{parts.path or '/'}" + (f"?{urlencode(query)}" if query else "")


# What people add to a name that is not part of it, dropped for comparison only (display keeps them).
_PRONOUNS = re.compile(
    r"[(\[]?\b(she|he|they|ze|xe|ela|elle|il|sie|er)\s*/\s*(her|him|them|hers|his|theirs|zir|xem|dela|lui|ihr|ihm)"
    r"(\s*/\s*\w+)?\b[)\]]?",
    re.IGNORECASE,
)
_CREDENTIALS = {
    "phd", "ph d", "md", "mba", "cpa", "cfa", "pmp", "msc", "ms", "ma", "bsc", "ba", "beng", "meng", "mph", "jd",
    "esq", "rn", "cissp", "csm", "pe", "dds", "facs", "frcs", "llm", "dphil", "edd", "psyd", "shrm cp", "shrm scp",
    "phr", "sphr", "acc", "pcc", "mcc", "cpcc", "cisa", "cism", "aws", "mbe", "obe", "cbe",
}
# Written without a comma after a name ("Jane Doe PhD"); none of these is also a surname.
_TRAILING_CREDENTIALS = {"phd", "mba", "cpa", "cfa", "pmp", "msc", "cissp", "mph", "llm", "dphil"}
_HONORIFICS = {"dr", "prof", "mr", "mrs", "ms", "mx", "mme", "herr", "frau"}


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w\s]|_", " ", bare.casefold()).split())


# Names are folded again and again for the same people (every lookup, every index rebuild, every imported
# row): remembering recent answers makes a 30,000-row import markedly faster.
@lru_cache(maxsize=1 << 16)
def normalise_name(name: str | None) -> str:
    """A name folded for comparison: pronouns, credentials, titles, emoji and accents gone, case folded."""
    if not name:
        return ""
    name = _PRONOUNS.sub(" ", name).split("|")[0]  # "Jane Doe | Hiring": a tagline, never the name
    head, *rest = re.split(r"\s*,\s*", name)
    # "Jane Doe, PhD, PMP": drop trailing parts that are credentials; keep "Doe, Jane" style parts
    kept = [head] + [part for part in rest if _fold(part) and _fold(part) not in _CREDENTIALS]
    words = _fold(" ".join(kept)).split()
    while len(words) > 1 and words[-1] in _TRAILING_CREDENTIALS:
        words.pop()
    while len(words) > 1 and words[0] in _HONORIFICS:
        words.pop(0)
    return " ".join(words)


_COMPANY_SUFFIXES = {"inc", "llc", "ltd", "gmbh", "corp", "corporation", "co", "plc", "sa", "ag", "bv"}


@lru_cache(maxsize=1 << 16)
def normalise_company(company: str | None) -> str:
    """A company name folded for comparison ("Acme, Inc." and "acme" are the same)."""
    words = _fold(company or "").split()
    while words and words[-1] in _COMPANY_SUFFIXES:
        words.pop()
    return " ".join(words)


def normalise_email(email: str | None) -> str:
    return (email or "").strip().lower()
