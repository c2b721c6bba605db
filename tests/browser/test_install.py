"""Loading the unpacked extension in Chromium: the pinned id, no manifest warnings, the toolbar cue rule."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_loads_unpacked_with_the_pinned_id_and_no_errors(ext, shot):
    page = ext.context.new_page()
    page.set_viewport_size({"width": 1000, "height": 440})
    page.goto("chrome://extensions")
    dev_mode = page.locator("#devMode")
    if dev_mode.get_attribute("aria-pressed") != "true":
        dev_mode.click()
    card = page.locator("extensions-item", has_text="followup")
    expect(card).to_contain_text("ID: iicepfaegbebhponfhfljfggefpeoflj")
    shot(page, "chrome-extensions")
    [info] = page.evaluate("""() => new Promise(resolve => chrome.developerPrivate.getExtensionsInfo(
        {includeDisabled: true}, all => resolve(all.filter(i => i.name === 'followup').map(i => ({
            id: i.id, errors: i.manifestErrors.length, warnings: i.installWarnings, runtime: i.runtimeErrors.length})))))""")
    assert info == {"id": "iicepfaegbebhponfhfljfggefpeoflj", "errors": 0, "warnings": [], "runtime": 0}


def test_linkedin_profiles_get_the_capture_icon(ext):
    get_rules = "new Promise(r => chrome.declarativeContent.onPageChanged.getRules(undefined, r))"
    for _ in range(50):  # registered by onInstalled, which may still be running in a fresh browser
        rules = ext.run(get_rules)
        if rules:
            break
        ext.context.pages[0].wait_for_timeout(100)
    [rule] = rules
    hosts = [c["pageUrl"] for c in rule["conditions"]]
    assert {"hostEquals": "linkedin.com", "pathPrefix": "/in/", "schemes": ["https"]} in hosts
    assert {"hostSuffix": ".linkedin.com", "pathPrefix": "/in/", "schemes": ["https"]} in hosts
    assert rule["actions"][0]["instanceType"] == "declarativeContent.SetIcon"
    assert set(rule["actions"][0]["imageData"]) == {"16", "32"}
