"""Follow-ups in a real browser: drafts in the popup (copy, open, live count, mark as sent) and reminders
on the toolbar (the alarm polls, the badge counts, one notification each, snooze and open from it)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NEWS_URL = "https://news.example/today"
NEWS = "<!doctype html><html><head><title>News</title></head><body><main><p>Markets were calm.</p></main></body></html>"
ANA_PROFILE = "https://www.linkedin.com/in/ana-lima-example/"


def interview_just_ended(api, *people, hours_ago=2):
    """An Initech interview that ended `hours_ago` hours ago with these people on the panel."""
    end = datetime.now(timezone.utc) - timedelta(hours=hours_ago)
    contacts = [api("POST", "/contacts", person) for person in people]
    interview = api("POST", "/interviews", {
        "company": "Initech", "role": "Data Engineer",
        "starts_at": (end - timedelta(hours=1)).isoformat(), "ends_at": end.isoformat(),
        "interviewers": [{"contact_id": c["id"], "topics": ["streaming pipelines"]} for c in contacts],
    })
    return interview, contacts


ANA = {"name": "Ana Lima", "company": "Initech", "email": "ana@initech.example", "profile_url": ANA_PROFILE}
BEN = {"name": "Ben Okafor", "company": "Initech"}


def due(api) -> list[dict]:
    return [r for r in api("GET", "/reminders")["reminders"] if r["status"] in ("due", "overdue")]


def test_drafts_are_shown_copied_opened_and_marked_sent(ext, server, api, shot):
    interview, [ana] = interview_just_ended(api, ANA)
    popup = ext.click_action(ext.visit(NEWS_URL, NEWS))
    # nobody on this page: the popup turns to what is due
    expect(popup.locator("#tab-followup")).to_have_attribute("aria-selected", "true")
    expect(popup.locator("#due-count")).to_have_text("1")
    expect(popup.locator(".reminder.selected")).to_contain_text("Thank Ana Lima")
    [written] = api("GET", f"/drafts?contact_id={ana['id']}&interview_id={interview['id']}&kind=thank_you")["drafts"]
    draft = popup.locator(".draft[data-kind=thank_you]")
    expect(draft.locator("input[name=subject]")).to_have_value(written["subject"])
    body = draft.locator("textarea[name=body]").input_value()
    assert body == written["body"] and "streaming pipelines" in body
    expect(draft.locator(".counter")).to_have_text(f"{written['words']} / 150 words")
    shot(popup, "popup-drafts", full_page=True)

    draft.get_by_role("button", name="Copy").click()
    expect(draft.locator(".draft-status")).to_contain_text("Copied")
    assert popup.evaluate("() => navigator.clipboard.readText()") == body

    expect(draft.get_by_role("button", name="Open in mail")).to_be_visible()

    draft.get_by_role("button", name="Mark as sent").click()
    expect(draft.locator(".draft-status")).to_contain_text("the reminder is done")
    assert [t["kind"] for t in api("GET", f"/touches?contact_id={ana['id']}")["touches"]] == ["thank_you"]
    assert not any(r["rule"] == "thank_you" for r in due(api))

    # the thank-you was sent, so connecting on LinkedIn is due next: a note with a live count
    note = popup.locator(".draft[data-kind=linkedin_note]")
    expect(popup.locator(".reminder.selected")).to_contain_text("Connect with Ana Lima")
    text = note.locator("textarea[name=body]")
    limit = 200  # a free account
    expect(note.locator(".counter")).to_have_text(f"{len(text.input_value())} / {limit} characters")
    text.fill("x" * (limit + 7))
    expect(note.locator(".counter")).to_have_text(f"{limit + 7} / {limit} characters \u2014 7 over the LinkedIn limit")
    assert "over" in note.locator(".counter").get_attribute("class")
    expect(note.get_by_role("button", name="Open in mail")).to_have_count(0)
    shot(popup, "popup-linkedin-note", full_page=True)

    # their profile opens in a tab for the user to act on (the popup closes, as it does on a real click)
    with ext.context.expect_event("request", lambda r: r.is_navigation_request()) as opened:
        note.get_by_role("button", name="Open their LinkedIn profile").click()
    assert opened.value.url == ANA_PROFILE


def test_due_reminders_set_the_badge_and_notify_once(ext, server, api):
    interview, [ana] = interview_just_ended(api, ANA)
    # the real alarm: due in a moment, its handler polls the server
    ext.run("chrome.alarms.create('reminders', {delayInMinutes: 0.01, periodInMinutes: 15})")
    deadline = datetime.now() + timedelta(seconds=10)
    settled = "async () => (await chrome.action.getBadgeText({})) === '1' && Object.keys(await chrome.notifications.getAll()).length > 0"
    while not ext.run(settled) and datetime.now() < deadline:  # the badge is set a moment before the notification
        ext.context.pages[0].wait_for_timeout(50)
    assert ext.run("chrome.action.getBadgeText({})") == "1"
    [thanks] = due(api)
    assert list(ext.run("chrome.notifications.getAll()")) == [f"reminder:{thanks['id']}"]
    assert "1 follow-up due" in ext.run("chrome.action.getTitle({})")

    again = ext.run("globalThis.followup.checkReminders()")
    assert again == {"due": 1, "notified": []}, "a reminder is notified once"

    ben = api("POST", "/contacts", BEN)
    api("PATCH", f"/interviews/{interview['id']}", {"interviewers": [*interview["interviewers"], {"contact_id": ben["id"], "topics": []}]})
    after = ext.run("globalThis.followup.checkReminders()")
    assert after["due"] == 2 and len(after["notified"]) == 1 and ben["id"] in after["notified"][0]
    assert ext.run("chrome.action.getBadgeText({})") == "2"

    # "Snooze a day" on Ben's notification: the server has it snoozed, the badge drops, the notification goes
    ben_reminder = after["notified"][0]
    ext.run("id => globalThis.followup.onNotificationAction('reminder:' + id, 1)", ben_reminder)
    assert ext.run("chrome.action.getBadgeText({})") == "1"
    snoozed = next(r for r in api("GET", "/reminders")["reminders"] if r["id"] == ben_reminder)
    assert snoozed["status"] == "snoozed"
    assert f"reminder:{ben_reminder}" not in ext.run("chrome.notifications.getAll()")

    # "Open the draft" on Ana's: the popup page opens on that reminder's draft
    with ext.context.expect_page() as opened:
        ext.run("id => globalThis.followup.onNotificationAction('reminder:' + id, 0)", thanks["id"])
    page = opened.value
    expect(page.locator(".reminder.selected")).to_contain_text("Thank Ana Lima")
    expect(page.locator(".draft[data-kind=thank_you] textarea")).to_have_value(re.compile(r"\bAna\b"))


def test_badge_says_when_the_server_is_down(ext, live_server):
    srv = live_server()
    ext.pair(srv)
    srv.stop()
    assert ext.run("globalThis.followup.checkReminders()") == {"problem": "not_running"}
    assert ext.run("chrome.action.getBadgeText({})") == "!"
    assert "not running" in ext.run("chrome.action.getTitle({})")


def test_a_reminder_with_nothing_to_write_is_marked_done(ext, server, api):
    interview_just_ended(api, BEN, hours_ago=30)  # a day after the end: follow the company
    [follow] = [r for r in due(api) if r["rule"] == "follow_company"]
    assert follow["draft_kind"] is None
    page = ext.page(f"popup.html?reminder={follow['id']}")
    expect(page.locator(".drafts")).to_contain_text("Nothing to write for this one")
    page.get_by_role("button", name="Mark as done").click()
    expect(page.locator(".draft-status")).to_have_text("Done.")
    assert not any(r["rule"] == "follow_company" for r in due(api))


def test_checks_at_the_same_moment_notify_once(ext, server, api):
    assert ext.run("globalThis.followup.checkReminders()") == {"due": 0, "notified": []}  # after pairing's own check
    interview_just_ended(api, ANA)
    results = ext.run("Promise.all([1, 2, 3].map(() => globalThis.followup.checkReminders()))")
    assert sum(len(r["notified"]) for r in results) == 1
    assert len(ext.run("chrome.notifications.getAll()")) == 1
