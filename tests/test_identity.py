"""Identity: the canonical URL and the folded name that decide whether two captures are the same person."""

from __future__ import annotations

import pytest

from server.identity import (
    canonical_profile_url,
    canonical_url,
    github_login,
    linkedin_member_id,
    linkedin_slug,
    normalise_company,
    normalise_name,
)

JANE = "https://www.linkedin.com/in/jane-doe/"


@pytest.mark.parametrize(
    "url",
    [
        "https://www.linkedin.com/in/jane-doe",
        "https://www.linkedin.com/in/jane-doe/",
        "http://linkedin.com/in/jane-doe",
        "linkedin.com/in/jane-doe",
        "//de.linkedin.com/in/jane-doe",
        "https://uk.linkedin.com/in/Jane-Doe?trk=public_profile_browsemap",
        "https://m.linkedin.com/in/jane-doe/details/experience/",
        "https://www.linkedin.com/in/jane-doe/overlay/contact-info/",
        "https://www.linkedin.com/in/jane-doe/recent-activity/all/",
        "https://www.linkedin.com/in/jane-doe/fr",
        "https://www.linkedin.com/in/jane-doe?originalSubdomain=nl&lipi=urn%3Ali#experience",
        "  https://WWW.LINKEDIN.COM/in/JANE-DOE  ",
    ],
)
def test_every_form_of_a_members_url_is_one_identity(url):
    assert canonical_profile_url(url) == JANE


@pytest.mark.parametrize(
    "url",
    [
        "https://www.linkedin.com/in/me/",
        "https://www.linkedin.com/in/ME",
        "https://www.linkedin.com/in/unavailable/",
        "https://www.linkedin.com/in/ACoAAB1c2d3E4f5G6h7I8j9K0lMnOpQrStU",
        "https://www.linkedin.com/company/acme/",
        "https://www.linkedin.com/school/mit/",
        "https://www.linkedin.com/pub/jane-doe/1/2/3",
        "https://www.linkedin.com/sales/lead/ACwAAB123,NAME_SEARCH,xyz",
        "https://www.linkedin.com/feed/",
        "https://linkedin.com.evil.example/in/jane-doe",
        "mailto:jane@example.com",
        "javascript:alert(1)",
        "",
        None,
        "http://[::1",
    ],
)
def test_urls_that_name_no_member_give_no_identity(url):
    assert linkedin_slug(url) is None
    if url and ("linkedin.com/" in url and "evil" not in url):
        assert canonical_profile_url(url) is None


def test_unicode_slugs_keep_their_letters():
    url = "https://de.linkedin.com/in/j%C3%BCrgen-wei%C3%9F/"
    assert canonical_profile_url(url) == "https://www.linkedin.com/in/jürgen-weiß/"
    assert canonical_profile_url("https://www.linkedin.com/in/JÜRGEN-WEIß") == "https://www.linkedin.com/in/jürgen-weiß/"


def test_member_ids_and_github_logins_are_read_but_not_invented():
    assert linkedin_member_id("https://www.linkedin.com/in/ACoAAB1c2d3E4f5G6h7I8j9K0lMnOpQrStU/") == \
        "ACoAAB1c2d3E4f5G6h7I8j9K0lMnOpQrStU"
    assert linkedin_member_id(JANE) is None
    assert github_login("https://github.com/Octo-Cat?tab=repositories") == "octo-cat"
    assert github_login("https://github.com/orgs/acme/people") is None
    assert github_login("https://github.com/settings") is None
    assert canonical_profile_url("https://github.com/Octo-Cat/") == "https://github.com/octo-cat"


def test_other_pages_are_cleaned_not_rewritten():
    assert canonical_profile_url("https://Jane.Example/about/?utm_source=x&page=2#bio") == "https://jane.example/about/?page=2"
    assert canonical_url("https://uk.linkedin.com/company/Audiense?trk=x") == "https://www.linkedin.com/company/audiense/"
    assert canonical_url("https://www.linkedin.com/feed/?trk=nav") == "https://www.linkedin.com/feed/"
    assert canonical_url("https://de.linkedin.com/in/jane-doe/details/skills/") == JANE


@pytest.mark.parametrize(
    "shown",
    [
        "Jane Doe",
        "jane doe",
        "  Jane   Doe ",
        "Jane Doe (she/her)",
        "Jane Doe she/her",
        "Dr. Jane Doe",
        "Jane Doe, PhD",
        "Jane Doe, PhD, PMP",
        "Jane Doe PhD",
        "Jane Doe 🚀",
        "Jane Doe ✨ | Hiring",
        "Jáne Döe",
    ],
)
def test_names_fold_to_the_same_key_for_matching(shown):
    assert normalise_name(shown) == "jane doe"


def test_folding_keeps_what_is_part_of_a_name():
    assert normalise_name("Jack Ma") == "jack ma"  # a surname is not a credential
    assert normalise_name("山田 太郎") == "山田 太郎"
    assert normalise_name("Jean-Luc Picard") == "jean luc picard"
    assert normalise_name("O'Brien, Siobhán") == "o brien siobhan"
    assert normalise_name(None) == "" and normalise_name("") == ""


def test_companies_fold_without_their_legal_suffix():
    assert normalise_company("Acme, Inc.") == normalise_company("ACME") == "acme"
    assert normalise_company("Brückner GmbH") == "bruckner"
