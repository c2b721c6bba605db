"""The desk in a real browser: interviews with their panel and outcome, the timeline that follows them,
contacts (search, page, edit, merge, delete), profile and rule numbers, imports with their report, and the
backup's round trip. Each view is photographed into tests/artifacts/."""

from __future__ import annotations

import json
import re
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from playwright.sync_api import expect

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from connections_file import make  # noqa: E402

pytestmark = pytest.mark.browser

WIDE = {"width": 1240, "height": 900}


def desk(ext, view="timeline"):
    page = ext.page(f"desk.html#{view}")
    page.set_viewport_size(WIDE)
    expect(page.locator("#server-state")).to_have_text("connected")
    return page


def reminders(api):
    return api("GET", "/reminders?horizon_days=60")["reminders"]


def test_desk_opens_from_the_popup(ext, server):
    popup = ext.page("popup.html?reminder=none")
    with ext.context.expect_page() as opened:
        popup.locator("#open-desk").click()
    page = opened.value
    page.wait_for_load_state()
    assert page.url.endswith("/desk.html")
    expect(page.locator("#views a[aria-current]")).to_have_text("Timeline")


def test_an_interview_with_two_interviewers_then_its_outcome_changes_the_timeline(ext, server, api, shot):
    ana = api("POST", "/contacts", {"name": "Ana Lima", "company": "Acme", "title": "Staff Engineer",
                                    "profile_url": "https://www.linkedin.com/in/ana-lima/"})
    yesterday = (datetime.now(timezone.utc) - timedelta(days=1)).date().isoformat()
    page = desk(ext, "interview/new")
    form = page.locator("form.editor")
    form.locator("[name=company]").fill("Acme")
    form.locator("[name=role]").fill("Staff Engineer")
    form.locator("[name=job_url]").fill("https://jobs.acme.example/staff")
    form.locator("[name=day]").fill(yesterday)
    form.locator("[name=start]").fill("10:00")
    form.locator("[name=end]").fill("11:30")
    person = form.locator("[name=person]")
    person.fill("Ana")
    expect(form.locator("#people-found option")).to_have_count(1)
    person.fill("Ana Lima \u2014 Acme")  # the entry picked from the list
    form.get_by_role("button", name="Add", exact=True).click()
    expect(form.locator(".seats li")).to_have_count(1)
    person.fill("Ben Okafor")  # someone not met before: added as a new contact
    form.get_by_role("button", name="Add", exact=True).click()
    expect(form.locator(".seats li")).to_have_count(2)
    expect(form.locator(".picker .hint")).to_have_text("Ben Okafor added to your contacts.")
    form.locator(".seats li").nth(0).locator("textarea").fill("payment retries\nmulti-region failover")
    form.locator(".seats li").nth(1).locator("textarea").fill("on-call load")
    form.locator("[name=topics]").fill("team growth")
    form.get_by_role("button", name="Add a concern").click()
    form.locator("[name=concern]").fill("No Go experience")
    form.locator("[name=clarification]").fill("Shipped two Go services at Globex")
    form.locator("[name=timeframe]").select_option("days")
    form.locator("[name=decision_in_days]").fill("5")
    form.get_by_role("button", name="Create interview").click()
    expect(form.locator(".form-status")).to_have_text("Interview created.")
    expect(form.locator(".next-list li[data-rule=thank_you]")).to_have_count(2)
    shot(page, "desk-interview-editor", full_page=True)

    [iv] = api("GET", "/interviews")["interviews"]
    moment = datetime.fromisoformat
    assert moment(iv["starts_at"]) == moment(f"{yesterday}T10:00:00+00:00")
    assert moment(iv["ends_at"]) == moment(f"{yesterday}T11:30:00+00:00")
    ben = next(c for c in api("GET", "/contacts")["contacts"] if c["name"] == "Ben Okafor")
    assert ben["company"] == "Acme"
    assert [(s["contact_id"], s["topics"]) for s in iv["interviewers"]] == [
        (ana["id"], ["payment retries", "multi-region failover"]), (ben["id"], ["on-call load"])]
    assert iv["concerns"] == [{"concern": "No Go experience", "clarification": "Shipped two Go services at Globex"}]
    assert iv["decision_in_days"] == 5 and iv["outcome"] == "pending"

    page.locator("#views a[data-view=timeline]").click()
    rows = page.locator(".reminder-row")
    expect(page.locator(".reminder-row[data-rule=thank_you]")).to_have_count(2)
    expect(page.locator(".reminder-row[data-rule=thank_you]", has_text="Thank Ana Lima")).to_have_count(1)
    expect(page.locator(".reminder-row[data-rule=thank_you]", has_text="Thank Ben Okafor")).to_have_count(1)
    expect(page.locator("svg.chart circle.dot")).to_have_count(rows.count())
    expect(page.locator("svg.chart rect.round")).to_have_count(1)
    shot(page, "desk-timeline", full_page=True)

    # the outcome comes in: thank-yous give way to a gracious reply and a request for feedback
    page.goto(page.url.split("#")[0] + f"#interview/{iv['id']}")
    form = page.locator("form.editor")
    form.locator("[name=outcome]").select_option("rejected")
    form.get_by_role("button", name="Save").click()
    expect(form.locator(".form-status")).to_have_text("Saved.")
    expect(form.locator(".next-list li[data-rule=rejection_reply]")).to_have_count(1)
    expect(form.locator(".next-list li[data-rule=thank_you]")).to_have_count(0)
    page.locator("#views a[data-view=timeline]").click()
    expect(page.locator(".reminder-row[data-rule=rejection_reply]")).to_contain_text("Reply graciously")
    expect(page.locator(".reminder-row[data-rule=thank_you]")).to_have_count(0)
    assert {r["rule"] for r in reminders(api)} >= {"rejection_reply"} and "thank_you" not in {r["rule"] for r in reminders(api)}
    shot(page, "desk-timeline-after-outcome", full_page=True)

    page.locator("#views a[data-view=interviews]").click()
    company = page.locator("article.company")
    expect(company).to_have_count(1)
    expect(company.locator("h3 .badge")).to_have_text("rejected")
    expect(company.locator("td.people")).to_have_text("Ana Lima, Ben Okafor")
    shot(page, "desk-interviews", full_page=True)


def test_timeline_draft_done_snooze_and_dismiss(ext, server, api, shot):
    end = datetime.now(timezone.utc) - timedelta(hours=30)
    people = [api("POST", "/contacts", {"name": n, "company": "Initech"}) for n in ("Ana Lima", "Ben Okafor", "Chloé Dubois")]
    api("POST", "/interviews", {"company": "Initech", "role": "Data Engineer", "starts_at": (end - timedelta(hours=1)).isoformat(),
                                "ends_at": end.isoformat(), "interviewers": [{"contact_id": p["id"], "topics": ["streaming"]} for p in people]})
    page = desk(ext)
    thanks = page.locator(".bucket.overdue .reminder-row[data-rule=thank_you]")
    expect(thanks).to_have_count(3)
    first = thanks.nth(0)
    first.get_by_role("button", name="Draft").click()
    expect(first.locator(".draft[data-kind=thank_you] textarea[name=body]")).to_have_value(re.compile("streaming"))
    shot(page, "desk-timeline-draft", full_page=True)
    first.get_by_role("button", name="Done").click()
    expect(page.locator(".bucket.overdue .reminder-row[data-rule=thank_you]")).to_have_count(2)
    thanks.nth(0).locator("select[name=snooze]").select_option("3")
    expect(page.locator(".bucket.overdue .reminder-row[data-rule=thank_you]")).to_have_count(1)
    expect(page.locator(".bucket.week .reminder-row[data-rule=thank_you]")).to_contain_text("snoozed until")
    thanks.nth(0).get_by_role("button", name="Dismiss").click()
    expect(page.locator(".bucket.overdue .reminder-row[data-rule=thank_you]")).to_have_count(0)
    kinds = [t["kind"] for p in people for t in api("GET", f"/touches?contact_id={p['id']}")["touches"]]
    assert kinds == ["thank_you"]  # only "done" logs a touch
    statuses = {r["contact_id"]: r["status"] for r in reminders(api) if r["rule"] == "thank_you"}
    assert list(statuses.values()) == ["snoozed"]


def test_import_2000_connections_shows_the_report_of_skipped_lines(ext, server, api, shot, tmp_path):
    text, broken = make(2000, broken_every=285)
    path = tmp_path / "Connections.csv"
    path.write_text(text, encoding="utf-8", newline="")
    page = desk(ext, "transfer")
    panel = page.locator("section[data-part=linkedin]")
    panel.locator("input[type=file]").set_input_files(str(path))
    panel.get_by_role("button", name="Import").click()
    good = 2000 - len(broken)
    expect(panel.locator(".report .summary")).to_have_text(
        f"{good:,} new contacts, 0 merged into people you already had, {good:,} connection dates logged; {len(broken)} lines skipped.")
    rows = panel.locator(".skipped tbody tr")
    expect(rows).to_have_count(len(broken))
    for i, (line, words) in enumerate(broken):
        expect(rows.nth(i).locator("td").nth(0)).to_have_text(str(line))
        expect(rows.nth(i).locator("td").nth(1)).to_contain_text(words)
    shot(page, "desk-import-report", full_page=True)
    assert api("GET", "/contacts?limit=1")["total"] == good

    page.locator("#views a[data-view=contacts]").click()
    expect(page.locator(".toolbar h2")).to_have_text(f"Contacts ({good})")
    expect(page.locator("p.note[role=status]")).to_have_text(f"{good} contacts; showing the first 200: narrow the search")
    page.locator("[name=q]").fill("Priya")
    expect(page.locator("table.contacts tbody tr").first).to_contain_text("Priya")
    shot(page, "desk-contacts")

    # the same file again: everyone is recognised, nobody is duplicated
    page.locator("#views a[data-view=transfer]").click()
    panel = page.locator("section[data-part=linkedin]")
    panel.locator("input[type=file]").set_input_files(str(path))
    panel.get_by_role("button", name="Import").click()
    expect(panel.locator(".report .summary")).to_contain_text(f"0 new contacts, {good:,} merged")
    assert api("GET", "/contacts?limit=1")["total"] == good


@pytest.mark.downloads
def test_backup_exported_and_restored_in_the_desk_loses_nothing(ext, server, api, shot, tmp_path):
    ana = api("POST", "/contacts", {"name": "Ana Lima", "company": "Acme", "tags": ["panel"], "notes": "Loves <b>Go</b> & Rust"})
    iv = api("POST", "/interviews", {"company": "Acme", "role": "Staff Engineer", "starts_at": "2026-03-02T10:00:00+01:00",
                                     "interviewers": [{"contact_id": ana["id"], "topics": ["payments"]}], "decision_by": "2026-03-09"})
    api("POST", "/touches", {"contact_id": ana["id"], "interview_id": iv["id"], "kind": "thank_you", "at": "2026-03-02T18:00:00+01:00"})
    api("PUT", "/profile", {"name": "Sam Doe", "rules": {"keep_in_touch": {"every_days": 60}}})
    before = api("GET", "/export/backup")
    page = desk(ext, "transfer")
    with page.expect_download() as download:
        page.get_by_role("button", name="Full backup (.json)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert re.fullmatch(r"followup-backup-\d{4}-\d{2}-\d{2}\.json", saved.name)
    expect(page.locator(".export-status")).to_have_text(f"Saved {saved.name}.")
    exported = json.loads(saved.read_text())
    assert {k: v for k, v in exported.items() if k != "exported_at"} == {k: v for k, v in before.items() if k != "exported_at"}

    api("DELETE", f"/contacts/{ana['id']}")
    api("POST", "/contacts", {"name": "Someone New"})
    panel = page.locator("section[data-part=restore]")
    bad = tmp_path / "bad.json"
    bad.write_text(saved.read_text().replace('"thank_you"', '"waved"'))
    panel.locator("input[type=file]").set_input_files(str(bad))
    panel.get_by_role("button", name="Restore\u2026").click()
    panel.get_by_role("button", name="Replace my data").click()
    expect(panel.locator(".error")).to_contain_text("tables.touches[0].kind")
    assert [c["name"] for c in api("GET", "/contacts")["contacts"]] == ["Someone New"]  # nothing changed

    panel.locator("input[type=file]").set_input_files(str(saved))
    panel.get_by_role("button", name="Restore\u2026").click()
    expect(panel.locator(".confirm")).to_contain_text("Replace ALL your data")
    shot(page, "desk-transfer", full_page=True)
    panel.get_by_role("button", name="Replace my data").click()
    expect(panel.locator(".success")).to_have_text("Restored 1 contacts, 1 interviews, 1 touches, 0 answers.")
    after = api("GET", "/export/backup")
    assert {k: v for k, v in after.items() if k != "exported_at"} == {k: v for k, v in before.items() if k != "exported_at"}


@pytest.mark.downloads
@pytest.mark.parametrize("label, pattern, first_line", [
    ("Contacts for spreadsheets (.csv)", r"followup-contacts-\d{4}-\d{2}-\d{2}\.csv", "\ufeffid,name,title,company"),
    ("Contacts for address books (.vcf)", r"followup-contacts-\d{4}-\d{2}-\d{2}\.vcf", "BEGIN:VCARD"),
    ("Reminders for your calendar (.ics)", r"followup-reminders\.ics", "BEGIN:VCALENDAR"),
])
def test_each_export_is_saved_as_a_file(ext, server, api, tmp_path, label, pattern, first_line):
    end = datetime.now(timezone.utc) - timedelta(hours=2)
    ana = api("POST", "/contacts", {"name": "Ana Lima", "company": "Acme"})
    api("POST", "/interviews", {"company": "Acme", "starts_at": (end - timedelta(hours=1)).isoformat(), "ends_at": end.isoformat(),
                                "interviewers": [{"contact_id": ana["id"]}]})
    page = desk(ext, "transfer")
    with page.expect_download() as download:
        page.get_by_role("button", name=label).click()
    assert re.fullmatch(pattern, download.value.suggested_filename)
    path = tmp_path / "file"
    download.value.save_as(path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(first_line) and "Ana Lima" in text


def test_contacts_page_edit_merge_and_delete(ext, server, api, shot):
    ana = api("POST", "/contacts", {"name": "Ana Lima", "company": "Acme", "title": "Engineer", "tags": ["panel"]})
    dup = api("POST", "/contacts", {"name": "Ana L.", "email": "ana@acme.example", "profile_url": "https://www.linkedin.com/in/ana-lima/"})
    hostile = api("POST", "/contacts", {"name": "<img src=x onerror=alert(1)>", "company": "Evil"})
    end = datetime.now(timezone.utc) - timedelta(hours=3)
    api("POST", "/interviews", {"company": "Acme", "starts_at": (end - timedelta(hours=1)).isoformat(), "ends_at": end.isoformat(),
                                "interviewers": [{"contact_id": ana["id"], "topics": ["payments"]}]})
    api("POST", "/touches", {"contact_id": dup["id"], "kind": "met", "at": "2026-01-10T12:00:00+00:00", "note": "meetup"})

    page = desk(ext, "contacts")
    expect(page.locator("table.contacts tbody tr")).to_have_count(3)
    expect(page.locator("table.contacts a", has_text="<img")).to_have_text("<img src=x onerror=alert(1)>")
    assert page.locator("table.contacts img").count() == 0
    page.locator("select[name=tag]").select_option("panel")
    expect(page.locator("table.contacts tbody tr")).to_have_count(1)
    page.locator("select[name=tag]").select_option("")
    page.locator("select[name=touched]").select_option("never")
    expect(page.locator("table.contacts tbody tr")).to_have_count(2)
    page.locator("select[name=touched]").select_option("")
    page.get_by_role("link", name="Ana Lima").click()

    person = page.locator("section.person")
    expect(person.locator("h2")).to_have_text("Ana Lima")
    expect(page.locator("ul.reminders .reminder-row[data-rule=thank_you]")).to_contain_text("Thank Ana Lima")
    person.get_by_role("button", name="Edit").click()
    person.locator("form.edit [name=title]").fill("Engineering Manager")
    person.locator("form.edit").get_by_role("button", name="Save").click()
    expect(page.locator("section.person .meta").first).to_contain_text("Engineering Manager")
    assert api("GET", f"/contacts/{ana['id']}")["edited"] == ["title"]

    merge = page.locator("section.person .merge input")
    merge.fill("Ana L")
    expect(page.locator("#merge-found option")).to_have_count(1)
    merge.fill(f"Ana L. ({dup['id']})")
    page.get_by_role("button", name="Merge into this contact").click()
    expect(page.locator(".confirm")).to_contain_text("Merge Ana L. into Ana Lima?")
    page.get_by_role("button", name="Merge", exact=True).click()
    expect(page.locator("ul.touches li[data-kind=met]")).to_contain_text("meetup")
    merged = api("GET", f"/contacts/{ana['id']}")
    assert merged["email"] == "ana@acme.example" and merged["profile_url"] == "https://www.linkedin.com/in/ana-lima/"
    assert merged["title"] == "Engineering Manager"
    assert sorted(c["name"] for c in api("GET", "/contacts")["contacts"]) == ["<img src=x onerror=alert(1)>", "Ana Lima"]
    shot(page, "desk-contact", full_page=True)

    page.goto(page.url.split("#")[0] + f"#contact/{hostile['id']}")
    page.get_by_role("button", name="Delete contact").click()
    expect(page.locator(".confirm")).to_contain_text("This cannot be undone.")
    page.get_by_role("button", name="Cancel").click()
    assert len(api("GET", "/contacts")["contacts"]) == 2
    page.get_by_role("button", name="Delete contact").click()
    page.locator(".confirm").get_by_role("button", name=re.compile("^Delete ")).click()
    expect(page).to_have_url(re.compile(r"#contacts$"))
    expect(page.locator("table.contacts tbody tr")).to_have_count(1)


def test_profile_and_every_rule_number(ext, server, api, shot):
    page = desk(ext, "profile")
    form = page.locator("form.editor")
    expect(form.locator("fieldset.rule")).to_have_count(8)
    form.locator("[name=name]").fill("Sam Doe")
    form.locator("[name=value_proposition]").fill("I make data pipelines boring.")
    form.locator("[name=strengths]").fill("Kafka\nPostgres")
    form.get_by_role("button", name="Add an accomplishment").click()
    form.locator("[name=accomplishment]").fill("Cut pipeline costs by 40%")
    form.locator("[name=accomplishment_date]").fill("2026-02-01")
    form.locator("[name=linkedin_tier]").select_option("premium")
    form.locator("[name=timezone]").select_option("Europe/Lisbon")
    form.locator("input[name=working_days][value=fri]").uncheck()
    form.locator("[name='thank_you.overdue_after_hours']").fill("-1")
    form.get_by_role("button", name="Save").click()
    expect(form.locator(".form-status .error")).to_contain_text("rules.thank_you.overdue_after_hours")
    form.locator("[name='thank_you.overdue_after_hours']").fill("12")
    form.locator("[name='keep_in_touch.every_days']").fill("60")
    form.locator("[name='follow_company.enabled']").uncheck()
    form.get_by_role("button", name="Save").click()
    expect(form.locator(".form-status")).to_contain_text("Saved.")
    profile = api("GET", "/profile")
    assert profile["rules"] == {"thank_you": {"overdue_after_hours": 12}, "follow_company": {"enabled": False},
                                "keep_in_touch": {"every_days": 60}}
    assert profile["working_days"] == ["mon", "tue", "wed", "thu"] and profile["timezone"] == "Europe/Lisbon"
    assert profile["accomplishments"] == [{"text": "Cut pipeline costs by 40%", "date": "2026-02-01"}]
    assert profile["linkedin_tier"] == "premium" and profile["strengths"] == ["Kafka", "Postgres"]
    page.reload()
    expect(page.locator("[name='thank_you.overdue_after_hours']")).to_have_value("12")
    shot(page, "desk-profile", full_page=True)
