"""Reminders in a real Firefox: the background page polls the real server, counts on the badge, notifies
once (without buttons, which Firefox refuses), and a click on the notification opens the draft."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from firefox.addon import ORIGIN
from firefox.bidi import Tab
from firefox.records import call_api, ended_interview

pytestmark = pytest.mark.browser


def test_pairing_checks_reminders_badge_counts_one_notification_and_a_click_opens_the_draft(fx, live_server, shot):
    srv = live_server()
    ended_interview(srv, {"name": "Ana Lima", "company": "Initech", "email": "ana@initech.example"})
    [thanks] = [r for r in call_api(srv, "GET", "/reminders")["reminders"] if r["status"] in ("due", "overdue")]
    # headless Firefox on a machine with no notification service closes each notification at once, so
    # getAll() is always empty here: the page listens for the notification's events instead
    fx.run("() => { window.seen = []; browser.notifications.onClosed.addListener(id => window.seen.push(id)); }")

    fx.pair(srv)  # a change of server or token makes the background page check at once
    fx.control.wait("() => window.seen.length > 0", what="a notification")
    assert fx.run("() => window.seen") == [f"reminder:{thanks['id']}"]
    assert fx.run("() => browser.action.getBadgeText({})") == "1"
    assert fx.run("() => browser.action.getTitle({})") == "followup: 1 follow-up due"
    assert fx.background("followup.checkReminders()") == {"due": 1, "notified": []}, "a reminder is notified once"

    # a click on the notification opens the popup page on that reminder's draft
    before = {t["context"] for t in fx.tabs()}
    fx.background("followup.onNotificationAction('reminder:' + arg, 0)", thanks["id"])
    url = f"{ORIGIN}/popup.html?reminder={quote(thanks['id'], safe='')}"
    fx.control.wait("url => browser.tabs.query({}).then(tabs => tabs.some(t => t.url === url))", url, what=url)
    [opened] = [t for t in fx.tabs() if t["context"] not in before]
    assert opened["url"] == url
    draft = Tab(fx.session, opened["context"])
    draft.wait("() => !!document.querySelector('.draft[data-kind=thank_you] textarea[name=body]')?.value",
               what="the thank-you draft")
    assert "Thank Ana Lima" in draft.text(".reminder.selected")
    assert "streaming pipelines" in draft.call("() => document.querySelector('.draft textarea[name=body]').value")
    shot(draft, "firefox-popup-draft")
