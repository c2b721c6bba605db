"""LinkedIn's own data export, Connections.csv: a few note lines, then one row per connection.

    Notes:
    "When exporting your connection data, you may notice that some of the email addresses are missing. ..."

    First Name,Last Name,URL,Email Address,Company,Position,Connected On
    Ana,Lima,https://www.linkedin.com/in/ana-lima,,Acme,Staff Engineer,07 Mar 2024
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime

from ..identity import canonical_profile_url
from ..schemas import YEARS
from .rows import Parsed, checked

COLUMNS = {  # header -> contact field ("connected_on" is kept apart: it becomes a `connected` touch)
    "First Name": "first",
    "Last Name": "last",
    "URL": "profile_url",
    "Email Address": "email",
    "Company": "company",
    "Position": "title",
    "Connected On": "connected_on",
}
REQUIRED = ("First Name", "Last Name")
LABELS = {"name": "Name", "profile_url": "URL", "email": "Email Address", "company": "Company", "title": "Position"}
DATE_FORMATS = ("%d %b %Y", "%Y-%m-%d", "%m/%d/%y", "%m/%d/%Y")  # today's export, then older ones
MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
PROFILE_PREFIX = "https://www.linkedin.com/in/"
PLAIN_PROFILE = re.compile(r"https?://(?:www\.)?linkedin\.com/in/(?!me/?$|ACoAA)[A-Za-z0-9\-_%]{3,100}/?", re.I)
MAX_RECORD_LINES = 8  # a quoted field may hold line breaks; a longer record is an unterminated quote
HEADER_SEARCH_LINES = 20  # the header comes after a few note lines


class NotConnections(ValueError):
    """The text has no Connections.csv header: nothing can be imported from it."""


class _Lines:
    """The file's physical lines for csv.reader, with a position we can move back after a broken record."""

    def __init__(self, text: str):
        self.lines = io.StringIO(text, newline="").readlines()
        self.pos = 0

    def __iter__(self) -> "_Lines":
        return self

    def __next__(self) -> str:
        if self.pos >= len(self.lines):
            raise StopIteration
        self.pos += 1
        return self.lines[self.pos - 1]


def _record(feed: _Lines, reader) -> tuple[int, list[str] | None, str | None]:
    """The next record: (its first line number, cells, None), or (line, None, reason) when it cannot be read."""
    start = feed.pos
    try:
        cells = next(reader)
    except csv.Error as exc:
        return start + 1, None, f"broken quoting: a quoted field is not closed properly ({exc})"
    if feed.pos - start > MAX_RECORD_LINES:
        return start + 1, None, "broken quoting: a quoted field is not closed"
    return start + 1, cells, None


def connected_on(value: str) -> date:
    """The day of "07 Mar 2024" (or older formats), in the years the product can compute with."""
    day = _day(value)
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise ValueError(f"Connected On: {value!r} is not a date between {YEARS[0]} and {YEARS[1]}")
    return day


def _day(value: str) -> date:
    """The day of "07 Mar 2024" (read directly: strptime is slow over tens of thousands of rows), or older formats."""
    parts = value.split()
    if len(parts) == 3 and parts[0].isdigit() and parts[2].isdigit() and parts[1][:3].lower() in MONTHS:
        try:
            return date(int(parts[2]), MONTHS[parts[1][:3].lower()], int(parts[0]))
        except ValueError:
            pass
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"Connected On: {value!r} is not a date like 07 Mar 2024")


def _row(cells: list[str], columns: dict[str, int]) -> dict:
    """One connection as contact fields (plus connected_on); raises ValueError with the reason to skip it."""
    got = {COLUMNS[header]: cells[i].strip() for header, i in columns.items()}
    name = " ".join(p for p in (got.pop("first", ""), got.pop("last", "")) if p)
    if not name:
        raise ValueError("no name (First Name and Last Name are empty)")
    when = got.pop("connected_on", "")
    fields = {"name": name, **{k: v for k, v in got.items() if v}}
    url = fields.get("profile_url")
    # LinkedIn writes plain profile URLs, which save_contact canonicalises; only others need the full check
    if url and not PLAIN_PROFILE.fullmatch(url):
        canonical = canonical_profile_url(url)
        if not canonical or not canonical.startswith(PROFILE_PREFIX):
            raise ValueError(f"URL: {url[:80]!r} is not a LinkedIn profile address")
        fields["profile_url"] = canonical
    fields = checked(fields, LABELS)
    if when:
        fields["connected_on"] = connected_on(when).isoformat()
    return fields


def parse(text: str) -> Parsed:
    """Every connection in the file, or the reason each unusable line was skipped.

    Raises NotConnections when no header is found in the first lines (another kind of file).
    """
    out = Parsed()
    columns: dict[str, int] | None = None
    width = 0  # the header's number of cells, once it is found
    feed = _Lines(text.removeprefix("\ufeff"))
    reader = csv.reader(feed, strict=True)
    while feed.pos < len(feed.lines):
        line, cells, problem = _record(feed, reader)
        spanned = feed.pos - line + 1 > 1
        if problem or (columns is not None and spanned and len(cells or ()) != width):
            # an unclosed quote swallows the lines after it: skip only its own line and read on from the next
            feed.pos = line
            if columns is not None:
                out.skip(line, problem or "broken quoting: a quoted field is not closed")
            continue
        if columns is None:
            if cells and all(h in [c.strip() for c in cells] for h in REQUIRED):
                names = [c.strip() for c in cells]
                columns = {h: names.index(h) for h in COLUMNS if h in names}
                width = len(cells)
            elif line > HEADER_SEARCH_LINES:
                break
            continue
        if not any(c.strip() for c in cells):
            continue  # blank lines between rows are not errors
        if len(cells) != width:
            out.skip(line, f"expected {width} columns, found {len(cells)}")
            continue
        try:
            out.rows.append((line, _row(cells, columns)))
        except ValueError as exc:
            out.skip(line, str(exc))
    if columns is None:
        raise NotConnections(
            "this is not LinkedIn's Connections.csv: no header line with "
            + ", ".join(COLUMNS) + " was found"
        )
    return out
