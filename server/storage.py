"""Persistence behind one small interface: the only module that imports TinyDB.

TinyDB's tables run over an in-memory copy of the data; durability is a journal's job. Each committed
transaction is one line of strict JSON appended to `db.journal` and fsynced before the caller hears back,
so a write costs work proportional to the change, not to the database. Just after start-up (settle(), from the
server's warm-up), at close and when the journal outgrows the snapshot, the journal is folded into `db.json`
by an atomic rewrite (temp file, fsync, rename, fsync of the directory), never an in-place one; the file
formats themselves are datafiles.py's, the indexes indexes.py's.

Guarantees (docs/reliability.md): one process-wide lock around every read-modify-write, and transactions
that roll back in memory when their journal line cannot be written; a single-instance file lock per data
directory; a corrupt `db.json` is moved aside and the newest valid backup restored, never silently
overwritten; a torn last journal line (a write that was never acknowledged) is dropped; backups rotate on
every start. Lookups the product makes go through indexes kept here.
"""

from __future__ import annotations

import collections
import contextlib
import copy
import gc
import os
import secrets
import shutil
import threading
import time
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from .datafiles import (
    CACHE_FILE, DB_FILE, JOURNAL_FILE, atomic_write, cache_is_current, files_are_strict_json, fsync_dir, load_shared,
    read_cache, read_valid, strict_dumps, strict_loads, write_cache,
)
from .errors import StorageError
from .indexes import INDEXES, bucket_add, bucket_discard

# What other modules and tests take from here (the file formats themselves live in datafiles.py).
__all__ = ["AlreadyRunning", "CACHE_FILE", "ReadOnly", "Store", "TABLES", "committed_state", "files_are_strict_json",
           "new_id", "read_valid"]

LOCK_FILE = "db.json.lock"
BACKUPS = 3  # db.json.bak, db.json.bak.1, db.json.bak.2
TABLES = ("contacts", "interviews", "touches", "answers", "settings")
META = "_meta"  # db.json's bookkeeping (the snapshot's generation), beside the tables
COMPACT_MIN_BYTES = 4 * 1024 * 1024  # fold the journal in once it passes this and the snapshot's size
CHANGELOG = 10_000  # recent (version, table, id) changes kept for caches that update incrementally


_SCALARS = (str, int, float, bool, type(None))


def clone(value: Any, pool: dict[str, str] | None = None) -> Any:
    """A deep copy of JSON data: what copy.deepcopy gives for dicts, lists and scalars, five times faster
    (an import of 30,000 contacts spent half its time in deepcopy). Anything else goes to deepcopy.

    With a pool, equal strings become one object (the pool's), as load_shared does for a whole database.
    """
    cls = value.__class__
    if pool is not None:
        keep = pool.setdefault
        if cls is str:
            return keep(value, value)
        if cls is dict:
            return {k: keep(v, v) if v.__class__ is str else v if v.__class__ in _SCALARS else clone(v, pool)
                    for k, v in value.items()}
        if cls is list:
            return [keep(v, v) if v.__class__ is str else v if v.__class__ in _SCALARS else clone(v, pool) for v in value]
    elif cls is dict:
        return {k: v if v.__class__ in _SCALARS else clone(v) for k, v in value.items()}
    elif cls is list:
        return [v if v.__class__ in _SCALARS else clone(v) for v in value]
    if cls in _SCALARS:
        return value
    return copy.deepcopy(value)


# Tables whose documents are kept without an "id" key (the table's key is the id), in memory and in db.json:
# the most numerous documents, where that one key more doubles the size of each dict (6 keys need a table of
# 16 slots, 5 fit in 8): 10 MB at 100,000 touches. Every document handed out still carries its id.
BARE = frozenset({"touches"})

BULK_FOLD = 1_000  # changes in one bulk transaction past which it is written as a new snapshot, not a journal line

# What the change log remembers of a document as it was before a change, by table: the field whose old value
# caches derived from the data need (the rules file each touch under its contact; when a touch moves or goes,
# they must know whom it was with, and keeping that for 100,000 touches themselves cost 4 MB).
HISTORY: dict[str, str] = {"touches": "contact_id"}


class AlreadyRunning(RuntimeError):
    """Another followup server holds this data directory."""


class ReadOnly(StorageError):
    """A write was attempted on a store opened read-only (while the server runs)."""


def new_id() -> str:
    """A short random id: unguessable, never reused after a delete."""
    return secrets.token_hex(6)


class _MemoryStorage(Storage):
    """TinyDB storage over the in-memory tables: reads and writes cost nothing; the journal persists."""

    def __init__(self, tables: dict):
        self.tables = tables

    def read(self) -> dict:
        return self.tables

    def write(self, data: dict) -> None:
        self.tables = data


class _Table(Table):
    """A TinyDB table with string ids that changes documents in place instead of rebuilding the table."""

    document_id_class = str

    def _update_table(self, updater: Callable[[dict], None]) -> None:
        tables = self._storage.read()
        updater(tables.setdefault(self.name, {}))
        self._storage.write(tables)
        self.clear_cache()


class _TinyDB(TinyDB):
    table_class = _Table


class Store:
    """The followup database: tables of JSON documents with string ids, safe under threads and crashes."""

    def __init__(self, data_dir: str | os.PathLike, readonly: bool = False):
        self.dir = Path(data_dir)
        self.path = self.dir / DB_FILE
        self.journal_path = self.dir / JOURNAL_FILE
        self.readonly = readonly
        self.notices: list[str] = []
        self.lock = threading.RLock()
        self._filelock: FileLock | None = None
        self._journal: int | None = None
        self._journal_bytes = 0
        self._snapshot_bytes = 0
        self._depth = 0
        self._ops: list[dict] = []
        self._undo: list[tuple[str, str, dict | None]] = []
        self._must_compact = False
        self._bulk = False  # the open transaction commits by writing a new snapshot (see bulk())
        self._pool: dict[str, str] | None = None  # a bulk transaction's strings, each kept once
        self._journal_dirty = False  # the journal holds changes not yet folded into db.json
        self.version = 0  # bumped by every committed change: a cheap key for caches of derived data
        # (version, table, id, the HISTORY field's value before the change or None)
        self._changelog: collections.deque[tuple[int, str, str, Any]] = collections.deque(maxlen=CHANGELOG)
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
            tables = self._recover()
        else:
            tables = (read_cache(self.dir) or read_valid(self.path) or {}) if self.path.exists() else {}
        self._generation = (tables.get(META) or {}).get("generation", 0)
        replayed = self._replay(tables)
        self._tables: dict[str, dict[str, dict]] = {name: tables.get(name, {}) for name in TABLES}
        migrate = False  # a file from before BARE: rewritten once so that its documents load without the key
        for name, docs in self._tables.items():
            if name in BARE:
                for doc in docs.values():
                    if "id" in doc:
                        del doc["id"]
                        migrate = True
            else:
                for ident, doc in docs.items():
                    doc["id"] = ident
        self._index: dict[tuple[str, str], dict[Any, str | list[str]]] = {}
        self._reindex()
        self._storage = _MemoryStorage(self._tables)
        self._db = _TinyDB(storage=lambda: self._storage)  # type: ignore[arg-type]
        if not readonly:
            if migrate or not (self._journal_current and self._journal_whole and self.path.exists()):
                self._compact()  # a new journal: this one belongs to no snapshot, or ends in a broken line
            else:
                # its changes are folded in later, off the start's path (settle(), from the warm-up)
                self._open_journal()
                self._journal_dirty = replayed > 0
            self._snapshot_bytes = self.path.stat().st_size
            self._rotate_backups()
            gc.freeze()  # the loaded data lives as long as the server: keep it out of every GC pass

    # -- start-up ---------------------------------------------------------------------------------------
    def _sweep_temp_files(self) -> None:
        for tmp in self.dir.glob(".db-*.tmp"):
            with contextlib.suppress(OSError):
                tmp.unlink()

    def _backups(self) -> list[Path]:
        return [self.dir / (f"{DB_FILE}.bak" + (f".{i}" if i else "")) for i in range(BACKUPS)]

    def _recover(self) -> dict:
        """The snapshot's tables; a corrupt file is moved aside and the newest valid backup restored."""
        if not self.path.exists():
            return {}
        data = read_cache(self.dir) or read_valid(self.path)
        if data is not None:
            os.chmod(self.path, 0o600)
            return data
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
            data = {}
            msg += "; no valid backup was found, starting with an empty database"
        self.notices.append(msg)
        return data

    def _replay(self, tables: dict) -> int:
        """Apply the journal's committed transactions to the snapshot; returns how many were applied."""
        self._journal_current = False  # whether the journal belongs to this snapshot (appends may go on)
        self._journal_whole = True  # whether it ends after a complete line (else appending would go on a torn one)
        try:
            raw = self.journal_path.read_bytes()
        except FileNotFoundError:
            return 0
        lines = raw.split(b"\n")
        applied = 0
        generation = (tables.get(META) or {}).get("generation", 0)
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = strict_loads(line)
                if number == 1 and "generation" in entry:
                    if entry["generation"] != generation:
                        return 0  # a journal older than the snapshot: folded into it or replaced by a restore
                    self._journal_current = True
                    continue
                ops = entry["ops"]
                if not isinstance(ops, list):
                    raise ValueError("ops is not a list")
            except (ValueError, KeyError, TypeError, UnicodeDecodeError):
                if number == len(lines) and not raw.endswith(b"\n"):
                    # the last write never completed, so it was never acknowledged: drop it
                    self.notices.append("dropped an incomplete last journal entry (a write cut off by a crash)")
                    self._journal_whole = False
                    break
                if not self.readonly:
                    stamp = time.strftime("%Y%m%dT%H%M%S")
                    shutil.copyfile(self.journal_path, self.dir / f"{JOURNAL_FILE}.corrupt-{stamp}")
                self.notices.append(f"{JOURNAL_FILE} line {number} is unreadable; kept the changes before it")
                self._journal_whole = False
                break
            for op in ops:
                table = tables.setdefault(op["t"], {})
                if "doc" in op:
                    table[op["id"]] = op["doc"]
                else:
                    table.pop(op["id"], None)
            applied += 1
        return applied

    def _open_journal(self) -> None:
        self._journal = os.open(self.journal_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        self._journal_bytes = os.fstat(self._journal).st_size

    def _compact(self, tables: dict | None = None, cache: bool = True) -> str:
        """Fold everything (or replace it by `tables`) into a new db.json, TinyDB's layout with each document
        also holding its id, and start an empty journal of the new generation. Returns the text written.

        A crash between the two steps leaves a journal of the previous generation, which start-up ignores:
        its changes are in the snapshot, or were replaced by a restore.
        """
        generation = self._generation + 1
        data = {**(tables if tables is not None else self._tables), META: {"generation": generation}}
        text = strict_dumps(data)
        journal = self.dir / f".db-{secrets.token_hex(4)}.tmp"
        try:
            fd = os.open(journal, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                os.write(fd, (strict_dumps({"generation": generation}) + "\n").encode("ascii"))
                os.fsync(fd)
            finally:
                os.close(fd)
            atomic_write(self.path, text)
        except (OSError, StorageError):
            with contextlib.suppress(OSError):
                journal.unlink()
            raise
        # the new snapshot is durable from here on: it is the database, whatever happens to the journal
        self._generation = generation
        if cache:
            write_cache(self.dir, data)
        self._snapshot_bytes = len(text)
        if self._journal is not None:
            os.close(self._journal)
            self._journal = None
        try:
            os.replace(journal, self.journal_path)
            fsync_dir(self.dir)
            self._open_journal()
            self._must_compact = False
            self._journal_dirty = False
        except OSError:
            # the old journal is of the previous generation (start-up ignores it): write no more to it
            with contextlib.suppress(OSError):
                journal.unlink()
            self._must_compact = True
        return text

    def _rotate_backups(self) -> None:
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
        with self.lock:
            with contextlib.suppress(StorageError, OSError):
                self.settle()  # a failed fold loses nothing: the journal stays and the next start replays it
            if self._journal is not None:
                os.close(self._journal)
                self._journal = None
            if self._filelock is not None:
                self._filelock.release()
                self._filelock = None

    # -- indexes ----------------------------------------------------------------------------------------
    def _reindex(self) -> None:
        """Forget every index; each is built on its first use and then kept up to date with each change."""
        self._index = {}

    def _bucket(self, table: str, name: str) -> dict[Any, str | list[str]]:
        """One index: key -> the id of the one document found under it, or a list of ids when several are.

        A bare id for the common single-document key, and a list rather than a set for the rest, because a
        30,000-contact database has ~100,000 keys: sets made the indexes weigh 35 MB, these about 12 MB.
        """
        built = self._index.get((table, name))
        if built is None:
            built = {}
            keys = INDEXES[table][name]
            for ident, doc in self._tables[table].items():
                for key in dict.fromkeys(keys(doc)):  # a key once per document (one person twice on a panel)
                    found = built.get(key)
                    if found is None:
                        built[key] = ident
                    elif found.__class__ is str:
                        built[key] = [found, ident]
                    else:
                        found.append(ident)
            self._index[(table, name)] = built
        return built

    def _ids(self, table: str, name: str, key: Any) -> Iterable[str]:
        """The ids of the documents found under `key` in one index."""
        found = self._bucket(table, name).get(key, ())
        return (found,) if found.__class__ is str else found

    def _index_doc(self, table: str, ident: str, doc: dict | None, add: bool) -> None:
        if doc is None or table not in INDEXES:
            return
        for name, keys in INDEXES[table].items():
            buckets = self._index.get((table, name))
            if buckets is None:
                continue  # not built yet: it will read the current documents when first used
            for key in dict.fromkeys(keys(doc)):
                if add:
                    bucket_add(buckets, key, ident)
                else:
                    bucket_discard(buckets, key, ident)

    # -- transactions -----------------------------------------------------------------------------------
    def transaction(self) -> "_Transaction":
        """Hold the lock across several calls and commit them as one durable unit (or none of them)."""
        return _Transaction(self)

    @contextlib.contextmanager
    def bulk(self) -> Iterator["Store"]:
        """A transaction for thousands of changes, such as an import: past BULK_FOLD changes it is committed by
        writing the whole database as a new db.json in one atomic replacement instead of a journal line as long
        as the changes, and the strings it copies in are shared among themselves; all or nothing, like any
        transaction. Inside a transaction already open, it is just part of that one."""
        with self.lock:
            outermost = self._depth == 0
            if outermost:
                self._bulk, self._pool = True, {}
            try:
                with self.transaction():
                    yield self
            finally:
                if outermost:
                    self._bulk, self._pool = False, None

    def _changed(self, table: str, ident: str, before: dict | None) -> None:
        """Record one document's change: its undo image, its index entries, its journal op."""
        after = self._tables[table].get(ident)
        if after is not None and table not in BARE:
            after["id"] = ident
        self._undo.append((table, ident, before))
        self._index_doc(table, ident, before, add=False)
        self._index_doc(table, ident, after, add=True)
        op: dict = {"t": table, "id": ident}
        if after is not None and not self._bulk:  # a bulk commit writes the tables, not the ops
            op["doc"] = {k: v for k, v in after.items() if k != "id"}
        self._ops.append(op)

    def _rollback(self) -> None:
        for table, ident, before in reversed(self._undo):
            self._index_doc(table, ident, self._tables[table].get(ident), add=False)
            if before is None:
                self._tables[table].pop(ident, None)
            else:
                self._tables[table][ident] = before
            self._index_doc(table, ident, before, add=True)
        self._ops, self._undo = [], []

    def _commit(self) -> None:
        if not self._ops:
            self._undo = []
            return
        try:
            if self._bulk and len(self._ops) > BULK_FOLD:
                self._compact()
            else:
                if self._bulk:  # the ops were recorded without their documents: each gets its final state
                    for op in self._ops:
                        doc = self._tables[op["t"]].get(op["id"])
                        if doc is not None:
                            op["doc"] = {k: v for k, v in doc.items() if k != "id"}
                line = (strict_dumps({"ops": self._ops}) + "\n").encode("ascii")
                if self._must_compact:
                    self._compact()  # the journal may end in a torn line we could not cut off
                else:
                    self._append(line)
        except ValueError as exc:  # raised before anything is written
            self._rollback()
            raise StorageError(f"refused to store a value JSON cannot hold: {exc}") from exc
        except (OSError, StorageError) as exc:
            self._rollback()
            raise StorageError(f"could not save: {getattr(exc, 'strerror', None) or exc}") from exc
        self.version += 1
        self._changelog.extend(
            (self.version, op["t"], op["id"], before.get(HISTORY[table]) if before and table in HISTORY else None)
            for op, (table, _, before) in zip(self._ops, self._undo)
        )
        self._ops, self._undo = [], []
        if self._journal_bytes > max(COMPACT_MIN_BYTES, self._snapshot_bytes):
            with contextlib.suppress(StorageError, OSError):
                self._compact()

    def _append(self, line: bytes) -> None:
        assert self._journal is not None
        start = self._journal_bytes
        try:
            view = memoryview(line)
            while view:
                written = os.write(self._journal, view)
                view = view[written:]
            os.fsync(self._journal)
            self._journal_dirty = True
        except OSError:
            try:
                os.ftruncate(self._journal, start)  # cut the partial line so later appends stay readable
            except OSError:
                self._must_compact = True
            raise
        self._journal_bytes = start + len(line)

    def settle(self) -> None:
        """Fold the journal into db.json when it holds changes, and make sure db.json's cache is there: what a
        start leaves for later so as to answer sooner (the server's warm-up calls it, and close())."""
        with self.lock:
            if self.readonly or self._journal is None:
                return
            if self._journal_dirty or self._must_compact:
                self._compact()  # which writes the cache
            elif not cache_is_current(self.dir):  # the tables are exactly db.json's content
                write_cache(self.dir, {**self._tables, META: {"generation": self._generation}})

    # -- the interface ----------------------------------------------------------------------------------
    def _writable(self) -> None:
        if self.readonly:
            raise ReadOnly("the data directory is opened read-only while the server runs")

    def _table(self, name: str) -> Table:
        if name not in TABLES:
            raise KeyError(name)
        return self._db.table(name, cache_size=0)

    def _copy(self, table: str, ident: str, doc: dict) -> dict:
        """A document as handed out: a deep copy the caller may change, with its id."""
        out = clone(doc)
        if table in BARE:
            out["id"] = ident
        return out

    def all(self, table: str) -> list[dict]:
        """Copies of every document of a table."""
        with self.lock:
            return [self._copy(table, i, d) for i, d in self._tables[table].items()]

    def scan(self, table: str) -> list[dict]:
        """The documents themselves, without copying, for read-only passes over large tables.

        Callers must not modify them; take copies (get/all) to change anything. A BARE table's documents have
        no "id" key: use items() where the ids matter.
        """
        with self.lock:
            return list(self._tables[table].values())

    def items(self, table: str) -> list[tuple[str, dict]]:
        """(id, document) pairs, without copying, as scan()."""
        with self.lock:
            return list(self._tables[table].items())

    def get(self, table: str, ident: str) -> dict | None:
        if not isinstance(ident, str):
            return None
        with self.lock:
            doc = self._tables[table].get(ident)  # as lookup and find: TinyDB's get would copy it twice more
            return self._copy(table, ident, doc) if doc is not None else None

    def lookup(self, table: str, index: str, key: Any) -> list[dict]:
        """Documents found under a key of one of the table's indexes (see INDEXES)."""
        with self.lock:
            docs = self._tables[table]
            return [self._copy(table, i, docs[i]) for i in sorted(self._ids(table, index, key))]

    def find(self, table: str, **equal: Any) -> list[dict]:
        """Documents whose fields equal the given values (through an index when one fits)."""
        with self.lock:
            fields = INDEXES.get(table, {})
            indexed = next((f for f in equal if getattr(fields.get(f), "field", None) == f and equal[f] not in (None, "")), None)
            docs = self._tables[table]
            pairs: Iterable[tuple[str, dict]]
            if indexed is not None:
                pairs = ((i, docs[i]) for i in self._ids(table, indexed, equal[indexed]))
            else:
                pairs = docs.items()
            return [self._copy(table, i, d) for i, d in pairs
                    if all((i if k == "id" else d.get(k)) == v for k, v in equal.items())]

    def changes_since(self, version: int) -> set[tuple[str, str]] | None:
        """The (table, id) pairs changed after `version`, or None when they are no longer all known."""
        with self.lock:
            if version == self.version:
                return set()
            log = self._changelog
            # when the log is full its oldest version may have lost some of its changes
            oldest_complete = log[0][0] + 1 if log and len(log) == log.maxlen else (log[0][0] if log else None)
            if version > self.version or oldest_complete is None or oldest_complete > version + 1:
                return None
            return {(t, i) for v, t, i, _ in self._changelog if v > version}

    def previous(self, version: int, table: str) -> set[Any] | None:
        """The values the HISTORY field of `table` had before the changes after `version` (None when they
        are no longer all known): e.g. the contacts whose touches moved or went since a cache was built."""
        with self.lock:
            if self.changes_since(version) is None:
                return None
            return {old for v, t, _, old in self._changelog if v > version and t == table and old is not None}

    def count(self, table: str) -> int:
        with self.lock:
            return len(self._table(table))

    def insert(self, table: str, doc: dict) -> dict:
        self._writable()
        body = clone(doc, self._pool)
        ident = body.pop("id", None) or new_id()
        with self.transaction():
            self._table(table).insert(Document(body, doc_id=ident))
            self._changed(table, ident, None)
            return self._copy(table, ident, self._tables[table][ident])

    def update(self, table: str, ident: str, fields: dict) -> dict | None:
        self._writable()
        fields = clone(fields, self._pool)
        fields.pop("id", None)
        with self.transaction():
            before = self._tables[table].get(ident)
            if before is None:
                return None
            before = clone(before)
            self._table(table).update(fields, doc_ids=[ident])
            self._changed(table, ident, before)
            return self._copy(table, ident, self._tables[table][ident])

    def put(self, table: str, ident: str, doc: dict) -> dict:
        """Insert or wholly replace the document with this id."""
        self._writable()
        body = clone(doc, self._pool)
        body.pop("id", None)
        with self.transaction():
            before = clone(self._tables[table].get(ident))
            t = self._table(table)
            if before is None:
                t.insert(Document(body, doc_id=ident))
            else:
                def replace(d: dict) -> None:
                    d.clear()
                    d.update(body)

                t.update(replace, doc_ids=[ident])
            self._changed(table, ident, before)
            return self._copy(table, ident, self._tables[table][ident])

    def remove(self, table: str, ident: str) -> bool:
        self._writable()
        with self.transaction():
            before = self._tables[table].get(ident)
            if before is None:
                return False
            self._table(table).remove(doc_ids=[ident])
            self._changed(table, ident, before)
            return True

    def remove_where(self, table: str, **equal: Any) -> int:
        with self.transaction():
            gone = [d["id"] for d in self.find(table, **equal)]
            for ident in gone:
                self.remove(table, ident)
            return len(gone)

    def snapshot(self) -> dict[str, list[dict]]:
        """Every table as lists of documents (ids included), for backups and exports."""
        with self.lock:
            return {name: self.all(name) for name in TABLES}

    def restore(self, snapshot: dict[str, list[dict]]) -> None:
        """Replace the whole database with a snapshot in one atomic write: all or nothing."""
        self._writable()
        tables = {name: {doc["id"]: {k: v for k, v in doc.items() if k != "id"} if name in BARE else doc
                         for doc in snapshot.get(name, [])} for name in TABLES}
        with self.lock:
            try:
                text = self._compact(tables, cache=False)  # from the tables read back below, which share strings
            except ValueError as exc:
                raise StorageError(f"restore refused, nothing changed: {exc}") from exc
            except (StorageError, OSError) as exc:
                raise StorageError(f"restore failed, nothing changed: {exc}") from exc
            # the new tables are read back from the text just written: a deep copy the caller cannot alias
            self._adopt(text)

    def _adopt(self, text: str) -> None:
        """Take the tables of the db.json text just written as the data in memory, read with their repeated
        strings shared, and keep them as db.json's cache."""
        loaded = load_shared(text)
        write_cache(self.dir, loaded)
        self._tables = {name: loaded[name] for name in TABLES}
        self._storage.tables = self._tables
        self._reindex()
        self.version += 1
        self._changelog.clear()  # every document is a new object: caches of derived data must rebuild


class _Transaction:
    """Store.transaction()'s context: a class, not a generator, since every write opens one (an import of
    30,000 rows opens 180,000, and contextlib's machinery cost a sixth of its time)."""

    __slots__ = ("store",)

    def __init__(self, store: Store):
        self.store = store

    def __enter__(self) -> Store:
        store = self.store
        store.lock.acquire()
        store._depth += 1
        return store

    def __exit__(self, kind, exc, tb) -> bool:
        store = self.store
        try:
            if store._depth == 1:
                if kind is None:
                    store._commit()
                else:
                    store._rollback()
        finally:
            store._depth -= 1
            store.lock.release()
        return False


def committed_state(data_dir: str | os.PathLike) -> dict[str, dict[str, dict]]:
    """What a restart would load (snapshot plus journal), read straight from disk: for checks and tools."""
    store = Store(data_dir, readonly=True)
    return {name: {i: store.get(name, i) for i, _ in store.items(name)} for name in TABLES}
