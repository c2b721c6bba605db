"""The data directory's files as bytes on disk: strict JSON, whole-file atomic writes, and db.json's cache.

Nothing here knows about tables or transactions (server/storage.py does); this is how their files are read
and written so that a crash or a damaged file never passes for data.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import marshal
import os
import secrets
import sys
from pathlib import Path
from typing import Any

from .errors import StorageError

DB_FILE = "db.json"
JOURNAL_FILE = "db.journal"
CACHE_FILE = "db.cache"  # db.json as Python's marshal format, to start fast (see read_cache); never the truth


def _reject_constant(name: str) -> Any:
    raise ValueError(f"non-standard JSON constant {name}")


def strict_loads(data: bytes | str) -> Any:
    """Parse JSON refusing NaN/Infinity, as everything we write is strict."""
    return json.loads(data, parse_constant=_reject_constant)


@contextlib.contextmanager
def _no_cyclic_gc():
    """A database is a million small objects and no cycles: while they are made, the cyclic GC would walk them
    all, several times, for nothing (it made start-up at 30,000 contacts ~40% slower)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_shared(data: bytes | str) -> Any:
    """strict_loads for a whole database: each repeated string value is kept once.

    JSON parsing makes a new string for every value, yet most values of a database repeat: the contact id
    in each of a person's touches, kinds, companies, places, import dates. At 30,000 contacts sharing them
    saves a third of the data's memory (about 35 MB). It has to happen while parsing: sharing afterwards
    frees small objects scattered among live ones, which the allocator cannot give back to the system.
    """
    pool: dict[str, str] = {}
    keep = pool.setdefault

    def shared(obj: dict) -> dict:
        for key, value in obj.items():
            if value.__class__ is str:
                obj[key] = keep(value, value)
        return obj

    with _no_cyclic_gc():
        return json.loads(data, parse_constant=_reject_constant, object_hook=shared)


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


def valid_db(data: Any) -> bool:
    return isinstance(data, dict) and all(isinstance(t, dict) for t in data.values())


def read_valid(path: Path) -> dict | None:
    """The parsed database at path, or None when it is missing, empty or not a valid database."""
    try:
        data = load_shared(path.read_bytes())
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        return None
    return data if valid_db(data) else None


def _cache_stamp(db: Path) -> list:
    """What a cache must have been made for: this very db.json (it is only ever replaced by a rename, so a new
    inode, size or time means other content) and this Python's marshal format."""
    st = os.stat(db)
    return [st.st_ino, st.st_size, st.st_mtime_ns, list(sys.version_info[:2]), marshal.version]


def read_cache(directory: Path) -> dict | None:
    """db.json's parsed content from its cache, or None when there is none made for this db.json, or it is
    damaged in any way (its digest is checked before marshal reads a byte of it).

    Loading marshal's format takes a third of the time of parsing the JSON and sharing its repeated strings
    (marshal keeps an object met twice as one): at 30,000 contacts about 200 ms instead of 600 ms.
    """
    try:
        with open(directory / CACHE_FILE, "rb") as fh:
            header = _header_for_db(fh, directory)
            if header is None:
                return None
            payload = fh.read()
        if hashlib.blake2b(payload, digest_size=16).hexdigest() != header["digest"]:
            return None
        with _no_cyclic_gc():
            data = marshal.loads(payload)
    except (OSError, ValueError, EOFError, TypeError, KeyError):
        return None
    return data if valid_db(data) else None


def cache_is_current(directory: Path) -> bool:
    """Whether a cache made for the current db.json is there (its content is checked when it is read)."""
    try:
        with open(directory / CACHE_FILE, "rb") as fh:
            return _header_for_db(fh, directory) is not None
    except (OSError, ValueError, TypeError, KeyError):
        return False


def _header_for_db(fh, directory: Path) -> dict | None:
    """The cache's header line when the cache was made for the current db.json, else None."""
    header = json.loads(fh.readline())
    return header if header["db"] == _cache_stamp(directory / DB_FILE) else None


def write_cache(directory: Path, data: dict) -> None:
    """Keep `data`, which must be what db.json now holds, as db.json's cache (not fsynced: a lost or torn cache
    is only a slower start, since read_cache checks it)."""
    cache = directory / CACHE_FILE
    tmp = directory / f".db-{secrets.token_hex(4)}.tmp"
    try:
        payload = marshal.dumps(data)
        header = {"db": _cache_stamp(directory / DB_FILE), "digest": hashlib.blake2b(payload, digest_size=16).hexdigest()}
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(json.dumps(header).encode("ascii") + b"\n")
            fh.write(payload)
        os.replace(tmp, cache)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            tmp.unlink()
        with contextlib.suppress(OSError):
            cache.unlink()  # a stale cache would only be read for nothing


def files_are_strict_json(data_dir: str | os.PathLike) -> bool:
    """db.json and every complete journal line parse as strict JSON (no NaN, no Infinity)."""
    directory = Path(data_dir)
    try:
        if (directory / DB_FILE).exists():
            strict_loads((directory / DB_FILE).read_bytes())
        if (directory / JOURNAL_FILE).exists():
            for line in (directory / JOURNAL_FILE).read_bytes().splitlines():
                strict_loads(line)
    except ValueError:
        return False
    return True
