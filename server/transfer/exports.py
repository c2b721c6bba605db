"""What the exports contain, read from a store (the server's, or a read-only one opened by the CLI)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from .. import __version__
from ..identity import normalise_name
from ..storage import Store
from . import backup, sheet, vcard


def _people(store: Store) -> list[dict]:
    """Contacts in name order, as people look for them in a file."""
    return sorted(store.scan("contacts"), key=lambda c: (normalise_name(c.get("name")), c["id"]))


def last_touches(store: Store) -> dict[str, str]:
    """contact id -> when the latest touch with them happened (as stored; compared as moments, not strings)."""
    latest: dict[str, tuple[datetime, str]] = {}
    for t in store.scan("touches"):
        cid, at = t.get("contact_id"), t.get("at")
        try:
            moment = datetime.fromisoformat(at)
        except (TypeError, ValueError):
            continue
        if cid and (cid not in latest or moment > latest[cid][0]):
            latest[cid] = (moment, at)
    return {cid: at for cid, (_, at) in latest.items()}


def contacts_csv(store: Store) -> str:
    """Every contact as spreadsheet CSV, with the last touch."""
    return sheet.dumps(_people(store), last_touches(store))


def contacts_vcf(store: Store) -> str:
    """Every contact as a vCard 3.0 address book."""
    return vcard.dumps(_people(store))


def contacts_vcf_parts(store: Store) -> Iterator[str]:
    """The same address book in pieces, for a response sent as it is written (the contacts are read now)."""
    return vcard.chunks(_people(store))


def backup_doc(store: Store, at: datetime) -> dict:
    """The full backup document at moment `at`."""
    return backup.make(store.snapshot(), __version__, at)


def filename(kind: str, at: datetime) -> str:
    """followup-contacts-2026-11-26.csv and the like: dated, so several exports do not overwrite each other."""
    stem, _, ext = kind.partition(".")
    return f"followup-{stem}-{at.date().isoformat()}.{ext}"
