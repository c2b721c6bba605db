"""Profile routes: the user's own details and rule settings."""

from __future__ import annotations

from flask import Blueprint

from ..profile import load_profile, save_profile
from ..rules.config import BOUNDS, RULE_IDS, SETTINGS, effective, overridable
from ..schemas import ProfileIn, dump, validate
from .common import body_json, store

bp = Blueprint("profile", __name__)


@bp.get("/profile")
def get_profile():
    return load_profile(store())


@bp.put("/profile")
def put_profile():
    """Set the fields given; fields left out keep their value."""
    fields = dump(validate(ProfileIn, body_json()), only_set=True)
    return save_profile(store(), fields)


@bp.get("/rules")
def get_rules():
    """Every number of every rule: its default, the value in force for this user, and the range it may take."""
    table = effective(load_profile(store()).get("rules"))
    out = []
    for rule in (*RULE_IDS, SETTINGS):
        settings = {}
        for key, default in overridable(rule).items():
            lo, hi = BOUNDS.get(key, (None, None))
            settings[key] = {"default": default, "value": table[rule][key], "min": lo, "max": hi}
        out.append({"id": rule, "settings": settings})
    return {"rules": out}
