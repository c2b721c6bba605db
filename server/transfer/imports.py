"""The imports, from text or a parsed backup into a store: used by the API and by the CLI alike."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..errors import Invalid
from ..storage import Store
from . import backup, linkedin, vcard
from .merge import Progress, import_rows


def decode(raw: bytes) -> str:
    """A file's text: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 (older spreadsheets)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Invalid("body", "the file is not text (neither UTF-8 nor Windows-1252)")


def connections(store: Store, text: str, at: datetime, progress: Progress | None = None) -> dict:
    """LinkedIn's Connections.csv merged into contacts: {"imported", "merged", "touches", "errors"}."""
    if not text.strip():
        raise Invalid("body", "the file is empty")
    try:
        parsed = linkedin.parse(text)
    except linkedin.NotConnections as exc:
        raise Invalid("body", str(exc), code="not_connections_csv") from None
    return {"rows": len(parsed.rows) + len(parsed.errors), **import_rows(store, parsed, at, progress)}


def vcards(store: Store, text: str, at: datetime, progress: Progress | None = None) -> dict:
    """An address book (.vcf) merged into contacts: {"imported", "merged", "errors"}."""
    if not text.strip():
        raise Invalid("body", "the file is empty")
    parsed = vcard.parse(text)
    if not parsed.rows and not parsed.errors:
        raise Invalid("body", "no vCard found (a card begins with BEGIN:VCARD)", code="not_vcard")
    result = import_rows(store, parsed, at, progress)
    result.pop("touches")
    return {"rows": len(parsed.rows) + len(parsed.errors), **result}


def restore(store: Store, data: Any) -> dict:
    """Replace everything with a backup, or change nothing (Invalid names what is wrong with it)."""
    snapshot = backup.check(data)
    with store.transaction():
        # the browser installs paired with this machine stay paired
        snapshot["settings"] += [d for d in store.scan("settings") if d["id"] in backup.MACHINE_SETTINGS]
        store.restore(snapshot)
    return {"restored": {name: len(docs) for name, docs in snapshot.items() if name != "settings"}}
