"""The rules' State read from a Store: under the store's lock, and kept while the data is unchanged."""

from __future__ import annotations

from weakref import WeakKeyDictionary

from ..profile import load_profile
from .engine import schedule
from .state import State

# store -> (store.version, State): a request only pays for indexing when the data changed since the last one.
_CACHE: "WeakKeyDictionary[object, tuple[int, State]]" = WeakKeyDictionary()


def read_state(store) -> State:
    """The store's data as a State with its schedule worked out. Call it before writing in a transaction."""
    with store.lock:
        version = store.version
        hit = _CACHE.get(store)
        if hit is not None and hit[0] == version:
            return hit[1]
        # scan() hands out the stored documents without copying them: the engine only reads, and the schedule
        # is worked out here, under the lock, so nothing can change them meanwhile.
        state = State(
            interviews=store.scan("interviews"),
            contacts={c["id"]: c for c in store.scan("contacts")},
            touches=store.scan("touches"),
            answers=store.scan("answers"),
            profile=load_profile(store),
        )
        schedule(state)
        _CACHE[store] = (version, state)
        return state
