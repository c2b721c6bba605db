"""Imported rows into contacts: each one merged into the same person when known, all in one transaction."""

from __future__ import annotations

from datetime import datetime, time
from typing import Callable
from zoneinfo import ZoneInfo

from ..contacts import save_contact
from ..profile import load_profile
from ..storage import Store
from .rows import Parsed

Progress = Callable[[int, int], None]
PROGRESS_EVERY = 500  # rows between two progress reports
CONNECTED_NOTE = "Connected on LinkedIn (from your Connections.csv)"


def _connected_at(day: str, tz: ZoneInfo) -> str:
    """The day LinkedIn gives, at noon in the user's timezone (no hour is known; noon keeps the day right)."""
    return datetime.combine(datetime.fromisoformat(day).date(), time(12), tz).isoformat()


def import_rows(store: Store, parsed: Parsed, at: datetime, progress: Progress | None = None) -> dict:
    """Merge the rows into contacts; a LinkedIn connection date becomes a `connected` touch (once per person).

    Returns {"imported": new contacts, "merged": rows that matched a stored person, "errors": skipped lines}.
    All or nothing: the changes are written in one atomic replacement of the data (a bulk transaction).
    """
    total = len(parsed.rows)
    imported = merged = touches = 0
    with store.bulk():
        tz = ZoneInfo(load_profile(store)["timezone"])
        connected = {t["contact_id"] for t in store.scan("touches") if t.get("kind") == "connected"}
        for n, (_line, row) in enumerate(parsed.rows, 1):
            fields = dict(row)
            day = fields.pop("connected_on", None)
            same = store.get("contacts", fields.pop("_id")) if fields.get("_id") else None
            contact, was_merged = save_contact(store, fields, at, same=same)
            merged += was_merged
            imported += not was_merged
            if day and contact["id"] not in connected:
                store.insert("touches", {
                    "contact_id": contact["id"], "interview_id": None, "kind": "connected",
                    "at": _connected_at(day, tz), "note": CONNECTED_NOTE,
                })
                connected.add(contact["id"])
                touches += 1
            if progress and (n % PROGRESS_EVERY == 0 or n == total):
                progress(n, total)
    return {"imported": imported, "merged": merged, "touches": touches, "errors": parsed.errors}
