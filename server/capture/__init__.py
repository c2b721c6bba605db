"""Capture: recognise the person (or people) on a page the user is looking at.

`capture(url, html)` parses the page once, classifies it, runs the one extractor the registry picks and
answers {"page": {"kind", "url"}, "candidates": [...]}, the page's main person first. Pure: strings in, data out.
"""

from __future__ import annotations

from .. import identity
from . import kinds, registry
from .candidate import Candidate, merged
from .page import Page

SELECTION_LAYER = "selection"


def capture(url: str, html: str, title: str | None = None, selection: str | None = None) -> dict:
    page = Page(url, html, title=title, selection=selection)
    kind, extract = registry.classify(page)
    kind, candidates = extract(page, kind)
    if kind in kinds.NO_PERSON:
        candidates = []
    candidates = _by_selection(merged(candidates), page.selection)
    answer = {"kind": kind, "url": identity.canonical_url(url) or url}
    if kind in kinds.RETRY:
        answer["retry"] = True
    return {"page": answer, "candidates": [c.as_dict() for c in candidates]}


def _by_selection(candidates: list[Candidate], selection: str | None) -> list[Candidate]:
    """Text the user selected names who they mean: that person first. Alone, a name-like selection is a guess."""
    if not selection or len(selection) > 200:
        return candidates
    wanted = identity.normalise_name(selection)
    chosen = [c for c in candidates if wanted and wanted in identity.normalise_name(c.get("name"))]
    if chosen:
        return chosen + [c for c in candidates if c not in chosen]
    if candidates or not _name_like(selection):
        return candidates
    guess = Candidate()
    guess.add("name", selection, SELECTION_LAYER)
    return [guess] if guess.get("name") else []


def _name_like(text: str) -> bool:
    """Text shaped like a person's name: 2–5 words, no digits, no sentence punctuation."""
    words = text.split()
    return 1 < len(words) <= 5 and not any(ch.isdigit() for ch in text) and not any(p in text for p in ".!?:;@/")
