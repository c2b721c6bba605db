"""What every importer hands back: the good rows with their line numbers, and every skipped line with why."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import Invalid
from ..schemas import ContactIn, dump, validate

# Plain words for the pattern checks of the schema, which would otherwise be reported as regular expressions.
_FORMATS = {"email": "not an email address", "profile_url": "not a web address", "photo_url": "not a web address"}


@dataclass(slots=True)
class Parsed:
    """Rows ready to merge ((line, contact fields)) and the lines skipped ({"line", "reason"})."""

    rows: list[tuple[int, dict]] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)

    def skip(self, line: int, reason: str) -> None:
        """Record a line that was not imported, and why."""
        self.errors.append({"line": line, "reason": reason})


def checked(fields: dict, labels: dict[str, str]) -> dict:
    """Contact fields validated like an API call; raises ValueError naming the column (label) at fault."""
    if any("\x00" in v for v in fields.values() if isinstance(v, str)):
        raise ValueError("contains a NUL character")
    try:
        return dump(validate(ContactIn, fields), only_set=True)
    except Invalid as exc:
        name = (exc.field or "").split(".")[0].split("[")[0]
        label = labels.get(name, name)
        detail = exc.message.split(": ", 1)[-1]
        if "should match pattern" in detail:
            detail = _FORMATS.get(name, "has an unexpected format")
        raise ValueError(f"{label}: {detail}" if label else detail) from None
