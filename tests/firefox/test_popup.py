"""The popup page in a real Firefox: due reminders from the real server, hostile text shown as text."""

from __future__ import annotations

import pytest
from firefox.records import ended_interview

pytestmark = pytest.mark.browser

HOSTILE = "<img src=x onerror=\"document.title='owned';window.owned=1\">"


def test_popup_lists_due_reminders_and_shows_hostile_text_as_text(fx, server, api, shot):
    ended_interview(server, {"name": "Ana Lima", "company": "Initech"}, {"name": HOSTILE, "company": "Initech"})
    due = [r for r in api("GET", "/reminders")["reminders"] if r["status"] in ("due", "overdue")]
    assert len(due) == 2
    popup = fx.page("popup.html")
    popup.wait("() => document.querySelectorAll('.reminder').length >= 2", what="the reminders")
    shot(popup, "firefox-popup-reminders")
    assert popup.attr("#tab-followup", "aria-selected") == "true"
    assert popup.text("#due-count") == "2"
    assert popup.text("#server-state") == "connected"
    listed = "\n".join(popup.texts(".reminder"))
    assert "Thank Ana Lima" in listed
    assert HOSTILE in listed, "the hostile name is shown as the text it is"
    assert popup.call("() => [document.title, window.owned ?? null, document.querySelectorAll('img[src=x]').length]") \
        == ["followup", None, 0]


def test_without_host_access_the_popup_says_what_to_allow_not_that_the_server_is_down(fx, server, shot):
    """The server runs; Firefox holds back the extension's access to 127.0.0.1 (the user took it away). The
    popup must say so and lead to the options page, where the access is asked for, never "start the server"."""
    fx.run("o => browser.permissions.remove({origins: o})", ["http://127.0.0.1/*", "http://localhost/*"])
    popup = fx.page("popup.html")
    popup.wait("() => !document.getElementById('problem').hidden", what="the problem to be shown")
    shot(popup, "firefox-popup-no-host-access")
    text = popup.text("#problem")
    assert "does not let followup reach 127.0.0.1" in text and "options" in text
    assert "not running" not in text and "Start it" not in text
    assert popup.texts("#problem button") == ["Open options"]
