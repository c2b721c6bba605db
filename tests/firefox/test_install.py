"""The extension in a real Firefox: it installs, its background runs, and it has the access it asks for."""

from __future__ import annotations

import json

import pytest
from firefox.addon import ADDON_ID, EXTENSION, HOSTS, ORIGIN

pytestmark = pytest.mark.browser


def test_installs_with_its_id_and_the_pinned_origin(fx):
    assert fx.installed == {"extension": ADDON_ID}
    options = fx.page("options.html")
    assert options.call("() => location.origin") == ORIGIN
    assert options.call("() => chrome.runtime.id") == ADDON_ID
    manifest = json.loads((EXTENSION / "manifest.json").read_text())
    assert options.call("() => chrome.runtime.getManifest().version") == manifest["version"]
    options.wait("() => document.body.dataset.ready === 'true'", what="the options page to start")
    assert options.call("() => document.title") == "followup options"


def test_background_scripts_run(fx):
    """Firefox runs background.scripts (an event page), not the service worker: the install set the alarm up."""
    alarms = fx.run("() => chrome.alarms.getAll()")
    assert [(a["name"], a["periodInMinutes"]) for a in alarms] == [("reminders", 15)]
    exposed = fx.run("async () => Object.keys((await browser.runtime.getBackgroundPage()).followup)")
    assert {"checkReminders", "ensureAlarm", "handleMessage", "onMenuClick", "onNotificationAction"} <= set(exposed)
    # Chrome-only declarativeContent is skipped in Firefox (page_action.show_matches does that job there)
    assert fx.run("async () => (await browser.runtime.getBackgroundPage()).followup.registerPageRules()") is None


def test_host_access_to_loopback_is_granted_at_install(fx):
    granted = fx.run("() => browser.permissions.getAll()")
    assert sorted(granted["origins"]) == sorted(HOSTS)
    assert {"scripting", "storage", "alarms", "notifications", "contextMenus", "activeTab"} <= set(granted["permissions"])
