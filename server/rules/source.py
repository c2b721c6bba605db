"""The rules' State read from a Store: under the store's lock, kept while the data is unchanged, and brought
up to date change by change after a write (changes.py) instead of being built afresh."""

from __future__ import annotations

from weakref import WeakKeyDictionary

from ..profile import load_profile
from .changes import bring_in
from .engine import schedule
from .state import State

# store -> (store.version, State): a request only pays for what changed since the last one.
_CACHE: "WeakKeyDictionary[object, tuple[int, State]]" = WeakKeyDictionary()


def read_state(store) -> State:
    """The store's data as a State with its schedule worked out. Call it before writing in a transaction."""
    with store.lock:
        version = store.version
        hit = _CACHE.get(store)
        if hit is not None and hit[0] == version:
            return hit[1]
        try:
            state = _updated(store, hit) if hit is not None else None
        except BaseException:
            _CACHE.pop(store, None)  # the Index may be half updated: build afresh next time
            raise
        if state is None:
            state = _built(store)
        _CACHE[store] = (version, state)
        return state


def _built(store) -> State:
    """A State built afresh from every stored document."""
    # scan() hands out the stored documents without copying them: the engine only reads, and the schedule
    # is worked out here, under the lock, so nothing can change them meanwhile. Later a transaction may
    # change one in place and roll back, so settle() parses the touches now; the contacts are read again
    # before any entry is re-derived (changes.py).
    state = State(
        interviews=store.scan("interviews"),
        contacts={c["id"]: c for c in store.scan("contacts")},
        touches=store.scan("touches"),
        answers=store.scan("answers"),
        profile=load_profile(store),
    )
    schedule(state)
    state.index().settle()
    state.interviews, state.touches, state.answers = [], [], []  # all in the Index now: let the lists go
    return state


def _updated(store, hit: tuple[int, State]) -> State | None:
    """The cached State brought up to date with the changes since its version; None when it cannot be.

    The Index moves on to the new State and is updated in place; the cached State keeps its own Schedule,
    which never changes, so a request still answering from it sees the data as it was (its clock, the one
    other thing it reads, only changes with the profile, which builds a new Index).
    """
    version, old = hit
    changes = store.changes_since(version)
    if changes is None:
        return None
    idx = old.index()
    dirty = bring_in(idx, store, changes, version)
    if dirty is None:
        return None
    return State.carried(idx, schedule(old).revised(idx, *dirty), old.profile)
