"""The split layout in use: db check and compact from the CLI, history read from the journal's end,
shared values in read records, replaced files deleted later, leftovers of a crashed change."""

from __future__ import annotations

from pathlib import Path

import orjson
from click.testing import CliRunner

from tracker.cli import cli
from tracker.model import Card, Status
from tracker.store import Store
from tracker.store_layout import RETIRE_GRACE_SECONDS

PLANS = Path(__file__).resolve().parent.parent / "plans"


def run(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--lang", "en", "--db", str(db), *args], catch_exceptions=False)


def imported(tmp_path: Path) -> Path:
    db = tmp_path / "db.json"
    assert run(db, "import", str(PLANS)).exit_code == 0
    return db


def test_db_check_says_a_healthy_database_is_whole(tmp_path):
    db = imported(tmp_path)
    assert run(db, "move", "nam-dinh-55-2013.1", "--to", "doing").exit_code == 0
    result = run(db, "db", "check")
    assert result.exit_code == 0, result.output
    assert "143 cards of 5 plans in 5 card files; 2 change sets with 144 events" in result.output
    assert "The database is whole." in result.output
    report = orjson.loads(run(db, "db", "check", "--format", "json").stdout)
    assert report["ok"] and report["cards"] == 143 and report["problems"] == []


def test_compact_archives_old_change_sets_and_keeps_the_rest_undoable(tmp_path):
    db = imported(tmp_path)
    head = orjson.loads(db.read_bytes())
    # The import happened "long ago": its change set is dated 2020 in the journal.
    journal = db.with_name("db.json.d") / head["_meta"]["1"]["journal"]
    lines = journal.read_bytes().splitlines()
    first = orjson.loads(lines[0])
    first["set"]["at"] = "2020-01-01T00:00:00Z"
    lines[0] = orjson.dumps(first)
    data = b"\n".join(lines) + b"\n"
    journal.write_bytes(data)
    head["_meta"]["1"]["journal_size"] = len(data)
    db.write_bytes(orjson.dumps(head))
    assert run(db, "move", "nam-dinh-55-2013.1", "--to", "doing").exit_code == 0

    result = run(db, "db", "compact", "--before", "2021-01-01")
    assert result.exit_code == 0, result.output
    assert "Archived 1 change sets (143 events)" in result.output
    archive = tmp_path / "db-history-before-2021-01-01.jsonl"
    archived = [orjson.loads(line) for line in archive.read_bytes().splitlines()]
    assert archived[0]["set"]["action"] == "import" and len(archived) == 144
    history = orjson.loads(run(db, "history", "--format", "json").stdout)
    assert [row["action"] for row in history] == ["move"]
    assert run(db, "undo").exit_code == 0            # the kept change set is still undoable
    assert Store(db).load().cards["nam-dinh-55-2013.1"].status == Status.NOT_STARTED
    # Nothing older is left to undo: the import went to the archive with its events.
    assert run(db, "undo").exit_code == 1
    assert run(db, "db", "check").exit_code == 0
    assert len(Store(db).load().cards) == 143          # cards are never touched by compact


def test_history_limit_and_show_read_only_what_they_need(tmp_path):
    db = imported(tmp_path)
    for status in ("doing", "done", "todo"):
        assert run(db, "move", "nam-dinh-55-2013.2", "--to", status).exit_code == 0
    rows = orjson.loads(run(db, "history", "--limit", "2", "--format", "json").stdout)
    assert [row["id"] for row in rows] == [4, 3]
    assert [event["to"] for row in rows for event in row["events"]] == ["not-started", "done"]
    shown = orjson.loads(run(db, "show", "nam-dinh-55-2013.2", "--format", "json").stdout)
    assert [event["kind"] for event in shown["history"]] == ["create", "status", "status", "status"]


def test_records_that_share_values_stay_apart_when_one_card_changes(tmp_path):
    db = tmp_path / "db.json"
    store = Store(db)
    with store.transaction("import") as tx:
        for i in (1, 2):
            tx.put_card(Card(id=f"p.{i}", plan="p", number=str(i), content="x", lead=["Sở Nội vụ"]))
    board = Store(db)
    board.share_records()                          # as the board does: it keeps every card in memory
    snapshot = board.load()
    read = {doc["id"]: doc for doc in snapshot.docs()}    # read back: both records share one lead list
    assert read["p.1"]["lead"] is read["p.2"]["lead"]
    assert read["p.1"]["notes"] is read["p.2"]["notes"] and read["p.1"]["plan"] is read["p.2"]["plan"]
    plain = {doc["id"]: doc for doc in Store(db).load().docs()}
    assert plain["p.1"]["lead"] is not plain["p.2"]["lead"]    # a command that reads and exits does not pool
    fresh = Store(db)
    with fresh.transaction("edit") as tx:
        tx.edit("p.1", {"lead": ["Sở Tư pháp"]})
    card = snapshot.card("p.1")           # a card made from a shared record has its own lists
    card.notes.append("ghi chú")
    after = Store(db).load()
    assert after.cards["p.1"].lead == ["Sở Tư pháp"] and after.cards["p.2"].lead == ["Sở Nội vụ"]
    assert snapshot.doc("p.2")["lead"] == ["Sở Nội vụ"] and snapshot.doc("p.2")["notes"] == []


def test_replaced_card_files_go_only_after_a_later_change_and_the_grace_time(tmp_path, monkeypatch):
    import tracker.store as store_module

    db = tmp_path / "db.json"
    store = Store(db)
    with store.transaction("import") as tx:
        tx.put_card(Card(id="p.1", plan="p", number="1", content="x"))
    folder = db.with_name("db.json.d") / "plans"
    first = set(folder.iterdir())
    with store.transaction("edit") as tx:          # an edit rewrites the plan's card file
        tx.edit("p.1", {"content": "y"})
    assert first <= set(folder.iterdir())          # still named by the .bak head, and readers may be on it
    clock = [store_module.time.time() + RETIRE_GRACE_SECONDS + 1]
    monkeypatch.setattr(store_module.time, "time", lambda: clock[0])
    with store.transaction("edit") as tx:
        tx.edit("p.1", {"content": "z"})
    assert not first & set(folder.iterdir())      # a later head landed and the grace time passed
    assert len(list(folder.iterdir())) == 2        # the current file and the one the .bak head names


def test_files_of_a_change_that_crashed_are_removed_by_the_next(tmp_path):
    db = tmp_path / "db.json"
    store = Store(db)
    with store.transaction("import") as tx:
        tx.put_card(Card(id="p.1", plan="p", number="1", content="x"))
    counter = store.load().counter
    folder = db.with_name("db.json.d")
    orphan = folder / "plans" / f"00009-other.{counter + 1}.json"   # written, then the writer died
    orphan.write_bytes(b"{}")
    with Store(db).transaction("move") as tx:
        tx.set_status("p.1", Status.DONE)
    assert not orphan.exists()
