"""Drafts: short, personal follow-up messages for each reminder kind, written from plain data.

`build_context(...)` turns a profile, contact, interview and touches into template values (and what is
missing); `render(kind, context)` picks this person's phrasing, fits it into the kind's limit and runs the
quality check. Nothing here knows about Flask, so the API, the CLI and any other caller share it.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from datetime import datetime

from jinja2 import TemplateError

from . import links, quality, templating
from .context import build_context
from .kinds import BY_NAME, KINDS, REASONS, Kind, kinds_for
from .shorten import fit, unmark
from .text import clip, count_chars, count_words, tidy

__all__ = ["Draft", "DraftError", "KINDS", "REASONS", "build_context", "compose", "kinds_for", "render",
           "render_template"]
log = logging.getLogger(__name__)
SUBJECT_CHARS = 78  # what a mail client's inbox line shows; a long role name is cut at a clause


class DraftError(Exception):
    """No phrasing of a kind produced a draft that passes the quality check."""

    def __init__(self, kind: str, reasons: list[str]):
        super().__init__(f"no {kind} draft passed the quality check: " + "; ".join(reasons))
        self.kind = kind
        self.reasons = reasons


@dataclass
class Draft:
    """One ready-to-send message, with its size against its limit and the facts that would improve it."""

    kind: str
    subject: str
    body: str
    chars: int
    words: int
    limit: int
    limit_unit: str
    missing: list[str]
    template: str
    email: str = ""
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        """The API's shape; a LinkedIn message has no subject (null), so clients offer no "Open in mail"."""
        out = asdict(self)
        del out["problems"], out["email"]
        if BY_NAME[self.kind].channel != "email":
            out["subject"] = None
        out["mailto"] = links.mailto(self.email, self.subject, self.body)
        out["gmail"] = links.gmail(self.email, self.subject, self.body)
        return out


def render_template(name: str, context: dict, user_dir: str | None = None) -> Draft:
    """One phrasing rendered and fitted to its limit; `problems` says what the quality check found."""
    kind: Kind = BY_NAME[context["kind"]]
    limit, unit = kind.limit(context["linkedin_tier"])
    measure = count_chars if unit == "chars" else count_words
    raw_subject, raw_body = templating.render_blocks(name, context, user_dir)
    body, _ = fit(raw_body, measure, limit, tidy)
    subject, _ = clip(tidy(unmark(raw_subject)).replace("\n", " "), chars=SUBJECT_CHARS)
    chars, words = count_chars(body), count_words(body)
    found = quality.problems(subject, body, chars if unit == "chars" else words, limit, unit, kind.channel)
    return Draft(kind.name, subject, body, chars, words, limit, unit, list(context["missing"]), name,
                 context["email"] if kind.channel == "email" else "", found)


def render(kind: str, context: dict, user_dir: str | None = None) -> Draft:
    """This person's phrasing of `kind` (panelists get different ones), the next one if it fails the check."""
    names = templating.names(kind, context["reason"], user_dir)
    if not names:
        raise DraftError(kind, [f"no template for {kind}"])
    start = (context["seat"] + context["key"] + context["variant"]) % len(names)
    failures = []
    for name in names[start:] + names[:start]:
        try:
            draft = render_template(name, context, user_dir)
        except TemplateError as exc:  # only a user's own file can get here: the built-ins are tested
            log.warning("draft template %s failed: %s", name, exc)
            failures.append(f"{name}: {exc}")
            continue
        if not draft.problems:
            return draft
        failures.append(f"{name}: " + ", ".join(draft.problems))
    raise DraftError(kind, failures)


def compose(kinds: list[str], *, profile: dict, contact: dict, interview: dict | None, touches: list[dict],
            now: datetime, reason: str | None = None, detail: str | None = None, variant: int = 0,
            user_dir: str | None = None) -> list[Draft]:
    """The drafts of the given kinds for one person (and interview), as the API and the CLI return them."""
    return [
        render(kind, build_context(kind, profile=profile, contact=contact, interview=interview, touches=touches,
                                   now=now, reason=reason, detail=detail, variant=variant), user_dir)
        for kind in kinds
    ]
