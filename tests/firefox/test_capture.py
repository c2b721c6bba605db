"""Capture in a real Firefox: a saved page on a loopback site, the toolbar click as Firefox performs it, and
the cards its popup shows; Save reaches the real server."""

from __future__ import annotations

import pytest
from firefox.addon import saved_page

pytestmark = pytest.mark.browser

HOSTILE_NAME = "<img src=x onerror=\"document.title='owned';window.owned=1\">"


def test_team_page_gives_a_card_per_person_and_saves_one(fx, server, api, site, shot):
    team = site({"/about/team": saved_page("team-title-site-name.html")})
    popup = fx.click_action(fx.open(f"{team.base}/about/team"))
    popup.wait("doc => doc.querySelectorAll('article.card').length === 3", timeout=15, what="three cards")
    assert popup.texts("article.card h2") == ["Ana Lima", "Ben Okafor", "Chloé Martin"]
    assert popup.text("#capture-panel > p.note") == "3 people on this page"
    assert popup.call("doc => doc.querySelectorAll('article.card')[1].querySelector('input[name=company]').value") \
        == "Initech"
    shot(popup, "firefox-popup-capture-team")

    popup.call("""doc => [...doc.querySelectorAll('article.card')[1].querySelectorAll('button')]
        .find(b => b.textContent === 'Save contact').click()""")
    assert "as a new contact" in popup.wait("doc => doc.querySelectorAll('article.card')[1].querySelector('.success')"
                                            "?.textContent", what="the card saved")
    [contact] = api("GET", "/contacts")["contacts"]
    assert contact["name"] == "Ben Okafor" and contact["title"] == "Staff Engineer" and contact["company"] == "Initech"
    assert contact["profile_url"] == "https://www.linkedin.com/in/ben-okafor-example/"


def test_hostile_page_text_stays_text_in_the_popup(fx, server, site, shot):
    hostile = site({"/about": saved_page("hostile-person.html")})
    popup = fx.click_action(fx.open(f"{hostile.base}/about"))
    popup.wait("doc => !!doc.querySelector('article.card h2')", timeout=15, what="a card")
    assert popup.texts("article.card h2") == [HOSTILE_NAME]
    assert popup.call("doc => doc.querySelector('article.card input[name=title]').value") \
        == "<script>document.title='owned';window.owned=1</script>"
    shot(popup, "firefox-popup-capture-hostile")
    assert popup.call("doc => [doc.title, doc.defaultView.owned ?? null, doc.querySelectorAll('main img, main script').length]") \
        == ["followup", None, 0]
