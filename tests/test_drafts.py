"""The drafts core: what each kind says, for whom, within which limit, and what it reports as missing."""

import re
from datetime import datetime, timezone

import pytest

from server.drafts import KINDS, REASONS, DraftError, build_context, compose, kinds_for, render, render_template
from server.drafts import templating
from server.drafts.kinds import BY_NAME
from server.drafts.quality import problems
from server.drafts.shorten import fit
from server.drafts.text import clip, count_chars, count_words, tidy

NOW = datetime(2026, 3, 6, 9, 0, tzinfo=timezone.utc)  # the morning after the interview
PROFILE = {
    "name": "Maya Patel",
    "signature": "Maya Patel\nmaya@example.com",
    "value_proposition": "I build reliable payment systems that scale without drama",
    "strengths": ["distributed systems", "mentoring"],
    "accomplishments": [
        {"text": "Spoke at PyCon about idempotent payment APIs", "date": "2026-01-20"},
        {"text": "Published a case study on idempotent payment APIs", "date": "2026-03-10"},
    ],
    "linkedin_tier": "free",
    "timezone": "Europe/Berlin",
}
SARAH = {"id": "c1", "name": "Dr. Sarah Chen", "email": "sarah@acme.example", "title": "Head of Payments"}
BEN = {"id": "c2", "name": 'Benjamin "Ben" Ortiz', "title": "Engineering Manager"}
WANG = {"id": "c3", "name": "王小明", "headline": "Principal Engineer at Acme Pay | Payments"}
PANEL = {
    "id": "iv1", "company": "Acme Pay", "role": "Staff Engineer",
    "starts_at": "2026-03-05T10:00:00+01:00", "ends_at": "2026-03-05T12:00:00+01:00",
    "interviewers": [
        {"contact_id": "c1", "topics": ["the ledger migration to event sourcing"]},
        {"contact_id": "c2", "topics": ["on-call culture", "how the platform team runs incident reviews"]},
        {"contact_id": "c3", "topics": ["multi-currency settlement"]},
    ],
    "topics": ["Kafka at scale"],
    "concerns": [{"concern": "my limited Go experience",
                  "clarification": "I have since rewritten a small service of mine in Go and shipped it"}],
    "decision_by": "2026-03-14", "decision_in_days": None, "outcome": "pending",
}


def draft(kind, contact=SARAH, interview=PANEL, profile=PROFILE, touches=(), now=NOW, **options):
    ctx = build_context(kind, profile=profile, contact=contact, interview=interview, touches=list(touches),
                        now=now, **options)
    return render(kind, ctx)


def sentences(text):
    return {s.strip().lower() for s in re.split(r"(?<=[.!?:])\s+|\n+", text) if len(s.split()) >= 3}


# -- thank-you ---------------------------------------------------------------------------------------------
def test_thank_you_is_personal_and_complete():
    d = draft("thank_you")
    assert d.subject
    assert d.body.startswith("Dr. Chen,") or "Dr. Chen," in d.body.split("\n")[0]
    assert "the Staff Engineer role at Acme Pay" in d.body
    assert "the ledger migration to event sourcing" in d.body
    assert "I build reliable payment systems that scale without drama" in d.body
    assert "rewritten a small service of mine in Go" in d.body  # the concern's clarification
    assert d.body.endswith("Maya Patel\nmaya@example.com")
    assert d.words <= 150 and (d.limit, d.limit_unit) == (150, "words")
    assert d.missing == []


def test_a_three_person_panel_gets_three_different_notes_each_with_its_own_topics():
    notes = {c["id"]: draft("thank_you", contact=c) for c in (SARAH, BEN, WANG)}
    assert len({n.template for n in notes.values()}) == 3
    assert len({n.body.split("\n\n")[1].split(".")[0] for n in notes.values()}) == 3  # openings differ
    assert len({n.subject for n in notes.values()}) == 3
    assert "ledger migration" in notes["c1"].body and "on-call culture" in notes["c2"].body
    assert "multi-currency settlement" in notes["c3"].body
    assert "on-call culture" not in notes["c1"].body + notes["c3"].body
    assert "ledger migration" not in notes["c2"].body + notes["c3"].body
    for a, b in [("c1", "c2"), ("c1", "c3"), ("c2", "c3")]:
        shared = sentences(notes[a].body) & sentences(notes[b].body)
        assert len(shared) < len(sentences(notes[a].body)) / 2, shared


def test_panel_without_personal_topics_spreads_shared_ones_and_reports_the_gap():
    panel = {**PANEL, "interviewers": [{"contact_id": c, "topics": []} for c in ("c1", "c2", "c3")],
             "topics": ["Kafka at scale", "the billing roadmap"]}
    notes = [draft("thank_you", contact=c, interview=panel) for c in (SARAH, BEN, WANG)]
    assert "Kafka at scale" in notes[0].body and "the billing roadmap" in notes[1].body
    assert "a topic you discussed with Dr. Chen" in notes[0].missing
    assert "a topic you discussed with Ben" in notes[1].missing


def test_a_missing_topic_is_reported_not_left_as_a_gap():
    bare = {**PANEL, "interviewers": [{"contact_id": "c2", "topics": []}], "topics": [], "concerns": []}
    d = draft("thank_you", contact=BEN, interview=bare)
    assert "a topic you discussed with Ben" in d.missing
    assert not re.search(r"about\s*[.,]|\binto\s*[.;]", d.body)
    assert not problems(d.subject, d.body, d.words, d.limit, "words", "email")


def test_missing_profile_facts_are_named():
    d = draft("thank_you", profile={"timezone": "UTC"}, contact={**BEN, "email": None})
    assert "your one-line value proposition (profile)" in d.missing
    assert "your name or signature (profile)" in d.missing
    assert "Ben's email address, to open the draft in your mail app" in d.missing


def test_an_unanswered_concern_is_suggested():
    iv = {**PANEL, "concerns": [{"concern": "relocation to Lisbon", "clarification": None}]}
    d = draft("thank_you", interview=iv)
    assert "how you would now answer the concern “relocation to Lisbon”" in d.missing
    assert "relocation" not in d.body


# -- LinkedIn note -----------------------------------------------------------------------------------------
def test_linkedin_note_says_how_you_met_without_a_pitch():
    d = draft("linkedin_note", contact=BEN)
    assert (d.limit, d.limit_unit) == (200, "chars") and d.chars <= 200
    assert "Staff Engineer" in d.body and "Acme Pay" in d.body and "Ben" in d.body
    assert "payment systems" not in d.body  # no value proposition
    assert d.subject == ""


def test_premium_accounts_get_300_characters():
    d = draft("linkedin_note", profile={**PROFILE, "linkedin_tier": "premium"})
    assert d.limit == 300


def test_a_long_note_drops_its_least_important_clause_never_a_word():
    long = {**PANEL, "role": "Senior Staff Software Engineer", "company": "Acme Payments International",
            "interviewers": [{"contact_id": "c2", "topics": ["how the platform team runs blameless incident "
                                                                "reviews across twelve time zones"]}]}
    for variant in range(4):
        d = draft("linkedin_note", contact=BEN, interview=long, variant=variant)
        assert d.chars <= 200
        assert "Senior Staff Software Engineer" in d.body and "Acme Payments International" in d.body
        assert d.body.rstrip().endswith((".", "!"))
        premium = draft("linkedin_note", contact=BEN, interview=long, variant=variant,
                        profile={**PROFILE, "linkedin_tier": "premium"})
        assert "twelve time zones" in premium.body  # room for the human detail at 300


def test_chars_count_like_linkedin_does():
    assert count_chars("café") == 4
    assert count_chars("🚀") == 2  # one emoji is two UTF-16 units in a browser's text box


# -- other kinds -------------------------------------------------------------------------------------------
def test_status_check_refers_to_the_timeframe_and_news_since_the_interview():
    d = draft("status_check", now=datetime(2026, 3, 17, 9, tzinfo=timezone.utc))
    assert "March 14" in d.body
    assert "Published a case study" in d.body  # dated after the interview
    assert "PyCon" not in d.body  # dated before it
    assert d.words <= 120


def test_status_check_with_days_and_without_news_says_what_would_help():
    iv = {**PANEL, "decision_by": None, "decision_in_days": 14}
    d = draft("status_check", interview=iv, profile={**PROFILE, "accomplishments": []})
    assert "within two weeks" in d.body or "two weeks" in d.body
    assert "an accomplishment dated after the interview (profile), to show momentum" in d.missing
    no_time = draft("status_check", interview={**PANEL, "decision_by": None})
    assert "the timeframe they gave for a decision" in no_time.missing


def test_rejection_reply_thanks_asks_for_feedback_and_leaves_the_door_open():
    for variant in range(3):
        d = draft("rejection_reply", interview={**PANEL, "outcome": "rejected"}, variant=variant)
        assert re.search(r"thank|grateful|appreciate", d.body, re.I)
        assert "feedback" in d.body.lower()
        assert re.search(r"future|stay in touch|paths cross", d.body)
        assert d.words <= 120


def test_offer_thanks_knows_whether_the_offer_was_accepted():
    offered = draft("offer_thanks", interview={**PANEL, "outcome": "offer"})
    accepted = draft("offer_thanks", interview={**PANEL, "outcome": "accepted"})
    assert "offer" in offered.body
    assert re.search(r"join|accepted", accepted.body)
    assert offered.body != accepted.body


@pytest.mark.parametrize("reason", REASONS)
def test_keep_in_touch_for_each_reason(reason):
    later = datetime(2026, 5, 20, 9, tzinfo=timezone.utc)
    detail = {"congratulation": "your promotion to VP of Engineering", "article": "https://example.com/ledgers",
              "update": "I shipped a open-source ledger library", "future_opportunities": None}[reason]
    d = draft("keep_in_touch", interview={**PANEL, "outcome": "rejected"}, now=later, reason=reason, detail=detail)
    assert d.words <= 100 and d.template.startswith(f"keep_in_touch/{reason}-")
    assert "in March" in d.body  # the last interaction
    if detail:
        assert detail in d.body
    assert re.search(r"future|opportunit|touch|work together|hear from you|help", d.body)


def test_keep_in_touch_without_the_detail_asks_for_it():
    d = draft("keep_in_touch", reason="article", interview=None)
    assert "the article you want to share: its title or link (?detail=)" in d.missing


def test_after_connect_is_a_short_message():
    d = draft("after_connect", contact=BEN)
    assert "connect" in d.body.lower() and d.words <= 100 and d.subject == ""


# -- every kind, every phrasing ----------------------------------------------------------------------------
def test_every_kind_has_several_phrasings():
    for kind in KINDS:
        reasons = REASONS if kind.name == "keep_in_touch" else (REASONS[0],)
        for reason in reasons:
            assert len(templating.names(kind.name, reason)) >= 2, (kind.name, reason)


@pytest.mark.parametrize("kind", [k.name for k in KINDS])
def test_every_phrasing_passes_the_quality_check(kind):
    for reason in (REASONS if kind == "keep_in_touch" else (None,)):
        for contact in (SARAH, BEN, WANG):
            ctx = build_context(kind, profile=PROFILE, contact=contact, interview=PANEL, now=NOW, reason=reason)
            for name in templating.names(kind, ctx["reason"]):
                d = render_template(name, ctx)
                assert d.problems == [], (name, d.body)


def test_banned_filler_and_placeholders_fail_the_check():
    ok = "Hi Ana,\n\nThank you for today.\n\nBest,\nMaya"
    assert problems("Thanks", ok, 9, 150, "words", "email") == []
    assert problems("Thanks", ok.replace("Thank you for today", "Just checking in"), 9, 150, "words", "email")
    assert problems("Thanks", ok.replace("Ana", "{{ name }}"), 9, 150, "words", "email")
    assert problems("Thanks", ok.replace("Ana", "[First Name]"), 9, 150, "words", "email")
    assert problems("Thanks", ok.replace("\n\n", "\n\n\n\n"), 9, 150, "words", "email")
    assert problems("Thanks", ok.replace("Hi Ana,", "Hi ,"), 9, 150, "words", "email")
    assert problems("Thanks", ok, 151, 150, "words", "email") == ["151 words, over the limit of 150"]
    assert problems("", ok, 9, 150, "words", "email") == ["the subject is empty"]


# -- shortening and text helpers ---------------------------------------------------------------------------
def test_fit_drops_the_highest_ranked_clause_first_then_cuts_at_a_word():
    text = "Hi Ana. \x011\x02Keep me. \x03\x013\x02Drop me first. \x03End."
    out, dropped = fit(text, count_words, 6, tidy)
    assert out == "Hi Ana. Keep me. End." and dropped == 1
    out, _ = fit("one two three four five", count_chars, 12, tidy)
    assert out == "one two…" and count_chars(out) <= 12


def test_clip_never_cuts_mid_word_and_prefers_a_clause_break():
    text, cut = clip("the migration of the billing ledger, and how on-call works for the team", words=8)
    assert cut and text == "the migration of the billing ledger"
    assert clip("short topic", words=8) == ("short topic", False)


# -- kinds that fit the moment -----------------------------------------------------------------------------
def test_kinds_follow_the_interview_outcome_and_what_was_sent():
    names = lambda iv, touches=(): [k.name for k in kinds_for(iv, list(touches), "c1")]  # noqa: E731
    assert names(PANEL) == ["thank_you", "linkedin_note", "status_check"]
    assert names(PANEL, [{"contact_id": "c1", "interview_id": "iv1", "kind": "thank_you"}]) == ["linkedin_note", "status_check"]
    assert names({**PANEL, "outcome": "rejected"}) == ["linkedin_note", "rejection_reply", "keep_in_touch"]
    connected = [{"contact_id": "c1", "kind": "connected", "interview_id": None}]
    assert names({**PANEL, "outcome": "offer"}, connected) == ["offer_thanks", "keep_in_touch", "after_connect"]
    assert names(None) == ["keep_in_touch"]


# -- the user's own templates ------------------------------------------------------------------------------
def test_a_user_template_replaces_the_built_in_one(tmp_path):
    folder = tmp_path / "templates" / "linkedin_note"
    folder.mkdir(parents=True)
    for name in templating.names("linkedin_note", "future_opportunities"):
        (tmp_path / "templates" / name).write_text("{% block body %}Hey {{ name }}, great chatting about {{ topic }}!{% endblock %}")
    user_dir = templating.user_templates(tmp_path)
    ctx = build_context("linkedin_note", profile=PROFILE, contact=BEN, interview=PANEL, now=NOW)
    assert render("linkedin_note", ctx, user_dir).body == "Hey Ben, great chatting about on-call culture!"


def test_a_broken_user_template_falls_back_to_another_phrasing(tmp_path):
    folder = tmp_path / "templates" / "thank_you"
    folder.mkdir(parents=True)
    for name in templating.names("thank_you", "future_opportunities"):
        (tmp_path / "templates" / name).write_text("{% block subject %}Hi{% endblock %}{% block body %}Hi {{ nickname }}{% endblock %}")
    (folder / "9-mine.j2").write_text("{% block subject %}Thanks!{% endblock %}{% block body %}Hi {{ name }},\n\nThank you.\n\n{{ sign('Cheers') }}{% endblock %}")
    ctx = build_context("thank_you", profile=PROFILE, contact=BEN, interview=PANEL, now=NOW)
    d = render("thank_you", ctx, templating.user_templates(tmp_path))
    assert d.template == "thank_you/9-mine.j2" and d.body.startswith("Hi Ben,")
    (folder / "9-mine.j2").write_text("{% block subject %}x{% endblock %}{% block body %}Just checking in, {{ name }}.{% endblock %}")
    with pytest.raises(DraftError, match="filler phrase"):
        render("thank_you", ctx, templating.user_templates(tmp_path))


def test_a_user_template_cannot_reach_into_the_server(tmp_path):
    folder = tmp_path / "templates" / "after_connect"
    folder.mkdir(parents=True)
    (folder / "1-thanks.j2").write_text("{% block body %}{{ name.__class__.__mro__[1].__subclasses__() }}{% endblock %}")
    ctx = build_context("after_connect", profile=PROFILE, contact=BEN, interview=PANEL, now=NOW, variant=0)
    d = render("after_connect", ctx, templating.user_templates(tmp_path))  # the sandbox refuses; another phrasing
    assert d.template != "after_connect/1-thanks.j2" and "class" not in d.body


# -- open in mail ------------------------------------------------------------------------------------------
def test_mail_links_carry_the_encoded_draft_when_there_is_an_email():
    d = compose(["thank_you"], profile=PROFILE, contact=SARAH, interview=PANEL, touches=[], now=NOW)[0].to_json()
    assert d["mailto"].startswith("mailto:sarah@acme.example?subject=")
    assert "%0D%0A%0D%0A" in d["mailto"] and " " not in d["mailto"] and "+" not in d["mailto"]
    assert d["gmail"].startswith("https://mail.google.com/mail/?view=cm&fs=1&to=sarah%40acme.example&su=")
    for sneaky in (None, "", "a@b.example?cc=boss@acme.example", "a@b.example,c@d.example"):
        d = compose(["thank_you"], profile=PROFILE, contact={**SARAH, "email": sneaky}, interview=PANEL,
                    touches=[], now=NOW)[0].to_json()
        assert d["mailto"] is None and d["gmail"] is None


def test_linkedin_kinds_have_no_subject_and_no_mail_link():
    d = compose(["linkedin_note"], profile=PROFILE, contact=SARAH, interview=PANEL, touches=[], now=NOW)[0].to_json()
    assert d["subject"] is None and d["mailto"] is None and BY_NAME["linkedin_note"].channel == "linkedin"
