"""The vocabulary rules.toml is written in: conditions (`when`), anchors (`anchor`) and touch scopes (`ends_scope`).

Each takes a Case (engine.py): one rule applied to one interview round and, for personal rules, one person.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Callable

FINAL = ("offer", "rejected", "withdrawn", "accepted")
HEARD_BACK = ("reply", "feedback")


# -- conditions: must all hold for the rule to apply ----------------------------------------------------
def _no_reply(case) -> bool:
    """Nobody on the interview has answered since it started (a reply stops status checks)."""
    return not any(kind in HEARD_BACK for _, kind, _ in case.interview_touches())


def _wants_touch(case) -> bool:
    """The person has not been stopped and is not in another process still pending."""
    idx, person = case.idx, case.contact
    if idx.contacts[person].get("keep_in_touch") is False or person in idx.stopped:
        return False
    return not any(r.outcome == "pending" for r in idx.rounds_of.get(person, ()))


CONDITIONS: dict[str, Callable] = {
    "pending": lambda case: case.round.outcome == "pending",
    "not_cancelled": lambda case: case.round.outcome != "cancelled",
    "rejected": lambda case: case.round.outcome == "rejected",
    "offered": lambda case: case.round.outcome in ("offer", "accepted"),
    "closed": lambda case: case.round.outcome in FINAL,
    "no_reply": _no_reply,
    "wants_touch": _wants_touch,
}
# Conditions that read every round of the person, not just the case's own: only rules with the contact scope
# may use them, as only those reminders are re-derived whenever any round of the person changes.
PERSON_WIDE = frozenset({"wants_touch"})


# -- anchors: when the rule comes due; (moment, n) where n numbers repeated checks, or None --------------
def _hours(case, key: str) -> timedelta:
    return timedelta(hours=case.rule.get(key, 0))


def _interview_end(case):
    return case.round.end + _hours(case, "after_hours"), 1


def _thank_you_or_end(case):
    """Connect once the thank-you has gone out, or a day after the interview if that comes first."""
    end = case.round.end
    sent = [at for at, kind, _ in case.pair_touches() if kind == "thank_you"]
    return max(end, min([end + _hours(case, "after_hours"), *sent])), 1  # never before the interview ended


def _outcome(case):
    return case.round.outcome_at + _hours(case, "after_hours"), 1


def _decision_date(case):
    """The n-th status check: first after the date they gave, each next one a while after the last was sent."""
    rule, clock, rnd = case.rule, case.idx.clock, case.round
    sent = sorted(at for at, kind, _ in case.interview_touches() if kind == "status_check")
    previous: datetime | None = None
    for n in range(1, rule["max_checks"] + 1):
        answer = case.idx.answers.get(case.rid(n))
        if n <= len(sent):
            previous = sent[n - 1]
        elif answer and answer.get("status") == "done":
            previous = case.idx.when(answer.get("at")) or rnd.end  # marked done without a touch to log
        elif n == 1:
            return clock.morning(_first_check_day(rule, clock, rnd)), 1
        else:
            return clock.morning(clock.roll(clock.day(previous) + timedelta(days=rule["repeat_after_days"]))), n
    return None


def _first_check_day(rule, clock, rnd):
    if rnd.decision_day is not None:
        return clock.add_business_days(rnd.decision_day, rule["business_days_after_decision"])
    return clock.roll(clock.day(rnd.end) + timedelta(days=rule["default_wait_days"]))


def _cadence(case):
    """Keep in touch: first a while after the outcome, then a while after the LAST touch with the person.

    Touches before the first date (the rejection reply, a feedback call) close the process and do not move
    it; a "done" answer counts as a touch even when it logged none.
    """
    rule, idx = case.rule, case.idx
    first = idx.clock.plus_days(case.round.outcome_at, rule["first_after_days"])
    touches = idx.touches(case.contact)  # oldest first
    last = touches[-1][0] if touches and touches[-1][0] >= first else None
    done = idx.kept.get(case.contact)
    if done is not None and (last is None or done > last):
        last = done
    return (first if last is None else idx.clock.plus_days(last, rule["every_days"])), 1


ANCHORS: dict[str, Callable] = {
    "interview_end": _interview_end,
    "thank_you_or_end": _thank_you_or_end,
    "outcome": _outcome,
    "decision_date": _decision_date,
    "cadence": _cadence,
}


# -- touch scopes: which touches can end the rule -----------------------------------------------------
SCOPES: dict[str, Callable] = {
    "pair": lambda case: case.pair_touches(),
    "contact": lambda case: case.idx.touches(case.contact),
    "interview": lambda case: case.interview_touches(),
    "interview_after_outcome": lambda case: [t for t in case.interview_touches() if t[0] >= case.round.outcome_at],
}
