"""rules.toml as a user reads and edits it: every rule documented, every number overridable and validated."""

from __future__ import annotations

import re

import pytest

from server.errors import Invalid
from server.rules import RULE_IDS, defaults, effective, validate_rule_overrides
from server.rules.conditions import ANCHORS, CONDITIONS, SCOPES
from server.rules.config import BOUNDS, RULES_FILE
from server.schemas import TOUCH_KINDS

DRAFT_KINDS = {"thank_you", "linkedin_note", "status_check", "rejection_reply", "offer_thanks", "keep_in_touch", "after_connect"}


@pytest.mark.parametrize("rule", RULE_IDS)
def test_every_rule_is_written_in_the_vocabulary(rule):
    r = defaults()[rule]
    assert r["scope"] in ("interviewer", "interview", "company", "contact")
    assert set(r["when"]) <= set(CONDITIONS), r["when"]
    assert r["anchor"] in ANCHORS and r["ends_scope"] in SCOPES
    assert set(r["ends_on"]) <= set(TOUCH_KINDS)
    assert r["done_touch"] in (*TOUCH_KINDS, "")
    assert r["draft_kind"] in DRAFT_KINDS | {""}
    assert "{" not in r["title"].format(who="Ana Lima (Acme, SRE)", company="Acme")


@pytest.mark.parametrize("rule", [*RULE_IDS, "schedule"])
def test_every_number_can_be_overridden_and_every_rule_is_explained(rule):
    numbers = [k for k, v in defaults()[rule].items() if isinstance(v, int) and not isinstance(v, bool)]
    for key in numbers:
        lo, hi = BOUNDS[key]
        assert lo <= defaults()[rule][key] <= hi
        validate_rule_overrides({rule: {key: lo}})
    text = RULES_FILE.read_text()
    assert re.search(rf"\[{rule}\]\n# ", text), f"[{rule}] has no comment saying what it is for"


def test_overrides_apply_over_the_defaults():
    rules = effective({"thank_you": {"overdue_after_hours": 12}, "keep_in_touch": {"enabled": False}})
    assert rules["thank_you"]["overdue_after_hours"] == 12
    assert rules["keep_in_touch"]["enabled"] is False
    assert rules["status_check"]["default_wait_days"] == 7
    assert defaults()["thank_you"]["overdue_after_hours"] == 24  # the shipped table is not changed


def test_stored_overrides_that_are_no_longer_valid_fall_back_to_the_defaults():
    assert effective({"thank_you": {"overdue_after_hours": "soon"}}) == effective({})
    assert effective(None) == effective({})


@pytest.mark.parametrize("value, field", [
    ([], "rules"),
    ({"thank_yous": {}}, "rules.thank_yous"),
    ({"thank_you": 24}, "rules.thank_you"),
    ({"thank_you": {"title": "Hi"}}, "rules.thank_you.title"),
    ({"thank_you": {"overdue_after_hours": True}}, "rules.thank_you.overdue_after_hours"),
    ({"thank_you": {"overdue_after_hours": 0}}, "rules.thank_you.overdue_after_hours"),
    ({"thank_you": {"overdue_after_hours": 1.5}}, "rules.thank_you.overdue_after_hours"),
    ({"keep_in_touch": {"every_days": 0}}, "rules.keep_in_touch.every_days"),
    ({"status_check": {"max_checks": 11}}, "rules.status_check.max_checks"),
    ({"status_check": {"enabled": "no"}}, "rules.status_check.enabled"),
    ({"schedule": {"send_hour": 24}}, "rules.schedule.send_hour"),
    ({"connect": {"every_days": 3}}, "rules.connect.every_days"),
])
def test_bad_overrides_are_refused_naming_the_field(value, field):
    with pytest.raises(Invalid) as err:
        validate_rule_overrides(value)
    assert err.value.field == field and err.value.status == 422


def test_good_overrides_pass_unchanged():
    good = {"status_check": {"max_checks": 1, "enabled": True}, "schedule": {"send_hour": 7}}
    assert validate_rule_overrides(good) == good
