"""The shapes the API accepts: types, lengths and allowed values of every field, with per-field errors."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    ValidationError,
    field_validator,
)

from .errors import Invalid

Text = lambda n: Annotated[str, StringConstraints(strict=True, max_length=n)]  # noqa: E731
Name = Annotated[str, StringConstraints(strict=True, min_length=1, max_length=200, strip_whitespace=True)]
Url = Annotated[str, StringConstraints(strict=True, max_length=2048, pattern=r"^https?://[^\s]+$")]
Email = Annotated[str, StringConstraints(strict=True, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
Tag = Annotated[str, StringConstraints(strict=True, min_length=1, max_length=50, strip_whitespace=True)]
Topic = Annotated[str, StringConstraints(strict=True, min_length=1, max_length=300, strip_whitespace=True)]
# Moments outside these years are typos or attacks; inside them every computation of the rules and drafts
# (conversion to UTC, horizons) stays within what datetime can hold (year 1 at +14:00 is before datetime.min).
YEARS = (1900, 2200)


def in_years(value: date) -> date:
    if not YEARS[0] <= value.year <= YEARS[1]:
        raise ValueError(f"the year must be between {YEARS[0]} and {YEARS[1]}")
    return value


Day = Annotated[date, Field(strict=False)]  # a bare day never changes its date on conversion: the rules take any
Moment = Annotated[AwareDatetime, AfterValidator(in_years)]

TOUCH_KINDS = ("thank_you", "connection_request", "connected", "status_check", "reply", "feedback", "message", "met")
OUTCOMES = ("pending", "offer", "rejected", "withdrawn", "accepted", "cancelled")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Strict(BaseModel):
    # defer_build: each model is compiled on its first use (the warm-up does it), not during start-up
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, defer_build=True)


class Source(Strict):
    """Where one field was captured: page URL, extraction layer, time."""

    url: Text(2048) | None = None
    layer: Text(100) | None = None
    at: Moment | None = None


class ContactIn(Strict):
    name: Name
    headline: Text(500) | None = None
    title: Text(200) | None = None
    company: Text(200) | None = None
    location: Text(200) | None = None
    profile_url: Url | None = None
    photo_url: Url | None = None
    email: Email | None = None
    notes: Text(20000) | None = None
    tags: list[Tag] = Field(default_factory=list, max_length=50)
    sources: dict[Annotated[str, StringConstraints(max_length=40)], Source] = Field(default_factory=dict, max_length=20)
    keep_in_touch: StrictBool | None = None


class ContactPatch(ContactIn):
    name: Name | None = None  # type: ignore[assignment]


class Interviewer(Strict):
    contact_id: Annotated[str, StringConstraints(strict=True, min_length=1, max_length=64)]
    topics: list[Topic] = Field(default_factory=list, max_length=30)


class Concern(Strict):
    concern: Annotated[str, StringConstraints(strict=True, min_length=1, max_length=1000)]
    clarification: Text(2000) | None = None


class InterviewIn(Strict):
    company: Name
    role: Text(200) | None = None
    job_url: Url | None = None
    starts_at: Moment
    ends_at: Moment | None = None
    interviewers: list[Interviewer] = Field(default_factory=list, max_length=30)
    topics: list[Topic] = Field(default_factory=list, max_length=30)
    concerns: list[Concern] = Field(default_factory=list, max_length=20)
    decision_by: Day | None = None
    decision_in_days: Annotated[StrictInt, Field(ge=0, le=365)] | None = None
    outcome: Literal[OUTCOMES] = "pending"  # type: ignore[valid-type]
    outcome_at: Moment | None = None
    notes: Text(20000) | None = None


class InterviewPatch(InterviewIn):
    company: Name | None = None  # type: ignore[assignment]
    starts_at: Moment | None = None  # type: ignore[assignment]
    outcome: Literal[OUTCOMES] | None = None  # type: ignore[valid-type]


class TouchIn(Strict):
    contact_id: Annotated[str, StringConstraints(strict=True, min_length=1, max_length=64)]
    interview_id: Annotated[str, StringConstraints(strict=True, min_length=1, max_length=64)] | None = None
    kind: Literal[TOUCH_KINDS]  # type: ignore[valid-type]
    at: Moment | None = None
    note: Text(2000) | None = None


class Accomplishment(Strict):
    text: Annotated[str, StringConstraints(strict=True, min_length=1, max_length=500)]
    date: Day


class ProfileIn(Strict):
    name: Text(200) | None = None
    signature: Text(500) | None = None
    value_proposition: Text(500) | None = None
    strengths: list[Annotated[str, StringConstraints(strict=True, max_length=200)]] | None = Field(None, max_length=20)
    accomplishments: list[Accomplishment] | None = Field(None, max_length=50)
    linkedin_tier: Literal["free", "premium"] | None = None
    timezone: Text(64) | None = None
    working_days: list[Literal[WEEKDAYS]] | None = Field(None, min_length=1, max_length=7)  # type: ignore[valid-type]
    rules: dict[str, Any] | None = None

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, v: str | None) -> str | None:
        if v is None:
            return v
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown timezone {v!r}; use an IANA name such as Europe/Berlin") from None
        return v


M = TypeVar("M", bound=BaseModel)


def _field_path(loc: tuple) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def validate(model: type[M], data: Any) -> M:
    """Parse a payload into a model, or raise Invalid naming the first field at fault."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = _field_path(tuple(p for p in err["loc"] if not (isinstance(p, str) and re.fullmatch(r"[a-z-]+\[.*\]|function-after\[.*\]", p))))
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown field"
        elif err["type"] == "missing":
            msg = "required"
        raise Invalid(field or None, f"{field}: {msg}" if field else msg) from None


def dump(model: BaseModel, only_set: bool = False) -> dict:
    """A validated model as stored JSON: datetimes as ISO 8601 with offset, dates as YYYY-MM-DD."""
    return model.model_dump(mode="json", exclude_unset=only_set)


def build_all() -> None:
    """Compile every request model now: they are deferred so that the server answers before they are built,
    and the warm-up builds them before the first write needs one."""
    todo = [Strict]
    while todo:
        model = todo.pop()
        todo += model.__subclasses__()
        if model is not Strict:
            model.model_rebuild(force=True)
