"""Profile routes: the user's own details and rule settings."""

from __future__ import annotations

from flask import Blueprint

from ..profile import load_profile, save_profile
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
