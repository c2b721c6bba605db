"""An import's changes held apart from the store until they are all made, then written as one snapshot.

Many thousand rows merged one by one through the store would each pay for copies, index updates and a
journal entry; here they pay for a dict update, and `commit` replaces the data in one atomic write (the
store's restore), so a failed import changes nothing. The caller holds the store's lock throughout.
"""

from __future__ import annotations

import contextlib
from typing import Any, Iterator

from ..storage import INDEXES, TABLES, Store, new_id


class Staging:
    """The store as an import sees it: reads fall through to the store, writes stay here until commit."""

    def __init__(self, store: Store):
        self.store = store
        self.docs: dict[str, dict[str, dict]] = {t: {} for t in TABLES}
        self._index: dict[tuple[str, str, Any], set[str]] = {}
        self._keys: dict[tuple[str, str], set[tuple[str, Any]]] = {}  # (table, id) -> its current (index, key)s
        self._indexed: set[str] = set()  # tables looked up so far: only their staged documents are indexed
        self._stored = {t: store.count(t) > 0 for t in TABLES}  # an empty table needs no look in the store

    @contextlib.contextmanager
    def transaction(self) -> Iterator["Staging"]:
        """As Store.transaction, for save_contact."""
        yield self  # the caller already holds the store's lock; commit is the one write

    @property
    def changed(self) -> bool:
        """Whether anything was staged."""
        return any(self.docs.values())

    def get(self, table: str, ident: str) -> dict | None:
        """The staged version of a document, else the stored one."""
        doc = self.docs[table].get(ident)
        return dict(doc) if doc is not None else self.store.get(table, ident)

    def lookup(self, table: str, index: str, key: Any) -> list[dict]:
        """As Store.lookup: the stored documents under the key, as changed here, plus the new ones."""
        staged = self.docs[table]
        if table not in self._indexed:
            self._indexed.add(table)
            for doc in staged.values():
                self._index_doc(table, doc)
        found = [d for d in self.store.lookup(table, index, key) if d["id"] not in staged] if self._stored[table] else []
        found += [dict(staged[i]) for i in self._index.get((table, index, key), ()) if (index, key) in self._keys[(table, i)]]
        return sorted(found, key=lambda d: d["id"])

    def _index_doc(self, table: str, doc: dict) -> None:
        """Make a staged document findable by its current index keys."""
        current = {(name, key) for name, keys in INDEXES.get(table, {}).items() for key in keys(doc)}
        self._keys[(table, doc["id"])] = current  # an earlier version's keys stay in _index but no longer count
        for name, key in current:
            self._index.setdefault((table, name, key), set()).add(doc["id"])

    def _stage(self, table: str, doc: dict) -> dict:
        """Hold a new version of a document until commit."""
        self.docs[table][doc["id"]] = doc
        if table in self._indexed:
            self._index_doc(table, doc)
        return dict(doc)

    def insert(self, table: str, doc: dict) -> dict:
        """As Store.insert, staged."""
        return self._stage(table, {**doc, "id": doc.get("id") or new_id()})

    def update(self, table: str, ident: str, fields: dict) -> dict | None:
        """As Store.update, staged."""
        current = self.get(table, ident)
        if current is None:
            return None
        return self._stage(table, {**current, **{k: v for k, v in fields.items() if k != "id"}, "id": ident})

    def commit(self) -> None:
        """Write the store's data with these changes in one atomic replacement (nothing when nothing changed)."""
        if not self.changed:
            return
        snapshot: dict[str, list[dict]] = {}
        for table in TABLES:
            staged = self.docs[table]
            stored = self.store.scan(table)
            known = {d["id"] for d in stored}
            snapshot[table] = [staged.get(d["id"], d) for d in stored] + [d for i, d in staged.items() if i not in known]
        self.store.restore(snapshot)
