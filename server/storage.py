"""Persistence behind one small interface: the only module that imports TinyDB.

Guarantees (see docs/reliability.md): one process-wide lock around every read-modify-write; each write goes
to a temp file, is fsynced, atomically replaces db.json and the directory is fsynced (never an in-place
rewrite); a single-instance file lock per data directory; a corrupt db.json is moved aside and the newest
valid backup restored, never silently overwritten; backups rotate on every start.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import secrets
import shutil
import threading
import time
from pathlib import Path
from typing import Any, Iterator

from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from .errors import StorageError

DB_FILE = "db.json"
LOCK_FILE = "db.json.lock"
BACKUPS = 3  # db.json.bak, db.json.bak.1, db.json.bak.2
TABLES = ("contacts", "interviews", "touches", "answers", "settings")


class AlreadyRunning(RuntimeError):
    """Another followup server holds this data directory."""


class ReadOnly(StorageError):
    """A write was attempted on a store opened read-only (while the server runs)."""


def new_id() -> str:
    """A short random id: unguessable, never reused after a delete."""
    return secrets.token_hex(6)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"non-standard JSON constant {name}")


def strict_loads(data: bytes | str) -> Any:
    """Parse JSON refusing NaN/Infinity, as everything we write is strict."""
    return json.loads(data, parse_constant=_reject_constant)


def strict_dumps(data: Any) -> str:
    return json.dumps(data, allow_nan=False, ensure_ascii=True, separators=(",", ":"))


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, text: str) -> None:
    """Write a whole file so that a crash leaves either the old or the new content, never a mix."""
    tmp = path.parent / f".db-{secrets.token_hex(4)}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise StorageError(f"could not save {path.name}: {exc.strerror or exc}") from exc


def _valid_db(data: Any) -> bool:
    return isinstance(data, dict) and all(isinstance(t, dict) for t in data.values())


def read_valid(path: Path) -> dict | None:
    """The parsed database at path, or None when it is missing, empty or not a valid database."""
    try:
        raw = path.read_bytes()
        data = strict_loads(raw)
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        return None
    return data if _valid_db(data) else None


class _AtomicJSONStorage(Storage):
    """TinyDB storage kept in memory and written through atomically on every change."""

    def __init__(self, path: Path, readonly: bool = False):
        self.path = path
        self.readonly = readonly
        self._cache: dict | None = None

    def read(self) -> dict | None:
        if self._cache is None or self.readonly:
            data = read_valid(self.path) if self.path.exists() else None
            self._cache = data if data is not None else {}
        return self._cache

    def write(self, data: dict) -> None:
        if self.readonly:
            raise ReadOnly("the data directory is opened read-only while the server runs")
        try:
            atomic_write(self.path, strict_dumps(data))
        except (StorageError, ValueError):
            self._cache = None  # TinyDB mutated the cached dict before writing: reload from disk
            raise
        self._cache = data

    def close(self) -> None:
        pass


class _StrTable(Table):
    document_id_class = str


class Store:
    """The followup database: tables of JSON documents with string ids, safe under threads."""

    def __init__(self, data_dir: str | os.PathLike, readonly: bool = False):
        self.dir = Path(data_dir)
        self.path = self.dir / DB_FILE
        self.readonly = readonly
        self.notices: list[str] = []
        self.lock = threading.RLock()
        self._filelock: FileLock | None = None
        if not readonly:
            self.dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            self._filelock = FileLock(str(self.dir / LOCK_FILE), timeout=0)
            try:
                self._filelock.acquire()
            except Timeout:
                raise AlreadyRunning(
                    f"followup is already running on {self.dir} (lock {LOCK_FILE} is held); "
                    "stop it first or use another --data-dir"
                ) from None
            self._sweep_temp_files()
            self._recover()
            self._rotate_backups()
        TinyDB.table_class = _StrTable
        self._storage = _AtomicJSONStorage(self.path, readonly)
        self._db = TinyDB(storage=lambda: self._storage)  # type: ignore[arg-type]

    # -- start-up ---------------------------------------------------------------------------------------
    def _sweep_temp_files(self) -> None:
        for tmp in self.dir.glob(".db-*.tmp"):
            with contextlib.suppress(OSError):
                tmp.unlink()

    def _backups(self) -> list[Path]:
        return [self.dir / (f"{DB_FILE}.bak" + (f".{i}" if i else "")) for i in range(BACKUPS)]

    def _recover(self) -> None:
        if not self.path.exists():
            return
        if read_valid(self.path) is not None:
            os.chmod(self.path, 0o600)
            return
        stamp = time.strftime("%Y%m%dT%H%M%S")
        aside = self.dir / f"{DB_FILE}.corrupt-{stamp}"
        os.replace(self.path, aside)
        msg = f"{DB_FILE} was unreadable; moved it to {aside.name}"
        for bak in self._backups():
            data = read_valid(bak)
            if data is not None:
                atomic_write(self.path, strict_dumps(data))
                msg += f" and restored the backup {bak.name}"
                break
        else:
            msg += "; no valid backup was found, starting with an empty database"
        self.notices.append(msg)

    def _rotate_backups(self) -> None:
        if read_valid(self.path) is None:
            return
        baks = self._backups()
        for older, newer in zip(reversed(baks[1:]), reversed(baks[:-1])):
            if newer.exists():
                os.replace(newer, older)
        tmp = self.dir / f".db-{secrets.token_hex(4)}.tmp"
        shutil.copyfile(self.path, tmp)
        os.chmod(tmp, 0o600)
        os.replace(tmp, baks[0])
        fsync_dir(self.dir)

    def close(self) -> None:
        self._db.close()
        if self._filelock is not None:
            self._filelock.release()
            self._filelock = None

    # -- the interface ----------------------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator["Store"]:
        """Hold the lock across a read-modify-write spanning several calls."""
        with self.lock:
            yield self

    def _table(self, name: str) -> Table:
        if name not in TABLES:
            raise KeyError(name)
        return self._db.table(name, cache_size=0)

    @staticmethod
    def _out(doc: Document | dict | None) -> dict | None:
        if doc is None:
            return None
        out = copy.deepcopy(dict(doc))
        out["id"] = doc.doc_id  # type: ignore[union-attr]
        return out

    def all(self, table: str) -> list[dict]:
        with self.lock:
            return [self._out(d) for d in self._table(table).all()]  # type: ignore[misc]

    def get(self, table: str, ident: str) -> dict | None:
        if not isinstance(ident, str):
            return None
        with self.lock:
            return self._out(self._table(table).get(doc_id=ident))

    def find(self, table: str, **equal: Any) -> list[dict]:
        """Documents whose fields equal the given values."""
        with self.lock:
            docs = self._table(table).search(lambda d: all(d.get(k) == v for k, v in equal.items()))
            return [self._out(d) for d in docs]  # type: ignore[misc]

    def count(self, table: str) -> int:
        with self.lock:
            return len(self._table(table))

    def insert(self, table: str, doc: dict) -> dict:
        body = {k: v for k, v in doc.items() if k != "id"}
        ident = doc.get("id") or new_id()
        with self.lock:
            self._table(table).insert(Document(copy.deepcopy(body), doc_id=ident))
            return {**copy.deepcopy(body), "id": ident}

    def update(self, table: str, ident: str, fields: dict) -> dict | None:
        fields = {k: copy.deepcopy(v) for k, v in fields.items() if k != "id"}
        with self.lock:
            t = self._table(table)
            if t.get(doc_id=ident) is None:
                return None
            t.update(fields, doc_ids=[ident])
            return self.get(table, ident)

    def put(self, table: str, ident: str, doc: dict) -> dict:
        """Insert or wholly replace the document with this id."""
        body = {k: copy.deepcopy(v) for k, v in doc.items() if k != "id"}
        with self.lock:
            t = self._table(table)
            if t.get(doc_id=ident) is None:
                t.insert(Document(body, doc_id=ident))
            else:
                def replace(d: dict) -> None:
                    d.clear()
                    d.update(body)

                t.update(replace, doc_ids=[ident])
            return {**copy.deepcopy(body), "id": ident}

    def remove(self, table: str, ident: str) -> bool:
        with self.lock:
            t = self._table(table)
            if t.get(doc_id=ident) is None:
                return False
            t.remove(doc_ids=[ident])
            return True

    def remove_where(self, table: str, **equal: Any) -> int:
        with self.lock:
            removed = self._table(table).remove(lambda d: all(d.get(k) == v for k, v in equal.items()))
            return len(removed)

    def snapshot(self) -> dict[str, list[dict]]:
        """Every table as lists of documents (ids included), for backups and exports."""
        with self.lock:
            return {name: self.all(name) for name in TABLES}

    def restore(self, snapshot: dict[str, list[dict]]) -> None:
        """Replace the whole database with a snapshot in one atomic write: all or nothing."""
        tables = {
            name: {doc["id"]: {k: v for k, v in doc.items() if k != "id"} for doc in snapshot.get(name, [])}
            for name in TABLES
        }
        with self.lock:
            self._storage.write(copy.deepcopy(tables))
