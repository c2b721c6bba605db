"""Changed documents brought into an Index: what to re-read from the store, and which entries to re-derive.

What each change can affect (see Plan in engine.py for the groups):
  an interview   its round, and the people on its panel before and after (their rounds and their own reminders)
  a touch        the person it was with, before and after: their rounds (reminders read everyone's touches
                 on the panel) and their own reminders
  a contact      the person: titles carry the name, and keep_in_touch may stop; when the contact appears or
                 disappears, every interview naming it (the panel counts only known people)
  an answer      the reminder it answers (its round or its person), and for keep-in-touch its person
  the profile    everything: timezone, working days and rule numbers change every date, so None (rebuild)
Other settings (such as paired origins) are not read by the rules.
"""

from __future__ import annotations

from ..profile import PROFILE_ID
from .state import Index

MAX_CHANGES = 2_000  # beyond this many changed documents, building afresh is as quick


def bring_in(idx: Index, store, changes: set[tuple[str, str]], version: int) -> tuple[set[str], set[str]] | None:
    """Update the Index with the changed documents as stored now; the rounds and people whose entries may
    differ, or None when the change calls for a new Index. Call it under the store's lock."""
    if len(changes) > MAX_CHANGES or ("settings", PROFILE_ID) in changes:
        return None
    by_table: dict[str, list[str]] = {}
    for table, ident in changes:
        by_table.setdefault(table, []).append(ident)
    if not by_table.keys() <= {"contacts", "interviews", "touches", "answers", "settings"}:
        return None
    rounds: set[str] = set()
    people: set[str] = set()

    interviews = {i: store.get("interviews", i) for i in by_table.get("interviews", ())}
    for ident in by_table.get("contacts", ()):
        doc = store.get("contacts", ident)
        if (doc is None) != (ident not in idx.contacts):  # it joins or leaves the panels that name it
            interviews.update({iv["id"]: iv for iv in store.lookup("interviews", "contact_id", ident)
                               if iv["id"] not in interviews})
        idx.set_contact(ident, doc)
        people.add(ident)
    for ident, doc in interviews.items():
        on_panel, _ = idx.set_round(ident, doc)
        rounds.add(ident)
        people |= on_panel

    moved = set()  # people whose touches changed: whom each changed touch is with now, and was with before
    if "touches" in by_table:
        before = store.previous(version, "touches")
        if before is None:
            return None
        moved |= before
    for ident in by_table.get("touches", ()):
        doc = store.get("touches", ident)
        moved.add(doc.get("contact_id") if doc else None)
    moved |= {p for p in people if idx.lacks_touches(p)}
    for person in moved:
        if isinstance(person, str) and person in idx.rounds_of:
            idx.set_touches(person, store.find("touches", contact_id=person))
            people.add(person)

    for ident in by_table.get("answers", ()):
        people |= idx.set_answer(ident, store.get("answers", ident))
        for iv, person in _named(ident):
            if iv in idx.rounds:
                rounds.add(iv)
            if person in idx.rounds_of:
                people.add(person)

    for person in people:
        rounds.update(r.id for r in idx.rounds_of.get(person, ()))
    # Entries read the names and keep_in_touch of everyone on a round: read them as stored now, since a
    # document the Index was built from may have been changed in place by a transaction that rolled back.
    for person in {p for r in rounds if r in idx.rounds for p in idx.rounds[r].people} | people:
        if person in idx.contacts:
            idx.set_contact(person, store.get("contacts", person))
    return rounds, people


def _named(rid: str) -> list[tuple[str, str]]:
    """Every (interview id, contact id) a reminder id "rule:interview:contact[:n]" may name (ids may hold ':')."""
    _, _, rest = rid.partition(":")
    found = []
    at = rest.find(":")
    while at != -1:
        person = rest[at + 1:]
        found += [(rest[:at], person), (rest[:at], person.rpartition(":")[0])]
        at = rest.find(":", at + 1)
    return found
