"""POST /capture: the person (or people) on the page the extension sends; validation here, the work in capture."""

from __future__ import annotations

import logging
from typing import Annotated

from flask import Blueprint
from pydantic import StringConstraints

from ..errors import ApiError
from ..schemas import Strict, Text, validate
from .common import body_json

log = logging.getLogger("followup.capture")
bp = Blueprint("capture", __name__)

MAX_HTML = 5 * 1024 * 1024  # characters; the body limit (security.BODY_LIMITS) bounds the bytes


class CaptureIn(Strict):
    url: Annotated[str, StringConstraints(strict=True, max_length=4096, pattern=r"^https?://[^\s]+$")]
    html: Text(MAX_HTML)
    title: Text(2000) | None = None
    selection: Text(10000) | None = None


@bp.post("/capture")
def capture():
    req = validate(CaptureIn, body_json())
    from ..capture import capture as capture_page  # lxml and the extractors load after start-up (app.warm_up)

    try:
        return capture_page(req.url, req.html, title=req.title, selection=req.selection)
    except (RecursionError, MemoryError, ValueError) as exc:
        # a page so malformed the parser gives up: say so about the field, never a 500
        log.warning("capture could not read the page: %s", exc)
        raise ApiError(422, "unreadable_page", "the page's HTML could not be read", "html") from None
