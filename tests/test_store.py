"""The store: transactions, history counters, backups, and every way a database file can be bad."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import orjson
import pytest
from tinydb import TinyDB

from tracker.errors import NotFoundError, StoreCorrupt, StoreError, StoreLocked, StoreReadOnly
from tracker.model import Card, Status
from tracker.store import SCHEMA_VERSION, Store, backup_path


def make_cards(n: int, plan: str = "p") -> list[Card]:
    return [Card(id=f"{plan}.{i}", plan=plan, number=str(i), content=f"Nhiệm vụ {i}", lead=["Sở Nội vụ"])
            for i in range(1, n + 1)]


def seed(store: Store, n: int = 5) -> None:
    with store.transaction("import", via="import") as tx:
        for card in make_cards(n):
            tx.put_card(card)


def test_transaction_writes_cards_history_and_meta_together(isolated_db):
    store = Store(isolated_db)
    seed(store)
    with store.transaction("move", by="Lan", via="cli") as tx:
        tx.set_status("p.2", Status.DONE, "xong")
    head = orjson.loads(isolated_db.read_bytes())
    meta = head["_meta"]["1"]
    assert meta["counter"] == 2 and meta["next_event"] == 2 and meta["next_change_set"] == 2
    (entry,) = head["shards"].values()
    # A status change leaves the card file as the import wrote it: the head's state letters and
    # the overlay carry it (README "Storage").
    assert entry["plan"] == "p" and entry["ids"] == ["p.1", "p.2", "p.3", "p.4", "p.5"] and entry["tx"] == 1
    assert entry["state"] == "ndnnn"
    folder = isolated_db.with_name("tracker.json.d")
    overlay = orjson.loads((folder / meta["overlay"]).read_bytes())["patches"]
    assert overlay == {"p": {"p.2": {"status": "done", "updated_at": overlay["p"]["p.2"]["updated_at"], "seq": 1,
                                     "note": "xong"}}}
    journal = (folder / meta["journal"]).read_bytes()
    assert len(journal) == meta["journal_size"]
    change_set, event = (orjson.loads(line) for line in journal.splitlines())
    assert change_set["set"]["action"] == "move" and change_set["set"]["id"] == 1
    assert event["card"] == "p.2" and event["from"] == "not-started" and event["to"] == "done"
    assert event["by"] == "Lan" and event["via"] == "cli" and event["change_set"] == 1
    cards = orjson.loads((folder / entry["file"]).read_bytes())
    card = next(doc for doc in cards["cards"].values() if doc["id"] == "p.2")
    assert card["status"] == "not-started" and card["sequence"] == 0
    for reader in (store, Store(isolated_db)):          # the writer's own view and a fresh process's
        doc = reader.load().doc("p.2")
        assert doc["status"] == "done" and doc["note"] == "xong" and doc["sequence"] == 1
    # Vietnamese is stored as UTF-8, not \u escapes
    assert "Nhiệm vụ".encode() in (folder / entry["file"]).read_bytes()


def test_a_change_that_rewrites_a_card_file_folds_its_plans_overlay_into_it(isolated_db):
    store = Store(isolated_db)
    seed(store)
    with store.transaction("move") as tx:
        tx.set_status("p.2", Status.DONE, "xong")
        tx.set_status("p.3", Status.IN_PROGRESS)
    with store.transaction("move") as tx:
        tx.set_status("p.2", Status.IN_PROGRESS)        # a second patch on the same card adds up
    with store.transaction("edit") as tx:
        tx.edit("p.4", {"content": "Nội dung mới"})     # p's card file is rewritten: the patches go in
    head = orjson.loads(isolated_db.read_bytes())
    meta, (entry,) = head["_meta"]["1"], head["shards"].values()
    assert meta["overlay"] == "" and entry["tx"] == meta["counter"] and entry["state"] == "nppnn"
    folder = isolated_db.with_name("tracker.json.d")
    docs = {doc["id"]: doc for doc in orjson.loads((folder / entry["file"]).read_bytes())["cards"].values()}
    assert [docs[f"p.{n}"]["status"] for n in range(1, 6)] == ["not-started", "in-progress", "in-progress",
                                                               "not-started", "not-started"]
    assert docs["p.2"]["sequence"] == 2 and docs["p.2"]["note"] == "xong" and docs["p.4"]["content"] == "Nội dung mới"
    assert Store(isolated_db).load().doc("p.2") == docs["p.2"]


def test_past_its_limit_the_overlay_is_folded_into_every_card_file(isolated_db, monkeypatch):
    import tracker.store_data as store_data

    monkeypatch.setattr(store_data, "OVERLAY_LIMIT", 3)
    store = Store(isolated_db)
    seed(store)
    with store.transaction("move") as tx:
        for card_id in ("p.1", "p.2", "p.3"):
            tx.set_status(card_id, Status.DONE)
    assert len(orjson.loads(isolated_db.read_bytes())["_meta"]["1"]["overlay"]) > 0
    with store.transaction("move") as tx:
        tx.set_status("p.4", Status.DONE)                # the fourth patch: over the limit
    head = orjson.loads(isolated_db.read_bytes())
    (entry,) = head["shards"].values()
    assert head["_meta"]["1"]["overlay"] == "" and entry["state"] == "ddddn"
    cards = orjson.loads((isolated_db.with_name("tracker.json.d") / entry["file"]).read_bytes())["cards"]
    assert [doc["status"] for doc in cards.values()] == ["done"] * 4 + ["not-started"]


def test_head_and_card_files_are_valid_tinydb_databases(isolated_db):
    store = Store(isolated_db)
    seed(store, 3)
    with store.transaction("import", via="import") as tx:
        tx.put_card(Card(id="q.1", plan="q", number="1", content="Khác"))
    head = TinyDB(isolated_db)
    files = {entry["plan"]: entry["file"] for entry in head.table("shards").all()}
    head.close()
    assert set(files) == {"p", "q"}
    for plan, ids in (("p", ["p.1", "p.2", "p.3"]), ("q", ["q.1"])):
        db = TinyDB(isolated_db.with_name("tracker.json.d") / files[plan])
        assert sorted(doc["id"] for doc in db.table("cards").all()) == ids
        db.close()


def test_an_aborted_transaction_writes_nothing(isolated_db):
    store = Store(isolated_db)
    seed(store)
    before = isolated_db.read_bytes()
    with pytest.raises(RuntimeError):
        with store.transaction("move") as tx:
            tx.set_status("p.1", Status.DONE)
            raise RuntimeError("boom")
    assert isolated_db.read_bytes() == before
    assert store.load().cards["p.1"].status == Status.NOT_STARTED


def test_unknown_card_in_transaction_is_not_found(isolated_db):
    store = Store(isolated_db)
    seed(store)
    with pytest.raises(NotFoundError):
        with store.transaction("move") as tx:
            tx.card("p.99")


def test_reads_are_cached_until_the_file_changes(isolated_db):
    store, other = Store(isolated_db), Store(isolated_db)
    seed(store)
    first = store.load()
    assert store.load() is first                      # no change: served from memory
    with other.transaction("move") as tx:
        tx.set_status("p.1", Status.IN_PROGRESS)
    assert store.changed_on_disk()
    assert store.load().cards["p.1"].status == Status.IN_PROGRESS


def test_backup_keeps_the_previous_good_file(isolated_db):
    store = Store(isolated_db)
    seed(store)
    previous = isolated_db.read_bytes()
    with store.transaction("move") as tx:
        tx.set_status("p.1", Status.DONE)
    assert backup_path(isolated_db).read_bytes() == previous


@pytest.mark.parametrize("content, words", [
    (b"", "is empty"),
    (b'{"_meta": {"1": {"schema_version": 1, "counter": 3', "not valid JSON"),
    (b"\x00\x01\x02binary", "not valid JSON"),
    (b'{"cards": {}}', "not a tracker database"),
    (b"[1, 2, 3]", "not a tracker database"),
])
def test_a_bad_file_is_reported_and_never_overwritten(isolated_db, content, words):
    isolated_db.write_bytes(content)
    store = Store(isolated_db)
    with pytest.raises(StoreCorrupt) as info:
        store.load()
    assert words in info.value.message and str(isolated_db) in info.value.message
    assert "backup" in info.value.message or "copy" in info.value.message
    with pytest.raises(StoreCorrupt):
        with store.transaction("move"):
            pass
    assert isolated_db.read_bytes() == content
    assert info.value.exit_code == 5


def test_corrupt_file_message_names_the_backup(isolated_db):
    store = Store(isolated_db)
    seed(store)
    with store.transaction("move") as tx:
        tx.set_status("p.1", Status.DONE)
    isolated_db.write_bytes(isolated_db.read_bytes()[:40])   # truncated by a crash elsewhere
    with pytest.raises(StoreCorrupt) as info:
        Store(isolated_db).load()
    assert str(backup_path(isolated_db)) in info.value.message


def test_newer_schema_opens_read_only(isolated_db):
    store = Store(isolated_db)
    seed(store)
    raw = orjson.loads(isolated_db.read_bytes())
    raw["_meta"]["1"]["schema_version"] = SCHEMA_VERSION + 1
    isolated_db.write_bytes(orjson.dumps(raw))
    before = isolated_db.read_bytes()
    fresh = Store(isolated_db)
    assert fresh.load().cards["p.1"].content == "Nhiệm vụ 1"     # still readable
    assert fresh.read_only
    with pytest.raises(StoreReadOnly) as info:
        with fresh.transaction("move") as tx:
            tx.set_status("p.1", Status.DONE)
    assert "newer" in info.value.message
    assert isolated_db.read_bytes() == before


def test_older_schema_is_migrated_after_a_backup(isolated_db):
    old_bytes = orjson.dumps(V1_DATABASE)
    isolated_db.write_bytes(old_bytes)
    fresh = Store(isolated_db)
    with fresh.transaction("move") as tx:
        tx.set_status("p.1", Status.DONE)
    assert isolated_db.with_name("tracker.json.v1.bak").read_bytes() == old_bytes
    snapshot = Store(isolated_db).load()
    assert snapshot.schema_version == SCHEMA_VERSION
    assert [(cs.id, cs.action, cs.undone_by) for cs in snapshot.change_sets] == [(1, "import", None), (2, "move", 3),
                                                                                  (3, "undo", None), (4, "move", None)]
    assert [(e.id, e.card, e.kind) for e in snapshot.events] == [(1, "p.1", "create"), (2, "p.2", "create"),
                                                                 (3, "p.1", "status"), (4, "p.1", "status"),
                                                                 (5, "p.1", "status")]
    assert snapshot.cards["p.1"].status == Status.DONE and snapshot.cards["p.2"].content == "Hai"
    assert snapshot.sync_state == {"calendar": "http://dav/x/"}
    assert snapshot.plans["p"].title == "Kế hoạch"


def test_a_schema_1_file_that_may_not_be_written_is_read_as_it_is(isolated_db):
    old_bytes = orjson.dumps(V1_DATABASE)
    isolated_db.write_bytes(old_bytes)
    isolated_db.chmod(0o444)
    snapshot = Store(isolated_db).load()
    assert snapshot.cards["p.1"].status == Status.NOT_STARTED and len(snapshot.events) == 4
    assert [cs.undone_by for cs in snapshot.change_sets] == [None, 3, None]
    assert Store(isolated_db).read_only
    assert isolated_db.read_bytes() == old_bytes and not isolated_db.with_name("tracker.json.d").exists()


# A database as schema 1 wrote it: everything, history included, in one file.
V1_DATABASE = {
    "_meta": {"1": {"schema_version": 1, "counter": 3, "next_event": 5, "next_change_set": 4, "next_doc": 3}},
    "plans": {"1": {"key": "p", "number": "1/KH", "title": "Kế hoạch"}},
    "cards": {"1": {"id": "p.1", "plan": "p", "number": "1", "content": "Một", "status": "not-started"},
              "2": {"id": "p.2", "plan": "p", "number": "2", "content": "Hai", "status": "not-started"}},
    "events": {str(n): {"id": n, "change_set": cs, "card": card, "kind": kind, "at": "2026-01-0%dT00:00:00Z" % n,
                        "by": "", "via": "cli", "field": "status" if kind == "status" else None,
                        "from": old, "to": new, "note": ""}
               for n, cs, card, kind, old, new in [(1, 1, "p.1", "create", None, None),
                                                   (2, 1, "p.2", "create", None, None),
                                                   (3, 2, "p.1", "status", "not-started", "done"),
                                                   (4, 3, "p.1", "status", "done", "not-started")]},
    "change_sets": {"1": {"id": 1, "at": "2026-01-01T00:00:00Z", "action": "import", "cards": 2},
                    "2": {"id": 2, "at": "2026-01-03T00:00:00Z", "action": "move", "cards": 1, "undone_by": 3},
                    "3": {"id": 3, "at": "2026-01-04T00:00:00Z", "action": "undo", "cards": 1, "undoes": 2}},
    "sync": {"1": {"calendar": "http://dav/x/"}},
}


def test_missing_folder_is_named(tmp_path):
    store = Store(tmp_path / "no-such-folder" / "tracker.json")
    with pytest.raises(StoreError) as info:
        with store.transaction("import"):
            pass
    assert "does not exist" in info.value.message and "mkdir" in info.value.hint


def test_folder_that_is_a_file_is_named(tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    with pytest.raises(StoreError):
        with Store(blocker / "tracker.json").transaction("import"):
            pass
    assert blocker.read_text() == "x"


@pytest.fixture
def unwritable_folder(tmp_path):
    """A folder nobody can create files in: chmod for users, the immutable flag for root."""
    folder = tmp_path / "ro"
    folder.mkdir()
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # root ignores permission bits; the ext4 immutable attribute stops even root
        if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
            pytest.skip("running as root on a file system without chattr +i")
        yield folder
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:
        folder.chmod(0o500)
        yield folder
        folder.chmod(0o700)


def test_unwritable_folder_is_named(unwritable_folder):
    with pytest.raises(StoreError) as info:
        with Store(unwritable_folder / "tracker.json").transaction("import") as tx:
            tx.put_card(make_cards(1)[0])
    assert "writable" in (info.value.hint or "") + info.value.message
    assert list(unwritable_folder.iterdir()) == []


HOLD_LOCK = """
import sys, time
from filelock import FileLock
lock = FileLock(sys.argv[1] + ".lock")
lock.acquire()
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
"""


def test_a_locked_database_waits_a_bounded_time_then_says_so(isolated_db):
    store = Store(isolated_db, lock_timeout=0.5)
    seed(store)
    before = isolated_db.read_bytes()
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(isolated_db), "30"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        with pytest.raises(StoreLocked) as info:
            with store.transaction("move") as tx:
                tx.set_status("p.1", Status.DONE)
        assert 0.4 < time.monotonic() - started < 5
        assert "locked" in info.value.message and info.value.exit_code == 5
    finally:
        holder.kill()
        holder.wait()
    assert isolated_db.read_bytes() == before


def test_a_lock_left_by_a_killed_process_does_not_block(isolated_db):
    store = Store(isolated_db, lock_timeout=2)
    seed(store)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(isolated_db), "30"], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    holder.kill()          # crashed while holding the lock: the OS releases it, the lock file stays
    holder.wait()
    assert (isolated_db.parent / "tracker.json.lock").exists()
    with store.transaction("move") as tx:
        tx.set_status("p.1", Status.DONE)
    assert store.load().cards["p.1"].status == Status.DONE


def test_stale_temp_files_are_cleaned_at_start(isolated_db):
    store = Store(isolated_db)
    seed(store)
    stale = isolated_db.parent / ".tmp-tracker.json.12345.678"
    stale.write_bytes(b"half a file")
    with Store(isolated_db).transaction("move") as tx:
        tx.set_status("p.1", Status.DONE)
    assert not stale.exists()
