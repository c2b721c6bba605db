"""Contacts as a CSV file for spreadsheets: one row per person, the API's field names as headers."""

from __future__ import annotations

import csv
import io

COLUMNS = ("id", "name", "title", "company", "headline", "location", "email", "profile_url", "photo_url",
           "tags", "notes", "last_touch_at", "created_at", "updated_at")
# A cell a spreadsheet would run as a formula (captured text is attacker-chosen): shown as text instead.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """A value as spreadsheet text: lists joined, formulas defused."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def dumps(contacts: list[dict], last_touch: dict[str, str] | None = None) -> str:
    """The CSV text (UTF-8 byte order mark first, so spreadsheet programs read accents right)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for c in contacts:
        row = {**c, "last_touch_at": (last_touch or {}).get(c["id"])}
        writer.writerow([_cell(row.get(col)) for col in COLUMNS])
    return out.getvalue()
