"""The rules table: rules.toml read once, the user's overrides of its numbers validated and merged in."""

from __future__ import annotations

import copy
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import Invalid

RULES_FILE = Path(__file__).with_name("rules.toml")
RULE_IDS = (
    "thank_you", "connect", "follow_company", "status_check", "rejection_reply", "offer_thanks", "keep_in_touch",
)
SETTINGS = "schedule"  # the table of settings shared by all rules

# The range each overridable number may take; a name not listed here is not a number the user may set.
BOUNDS: dict[str, tuple[int, int]] = {
    "after_hours": (0, 24 * 365),
    "overdue_after_hours": (1, 24 * 365),
    "business_days_after_decision": (0, 60),
    "default_wait_days": (1, 365),
    "repeat_after_days": (1, 365),
    "max_checks": (0, 10),
    "first_after_days": (0, 3650),
    "every_days": (1, 3650),  # 0 would mean "due again the moment it is answered"
    "send_hour": (0, 23),
    "default_interview_minutes": (1, 24 * 60),
}


@lru_cache(maxsize=1)
def defaults() -> dict[str, dict[str, Any]]:
    """The rules as shipped, keyed by rule id (plus the shared "schedule" settings)."""
    with RULES_FILE.open("rb") as fh:
        table = tomllib.load(fh)
    missing = [r for r in RULE_IDS if r not in table]
    if missing or SETTINGS not in table:
        raise RuntimeError(f"{RULES_FILE.name} lacks {missing or SETTINGS}")
    return table


def overridable(rule: str) -> dict[str, Any]:
    """The settings of one rule (or of "schedule") the user may override, with their defaults."""
    return {k: v for k, v in defaults()[rule].items() if k in BOUNDS or k == "enabled"}


def validate_rule_overrides(obj: Any, field: str = "rules") -> dict[str, dict[str, Any]]:
    """Check the profile's `rules` dict: {rule id or "schedule": {setting: number or enabled: bool}}.

    Raises Invalid naming the path at fault, e.g. "rules.thank_you.overdue_after_hours".
    """
    if not isinstance(obj, dict):
        example = '{"thank_you": {"overdue_after_hours": 24}}'
        raise Invalid(field, f"{field} must be an object of rule ids, e.g. {example}")
    for rule, settings in obj.items():
        path = f"{field}.{rule}"
        if rule not in RULE_IDS and rule != SETTINGS:
            raise Invalid(path, f"unknown rule {rule!r}; rules are {', '.join(RULE_IDS)} and {SETTINGS}")
        if not isinstance(settings, dict):
            raise Invalid(path, f"{path} must be an object of settings")
        allowed = overridable(rule)
        for key, value in settings.items():
            where = f"{path}.{key}"
            if key not in allowed:
                names = ", ".join(sorted(allowed))
                raise Invalid(where, f"{rule} has no setting {key!r}; its settings are {names}")
            if key == "enabled":
                if not isinstance(value, bool):
                    raise Invalid(where, f"{where} must be true or false")
                continue
            lo, hi = BOUNDS[key]
            if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
                raise Invalid(where, f"{where} must be a whole number from {lo} to {hi}")
    return obj


def effective(overrides: Any) -> dict[str, dict[str, Any]]:
    """The rules with the user's overrides applied; invalid overrides (stored before validation) are ignored."""
    table = copy.deepcopy(defaults())
    try:
        validate_rule_overrides(overrides or {})
    except Invalid:
        return table
    for rule, settings in (overrides or {}).items():
        table[rule].update(settings)
    return table
