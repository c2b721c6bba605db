"""The toolbar popup in a real browser: what it says when the server is stopped, unpaired or an impostor."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PROFILE_URL = "https://www.linkedin.com/in/ana-example"
PROFILE = """<!doctype html><html><head><title>Ana Example - Staff Engineer - Initech | LinkedIn</title></head>
<body><main><h1>Ana Example</h1><p>Staff Engineer at Initech</p></main></body></html>"""


def test_server_stopped_popup_says_how_to_start_it(ext, live_server, shot):
    srv = live_server()
    ext.pair(srv)
    srv.stop()
    tab = ext.visit(PROFILE_URL, PROFILE)
    popup = ext.click_action(tab)
    expect(popup.locator("#problem")).to_contain_text("not running")
    expect(popup.locator(".start-command")).to_have_text(f"followup serve --port {srv.port}")
    expect(popup.locator("#server-state")).to_have_text("not running")
    shot(popup, "popup-server-stopped")


def test_unpaired_popup_sends_to_the_options_page(ext, live_server):
    srv = live_server()
    ext.configure(server=srv.base)  # running, but no token yet
    popup = ext.click_action(ext.visit(PROFILE_URL, PROFILE))
    expect(popup.locator("#problem")).to_contain_text("Not paired yet")
    expect(popup.get_by_role("button", name="Open options")).to_be_visible()


def test_impostor_on_the_port_gets_no_page_and_is_called_untrusted(ext, squatter):
    ext.configure(server=squatter.base, token="t" * 43)
    popup = ext.click_action(ext.visit(PROFILE_URL, PROFILE))
    expect(popup.locator("#problem")).to_contain_text("Untrusted server")
    assert "/api/v1/hello" in squatter.paths()
    assert squatter.authorizations == [], "the token was sent to a server that had not proved it knows it"
    assert "/api/v1/capture" not in squatter.paths()
    assert not any(b"Ana Example" in body for _, _, body in squatter.seen), "captured text reached the impostor"


def test_reminder_alarm_is_created_once(ext):
    for _ in range(3):
        ext.run("globalThis.followup.ensureAlarm()")
    alarms = ext.run("chrome.alarms.getAll()")
    assert [a["name"] for a in alarms] == ["reminders"]
    assert alarms[0]["periodInMinutes"] == 15


@pytest.mark.parametrize("sender", [
    {"id": "another-extension-id", "url": "chrome-extension://another-extension-id/page.html"},
    {"id": "SELF", "url": "https://www.linkedin.com/in/ana-example", "tab": {"url": "https://www.linkedin.com/in/ana-example"}},
])
def test_messages_from_outside_the_extension_pages_are_refused(ext, sender):
    answer = ext.run("""s => {
        if (s.id === 'SELF') s.id = chrome.runtime.id;
        return globalThis.followup.handleMessage({type: 'remindersChanged'}, s);
    }""", sender)
    assert answer == {"error": "refused: not from this extension's pages"}


@pytest.mark.parametrize("message", [
    {"type": "saveContact", "data": {"name": {"$gt": ""}}},
    {"type": "remindersChanged", "extra": "x" * 10},
    "remindersChanged",
    None,
])
def test_malformed_messages_are_refused(ext, message):
    answer = ext.run("""m => globalThis.followup.handleMessage(m, {id: chrome.runtime.id,
        url: chrome.runtime.getURL('popup.html')})""", message)
    assert answer == {"error": "refused: unknown message"}
