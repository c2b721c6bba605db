"""A person found on a page: contact fields filled layer by layer, first good value wins, with provenance."""

from __future__ import annotations

from .. import identity
from . import text as clean

FIELDS = ("name", "headline", "title", "company", "location", "profile_url", "photo_url", "email")

# How far a name can be trusted, by the layer that gave it: structured data bound to the page's subject
# first, the site's own markup next, page-wide meta after, guesses last.
CONFIDENCE = {
    "voyager": 0.95,
    "jsonld": 0.9,
    "dom": 0.9,
    "microdata": 0.85,
    "microformats": 0.85,
    "opengraph": 0.75,
    "meta": 0.7,
    "title": 0.5,
    "selection": 0.3,
}
MAX_PEOPLE = 200  # a page listing more (a company directory) gives its first 200, in page order
UNVERIFIED_PENALTY = 0.2  # a logged-in LinkedIn top card we could not tie to the URL's member
# Placeholder pictures that mean "no photo".
GHOST_PHOTOS = ("static.licdn.com", "/ghost", "ghost-person", "default-avatar", "gravatar.com/avatar/00000000")


class Candidate:
    """Fields of one person as layers report them; `source` says which layer gave each field."""

    def __init__(self, unverified: bool = False):
        self.fields: dict[str, str] = {}
        self.source: dict[str, str] = {}
        self.unverified = unverified

    def add(self, field: str, value: object, layer: str) -> bool:
        """Set a field unless it is already set or the value is unusable; True when it was set."""
        if field in self.fields or value is None:
            return False
        if field == "profile_url":
            value = identity.canonical_profile_url(clean.squash(value))
        elif field == "photo_url":
            value = _photo(clean.squash(value))
        else:
            value = clean.field(field, value)
        if not value:
            return False
        self.fields[field] = value
        self.source[field] = layer
        return True

    def get(self, field: str) -> str | None:
        return self.fields.get(field)

    def absorb(self, other: Candidate) -> None:
        """Fill this candidate's missing fields from another description of the same person."""
        for field, value in other.fields.items():
            if field not in self.fields:
                self.fields[field] = value
                self.source[field] = other.source[field]

    def confidence(self) -> float:
        base = CONFIDENCE.get(self.source.get("name", ""), 0.4)
        if self.unverified:
            base -= UNVERIFIED_PENALTY
        return round(max(0.05, min(base, 0.99)), 2)

    def as_dict(self) -> dict:
        out: dict = {f: self.fields.get(f) for f in FIELDS}
        out["confidence"] = self.confidence()
        out["source"] = {f: self.source[f] for f in FIELDS if f in self.source}
        return out


def same_person(a: Candidate, b: Candidate) -> bool:
    """Two descriptions of one person: the same canonical profile URL or e-mail, else the same name."""
    for key in ("profile_url", "email"):
        if a.get(key) and b.get(key):
            return a.get(key).lower() == b.get(key).lower()
    na, nb = identity.normalise_name(a.get("name")), identity.normalise_name(b.get("name"))
    return bool(na) and na == nb


def merged(candidates: list[Candidate], limit: int = MAX_PEOPLE) -> list[Candidate]:
    """One candidate per person, in first-seen order, each filled from its later duplicates.

    Linear: candidates are looked up by profile URL, e-mail and folded name, and only those few are compared.
    """
    out: list[Candidate] = []
    index: dict[tuple[str, str], list[Candidate]] = {}
    for cand in candidates:
        if not cand.get("name"):
            continue
        keys = _keys(cand)
        twin = next((c for k in keys for c in index.get(k, ()) if same_person(c, cand)), None)
        if twin is None:
            if len(out) >= limit:
                continue
            out.append(cand)
            twin = cand
        else:
            twin.absorb(cand)
        for k in _keys(twin):
            if twin not in index.setdefault(k, []):
                index[k].append(twin)
    return out


def _keys(cand: Candidate) -> list[tuple[str, str]]:
    keys = [(f, cand.get(f).lower()) for f in ("profile_url", "email") if cand.get(f)]
    name = identity.normalise_name(cand.get("name"))
    return keys + ([("name", name)] if name else [])


def _photo(url: str | None) -> str | None:
    if not url or not url.startswith(("http://", "https://")) or len(url) > 2048 or any(c.isspace() for c in url):
        return None
    return None if any(g in url for g in GHOST_PHOTOS) else url
