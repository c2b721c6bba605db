"""The personalisation context of one draft: what the product knows, as plain values a template can use.

Every value is a string, a boolean, a number or a list of strings, never None, so a template can't print
"None"; facts that would make the draft better but are unknown are listed in `missing`.
"""

from __future__ import annotations

import zlib
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .kinds import BY_NAME, REASONS
from .names import address_name
from .text import clean, clip, count_chars, strip_end

# Longest value a template receives, in words, so the longest phrasing still fits its kind's limit.
WORDS = {"topic": 12, "value_proposition": 28, "concern": 12, "clarification": 28, "accomplishment": 24,
         "strength": 6, "detail": 24, "title": 8}
# ... and in characters for what a 200-character LinkedIn note must always hold.
CHARS = {"name": 40, "role": 60, "company": 50, "topic": 90, "title": 60}
NOTE_CHARS = {**CHARS, "role": 40, "company": 35, "topic": 60, "title": 40}  # what a 200-character note can hold
SUBJECT = {"role": 32, "company": 30}
ROLE_NOUNS = {"role", "position", "job", "opening", "opportunity", "vacancy"}
SIGNATURE_LINES, SIGNATURE_WORDS = 4, 20
LOWER_FIRST = {"the", "a", "an", "how", "what", "why", "your", "our", "my", "their", "its", "when", "where"}
USES = {
    "thank_you": ("name", "topic", "role", "company", "value_proposition", "concern", "signature", "email"),
    "linkedin_note": ("name", "role", "company", "topic"),
    "status_check": ("name", "role", "company", "timeframe", "accomplishment", "signature", "email"),
    "rejection_reply": ("name", "role", "company", "topic", "signature", "email"),
    "offer_thanks": ("name", "role", "company", "topic", "signature", "email"),
    "keep_in_touch": ("name", "detail", "signature", "email"),
    "after_connect": ("name", "topic"),
}
NOTE_GROUP = {"clarification": "concern", "strength": "value_proposition", "title": "topic"}
DETAIL_MISSING = {
    "congratulation": "what you are congratulating {who} on (?detail=)",
    "article": "the article you want to share: its title or link (?detail=)",
    "update": "a recent accomplishment or piece of news to share (profile or ?detail=)",
    "future_opportunities": "",
}


def stable_number(*parts: str) -> int:
    """A number that is the same for the same inputs on every run (Python's hash() is salted)."""
    return zlib.crc32("\x1f".join(parts).encode("utf-8"))


def _zone(profile: dict) -> ZoneInfo | timezone:
    try:
        return ZoneInfo(str(profile.get("timezone") or "UTC"))
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.utc


def _moment(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else None
    try:
        dt = datetime.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None
    return dt if dt.tzinfo else None


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def say_date(day: date, today: date) -> str:
    text = f"{day:%B} {day.day}"
    return text if day.year == today.year else f"{text}, {day.year}"


def say_when(day: date, today: date) -> str:
    """"today", "yesterday", "on Tuesday" within the week, else "on March 3"."""
    delta = (today - day).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "yesterday"
    if 1 < delta < 7:
        return f"on {day:%A}"
    return f"on {say_date(day, today)}"


def say_since(day: date, today: date) -> str:
    if (day.year, day.month) == (today.year, today.month):
        return "earlier this month"
    return f"in {day:%B}" if day.year == today.year or (today - day).days < 300 else f"in {day:%B} {day.year}"


def say_days(n: int) -> str:
    words = {1: "a day", 7: "a week", 14: "two weeks", 21: "three weeks", 28: "four weeks"}
    return f"within {words.get(n, f'{n} days')}"


def phrase(value: object, field: str, notes: list[tuple[str, str]], label: str, chars: dict = CHARS) -> str:
    """A user-entered phrase, cleaned and clipped to the template's budget (and noted when clipped)."""
    text = strip_end(clean(value)).lstrip(",.;:!?").lstrip()  # it goes mid-sentence: no leading punctuation
    if not any(ch.isalnum() for ch in text):
        return ""  # punctuation alone says nothing
    text, cut_w = clip(text, words=WORDS.get(field))
    text, cut_c = clip(text, chars=chars.get(field))
    if cut_w or cut_c:
        notes.append((field, f"a shorter {label} (yours was trimmed to fit)"))
        text = strip_end(text)  # the cut may have ended on "e.g."
    return text


def topic_phrase(value: object, notes: list[tuple[str, str]], chars: dict = CHARS) -> str:
    text = phrase(value, "topic", notes, "topic", chars)
    first, _, rest = text.partition(" ")
    if first.lower() in LOWER_FIRST and first[:1].isupper() and (not rest or not rest[:1].isupper() or first == "The"):
        text = first.lower() + (" " + rest if rest else "")  # "our talk about the roadmap", not "about The roadmap"
    return text


def signature(profile: dict) -> str:
    raw = str(profile.get("signature") or "") or str(profile.get("name") or "")
    # a line can't open with punctuation: it would read as a glitch under the sign-off
    lines = [clean(line).lstrip(",.;:!?").strip() for line in raw.replace("\r\n", "\n").split("\n")]
    lines = [line for line in lines if any(ch.isalnum() for ch in line)][:SIGNATURE_LINES]
    kept, words = [], 0
    for line in lines:
        line, _ = clip(line, words=SIGNATURE_WORDS - words)
        if not line:
            break
        kept.append(line)
        words += len(line.split())
    return "\n".join(kept)


def title_of(contact: dict, notes: list[tuple[str, str]], chars: dict = CHARS) -> str:
    """The contact's job title, or the first part of their headline when it reads like one."""
    title = phrase(contact.get("title"), "title", notes, "title", chars)
    if title:
        return title
    head = clean(contact.get("headline"))
    for sep in ("|", "\u2022", "\u00b7", " @ ", " at ", " - ", ","):
        head = head.split(sep)[0]
    head = strip_end(head.strip())
    return head if 0 < len(head.split()) <= 5 and len(head) <= chars["title"] else ""


def choose_topics(interview: dict, cid: str, seat: int, seats: list, notes: list, budget: dict) -> tuple[list[str], bool, bool]:
    """(topics, discussed with this person?, is a topic for this person missing?)."""
    mine = next((i for i in interview.get("interviewers") or [] if i.get("contact_id") == cid), {})
    personal = [t for t in (topic_phrase(t, notes, budget) for t in mine.get("topics") or []) if t]
    shared = [t for t in (topic_phrase(t, notes, budget) for t in interview.get("topics") or []) if t]
    if personal:
        return personal[:2], True, False
    if shared and len(seats) <= 1:
        return shared[:2], False, False
    if shared:
        return [shared[seat % len(shared)]], False, True  # panelists compare notes: each gets another shared topic
    return [], False, True


def role_phrases(role: str, company: str) -> tuple[str, str]:
    """("the Staff Engineer role", "the Staff Engineer interview at Acme"), with graceful gaps."""
    if role and role.split()[-1].lower() in ROLE_NOUNS:
        the_role, the_interview = f"the {role}", f"the interview for the {role}"
    elif role:
        the_role, the_interview = f"the {role} role", f"the {role} interview"
    else:
        the_role, the_interview = "the role", "the interview" if company else "our interview"
    return the_role, the_interview + (f" at {company}" if company else "")


def timeframe_of(interview: dict, end_day: date | None, today: date) -> tuple[str, bool]:
    """("by March 14" or "within two weeks", has that moment passed?)."""
    decision_by = _day(interview.get("decision_by")) if interview.get("decision_by") else None
    days = interview.get("decision_in_days")
    if decision_by:
        return f"by {say_date(decision_by, today)}", decision_by < today
    if isinstance(days, int) and not isinstance(days, bool) and days > 0:
        return say_days(days), bool(end_day and (today - end_day).days > days)
    return "", False


def last_contact_day(touches: list | tuple, cid: str, end_day: date | None, zone: ZoneInfo | timezone) -> date | None:
    """The day of the last interaction with this person: their latest touch or the interview."""
    days = [m.astimezone(zone).date() for t in touches if t.get("contact_id") == cid and (m := _moment(t.get("at")))]
    return max([*days, *([end_day] if end_day else [])], default=None)


def build_context(kind: str, *, profile: dict, contact: dict, interview: dict | None = None,
                  touches: list[dict] | tuple = (), now: datetime, reason: str | None = None,
                  detail: str | None = None, variant: int = 0) -> dict:
    """Everything a template of `kind` may use about this person, interview and user, plus `missing`."""
    zone = _zone(profile)
    today = now.astimezone(zone).date()
    interview = interview or {}
    notes: list[tuple[str, str]] = []  # (field, "a shorter ...") for values trimmed to fit
    budget = NOTE_CHARS if kind == "linkedin_note" and profile.get("linkedin_tier") != "premium" else CHARS
    name = address_name(clean(contact.get("name")))
    if count_chars(name) > budget["name"]:
        name = ""  # a name can't be shortened; greet without it rather than mangle it
    who = name or clean(contact.get("name")) or "this interviewer"
    role = phrase(interview.get("role"), "role", notes, "role name", budget)
    company = phrase(interview.get("company") or contact.get("company"), "company", notes, "company name", budget)
    the_role, the_interview = role_phrases(role, company)
    short_role, short_company = clip(role, chars=SUBJECT["role"])[0], clip(company, chars=SUBJECT["company"])[0]
    short_the_role, short_interview = role_phrases(short_role, short_company)

    cid = contact.get("id") or ""
    seats = list(dict.fromkeys(i.get("contact_id") for i in interview.get("interviewers") or []))
    seat = seats.index(cid) if cid in seats else len(seats)
    topics, personal, missing_topic = choose_topics(interview, cid, seat, seats, notes, budget)

    started = _moment(interview.get("starts_at"))
    ended = _moment(interview.get("ends_at")) or started
    met_day = started.astimezone(zone).date() if started else None
    end_day = ended.astimezone(zone).date() if ended else None
    last_day = last_contact_day(touches, cid, end_day, zone)
    timeframe, timeframe_passed = timeframe_of(interview, end_day, today)

    concerns = interview.get("concerns") or []
    concern = next((c for c in concerns if clean(c.get("clarification"))), None)
    unanswered = next((c for c in concerns if not clean(c.get("clarification"))), None)
    wins = sorted(((d, a) for a in profile.get("accomplishments") or []
                   if (d := _day(a.get("date"))) and clean(a.get("text"))), key=lambda pair: pair[0])
    after = [a for d, a in wins if end_day is None or d > end_day]
    accomplishment = phrase(after[-1]["text"], "accomplishment", notes, "accomplishment") if after else ""
    strengths = [s for s in (phrase(s, "strength", notes, "strength") for s in profile.get("strengths") or []) if s]
    value_proposition = phrase(profile.get("value_proposition"), "value_proposition", notes, "value proposition")
    reason = reason if reason in REASONS else REASONS[0]
    detail_text = phrase(detail, "detail", notes, "detail")
    if reason == "update" and not detail_text and wins:
        detail_text = phrase(wins[-1][1]["text"], "accomplishment", notes, "accomplishment")
    concern_text = phrase(concern["concern"], "concern", notes, "concern") if concern else ""
    clarification = phrase(concern["clarification"], "clarification", notes, "clarification") if concern else ""
    title = title_of(contact, notes, budget)
    sig = signature(profile)
    email = clean(contact.get("email"))

    known = {
        "name": bool(name), "topic": not missing_topic, "role": bool(role), "company": bool(company),
        "value_proposition": bool(value_proposition), "signature": bool(sig),
        "email": bool(email), "timeframe": bool(timeframe), "accomplishment": bool(accomplishment),
        "concern": unanswered is None or concern is not None,
        "detail": bool(detail_text) or not DETAIL_MISSING[reason],
    }
    wording = {
        "name": f"a name to greet {clean(contact.get('name')) or 'them'} by",
        "topic": f"a topic you discussed with {who}",
        "role": "the role you interviewed for",
        "company": "the company's name",
        "value_proposition": "your one-line value proposition (profile)",
        "signature": "your name or signature (profile)",
        "email": f"{who}'s email address, to open the draft in your mail app",
        "timeframe": "the timeframe they gave for a decision",
        "accomplishment": "an accomplishment dated after the interview (profile), to show momentum",
        "concern": "how you would now answer the concern “{}”".format(clean((unanswered or {}).get("concern"))),
        "detail": DETAIL_MISSING[reason].format(who=who),
    }
    missing = [wording[fact] for fact in USES[kind] if not known[fact]]
    missing += [text for field, text in dict.fromkeys(notes) if NOTE_GROUP.get(field, field) in USES[kind]]

    return {
        "kind": kind,
        "channel": BY_NAME[kind].channel,
        "linkedin_tier": "premium" if profile.get("linkedin_tier") == "premium" else "free",
        "seat": seat,
        "variant": int(variant),
        "key": stable_number(str(interview.get("id") or cid), kind),  # same for a whole panel: seats differ
        "reason": reason,
        "name": name,
        "full_name": clean(contact.get("name")),
        "title": title,
        "email": email,
        "role": role,
        "company": company,
        "position": the_role + (f" at {company}" if company else ""),
        "the_role": the_role,
        "the_interview": the_interview,
        "short_role": short_the_role,  # the short_* forms keep a subject line to what an inbox shows
        "short_position": short_the_role + (f" at {short_company}" if short_company else ""),
        "short_interview": short_interview,
        "has_interview": bool(interview),
        "outcome": str(interview.get("outcome") or "pending"),
        "org": company or "your team",
        "team": f"the {company} team" if company else "your team",
        "topics": topics,
        "topic": topics[0] if topics else "",
        "topic_is_personal": personal,
        "met_when": say_when(met_day, today) if met_day else "",
        "met_on": f"on {say_date(met_day, today)}" if met_day else "",
        "since": say_since(last_day, today) if last_day else "",
        "timeframe": timeframe,
        "timeframe_passed": timeframe_passed,
        "value_proposition": value_proposition,
        "strengths": strengths,
        "strength": strengths[seat % len(strengths)] if strengths else "",
        "concern": concern_text,
        "clarification": clarification,
        "accomplishment": accomplishment,
        "detail": detail_text,
        "detail_is_link": detail_text.startswith(("http://", "https://")),
        "signature": sig,
        "my_name": clean(profile.get("name")),
        "missing": missing,
    }
