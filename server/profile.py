"""The user's profile: who is writing the follow-ups, their voice and their schedule settings."""

from __future__ import annotations

from .rules.config import validate_rule_overrides
from .storage import Store

PROFILE_ID = "profile"

DEFAULTS: dict = {
    "name": "",
    "signature": "",
    "value_proposition": "",
    "strengths": [],
    "accomplishments": [],
    "linkedin_tier": "free",
    "timezone": "UTC",
    "working_days": ["mon", "tue", "wed", "thu", "fri"],
    "rules": {},
}


def load_profile(store: Store) -> dict:
    """The stored profile with defaults for every field the user has not set."""
    stored = store.get("settings", PROFILE_ID) or {}
    stored.pop("id", None)
    return {**DEFAULTS, **stored}


def save_profile(store: Store, fields: dict) -> dict:
    """Merge validated fields into the stored profile and return the whole profile."""
    if fields.get("rules") is not None:
        validate_rule_overrides(fields["rules"])  # the rules package owns the shape of its overrides
    with store.transaction():
        current = store.get("settings", PROFILE_ID) or {}
        current.pop("id", None)
        store.put("settings", PROFILE_ID, {**current, **fields})
        return load_profile(store)
