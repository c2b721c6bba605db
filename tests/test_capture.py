"""POST /api/v1/capture: the contract the extension relies on, bad and hostile input, and the rules that
hold on every page (one person per identity, the selection first, nothing from outside the main region)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.capture import capture
from server.capture.candidate import FIELDS

PAGES = Path(__file__).parent / "pages"
URL = "https://www.linkedin.com/in/williamhgates/"
GATES = (PAGES / "linkedin" / "guest-williamhgates-2026-07.html").read_text(encoding="utf-8")


def post(client, H, body, **kw):
    return client.post("/api/v1/capture", headers=H, json=body, **kw)


def test_a_real_profile_comes_back_with_every_contact_field_confidence_and_sources(client, H):
    r = post(client, H, {"url": URL, "html": GATES, "title": "Bill Gates | LinkedIn"})
    assert r.status_code == 200
    body = r.get_json()
    assert body["page"] == {"kind": "linkedin_guest_profile", "url": URL}
    (person,) = body["candidates"]
    assert set(person) == set(FIELDS) | {"confidence", "source"}
    assert person["name"] == "Bill Gates" and person["company"] == "Gates Foundation"
    assert 0.5 <= person["confidence"] <= 1
    assert set(person["source"]) <= set(FIELDS) and person["source"]["name"] == "dom"


def test_a_candidate_can_be_saved_as_a_contact_as_it_is(client, H):
    person = post(client, H, {"url": URL, "html": GATES}).get_json()["candidates"][0]
    fields = {k: v for k, v in person.items() if k in FIELDS and v is not None}
    r = client.post("/api/v1/contacts", headers=H, json=fields)
    assert r.status_code in (200, 201), r.get_json()
    assert r.get_json()["profile_url"] == URL


@pytest.mark.parametrize(
    "body, field",
    [
        ({"html": "<p>x</p>"}, "url"),
        ({"url": URL}, "html"),
        ({"url": "javascript:alert(1)", "html": ""}, "url"),
        ({"url": "file:///etc/passwd", "html": ""}, "url"),
        ({"url": URL, "html": 42}, "html"),
        ({"url": URL, "html": ["<p>"]}, "html"),
        ({"url": URL, "html": "", "title": {"a": 1}}, "title"),
        ({"url": URL, "html": "", "selection": "x" * 10001}, "selection"),
        ({"url": URL, "html": "", "cookies": "sid=1"}, "cookies"),
        ({"url": "https://" + "a" * 5000 + ".example/", "html": ""}, "url"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(client, H, body, field):
    r = post(client, H, body)
    assert r.status_code == 422
    assert r.get_json()["error"]["field"] == field


def test_a_body_over_the_capture_limit_is_refused_before_any_parsing(client, H):
    r = client.post("/api/v1/capture", headers={**H, "Content-Type": "application/json"},
                    data=json.dumps({"url": URL, "html": "<p>" * (4 * 1024 * 1024)}))
    assert r.status_code == 413
    assert r.get_json()["error"]["code"]


def test_without_the_token_nothing_is_captured(client, H):
    r = client.post("/api/v1/capture", headers={"Host": H["Host"]}, json={"url": URL, "html": GATES})
    assert r.status_code == 401


@pytest.mark.parametrize(
    "html, kind",
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("\x01\x02\x7f\ufffd" * 5000, "generic"),
        ("<div>" * 50000 + "deep" + "</div>" * 50000, "generic"),
        ("<html><head><title>x</title>" + "<b>" * 300 + "<h1>Nobody</h1>", "generic"),
        ("<?xml version='1.0' encoding='utf-8'?><html><body><p>x</p></body></html>", "generic"),
        ("<table><tr><td><form><table><p>unclosed<select><option>" * 200, "generic"),
    ],
)
def test_unreadable_or_hostile_html_gets_a_clear_answer_not_a_500(client, H, html, kind):
    r = post(client, H, {"url": "https://example.com/page", "html": html})
    assert r.status_code == 200
    assert r.get_json() == {"page": {"kind": kind, "url": "https://example.com/page"}, "candidates": []}


def test_nul_characters_are_refused_by_the_api_and_ignored_by_the_core(client, H):
    r = post(client, H, {"url": "https://example.com/page", "html": "<p>a\x00b</p>"})
    assert r.status_code == 422 and r.get_json()["error"]["field"] == "html"
    assert capture("https://example.com/page", "\x00\x00")["page"]["kind"] == "empty"
    assert capture("https://example.com/page", b"<h1>x</h1>\x00".decode())["page"]["kind"] == "generic"


def test_a_large_page_is_answered(client, H):
    html = GATES.replace("</main>", "<p>filler paragraph</p>" * 150_000 + "</main>")  # ~3.5 MB
    r = post(client, H, {"url": URL, "html": html})
    assert r.status_code == 200
    assert r.get_json()["candidates"][0]["name"] == "Bill Gates"


def test_script_payloads_in_names_come_back_as_inert_json_text(client, H):
    html = """<html><head><script type="application/ld+json">
      {"@type": "Person", "name": "<img src=x onerror=alert(1)>Eve", "jobTitle": "<script>alert(2)<\\/script>",
       "url": "javascript:alert(3)", "image": "javascript:alert(4)"}</script></head>
      <body><main><svg onload="alert(5)"><title>Mallory</title></svg></main></body></html>"""
    r = post(client, H, {"url": "https://evil.example/", "html": html})
    assert r.status_code == 200
    assert r.mimetype == "application/json"
    (person,) = r.get_json()["candidates"]
    assert person["name"] == "<img src=x onerror=alert(1)>Eve"  # data, never markup: clients render text
    assert person["title"] == "<script>alert(2)</script>"
    assert person["profile_url"] is None and person["photo_url"] is None  # javascript: is no URL


def test_the_selection_puts_the_person_the_user_means_first():
    html = (PAGES / "generic" / "team-jsonld-employees.html").read_text(encoding="utf-8")
    got = capture("https://harborfinch.example/team", html, selection="  Yuki   Sato ")
    assert [c["name"] for c in got["candidates"]] == ["Yuki Sato", "Grace Whitfield", "Tomás Ortega"]


def test_a_name_selected_on_a_page_without_people_is_a_low_confidence_guess():
    got = capture("https://calendar.example/event/1", "<main><p>Interview with Rosa Delgado</p></main>",
                  selection="Rosa Delgado")
    (guess,) = got["candidates"]
    assert guess["name"] == "Rosa Delgado" and guess["source"] == {"name": "selection"}
    assert guess["confidence"] < 0.5
    assert capture("https://calendar.example/event/1", "<main><p>x</p></main>",
                   selection="Tuesday 10:00 in room 4")["candidates"] == []


def test_the_title_sent_by_the_extension_stands_in_for_a_missing_title_element():
    html = '<html><head><meta property="og:type" content="profile"></head><body><main></main></body></html>'
    got = capture("https://example.com/about", html, title="Kim Lee - Engineer")
    assert [c["name"] for c in got["candidates"]] == ["Kim Lee"]


def test_the_same_person_described_twice_on_a_page_is_one_candidate():
    html = """<html><head><script type="application/ld+json">{"@type": "Person", "name": "Ana Ruiz",
      "sameAs": "https://www.linkedin.com/in/anaruiz"}</script></head><body><main>
      <div itemscope itemtype="https://schema.org/Person"><span itemprop="name">Ana Ruiz</span>
      <span itemprop="jobTitle">CTO</span></div>
      <div class="h-card"><span class="p-name">ANA RUIZ</span><span class="p-locality">Madrid</span></div></main></body></html>"""
    (ana,) = capture("https://example.com/team", html)["candidates"]
    assert (ana["title"], ana["location"], ana["profile_url"]) == ("CTO", "Madrid", "https://www.linkedin.com/in/anaruiz/")
    assert ana["source"] == {"name": "jsonld", "profile_url": "jsonld", "title": "microdata", "location": "microformats"}


def test_nothing_outside_the_main_region_becomes_a_field():
    html = """<html><body><nav><h1 class="text-heading-xlarge">Victor Viewer</h1></nav>
      <main><p>Loading…</p></main><aside><h1>Otto Other</h1></aside></body></html>"""
    got = capture("https://www.linkedin.com/in/someone/", html)
    assert got == {"page": {"kind": "stale", "url": "https://www.linkedin.com/in/someone/", "retry": True},
                   "candidates": []}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html=st.text(alphabet=st.sampled_from(list("<>/=\"' abcdiv&;#x01h1pmainsectionscript{}[]:,@·*\n\x00")),
                    max_size=400),
       url=st.sampled_from([URL, "https://github.com/someone", "https://mail.google.com/mail/u/0/",
                            "https://example.com/", "https://www.linkedin.com/in/me/"]))
def test_any_markup_gives_a_well_formed_answer(html, url):
    got = capture(url, html)
    assert set(got) == {"page", "candidates"} and got["page"]["kind"]
    for cand in got["candidates"]:
        assert cand["name"] and 0 < cand["confidence"] <= 1


def test_a_directory_of_thousands_gives_its_first_200_people_in_page_order():
    cards = "".join(f'<div itemscope itemtype="https://schema.org/Person"><span itemprop="name">Person {i:04d} Example</span>'
                    f'<span itemprop="jobTitle">Engineer</span></div>' for i in range(3000))
    got = capture("https://bigco.example/people", f"<html><body><main>{cards}</main></body></html>")
    names = [c["name"] for c in got["candidates"]]
    assert got["page"]["kind"] == "team_page"
    assert names == [f"Person {i:04d} Example" for i in range(200)]


def test_control_characters_next_to_removed_scripts_do_not_stop_the_capture():
    html = ("<html><body><main><h1>x</h1>\x1bbefore<script>s()</script>\x1b\x07tail<p>\x1bmore</p>"
            "<div>\x02<script>t()</script>after</div></main></body></html>")
    assert capture("https://example.com/", html)["page"]["kind"] == "generic"


def test_a_top_card_marked_only_by_data_view_name_is_found_beside_a_componentkey_section():
    html = """<html><body><main>
      <section data-view-name="profile-top-card"><div componentkey="ProfileVerificationTriggerRef-kai-berg">
        <h1>Kai Berg</h1></div><p>Platform Lead</p><p>Oslo, Norway</p><p><a href="#">Contact info</a></p></section>
      <div componentkey="com.linkedin.sdui.profile.card.refXExperienceTopLevelSection"><div role="listitem">
        <p>Platform Lead</p><p>Fjord Data · Full-time</p><p>2022 - Present</p></div></div></main></body></html>"""
    (kai,) = capture("https://www.linkedin.com/in/kai-berg/", html)["candidates"]
    assert (kai["name"], kai["headline"], kai["location"], kai["title"], kai["company"]) == \
        ("Kai Berg", "Platform Lead", "Oslo, Norway", "Platform Lead", "Fjord Data")
