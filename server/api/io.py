"""Import and export routes: LinkedIn's Connections.csv, vCard, spreadsheet CSV and the full JSON backup."""

from __future__ import annotations

import json
from collections.abc import Iterable

from flask import Blueprint, Response

from ..transfer import exports, imports
from .common import body_json, now, raw_body, store

bp = Blueprint("io", __name__)


def _download(text: str | Iterable[str], mimetype: str, kind: str) -> Response:
    """A file to save, never to display: attachment disposition and a non-HTML type (pieces are streamed)."""
    resp = Response(text, mimetype=mimetype)
    resp.headers["Content-Disposition"] = f'attachment; filename="{exports.filename(kind, now())}"'
    return resp


@bp.post("/import/linkedin")
def import_linkedin():
    """LinkedIn's Connections.csv (text/csv): new people added, known ones merged, every skipped line reported."""
    return imports.connections(store(), imports.decode(raw_body()), now())


@bp.post("/import/contacts.vcf")
def import_vcf():
    """An address book export (text/vcard), merged the same way."""
    return imports.vcards(store(), imports.decode(raw_body()), now())


@bp.post("/import/backup")
def import_backup():
    """Replace all data with a backup made by GET /export/backup; a backup with any fault changes nothing."""
    return imports.restore(store(), body_json())


@bp.get("/export/backup")
def export_backup():
    """Everything as one JSON file to keep."""
    doc = exports.backup_doc(store(), now())
    return _download(json.dumps(doc, ensure_ascii=False, indent=1), "application/json", "backup.json")


@bp.get("/export/contacts.csv")
def export_contacts_csv():
    """Contacts for spreadsheets."""
    return _download(exports.contacts_csv(store()), "text/csv", "contacts.csv")


@bp.get("/export/contacts.vcf")
def export_contacts_vcf():
    """Contacts for address books."""
    return _download(exports.contacts_vcf_parts(store()), "text/vcard", "contacts.vcf")
