"""Voyager layer: the JSON LinkedIn inlines in <code id="bpr-guid-…"> blocks, bound to the profile's slug."""

from __future__ import annotations

import json

from ..candidate import Candidate
from ..page import Page

LAYER = "voyager"
BLOCKS = "code[starts-with(@id, 'bpr-guid-')]"
PROFILE_TYPES = ("identity.profile.Profile", "identity.shared.MiniProfile")


def entities(page: Page, needle: str | None = None) -> list[dict]:
    """Every entity (data and included) of the blocks that mention `needle` (a slug or member id)."""
    out: list[dict] = []
    # the trimming rule lifts the blocks to <body>'s children; without a main region they stay in place
    for code in page.xpath("body/" + BLOCKS if page.main is not None else "//" + BLOCKS):
        raw = code.text or ""
        if needle and needle.lower() not in raw.lower():
            continue  # most blocks are navigation and settings: skip them unparsed
        try:
            doc = json.loads(raw)
        except (ValueError, RecursionError):
            continue
        if not isinstance(doc, dict):
            continue
        for part in (doc.get("data"), *(doc.get("included") or [])):
            if isinstance(part, dict):
                out.append(part)
                if isinstance(part.get("data"), dict):
                    out.append(part["data"])
    return out


def viewer_slug(page: Page) -> str | None:
    """The signed-in member's slug, from the /voyager/api/me response (for /in/me pages only)."""
    found = entities(page, "com.linkedin.voyager.common.Me")
    me = next((e for e in found if str(e.get("$type", "")).endswith("common.Me")), None)
    urn = me and me.get("*miniProfile")
    mini = next((e for e in found if urn and e.get("entityUrn") == urn), None)
    return mini.get("publicIdentifier") if mini else None


def subject(page: Page, slug: str | None, member_id: str | None = None) -> Candidate | None:
    """The profile whose publicIdentifier is the slug (or whose URN holds the member id): never the viewer
    by accident, never a profile the page is not about."""
    if not slug and not member_id:
        return None
    found = entities(page, slug or member_id)
    by_urn = {e.get("entityUrn"): e for e in found if e.get("entityUrn")}
    matches = []
    for e in found:
        kind = str(e.get("$type", ""))
        if not kind.endswith(PROFILE_TYPES):
            continue
        ident = str(e.get("publicIdentifier") or "")
        if (slug and ident.lower() == slug) or (member_id and member_id in str(e.get("entityUrn", ""))):
            matches.append(e)
    if not matches:
        return None
    # the full Profile entity first; a MiniProfile of the same member only fills what it lacks
    matches.sort(key=lambda e: str(e.get("$type", "")).endswith("MiniProfile"))
    cand = _candidate(matches[0], by_urn)
    for e in matches[1:]:
        cand.absorb(_candidate(e, by_urn))
    return cand


def _candidate(e: dict, by_urn: dict) -> Candidate:
    cand = Candidate()
    cand.add("name", " ".join(filter(None, (_s(e.get("firstName")), _s(e.get("lastName"))))), LAYER)
    cand.add("headline", e.get("headline") or e.get("occupation"), LAYER)
    geo = (e.get("geoLocation") or {}).get("*geo") if isinstance(e.get("geoLocation"), dict) else None
    place = by_urn.get(geo, {}).get("defaultLocalizedName") if geo else None
    cand.add("location", place or e.get("locationName") or e.get("geoLocationName"), LAYER)
    picture = e.get("profilePicture") or {}
    image = (picture.get("displayImageReference") or {}).get("vectorImage") if isinstance(picture, dict) else None
    cand.add("photo_url", _largest(image or e.get("picture")), LAYER)
    return cand


def _largest(image) -> str | None:
    """rootUrl + the largest artifact's path segment."""
    if not isinstance(image, dict) or not isinstance(image.get("rootUrl"), str):
        return None
    arts = [a for a in image.get("artifacts") or [] if isinstance(a, dict) and a.get("fileIdentifyingUrlPathSegment")]
    if not arts:
        return None
    best = max(arts, key=lambda a: a.get("width") or 0)
    return image["rootUrl"] + str(best["fileIdentifyingUrlPathSegment"])


def _s(value) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None
