"""GitHub user profile (the vcard sidebar, 2020–2025 markup) and organisation pages, told apart."""

from __future__ import annotations

from ... import identity
from .. import kinds
from ..candidate import Candidate
from ..layers import opengraph, title as titles
from ..page import Page

LAYER = "dom"
HOSTS = ("github.com", "www.github.com")
LOGIN = "//@itemprop[. = 'additionalName']/.. | //@class[contains(., 'vcard-username')]/.."
# A profile page has one person: its fields are read page-wide, since saved pages are not always well-formed
# enough for the sidebar to stay inside its card.


def detect(page: Page) -> str | None:
    if page.host not in HOSTS:
        return None
    login = identity.github_login(page.url)
    if not login and page.segments[:1] != ["orgs"]:
        return kinds.GITHUB_OTHER
    if page.first(LOGIN) is not None:
        return kinds.GITHUB_USER
    if page.segments[:1] == ["orgs"] or page.first("//*[contains(@itemtype, 'schema.org/Organization')]") is not None:
        return kinds.GITHUB_ORG
    return kinds.GITHUB_USER if page.meta.get("profile:username") else kinds.GITHUB_OTHER


def extract(page: Page, kind: str) -> tuple[str, list[Candidate]]:
    login = page.text(page.first(LOGIN)) \
        or page.meta.get("profile:username") or identity.github_login(page.url)
    cand = Candidate()
    cand.add("name", page.text(page.first(".//*[@itemprop='name'] | .//*[contains(@class, 'vcard-fullname')]")), LAYER)
    bio = page.first(".//*[contains(@class, 'user-profile-bio')]")
    cand.add("headline", (bio.get("data-bio-text") if bio is not None else None) or page.text(bio), LAYER)
    cand.add("company", (page.text(page.first(".//*[@itemprop='worksFor']")) or "").lstrip("@") or None, LAYER)
    cand.add("location", page.text(page.first(".//*[@itemprop='homeLocation']")), LAYER)
    cand.add("email", page.first(".//*[@itemprop='email']//a/@href[starts-with(., 'mailto:')]"), LAYER)
    for href in page.xpath(".//*[@itemprop='url' or @itemprop='social']//a/@href"):
        if "linkedin.com/in/" in href:
            cand.add("profile_url", page.absolute(href), LAYER)
    photo = page.first(".//a[@itemprop='image']/@href | .//img[contains(@class, 'avatar-user')][@width>100]/@src")
    cand.add("photo_url", page.absolute(photo) or page.absolute(page.meta.get("og:image")), LAYER)
    titled = titles.page_title(page) or ""  # "login (Full Name)"
    if "(" in titled and titled.endswith(")"):
        cand.add("name", titled[titled.index("(") + 1 : -1], titles.LAYER)
    cand.add("name", login, "url")  # no display name: the login is what people know them by
    cand.add("profile_url", f"https://github.com/{login}" if login else opengraph.candidate(page).get("profile_url"), "url")
    return kind, [cand] if cand.get("name") else []
