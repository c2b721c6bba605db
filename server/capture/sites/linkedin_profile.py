"""LinkedIn profile as a signed-in member sees it: the Ember top card (2023–2024), the server-driven one
(2025–2026) and the Voyager JSON, always bound to the member the URL names."""

from __future__ import annotations

import re

from ... import identity
from .. import kinds
from .. import text as clean
from ..candidate import Candidate
from ..page import Page, compiled
from . import linkedin, voyager

LAYER = "dom"
# One pass finds the top card(s) and the Experience section in both layouts.
# Top card and Experience section: the server-driven layout's componentkeys first (one walk over the page,
# written over the attribute axis, which libxml2 answers several times faster than element predicates),
# the older data-view-name and #experience anchors only when there are none.
LANDMARKS = "//@componentkey[contains(., 'Topcard') or contains(., 'ExperienceTopLevelSection')]/.."
OLDER_LANDMARKS = "//@data-view-name[. = 'profile-top-card' or . = 'profile-card-experience']/.. | //@id[. = 'experience']/.."
PHOTO = (".//img[contains(@src, 'profile-displayphoto') or contains(@data-delayed-url, 'profile-displayphoto') "
         "or contains(@class, 'pv-top-card-profile-picture__image') or contains(@class, 'profile-photo-edit__preview')]")
EMBER_HEADLINE = ".//div[contains(@class, 'text-body-medium') and contains(@class, 'break-words')]"
EMBER_LOCATION = (".//span[contains(@class, 'text-body-small') and contains(@class, 't-black--light') "
                  "and contains(concat(' ', @class, ' '), ' inline ')]")  # pronouns share the rest of these classes
CURRENT_COMPANY = ".//*[starts-with(@aria-label, 'Current company: ')]/@aria-label"
CONTACT_INFO = re.compile(r"^(contact info|kontaktinfo(rmationen)?|coordonnées|información de contacto)$", re.I)
NOT_FIELDS = "ancestor::button or ancestor::*[@role='dialog']"  # upsells and promos live in these


def detect(page: Page) -> str | None:
    if not linkedin.is_linkedin(page) or len(page.segments) < 2 or page.segments[0] != "in":
        return None
    sub = page.segments[2] if len(page.segments) > 2 else "overlay"
    return kinds.LI_PROFILE if sub in ("overlay", "fr", "de", "es", "pt", "it") else kinds.LI_DETAILS


def extract(page: Page, kind: str) -> tuple[str, list[Candidate]]:
    wanted = identity.linkedin_slug(page.url)
    member_id = identity.linkedin_member_id(page.url)
    marks = page.xpath(LANDMARKS)
    cards = [el for el in marks if "Topcard" in (el.get("componentkey") or "")]
    if not cards:
        marks = marks + [el for el in page.xpath(OLDER_LANDMARKS) if el not in marks]
        cards = [el for el in marks if el.get("data-view-name") == "profile-top-card"]
    card, marked = top_card(page, wanted, cards)
    if wanted and marked and wanted not in marked:
        return kinds.STALE, []  # the SPA still shows the previous profile
    if card is None and wanted and _others_marked(page, wanted):
        return kinds.STALE, []  # only sidebar people are on screen: the top card is not there yet
    subject = wanted or (marked[0] if marked else None)
    if subject is None and not member_id and page.segments[1].lower() == "me":
        subject = voyager.viewer_slug(page)
    cand = voyager.subject(page, subject, member_id) or Candidate()
    if card is not None:
        cand.absorb(read_card(page, card, unverified=not marked))
        cand.unverified = cand.source.get("name") == LAYER and not marked
    if not cand.get("name"):
        return (kinds.STALE if kind == kinds.LI_PROFILE else kind), []
    title, company = linkedin.current_job(experience(page, [el for el in marks if el not in cards]))
    cand.add("title", title, LAYER)
    cand.add("company", company, LAYER)
    linkedin.headline_job(cand)
    cand.add("profile_url", linkedin.subject_url(subject), "url")
    return kind, [cand]


def top_card(page: Page, wanted: str | None, cards: list):
    """The top card and the slugs its markers name; with several cards, the one marked for the subject."""
    cards = [c for c in cards if not any(a in cards for a in c.iterancestors())]
    if not cards and wanted:
        # no card container (Aug 2026): the region around the marker that names the URL's member
        for el in page.xpath(f"//@componentkey[starts-with(., '{linkedin.VERIFICATION_MARKER}')]/.."):
            if linkedin.marker_slugs(page, el)[:1] == [wanted]:
                cards = compiled("ancestor::*[count(.//p) >= 2][1]")(el) or [el]
                break
    if not cards:
        # Ember: the first h1 of the main region, the name-sized one preferred
        headings = page.xpath(".//h1", node=page.main) if page.main is not None else page.xpath("//h1")
        name = next((h for h in headings if "text-heading-xlarge" in (h.get("class") or "")), None)
        name = name if name is not None else (headings[0] if headings else None)
        section = compiled("ancestor::section[1]")(name) if name is not None else []
        parent = name.getparent() if name is not None else None
        cards = section or ([parent.getparent()] if parent is not None and parent.getparent() is not None else [])
    marked_cards = [(c, linkedin.marker_slugs(page, c)) for c in cards]
    for card, slugs in marked_cards:
        if wanted and wanted in slugs:
            return card, slugs
    return marked_cards[0] if marked_cards else (None, [])


def _others_marked(page: Page, wanted: str) -> bool:
    return bool([s for s in linkedin.marker_slugs(page, page.root) if s != wanted])


def read_card(page: Page, card, unverified: bool) -> Candidate:
    cand = Candidate(unverified=unverified)
    heading = _heading(page, card)
    cand.add("name", page.text(heading), LAYER)
    photo = page.first(PHOTO, node=card)
    if photo is None and cand.get("name"):
        # outside the card, a profile photo counts only when its alt text is this person's name
        photo = next((img for img in page.xpath("//img[contains(@src, 'profile-displayphoto')][@alt]")
                      if clean.squash(img.get("alt")) == cand.get("name")), None)
    if photo is not None:
        cand.add("photo_url", page.absolute(photo.get("src") or photo.get("data-delayed-url")), LAYER)
    cand.add("headline", page.text(page.first(EMBER_HEADLINE, node=card)), LAYER)
    cand.add("location", page.text(page.first(EMBER_LOCATION, node=card)), LAYER)
    label = page.first(CURRENT_COMPANY, node=card)
    if label:
        cand.add("company", label.removeprefix("Current company: ").split(". Click")[0], LAYER)
    _read_lines(page, card, heading, cand)
    return cand


def _heading(page: Page, card):
    marker = page.first(f".//*[starts-with(@componentkey, '{linkedin.VERIFICATION_MARKER}')]", node=card)
    if marker is not None:
        heading = page.first(".//h1", ".//h2", node=marker)
        return heading if heading is not None else marker  # the marker may wrap the name itself
    return page.first(".//h1", ".//h2", node=card)


def _read_lines(page: Page, card, heading, cand: Candidate) -> None:
    """The server-driven card: headline, "Company · School" and location as <p> after the name; the
    "Contact info" link closes the run, and the line before it is the location."""
    name = cand.get("name")
    lines: list[str] = []
    for p in page.xpath(f".//p[not({NOT_FIELDS})]", card):
        if heading is not None and any(a is heading for a in p.iterancestors()):
            continue
        value = page.text(p)
        if not value:
            continue
        if CONTACT_INFO.match(value):
            break
        if value != name and not clean.is_chrome(value):
            lines.append(value)
    if not lines:
        return
    cand.add("headline", lines[0], LAYER)
    rest = lines[1:]
    if rest and ("," in rest[-1] or len(rest) >= 2 or " · " not in rest[-1]) and len(rest[-1]) < 100:
        cand.add("location", rest.pop(), LAYER)
    for line in rest:
        head = line.split(" · ")[0]
        if not linkedin.SCHOOL.search(head):
            cand.add("company", head, LAYER)
            break


def experience(page: Page, landmarks: list) -> list[list[str]]:
    """Text lines of each entry of the Experience section (visible copies only)."""
    section = landmarks[0] if landmarks else None
    if section is None:
        return []
    if section.get("id") == "experience":  # Ember: an empty anchor at the top of the section
        section = page.first("ancestor::section[1]", node=section)
        if section is None:
            return []
    entries = page.xpath(".//*[@data-view-name='profile-component-entity'] | .//li[not(ancestor::li)] "
                         "| .//*[@role='listitem'][not(ancestor::*[@role='listitem'])]", section)
    out = []
    for entry in entries[:5]:
        spans = compiled(".//span[@aria-hidden='true'] | .//p")(entry)
        lines = [t for t in (page.text(s) for s in spans) if t]
        if lines:
            out.append(list(dict.fromkeys(lines)))
    return out
