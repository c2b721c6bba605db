"""The follow-up schedule: rules as data (rules.toml), a small vocabulary of conditions, and a pure engine.

    due(state, now)                -> reminders due or overdue at `now`
    upcoming(state, now, horizon)  -> reminders coming due after `now`, up to `now + horizon`
"""

from . import answers
from .config import RULE_IDS, defaults, effective, validate_rule_overrides
from .engine import due, evaluate, find, schedule, upcoming
from .state import State
from .reminder import Reminder, make_id, parse_id

__all__ = [
    "RULE_IDS", "Reminder", "answers", "State", "defaults", "due", "effective", "evaluate", "find", "make_id",
    "parse_id", "schedule", "upcoming", "validate_rule_overrides",
]
