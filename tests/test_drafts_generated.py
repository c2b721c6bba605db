"""Generated contexts: every phrasing of every kind stays filled in, tidy, free of filler and within its limit."""

import re
from datetime import date, datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.drafts import KINDS, REASONS, build_context, render, render_template, templating
from server.drafts.kinds import BANNED, BY_NAME
from server.drafts.quality import DANGLING, PLACEHOLDER
from server.drafts.text import clean, tidy

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
VOCABULARY = ["the", "billing", "ledger", "migration", "on-call", "Kafka", "roadmap", "team", "and", "of", "how",
              "we", "scale", "C++", "run()", "v1..v2", "SQL", "AI/ML", "(beta)", "50%", "café", "naïve", "O'Neil",
              "東京", "데이터", "🚀", "—", "e.g.", "etc.", "Q3", "#1", "{braces}", "{{", "}}", "{%", "a,b", "…"]


def innocent(text: str) -> bool:
    """Text the user could type that is not itself a placeholder, filler or stray punctuation like ",." (those
    would fail the check the same way, and are the user's to fix)."""
    text = tidy(clean(text))  # control characters and template braces are tidied away before any template sees them
    return not (PLACEHOLDER.search(text) or DANGLING.search(text) or any(b.lower() in text.lower() for b in BANNED))


word = st.one_of(st.sampled_from(VOCABULARY), st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=10))
text = st.lists(word, max_size=35).map(" ".join).filter(innocent)
short = st.lists(word, max_size=6).map(" ".join).filter(innocent)
names = st.one_of(
    st.sampled_from(["Ana Lima", "Dr. Sarah Chen", 'Robert "Bob" Smith', "王小明", "Prince", "Smith, John",
                     "Ana Lima (she/her) 🚀", "JOHN SMITH", "Mr. Tanaka", "Dr.", "María José Carreño Quiñones"]),
    short,
)
moments = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1),
                       timezones=st.sampled_from([timezone.utc, timezone(timedelta(hours=-8)), timezone(timedelta(hours=9))]))
profiles = st.fixed_dictionaries({
    "name": short, "signature": st.lists(short, max_size=6).map("\n".join),
    "value_proposition": text, "strengths": st.lists(short, max_size=5),
    "accomplishments": st.lists(st.fixed_dictionaries({"text": text, "date": st.dates().map(date.isoformat)}), max_size=4),
    "linkedin_tier": st.sampled_from(["free", "premium"]),
    "timezone": st.sampled_from(["UTC", "Europe/Berlin", "America/Los_Angeles", "Asia/Tokyo", "Not/AZone"]),
})
contacts = st.fixed_dictionaries({
    "id": st.just("me"), "name": names, "title": st.one_of(st.none(), short), "headline": st.one_of(st.none(), text),
    "email": st.sampled_from([None, "", "ana@acme.example", "a+b@x.io", "bad@", "x@y.example?cc=z@w.example"]), "company": st.one_of(st.none(), short),
})


@st.composite
def interviews(draw):
    seat = draw(st.integers(0, 4))
    others = [{"contact_id": f"o{i}", "topics": draw(st.lists(text, max_size=3))} for i in range(draw(st.integers(0, 4)))]
    mine = {"contact_id": "me", "topics": draw(st.lists(text, max_size=3))}
    start = draw(moments)
    return {
        "id": "iv", "company": draw(short), "role": draw(st.one_of(st.none(), short)),
        "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=1)).isoformat(),
        "interviewers": others[:seat] + [mine] + others[seat:],
        "topics": draw(st.lists(text, max_size=3)),
        "concerns": draw(st.lists(st.fixed_dictionaries({"concern": text, "clarification": st.one_of(st.none(), text)}), max_size=2)),
        "decision_by": draw(st.one_of(st.none(), st.dates().map(date.isoformat))),
        "decision_in_days": draw(st.one_of(st.none(), st.integers(0, 365))),
        "outcome": draw(st.sampled_from(["pending", "offer", "rejected", "withdrawn", "accepted", "cancelled"])),
    }


touches = st.lists(st.fixed_dictionaries({
    "contact_id": st.just("me"), "interview_id": st.sampled_from([None, "iv"]),
    "kind": st.sampled_from(["thank_you", "connected", "message", "reply"]), "at": moments.map(datetime.isoformat),
}), max_size=3)


@st.composite
def cases(draw):
    kind = draw(st.sampled_from([k.name for k in KINDS]))
    interview = draw(interviews()) if BY_NAME[kind].needs_interview else draw(st.one_of(st.none(), interviews()))
    ctx = build_context(
        kind, profile=draw(profiles), contact=draw(contacts), interview=interview, touches=draw(touches),
        now=draw(moments), reason=draw(st.sampled_from(REASONS)), detail=draw(st.one_of(st.none(), text)),
        variant=draw(st.integers(0, 50)),
    )
    return ctx, draw(st.sampled_from(templating.names(kind, ctx["reason"])))


@SETTINGS
@given(cases())
def test_every_phrasing_passes_the_quality_check_on_generated_contexts(case):
    ctx, name = case
    d = render_template(name, ctx)
    assert d.problems == [], (name, d.subject, d.body)
    assert (d.chars if d.limit_unit == "chars" else d.words) <= d.limit
    assert all(isinstance(m, str) and m for m in d.missing)


@SETTINGS
@given(cases())
def test_render_always_returns_a_draft(case):
    ctx, _ = case
    d = render(ctx["kind"], ctx)
    assert d.body and d.problems == []


TOPICS = ["the ledger migration", "on-call culture", "multi-currency settlement", "the hiring plan",
          "API versioning", "the data platform", "incident reviews", "mobile releases", "pricing experiments"]


@SETTINGS
@given(st.integers(2, 5), st.permutations(TOPICS), profiles, st.integers(0, 20))
def test_every_panelist_gets_a_different_note_naming_their_own_topic(size, topics, profile, variant):
    panel = {"id": "iv", "company": "Acme", "role": "Staff Engineer", "starts_at": "2026-03-05T10:00:00+00:00",
             "interviewers": [{"contact_id": f"p{i}", "topics": [topics[i]]} for i in range(size)],
             "topics": [], "concerns": [], "outcome": "pending"}
    now = datetime(2026, 3, 5, 15, tzinfo=timezone.utc)
    notes = []
    for i in range(size):
        ctx = build_context("thank_you", profile=profile, contact={"id": f"p{i}", "name": f"Person{i} Lastname"},
                            interview=panel, now=now, variant=variant)
        notes.append(render("thank_you", ctx))
    for i, note in enumerate(notes):
        assert topics[i] in note.body
        assert not any(topics[j] in note.body for j in range(size) if j != i)
    if size <= len(templating.names("thank_you", "")):
        assert len({n.template for n in notes}) == size
        openings = {re.split(r"[.,]", n.body.split("\n\n")[1])[0] for n in notes}
        assert len(openings) == size
