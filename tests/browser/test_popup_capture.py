"""One-click capture in a real browser: the toolbar click reads the live page, the popup shows editable
cards, Save creates or merges the contact on the real server and offers to attach it to an interview."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

GATES_URL = "https://www.linkedin.com/in/williamhgates?trk=public_profile_browsemap"
TEAM_URL = "https://initech.example/about/team"
HOSTILE_URL = "https://hostile.example/about"
HOSTILE_NAME = "<img src=x onerror=\"document.title='owned';window.owned=1\">"


def card_value(card, field: str) -> str:
    return card.locator(f"input[name={field}]").input_value()


def test_linkedin_guest_profile_is_captured_saved_and_attached(ext, server, api, shot, page_text):
    tab = ext.visit(GATES_URL, page_text("guest-williamhgates-2026-07.html"))
    popup = ext.click_action(tab)
    card = popup.locator("article.card")
    expect(card).to_have_count(1)
    expect(card.locator("h2")).to_have_text("Bill Gates")
    assert card_value(card, "company") == "Gates Foundation"
    assert card_value(card, "profile_url") == "https://www.linkedin.com/in/williamhgates/"
    shot(popup, "popup-capture-linkedin", full_page=True)

    card.get_by_role("button", name="Save contact").click()
    expect(card.locator(".success")).to_have_text("Saved Bill Gates as a new contact.")
    [contact] = api("GET", "/contacts")["contacts"]
    assert contact["name"] == "Bill Gates" and contact["location"] == "Seattle, Washington, United States"
    assert contact["sources"]["name"]["layer"] == "dom"
    assert contact["sources"]["name"]["url"] == "https://www.linkedin.com/in/williamhgates/"

    # no interview yet: a new one, prefilled with the company and today
    expect(card.locator("input[name=company]").last).to_have_value("Gates Foundation")
    card.locator("input[name=role]").fill("Program Officer")
    card.locator("input[name=topics]").fill("vaccine logistics, grant reviews")
    card.get_by_role("button", name="Attach to interview").click()
    expect(card.locator(".attach .success")).to_have_text("Attached to the Gates Foundation interview.")
    shot(popup, "popup-capture-attached", full_page=True)
    [interview] = api("GET", "/interviews")["interviews"]
    assert interview["role"] == "Program Officer" and interview["outcome"] == "pending"
    assert interview["interviewers"] == [{"contact_id": contact["id"], "topics": ["vaccine logistics", "grant reviews"]}]

    # the same person again: merged, and already on that interview
    popup.close()
    card = ext.click_action(tab).locator("article.card")
    card.get_by_role("button", name="Save contact").click()
    expect(card.locator(".success").first).to_have_text("Merged into Bill Gates, whom you already had.")
    expect(card.locator(".attach")).to_contain_text("Already on your Gates Foundation interview.")
    assert api("GET", "/contacts")["total"] == 1


def test_team_page_gives_a_card_per_person_and_saves_the_ones_chosen(ext, server, api, shot, page_text):
    popup = ext.click_action(ext.visit(TEAM_URL, page_text("team-title-site-name.html")))
    cards = popup.locator("article.card")
    expect(cards).to_have_count(3)
    assert [cards.nth(i).locator("h2").inner_text() for i in range(3)] == ["Ana Lima", "Ben Okafor", "Chloé Martin"]
    expect(popup.locator("#capture-panel > p.note")).to_have_text("3 people on this page")
    shot(popup, "popup-capture-team", full_page=True)

    # the page names no employer per person: each card takes the site's name, and the user may correct it
    expect(cards.nth(1).locator("input[name=company]")).to_have_value("Initech")
    cards.nth(0).locator("input[name=company]").fill("Initech Labs")
    for i in (0, 1):
        cards.nth(i).get_by_role("button", name="Save contact").click()
        expect(cards.nth(i).locator(".success")).to_contain_text("as a new contact")
    saved = {c["name"]: c for c in api("GET", "/contacts")["contacts"]}
    assert sorted(saved) == ["Ana Lima", "Ben Okafor"]
    assert saved["Ben Okafor"]["title"] == "Staff Engineer" and saved["Ben Okafor"]["company"] == "Initech"
    assert saved["Ben Okafor"]["profile_url"] == "https://www.linkedin.com/in/ben-okafor-example/"
    assert saved["Ana Lima"]["company"] == "Initech Labs" and saved["Ana Lima"]["sources"]["company"]["layer"] == "edited"
    assert saved["Ben Okafor"]["sources"]["company"]["layer"] == "title"
    assert saved["Ana Lima"]["sources"]["title"]["layer"] == "microdata"


def test_a_bad_field_is_named_and_nothing_is_saved(ext, server, api, page_text):
    popup = ext.click_action(ext.visit(TEAM_URL, page_text("team-title-site-name.html")))
    card = popup.locator("article.card").first
    card.locator("input[name=email]").fill("not an email")
    card.get_by_role("button", name="Save contact").click()
    expect(card.locator(".error")).to_contain_text("email")
    assert "invalid" in card.locator("label", has=popup.locator("input[name=email]")).get_attribute("class")
    assert api("GET", "/contacts")["total"] == 0


def test_markup_in_captured_fields_is_shown_as_text_and_never_runs(ext, server, api, shot, page_text):
    tab = ext.visit(HOSTILE_URL, page_text("hostile-person.html"))
    dialogs = []
    popup = ext.click_action(tab)
    popup.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    card = popup.locator("article.card")
    expect(card.locator("h2")).to_have_text(HOSTILE_NAME)
    assert card_value(card, "name") == HOSTILE_NAME
    assert card_value(card, "title") == "<script>document.title='owned';window.owned=1</script>"
    shot(popup, "popup-capture-hostile", full_page=True)
    assert popup.locator("main img, main svg, main script").count() == 0
    assert popup.evaluate("() => [document.title, typeof window.owned]") == ["followup", "undefined"]

    card.get_by_role("button", name="Save contact").click()
    expect(card.locator(".success")).to_contain_text(HOSTILE_NAME)
    card.get_by_role("button", name="Skip: write follow-ups").click()
    expect(popup.locator("#followup-panel h2")).to_have_text(f"Follow-ups for {HOSTILE_NAME}")
    assert popup.locator("main img, main svg, main script").count() == 0
    assert popup.evaluate("() => [document.title, typeof window.owned]") == ["followup", "undefined"]
    assert dialogs == []
    [contact] = api("GET", "/contacts")["contacts"]
    assert contact["name"] == HOSTILE_NAME, "the API keeps the text unchanged"


def test_context_menu_on_a_link_puts_that_person_first(ext, server, page_text):
    tab = ext.visit(TEAM_URL, page_text("team-title-site-name.html"))
    ext.click_action(tab).close()  # activeTab, as a click on the menu item grants it
    tab_id = ext.run("u => chrome.tabs.query({}).then(all => all.find(t => t.url === u).id)", TEAM_URL)
    ext.run("""([id, link]) => globalThis.followup.onMenuClick(
        {menuItemId: "capture-link", linkUrl: link}, {id, index: 0})""",
            [tab_id, "https://www.linkedin.com/in/ben-okafor-example"])
    cards = ext.wait_popup(tab).locator("article.card h2")
    expect(cards).to_have_count(3)
    assert cards.all_inner_texts() == ["Ben Okafor", "Ana Lima", "Chloé Martin"]
