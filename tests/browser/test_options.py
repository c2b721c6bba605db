"""The options page in a real browser: pairing, the four connection states, settings and their checks."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def run_connection_test(page, server_address: str, token: str):
    page.fill("#server", server_address)
    page.fill("#token", token)
    page.click("#test")
    page.wait_for_selector("#connection[data-state]:not([data-state=testing])")
    return page.locator("#connection")


def stored(ext) -> dict:
    return ext.run("chrome.storage.local.get(null)")


def test_pairing_through_the_options_page(ext, live_server, shot):
    srv = live_server()
    options = ext.page("options.html")
    result = run_connection_test(options, srv.base, "x" * 43)
    assert result.get_attribute("data-state") == "wrong_token"
    assert "did not accept this token" in result.inner_text()
    assert "token" not in stored(ext), "a refused token is not saved"

    result = run_connection_test(options, srv.base, srv.token)
    assert result.get_attribute("data-state") == "ok"
    assert "Connected to followup" in result.inner_text()
    assert stored(ext)["token"] == srv.token and stored(ext)["server"] == srv.base
    shot(options, "options-paired", full_page=True)


def test_connection_test_tells_not_running_from_another_program_and_an_impostor(ext, impostor, squatter, unused_port):
    options = ext.page("options.html")
    port = unused_port  # nothing listens here
    result = run_connection_test(options, f"http://127.0.0.1:{port}", "t" * 43)
    assert result.get_attribute("data-state") == "not_running"
    assert f"followup serve --port {port}" in result.inner_text()

    web_app = impostor({"/api/v1/health": (200, "text/html", "<html><body>Welcome to some other app</body></html>")})
    result = run_connection_test(options, web_app.base, "t" * 43)
    assert result.get_attribute("data-state") == "other_program"
    assert "Another program" in result.inner_text()

    result = run_connection_test(options, squatter.base, "t" * 43)
    assert result.get_attribute("data-state") == "untrusted"
    assert "could not prove it knows your token" in result.inner_text()
    assert stored(ext).get("token") is None


def test_settings_are_checked_saved_and_applied(ext, server, api):
    options = ext.page("options.html")
    options.fill("#server", "https://example.com")
    options.click("#save")
    assert "invalid" in options.get_attribute("#server-label", "class")
    assert "this machine" in options.inner_text("#connection")

    options.fill("#server", server.base)
    options.fill("#checkMinutes", "0")
    options.click("#save")
    assert "invalid" in options.get_attribute("#checkMinutes-label", "class")

    options.fill("#checkMinutes", "5")
    options.check("input[name=linkedinTier][value=premium]")
    options.click("#save")
    expect(options.locator("#saved")).to_contain_text("Saved")
    assert stored(ext)["checkMinutes"] == 5 and stored(ext)["linkedinTier"] == "premium"
    assert api("GET", "/profile")["linkedin_tier"] == "premium"
    alarm = ext.run("chrome.alarms.get('reminders')")
    assert alarm["periodInMinutes"] == 5


def test_options_show_the_tier_the_server_uses(ext, server, api):
    api("PUT", "/profile", {"linkedin_tier": "premium"})
    options = ext.page("options.html")
    expect(options.locator("input[name=linkedinTier][value=premium]")).to_be_checked()


def test_options_suggest_pinning_the_icon_while_it_waits_in_the_extensions_menu(ext, shot):
    """A fresh install leaves the icon in the Extensions menu, where each click first plays Chromium's
    animation: the options say how to pin it."""
    page = ext.page("options.html")
    expect(page.locator("#pin-hint")).to_be_visible()
    expect(page.locator("#pin-hint")).to_contain_text("Pin followup to the toolbar")
    shot(page, "options-pin-hint")


def test_the_worker_turns_to_a_newly_saved_address_at_once(ext, server, squatter):
    """The worker keeps the settings it read for its calls; saving new ones must reach it, not the old copy."""
    ext.run("globalThis.followup.checkReminders()")  # the worker has read the settings, and keeps them
    options = ext.page("options.html")
    options.fill("#server", squatter.base)
    options.click("#save")
    expect(options.locator("#saved")).to_contain_text("Saved")
    # the change itself makes the worker check the reminders again (background.js): at the new address
    deadline = time.monotonic() + 10
    while "/api/v1/hello" not in squatter.paths() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "/api/v1/hello" in squatter.paths()
    assert not squatter.authorizations, "the token went to a program that could not prove it knows it"
