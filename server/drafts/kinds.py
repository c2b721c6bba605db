"""The draft kinds, in the order they are offered, with their channel, limits and when each one fits."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

LIMITS = tomllib.loads((Path(__file__).with_name("limits.toml")).read_text(encoding="utf-8"))
OUTCOMES = ("pending", "offer", "rejected", "withdrawn", "accepted", "cancelled")
REASONS = ("future_opportunities", "congratulation", "article", "update")  # keep-in-touch; the first is the default


@dataclass(frozen=True)
class Kind:
    """One kind of draft: how it is sent and which interview outcomes it answers."""

    name: str
    channel: str  # "email" (subject + body, mailto link) or "linkedin" (body only)
    needs_interview: bool
    outcomes: tuple[str, ...]

    def limit(self, tier: str = "free") -> tuple[int, str]:
        """(maximum, unit): words for email, characters for LinkedIn at the account's tier."""
        spec = LIMITS[self.name]
        if "chars" in spec:
            return int(spec["chars"].get(tier, spec["chars"]["free"])), "chars"
        return int(spec["words"]), "words"


KINDS: tuple[Kind, ...] = (
    Kind("thank_you", "email", True, ("pending",)),
    Kind("linkedin_note", "linkedin", True, OUTCOMES),
    Kind("status_check", "email", True, ("pending",)),
    Kind("rejection_reply", "email", True, ("rejected",)),
    Kind("offer_thanks", "email", True, ("offer", "accepted")),
    Kind("keep_in_touch", "email", False, ("rejected", "withdrawn", "offer", "accepted", "cancelled")),
    Kind("after_connect", "linkedin", False, OUTCOMES),
)
BY_NAME = {k.name: k for k in KINDS}
BANNED = tuple(LIMITS["quality"]["banned"])


def kinds_for(interview: dict | None, touches: list[dict], contact_id: str) -> list[Kind]:
    """The kinds that fit now: the interview's outcome, and what the touches say was already sent."""
    def sent(kind: str, same_interview: bool = True) -> int:
        return sum(
            1 for t in touches
            if t.get("contact_id") == contact_id and t.get("kind") == kind
            and (not same_interview or interview is None or t.get("interview_id") in (None, interview.get("id")))
        )

    connected = sent("connected", same_interview=False) > 0
    requested = sent("connection_request", same_interview=False) > 0
    outcome = (interview or {}).get("outcome") or "pending"
    fitting = []
    for kind in KINDS:
        if interview is None and kind.needs_interview:
            continue
        if interview is not None and outcome not in kind.outcomes:
            continue
        if kind.name == "thank_you" and sent("thank_you"):
            continue
        if kind.name == "status_check" and sent("status_check") >= 2:
            continue  # the rule stops after two checks
        if kind.name == "linkedin_note" and (connected or requested):
            continue
        if kind.name == "after_connect" and not connected:
            continue
        fitting.append(kind)
    return fitting
