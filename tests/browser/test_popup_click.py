"""With the icon in the extensions menu, the toolbar click starts the capture in the service worker while
the browser opens the popup; the popup shows what the worker found. With the icon pinned, and whenever the
popup is opened any other way, the popup reads the page itself."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TEAM_URL = "https://initech.example/about/team"
NAMES = ["Ana Lima", "Ben Okafor", "Chloé Martin"]
# where the popup's capture came from: the worker's mark says so (capture-view.js)
FROM_WORKER = "() => Boolean(performance.getEntriesByName('followup:capture-sent')[0]?.detail?.worker)"


def tab_id(ext, url: str) -> int:
    """The id of the tab showing `url` (its URL is only visible once a click granted activeTab)."""
    return ext.run("u => chrome.tabs.query({}).then(all => all.find(t => t.url === u).id)", url)


def test_click_captures_in_the_worker_and_every_click_comes_back_to_it(ext, server, page_text):
    tab = ext.visit(TEAM_URL, page_text("team-title-site-name.html"))
    for _ in range(2):
        popup = ext.click_action(tab)
        expect(popup.locator("article.card h2")).to_have_text(NAMES)
        assert popup.evaluate(FROM_WORKER), "the popup read the page again instead of taking the worker's capture"
        expect(popup.locator("#server-state")).to_have_text("connected")
        # the popup this click gave the tab is taken back: the next click goes to the worker again
        assert ext.run("id => chrome.action.getPopup({tabId: id})", tab_id(ext, TEAM_URL)) == ""
        popup.close()
    assert ext.run("chrome.action.getPopup({})") == "", "the action must have no default popup"


def test_worker_capture_failure_reaches_the_popup_with_what_to_do(ext, live_server, page_text):
    srv = live_server()
    ext.pair(srv)
    srv.stop()
    popup = ext.click_action(ext.visit(TEAM_URL, page_text("team-title-site-name.html")))
    expect(popup.locator("#problem")).to_contain_text("not running")
    expect(popup.locator(".start-command")).to_have_text(f"followup serve --port {srv.port}")
    assert popup.evaluate(FROM_WORKER)


def test_a_program_that_takes_the_port_after_a_capture_gets_no_page(ext, live_server, squatter_on, page_text):
    srv = live_server()
    ext.pair(srv)
    tab = ext.visit(TEAM_URL, page_text("team-title-site-name.html"))
    expect(ext.click_action(tab).locator("article.card")).to_have_count(3)  # the worker trusts the server now
    srv.stop()
    squatter = squatter_on(srv.port)
    popup = ext.click_action(tab)
    expect(popup.locator("#problem")).to_contain_text("Untrusted server")
    assert "/api/v1/hello" in squatter.paths()
    assert "/api/v1/capture" not in squatter.paths()
    assert not any(b"Ben Okafor" in body for _, _, body in squatter.seen), "captured text reached the impostor"
    assert squatter.authorizations == [], f"the token was sent to a program that had not proved it knows it: {squatter.paths()}"


def test_popup_opened_without_the_worker_reads_the_page_itself(ext, server, page_text):
    # as Firefox's LinkedIn page action does: the browser opens popup.html straight away, no click event
    tab = ext.visit(TEAM_URL, page_text("team-title-site-name.html"))
    ext.click_action(tab).close()  # only a tab the extension was granted shows its URL to find it by
    ext.run("id => chrome.action.setPopup({tabId: id, popup: 'popup.html'})", tab_id(ext, TEAM_URL))
    popup = ext.click_action(tab)
    expect(popup.locator("article.card h2")).to_have_text(NAMES)
    assert not popup.evaluate(FROM_WORKER)
    assert popup.evaluate("() => performance.getEntriesByName('followup:capture-sent')[0].detail.chars") > 0


def test_pinned_icon_opens_the_popup_at_once_and_it_reads_the_page(ext, server, page_text):
    tab = ext.visit(TEAM_URL, page_text("team-title-site-name.html"))
    assert ext.run("globalThis.followup.syncPopup({isOnToolbar: true})").endswith("/popup.html")
    try:
        popup = ext.click_action(tab)
        expect(popup.locator("article.card h2")).to_have_text(NAMES)
        assert not popup.evaluate(FROM_WORKER)
    finally:
        # this browser's icon is not pinned: back to the worker's clicks
        assert ext.run("globalThis.followup.syncPopup()") == ""



def test_with_the_icon_pinned_a_context_menu_capture_leaves_the_tab_s_clicks_as_they_were(ext, server, page_text):
    page = ext.visit(TEAM_URL, page_text("team-title-site-name.html"))
    ext.click_action(page).close()  # activeTab, as a click on the menu item grants it
    tab = tab_id(ext, TEAM_URL)
    assert ext.run("globalThis.followup.syncPopup({isOnToolbar: true})").endswith("/popup.html")
    try:
        ext.run("""id => globalThis.followup.onMenuClick(
            {menuItemId: "capture-selection", selectionText: "Ben Okafor"}, {id, index: 0})""", tab)
        popup = ext.wait_popup(page)
        expect(popup.locator("article.card h2").first).to_have_text("Ben Okafor")
        assert popup.evaluate(FROM_WORKER)
        # the popup this capture gave the tab is taken back: its clicks open the popup at once again, as the
        # pinned icon's do on every tab (not sent to the worker, as a tab without a popup would be)
        popup.wait_for_function("""id => new Promise((done) => chrome.action.getPopup({tabId: id}, done))
            .then((url) => url.endsWith("/popup.html"))""", arg=tab, timeout=5000)
    finally:
        # this browser's icon is not pinned: back to the worker's clicks
        assert ext.run("globalThis.followup.syncPopup()") == ""
