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
    raw = orjson.loads(isolated_db.read_bytes())
    meta = raw["_meta"]["1"]
    assert meta["counter"] == 2 and meta["next_event"] == 2 and meta["next_change_set"] == 2
    (event,) = raw["events"].values()
    assert event["card"] == "p.2" and event["from"] == "not-started" and event["to"] == "done"
    assert event["by"] == "Lan" and event["via"] == "cli" and event["change_set"] == 1
    card = next(doc for doc in raw["cards"].values() if doc["id"] == "p.2")
    assert card["status"] == "done" and card["note"] == "xong" and card["sequence"] == 1
    # Vietnamese is stored as UTF-8, not \u escapes
    assert "Nhiệm vụ".encode() in isolated_db.read_bytes()


def test_file_is_a_valid_tinydb_database(isolated_db):
    store = Store(isolated_db)
    seed(store, 3)
    db = TinyDB(isolated_db)
    assert sorted(doc["id"] for doc in db.table("cards").all()) == ["p.1", "p.2", "p.3"]
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
    store = Store(isolated_db)
    seed(store)
    raw = orjson.loads(isolated_db.read_bytes())
    raw["_meta"]["1"]["schema_version"] = 0
    old_bytes = orjson.dumps(raw)
    isolated_db.write_bytes(old_bytes)
    fresh = Store(isolated_db)
    with fresh.transaction("move") as tx:
        tx.set_status("p.1", Status.DONE)
    assert isolated_db.with_name("tracker.json.v0.bak").read_bytes() == old_bytes
    assert fresh.load().schema_version == SCHEMA_VERSION


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
