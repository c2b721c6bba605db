"""The store: atomic writes, recovery from a corrupt file, backups, single instance, thread safety."""

from __future__ import annotations

import json
import os
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.errors import StorageError
from server.storage import AlreadyRunning, Store, committed_state, files_are_strict_json, read_valid


def on_disk(directory):
    """What a restart would see, checked to be strict JSON."""
    assert files_are_strict_json(directory)
    return committed_state(directory)


def test_round_trip_and_file_is_strict_json(tmp_path):
    s = Store(tmp_path)
    c = s.insert("contacts", {"name": "Ana Lima", "tags": ["x"]})
    assert s.get("contacts", c["id"]) == c
    assert on_disk(tmp_path)["contacts"][c["id"]]["name"] == "Ana Lima"
    assert oct(os.stat(tmp_path / "db.json").st_mode & 0o777) == oct(0o600)
    s.close()
    s2 = Store(tmp_path)
    assert s2.get("contacts", c["id"])["tags"] == ["x"]
    s2.close()


def test_returned_documents_are_copies(tmp_path):
    s = Store(tmp_path)
    c = s.insert("contacts", {"name": "A", "tags": ["x"]})
    got = s.get("contacts", c["id"])
    got["tags"].append("mutated")
    assert s.get("contacts", c["id"])["tags"] == ["x"]
    s.close()


def test_put_replaces_whole_document(tmp_path):
    s = Store(tmp_path)
    c = s.insert("contacts", {"name": "A", "email": "a@x.io"})
    s.put("contacts", c["id"], {"name": "B"})
    assert s.get("contacts", c["id"]) == {"name": "B", "id": c["id"]}
    s.close()


def test_second_instance_refused_first_unaffected(tmp_path):
    s = Store(tmp_path)
    s.insert("contacts", {"name": "A"})
    with pytest.raises(AlreadyRunning, match="already running"):
        Store(tmp_path)
    s.insert("contacts", {"name": "B"})
    assert s.count("contacts") == 2
    s.close()


def test_readonly_store_reads_while_server_holds_the_lock(tmp_path):
    s = Store(tmp_path)
    s.insert("contacts", {"name": "A"})
    ro = Store(tmp_path, readonly=True)
    assert [c["name"] for c in ro.all("contacts")] == ["A"]
    with pytest.raises(StorageError):
        ro.insert("contacts", {"name": "B"})
    s.close()


@pytest.mark.parametrize(
    "content",
    [b'{"contacts": {"1": {"name": "A"', b'{"contacts": {}} trailing', b'{"a": NaN}', b"", b"\x00\xff\xfe junk", b"[1, 2]"],
    ids=["truncated", "extra-data", "nan", "empty", "binary", "not-an-object"],
)
def test_corrupt_file_is_moved_aside_and_backup_restored(tmp_path, content):
    s = Store(tmp_path)
    c = s.insert("contacts", {"name": "Saved before"})
    s.close()
    Store(tmp_path).close()  # a clean start rotates the backup, which now holds the contact
    (tmp_path / "db.json").write_bytes(content)
    (tmp_path / ".db-dead.tmp").write_text("stale")
    s = Store(tmp_path)
    aside = list(tmp_path.glob("db.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == content  # the user's bytes are kept, not overwritten
    assert s.get("contacts", c["id"])["name"] == "Saved before"
    assert any("restored the backup" in n for n in s.notices)
    assert not list(tmp_path.glob(".db-*.tmp"))
    s.close()


def test_corrupt_file_without_backup_starts_empty_and_says_so(tmp_path):
    (tmp_path / "db.json").write_bytes(b"{broken")
    s = Store(tmp_path)
    assert s.count("contacts") == 0
    assert any("no valid backup" in n for n in s.notices)
    assert len(list(tmp_path.glob("db.json.corrupt-*"))) == 1
    s.close()


def test_backups_rotate_and_stay_valid(tmp_path):
    for i in range(5):
        s = Store(tmp_path)
        s.insert("contacts", {"name": f"C{i}"})
        s.close()
    Store(tmp_path).close()
    baks = sorted(tmp_path.glob("db.json.bak*"))
    assert [b.name for b in baks] == ["db.json.bak", "db.json.bak.1", "db.json.bak.2"]
    assert len(read_valid(tmp_path / "db.json.bak")["contacts"]) == 5
    assert len(read_valid(tmp_path / "db.json.bak.1")["contacts"]) == 4


def test_disk_full_keeps_old_data_and_next_write_succeeds(tmp_path, monkeypatch):
    s = Store(tmp_path)
    s.insert("contacts", {"name": "Kept"})
    real_write = os.write

    def half_then_full(fd, data):
        real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", half_then_full)
    with pytest.raises(StorageError, match="No space left"):
        s.insert("contacts", {"name": "Lost"})
    monkeypatch.undo()
    assert [c["name"] for c in s.all("contacts")] == ["Kept"]  # memory agrees with disk
    assert [c["name"] for c in on_disk(tmp_path)["contacts"].values()] == ["Kept"]
    s.insert("contacts", {"name": "Next"})
    s.close()
    again = Store(tmp_path)
    assert sorted(c["name"] for c in again.all("contacts")) == ["Kept", "Next"]
    assert again.notices == []
    again.close()


def test_failed_compaction_loses_nothing(tmp_path, monkeypatch):
    import server.storage as storage

    s = Store(tmp_path)
    s.insert("contacts", {"name": "A"})
    monkeypatch.setattr(storage, "COMPACT_MIN_BYTES", 0)  # compact after every commit
    real_fdopen = os.fdopen

    class HalfWriter:
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *a):
            self.fh.close()

        def write(self, text):
            self.fh.write(text[: len(text) // 2])
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: HalfWriter(real_fdopen(fd, *a, **k)))
    s.insert("contacts", {"name": "B"})  # durable in the journal; the snapshot rewrite fails quietly
    monkeypatch.undo()
    assert not list(tmp_path.glob(".db-*.tmp"))
    assert sorted(c["name"] for c in on_disk(tmp_path)["contacts"].values()) == ["A", "B"]
    s.close()


def test_torn_last_journal_line_is_dropped(tmp_path):
    s = Store(tmp_path)
    s.insert("contacts", {"name": "Acknowledged"})
    s.close()
    with open(tmp_path / "db.journal", "ab") as fh:
        fh.write(b'{"ops":[{"t":"contacts","id":"x","doc":{"name":"Torn')
    again = Store(tmp_path)
    assert [c["name"] for c in again.all("contacts")] == ["Acknowledged"]
    again.close()


@pytest.mark.parametrize("tail", [b'{"ops":[{"t":"contacts","id":"x","doc":{"na', b'{"ops": "garbage"}\n'])
def test_writes_after_a_broken_journal_line_survive_the_next_start(tmp_path, tail):
    """A journal holding only its generation and then a torn (or unreadable) line: a write made after that
    start must not be appended behind the broken line, where the start after would stop reading."""
    Store(tmp_path).close()
    with open(tmp_path / "db.journal", "ab") as fh:
        fh.write(tail)
    s = Store(tmp_path)
    assert s.notices
    s.insert("contacts", {"id": "a", "name": "Ana"})
    s.close()
    s = Store(tmp_path)
    assert [c["name"] for c in s.all("contacts")] == ["Ana"]
    s.close()


def test_journal_replays_after_a_crash_and_is_folded_once_settled(tmp_path):
    s = Store(tmp_path)
    ids = [s.insert("contacts", {"name": f"C{i}"})["id"] for i in range(20)]
    s.update("contacts", ids[0], {"name": "Renamed"})
    s.remove("contacts", ids[1])
    # no close(): as after kill -9, the journal holds the changes and db.json does not
    s._filelock.release()
    again = Store(tmp_path)
    names = {c["name"] for c in again.all("contacts")}
    assert len(names) == 19 and "Renamed" in names and "C1" not in names
    again.insert("contacts", {"name": "After"})  # appended behind the replayed changes
    again.settle()  # what the server's warm-up does once it answers
    assert len((tmp_path / "db.journal").read_bytes().splitlines()) == 1  # folded into db.json: only its header is left
    assert len(read_valid(tmp_path / "db.json")["contacts"]) == 20
    again.close()


def test_transaction_is_all_or_nothing(tmp_path):
    s = Store(tmp_path)
    keep = s.insert("contacts", {"name": "Keep", "email": "k@x.io"})
    with pytest.raises(RuntimeError):
        with s.transaction():
            s.insert("contacts", {"name": "Half"})
            s.update("contacts", keep["id"], {"name": "Changed"})
            raise RuntimeError("handler failed midway")
    assert [c["name"] for c in s.all("contacts")] == ["Keep"]
    assert s.lookup("contacts", "email", "k@x.io")[0]["name"] == "Keep"
    s.close()
    assert [c["name"] for c in Store(tmp_path, readonly=True).all("contacts")] == ["Keep"]


def test_indexes_follow_changes(tmp_path):
    s = Store(tmp_path)
    a = s.insert("contacts", {"name": "Ana Lima", "company": "Acme", "email": "a@x.io"})
    assert s.lookup("contacts", "person", "ana lima|acme")[0]["id"] == a["id"]
    s.update("contacts", a["id"], {"email": "ana@x.io"})
    assert s.lookup("contacts", "email", "a@x.io") == []
    assert s.find("contacts", email="ana@x.io")[0]["id"] == a["id"]
    s.remove("contacts", a["id"])
    assert s.lookup("contacts", "person", "ana lima|acme") == []
    s.insert("touches", {"contact_id": "c1", "kind": "met"})
    s.insert("touches", {"contact_id": "c1", "kind": "reply"})
    assert sorted(t["kind"] for t in s.find("touches", contact_id="c1")) == ["met", "reply"]
    s.close()


KEYS = ["c1", "c2", "c3", None, ""]
OPS = st.lists(st.tuples(
    st.sampled_from(["insert", "update", "put", "remove", "rolled_back"]),
    st.integers(0, 7),  # which document (ids d0..d7)
    st.fixed_dictionaries({"contact_id": st.sampled_from(KEYS), "interview_id": st.sampled_from(KEYS)}),
), max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_indexes_agree_with_a_full_scan_after_any_changes(tmp_path_factory, ops):
    """Whatever sequence of writes (and rolled-back transactions), an indexed find equals a brute-force scan,
    for indexes built before the changes and for ones built after them."""
    s = Store(tmp_path_factory.mktemp("idx"))
    s.find("touches", contact_id="c1")  # contact_id index built now and kept up to date; interview_id later
    for op, n, fields in ops:
        ident = f"d{n}"
        if op == "insert" and s.get("touches", ident) is None:
            s.insert("touches", {"id": ident, **fields})
        elif op == "update":
            s.update("touches", ident, fields)
        elif op == "put":
            s.put("touches", ident, fields)
        elif op == "remove":
            s.remove("touches", ident)
        elif op == "rolled_back":
            with pytest.raises(RuntimeError), s.transaction():
                s.put("touches", ident, fields)
                s.remove("touches", f"d{(n + 1) % 8}")
                raise RuntimeError("undo")
    docs = s.all("touches")
    for field in ("contact_id", "interview_id"):
        for key in ("c1", "c2", "c3"):
            expected = sorted(d["id"] for d in docs if d.get(field) == key)
            assert sorted(d["id"] for d in s.find("touches", **{field: key})) == expected
            assert [d["id"] for d in s.lookup("touches", field, key)] == expected
    s.close()


def test_a_person_twice_on_a_panel_is_indexed_once(tmp_path):
    s = Store(tmp_path)
    seat = {"contact_id": "c1", "topics": []}
    iv = s.insert("interviews", {"interviewers": [seat, seat]})
    assert [d["id"] for d in s.lookup("interviews", "contact_id", "c1")] == [iv["id"]]
    s.update("interviews", iv["id"], {"interviewers": [seat]})
    s.remove("interviews", iv["id"])
    assert s.lookup("interviews", "contact_id", "c1") == []
    s.close()


def test_touches_are_kept_without_their_id_yet_always_handed_out_with_it(tmp_path):
    s = Store(tmp_path)
    t = s.insert("touches", {"contact_id": "c1", "kind": "met"})
    assert t["id"] and s.get("touches", t["id"])["id"] == t["id"]
    assert [d["id"] for d in s.find("touches", contact_id="c1")] == [t["id"]]
    assert [d["id"] for d in s.find("touches", id=t["id"])] == [t["id"]]
    assert [d["id"] for d in s.lookup("touches", "contact_id", "c1")] == [t["id"]]
    assert [d["id"] for d in s.all("touches")] == [t["id"]]
    assert s.snapshot()["touches"][0]["id"] == t["id"]
    assert s.items("touches")[0][0] == t["id"] and "id" not in s.scan("touches")[0]
    s.close()
    s = Store(tmp_path)  # from the journal, then from the folded snapshot
    assert s.get("touches", t["id"])["kind"] == "met"
    s.close()
    s = Store(tmp_path)
    raw = json.loads((tmp_path / "db.json").read_text())
    assert raw["touches"][t["id"]] == {"contact_id": "c1", "kind": "met"}
    assert raw["contacts"] == {}
    s.restore({"touches": [{"id": "t1", "contact_id": "c2", "kind": "reply"}]})
    assert s.get("touches", "t1") == {"id": "t1", "contact_id": "c2", "kind": "reply"}
    assert json.loads((tmp_path / "db.json").read_text())["touches"] == {"t1": {"contact_id": "c2", "kind": "reply"}}
    s.close()


def test_a_file_whose_touches_hold_their_ids_loads_and_is_rewritten_without_them(tmp_path):
    """db.json as written before touches were kept bare (each document also holding its id)."""
    (tmp_path / "db.json").write_text(json.dumps({
        "contacts": {"c1": {"id": "c1", "name": "Ana"}},
        "touches": {"t1": {"id": "t1", "contact_id": "c1", "kind": "met"}},
        "_meta": {"generation": 3},
    }))
    s = Store(tmp_path)
    assert s.get("touches", "t1") == {"id": "t1", "contact_id": "c1", "kind": "met"}
    assert s.find("touches", contact_id="c1")[0]["id"] == "t1"
    raw = json.loads((tmp_path / "db.json").read_text())
    assert raw["touches"] == {"t1": {"contact_id": "c1", "kind": "met"}}
    assert raw["contacts"] == {"c1": {"id": "c1", "name": "Ana"}}
    s.close()


def test_a_bulk_transaction_is_written_as_a_new_snapshot_all_or_nothing(tmp_path, monkeypatch):
    import server.storage as storage

    monkeypatch.setattr(storage, "BULK_FOLD", 10)
    s = Store(tmp_path)
    keep = s.insert("contacts", {"name": "Keep"})
    with s.bulk():
        for i in range(50):
            s.insert("contacts", {"name": f"Row {i}"})
        s.update("contacts", keep["id"], {"title": "CTO"})
    assert (tmp_path / "db.journal").read_text().count("\n") == 1  # only the new generation's first line
    assert len(json.loads((tmp_path / "db.json").read_text())["contacts"]) == 51
    with pytest.raises(RuntimeError), s.bulk():
        s.insert("contacts", {"name": "Lost"})
        s.remove("contacts", keep["id"])
        raise RuntimeError("a row the import cannot read")
    with pytest.raises(StorageError, match="JSON cannot hold"), s.bulk():
        s.insert("contacts", {"name": "Bad", "score": float("nan")})
    assert s.count("contacts") == 51 and s.get("contacts", keep["id"])["title"] == "CTO"
    assert s.lookup("contacts", "person", "lost|") == [] and not s.find("contacts", name="Lost")
    s.close()
    names = {c["name"] for c in on_disk(tmp_path)["contacts"].values()}
    assert len(names) == 51 and "Lost" not in names and "Bad" not in names


def test_a_small_bulk_transaction_is_one_journal_line(tmp_path):
    s = Store(tmp_path)
    with s.bulk():
        a = s.insert("contacts", {"name": "A"})
        s.update("contacts", a["id"], {"title": "CTO"})
        t = s.insert("touches", {"contact_id": a["id"], "kind": "met"})
    lines = (tmp_path / "db.journal").read_text().splitlines()
    assert len(lines) == 2 and '"CTO"' in lines[1]  # the generation, then the one transaction
    s.close()
    state = on_disk(tmp_path)
    assert state["contacts"][a["id"]]["title"] == "CTO" and state["touches"][t["id"]]["kind"] == "met"


def test_a_bulk_transaction_inside_another_commits_with_it(tmp_path):
    s = Store(tmp_path)
    with s.transaction():
        a = s.insert("contacts", {"name": "A"})
        with s.bulk():
            b = s.insert("contacts", {"name": "B"})
    assert s.get("contacts", a["id"]) and s.get("contacts", b["id"])
    s.close()
    assert set(on_disk(tmp_path)["contacts"]) == {a["id"], b["id"]}


def _two_touches(tmp_path):
    s = Store(tmp_path)
    s.restore({"contacts": [{"id": "c1", "name": "Ana", "company": "Acme"}],
               "touches": [{"id": f"t{i}", "contact_id": "c1", "kind": "met", "at": "2026-11-20T10:00:00+00:00"}
                           for i in range(2)]})
    s.close()


def test_a_start_reads_the_cache_made_for_this_db_json_and_shares_repeated_strings(tmp_path, monkeypatch):
    import server.storage as storage

    _two_touches(tmp_path)
    assert (tmp_path / "db.cache").exists()
    monkeypatch.setattr(storage, "read_valid", lambda path: pytest.fail("db.json was parsed despite its cache"))
    s = Store(tmp_path)
    a, b = s.scan("touches")
    assert s.get("contacts", "c1")["name"] == "Ana" and a == b
    assert a["contact_id"] is b["contact_id"] and a["at"] is b["at"]  # one string, however many touches
    s.close()


def test_db_json_parsed_shares_repeated_strings_too(tmp_path):
    _two_touches(tmp_path)
    (tmp_path / "db.cache").unlink()
    s = Store(tmp_path)
    a, b = s.scan("touches")
    assert a["contact_id"] is b["contact_id"] and a["kind"] is b["kind"]
    s.settle()  # the warm-up's job: the next start has its cache again
    assert (tmp_path / "db.cache").exists()
    s.close()


@pytest.mark.parametrize("damage", ["payload", "truncated", "header", "other_db"])
def test_a_damaged_or_stale_cache_is_never_used(tmp_path, damage):
    _two_touches(tmp_path)
    cache = tmp_path / "db.cache"
    raw = bytearray(cache.read_bytes())
    if damage == "payload":
        raw[-20] ^= 0xFF
        cache.write_bytes(raw)
    elif damage == "truncated":
        cache.write_bytes(raw[: len(raw) // 2])
    elif damage == "header":
        cache.write_bytes(b"{not json\n" + raw.split(b"\n", 1)[1])
    else:  # db.json replaced by another database (say, copied back by hand): its old cache must not win
        (tmp_path / "db.json").write_text(json.dumps({"contacts": {"c2": {"id": "c2", "name": "Ben"}}}))
    s = Store(tmp_path)
    names = [c["name"] for c in s.all("contacts")]
    assert names == (["Ben"] if damage == "other_db" else ["Ana"])
    s.close()


def test_failing_rename_during_restore_changes_nothing(tmp_path, monkeypatch):
    s = Store(tmp_path)
    s.insert("contacts", {"name": "Kept"})

    def broken_replace(*a, **k):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(StorageError, match="nothing changed"):
        s.restore({"contacts": [{"id": "x", "name": "Replacement"}]})
    monkeypatch.undo()
    assert [c["name"] for c in s.all("contacts")] == ["Kept"]
    assert not list(tmp_path.glob(".db-*.tmp"))
    s.insert("contacts", {"name": "Next"})
    s.close()
    assert sorted(c["name"] for c in on_disk(tmp_path)["contacts"].values()) == ["Kept", "Next"]


def test_threads_lose_no_write(tmp_path):
    s = Store(tmp_path)
    c = s.insert("contacts", {"name": "Shared", "n": 0})

    def work(i):
        for j in range(25):
            s.insert("touches", {"contact_id": c["id"], "n": i * 100 + j})
            with s.transaction():
                cur = s.get("contacts", c["id"])
                s.update("contacts", c["id"], {"n": cur["n"] + 1})

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert s.count("touches") == 200
    assert s.get("contacts", c["id"])["n"] == 200
    assert len(on_disk(tmp_path)["touches"]) == 200
    s.close()


def test_restore_is_all_or_nothing(tmp_path):
    s = Store(tmp_path)
    s.insert("contacts", {"name": "Old"})
    snap = {"contacts": [{"id": "abc", "name": "New"}], "interviews": []}
    s.restore(snap)
    assert s.all("contacts") == [{"id": "abc", "name": "New"}]
    s.close()


def test_changes_since_names_what_changed(tmp_path):
    s = Store(tmp_path)
    v0 = s.version
    a = s.insert("contacts", {"name": "A"})
    t = s.insert("touches", {"contact_id": a["id"], "kind": "met"})
    assert s.changes_since(v0) == {("contacts", a["id"]), ("touches", t["id"])}
    assert s.changes_since(s.version) == set()
    s.restore(s.snapshot())
    assert s.changes_since(v0) is None  # a restore changes everything
    s.close()


def test_restore_survives_a_journal_that_could_not_be_reset(tmp_path, monkeypatch):
    """A crash (here: a failing rename) after the restored snapshot is written must not replay old changes."""
    s = Store(tmp_path)
    s.insert("contacts", {"name": "Old"})
    real_replace = os.replace

    def no_journal_rename(src, dst, *a, **k):
        if str(dst).endswith("db.journal"):
            raise OSError(5, "Input/output error")
        return real_replace(src, dst, *a, **k)

    monkeypatch.setattr(os, "replace", no_journal_rename)
    s.restore({"contacts": [{"id": "r1", "name": "Restored"}]})
    s.insert("contacts", {"name": "After"})  # written while the journal is stale: must not be lost
    monkeypatch.undo()
    assert sorted(c["name"] for c in s.all("contacts")) == ["After", "Restored"]
    s._filelock.release()  # as after kill -9
    again = Store(tmp_path)
    assert sorted(c["name"] for c in again.all("contacts")) == ["After", "Restored"]
    again.insert("contacts", {"name": "Later"})
    again.close()
    assert sorted(c["name"] for c in on_disk(tmp_path)["contacts"].values()) == ["After", "Later", "Restored"]
