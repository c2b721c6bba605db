"""The import, export, backup and restore commands of `followup`.

Exports read the data directory read-only, so they work while the server runs. Imports and restores write:
with the server stopped they open the data directly; while it runs they go through its API (the same
checks, the same single write), with the token from the data directory.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from ..errors import ApiError
from ..paths import data_dir
from ..storage import AlreadyRunning, Store
from . import exports, imports
from .remote import Refused, Remote, Unreachable, upload_progress

DEFAULT_PORT = int(os.environ.get("FOLLOWUP_PORT", 5317))


class BadInput(Exception):
    """The file given cannot be used: printed as an error, exit code 2."""


def _read(path: str) -> bytes:
    """The bytes of FILE, or of standard input for -."""
    try:
        return sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise BadInput(f"cannot read {path}: {exc.strerror or exc}") from None


def _text(raw: bytes, path: str) -> str:
    """The file's text, or BadInput when it is not text."""
    try:
        return imports.decode(raw)
    except ApiError as exc:
        raise BadInput(f"{path}: {exc.message}") from None


def _write(text: str, out: str | None) -> None:
    """To a new owner-only file (exports hold personal data), or to stdout."""
    if not out or out == "-":
        sys.stdout.write(text)
        return
    try:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    except OSError as exc:
        raise BadInput(f"cannot write {out}: {exc.strerror or exc}") from None
    print(f"wrote {out}", file=sys.stderr)


def _row_progress(done: int, total: int) -> None:
    """Progress of a long merge on stderr."""
    if total >= 1000:  # short files finish before a progress line would help
        tty = sys.stderr.isatty()  # a terminal gets one line updated in place; a log gets a line per step
        start = "\r" if tty else ""
        print(f"{start}merging {done:,}/{total:,} rows", end="\n" if done == total or not tty else "", file=sys.stderr, flush=True)


def _report(result: dict, what: str) -> None:
    """What an import did, and each line it skipped, on stdout."""
    print(f"{result['imported']} new {what}, {result['merged']} merged into people already known, "
          f"{len(result['errors'])} line(s) skipped")
    for err in result["errors"]:
        print(f"  line {err['line']}: {err['reason']}")


def _run_import(args: argparse.Namespace, local: Callable[[Store], dict], path: str, body: bytes, content_type: str) -> dict:
    """Run an import in this process, or through the running server's API when it holds the data directory."""
    directory = data_dir(args.data_dir)
    try:
        store = Store(directory)
    except AlreadyRunning:
        remote = Remote(directory, args.port)
        print(f"followup is running on {directory}: sending the file to it on port {args.port}", file=sys.stderr)
        try:
            remote.verify()
            return remote.post(path, body, content_type, upload_progress if len(body) > 1024 * 1024 else None)
        except Unreachable as exc:
            raise Unreachable(f"{exc}. The server holding {directory} may use another port: pass --port.") from None
        except Refused as exc:
            raise BadInput(str(exc)) from None
    try:
        return local(store)
    except ApiError as exc:
        raise BadInput(exc.message) from None
    finally:
        store.close()


def _now() -> datetime:
    """The moment of this command, stamped on what it changes."""
    return datetime.now(timezone.utc)


def _import_contacts(args: argparse.Namespace, merge: Callable, path: str, content_type: str) -> int:
    """Merge a file of contacts with `merge(store, text, at, progress)`, locally or through the server."""
    raw = _read(args.file)
    text = _text(raw, args.file)
    result = _run_import(args, lambda s: merge(s, text, _now(), _row_progress), path, raw, content_type)
    _report(result, "contacts")
    return 0


def cmd_import_linkedin(args: argparse.Namespace) -> int:
    """Merge LinkedIn's Connections.csv into the contacts."""
    return _import_contacts(args, imports.connections, "/import/linkedin", "text/csv")


def cmd_import_vcf(args: argparse.Namespace) -> int:
    """Merge an address book (.vcf) into the contacts."""
    return _import_contacts(args, imports.vcards, "/import/contacts.vcf", "text/vcard")


def cmd_restore(args: argparse.Namespace) -> int:
    """Replace all data with a backup, after checking all of it."""
    from ..api.common import parse_json

    raw = _read(args.file)
    try:
        data = parse_json(raw)
    except ApiError as exc:
        raise BadInput(f"{args.file}: {exc.message}") from None
    result = _run_import(args, lambda s: imports.restore(s, data), "/import/backup", raw, "application/json")
    counts = ", ".join(f"{n} {name}" for name, n in result["restored"].items())
    print(f"restored {counts}")
    return 0


def _read_only(args: argparse.Namespace) -> Store:
    """The data directory opened read-only (safe while the server runs)."""
    directory = data_dir(args.data_dir)
    if not directory.exists():
        raise BadInput(f"no followup data in {directory}")
    return Store(directory, readonly=True)


def cmd_export_contacts(args: argparse.Namespace) -> int:
    """Write the contacts as CSV (spreadsheets) or vCard (address books)."""
    store = _read_only(args)
    _write(exports.contacts_csv(store) if args.format == "csv" else exports.contacts_vcf(store), args.output)
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    """Write the full JSON backup."""
    doc = exports.backup_doc(_read_only(args), _now())
    _write(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", args.output)
    return 0


def _errors_reported(func: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Bad input: a message and exit code 2; a running server that cannot be reached: a message and 1."""
    def run(args: argparse.Namespace) -> int:
        try:
            return func(args)
        except BadInput as exc:
            print(f"followup: error: {exc}", file=sys.stderr)
            return 2
        except Unreachable as exc:
            print(f"followup: error: {exc}", file=sys.stderr)
            return 1

    run.__doc__ = func.__doc__
    return run


def register(command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add the commands to the `followup` parser (`command` adds --data-dir and the function to run)."""
    for name, func, help, what in (
        ("import-linkedin", cmd_import_linkedin, "Merge LinkedIn's Connections.csv (Settings → Data privacy → Get a copy of your data) into your contacts.", "Connections.csv, or - for stdin"),
        ("import-vcf", cmd_import_vcf, "Merge an address book export (.vcf) into your contacts.", "a .vcf file, or - for stdin"),
        ("restore", cmd_restore, "Replace all data with a backup made by `followup backup`; a backup with any fault changes nothing.", "the backup .json file, or - for stdin"),
    ):
        p = command(name, _errors_reported(func), help)
        p.add_argument("file", metavar="FILE", help=what)
        p.add_argument("--port", type=int, default=DEFAULT_PORT, help="port of the running server, if it runs (default 5317)")
    p = command("export-contacts", _errors_reported(cmd_export_contacts), "Write your contacts as CSV (spreadsheets) or vCard (address books); works while the server runs.")
    p.add_argument("--format", choices=("csv", "vcf"), default="csv", help="csv (default) or vcf")
    p.add_argument("-o", "--output", metavar="FILE", help="file to write (default: standard output)")
    p = command("backup", _errors_reported(cmd_backup), "Write a full JSON backup of your data; works while the server runs.")
    p.add_argument("-o", "--output", metavar="FILE", help="file to write (default: standard output)")
