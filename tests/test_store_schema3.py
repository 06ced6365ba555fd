"""Schema 3 (README "Storage"): state letters, the agency index, record spans, the status
overlay, and the migration from schema 2, each checked against what the card records say."""

from __future__ import annotations

import os
import random
from datetime import date
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from tracker.card_view import select_ids as select_from_records
from tracker.cli import cli
from tracker.errors import StoreCorrupt
from tracker.filters import Filters
from tracker.model import Card, Status
from tracker.services import bulk_move
from tracker.store import SCHEMA_VERSION, Store
from tracker.store_maintenance import check, compact

AGENCIES = ["Sở Nội vụ", "Sở Tư pháp", "Sở Kế hoạch và Đầu tư", "UBND các huyện, thành phố",
            "Sở Thông tin và Truyền thông", "Văn phòng UBND tỉnh", "Sở Tài chính"]
PLANS = ["nam-dinh-55-2013", "nam-dinh-12-2014", "ha-noi-7-2025", "hue-3-2025"]
TODAY = date(2025, 6, 1)


def random_cards(rng: random.Random, count: int) -> list[Card]:
    cards = []
    for n in range(count):
        plan = rng.choice(PLANS)
        cards.append(Card(id=f"{plan}.{n}", plan=plan, number=str(n), content=f"Nhiệm vụ {n}",
                          lead=rng.sample(AGENCIES, rng.randint(0, 2)),
                          support=rng.sample(AGENCIES, rng.randint(0, 3)),
                          status=rng.choice(list(Status)), archived=rng.random() < 0.15))
    return cards


def seeded(path: Path, count: int = 120, seed: int = 3) -> Store:
    store = Store(path)
    with store.transaction("import", via="import") as tx:
        for card in random_cards(random.Random(seed), count):
            tx.put_card(card)
    return store


def random_filters(rng: random.Random) -> Filters:
    statuses = rng.sample(list(Status), rng.randint(0, 2))
    words = rng.sample(["nội vụ", "TU PHAP", "huyện", "sở", "truyền", "không có"], rng.randint(0, 2))
    return Filters(agency=tuple(words) or None, lead_only=rng.random() < 0.5,
                   plan=rng.choice([None, "nam-dinh", "ha-noi-7-2025", "HUE", "x"]),
                   status=tuple(statuses) or None, include_archived=rng.random() < 0.5)


def test_the_index_selects_exactly_what_the_records_select(tmp_path):
    store = seeded(tmp_path / "db.json")
    with store.transaction("move") as tx:                # some statuses only in the overlay
        for card_id in list(tx.card_ids())[::7]:
            tx.set_status(card_id, Status.DONE)
    snapshot = Store(tmp_path / "db.json").load()
    assert snapshot.source.overlay()                     # the patches are not folded yet
    rng = random.Random(11)
    records = list(snapshot.docs(archived=None))
    nonempty = 0
    for _ in range(300):
        filters = random_filters(rng)
        expected = select_from_records(records, filters, TODAY)
        assert snapshot.select_ids(filters, TODAY) == expected, filters
        nonempty += bool(expected)
    assert nonempty > 100                                # the comparison was not between empty lists


def test_one_record_read_from_its_span_equals_the_whole_files_record(tmp_path):
    seeded(tmp_path / "db.json")
    whole = {doc["id"]: doc for doc in Store(tmp_path / "db.json").load().docs(archived=None)}
    snapshot = Store(tmp_path / "db.json").load()
    for card_id, doc in whole.items():
        assert snapshot.doc(card_id) == doc
    assert not snapshot.source.cache                     # no card file was read whole


def test_a_record_not_where_the_head_says_is_read_from_the_whole_file(tmp_path):
    db = tmp_path / "db.json"
    seeded(db)
    head = orjson.loads(db.read_bytes())
    entry = next(iter(head["shards"].values()))
    entry["at"] = [start + 3 for start in entry["at"]]   # every span off by three bytes
    db.write_bytes(orjson.dumps(head))
    card_id = entry["ids"][1]
    snapshot = Store(db).load()
    assert snapshot.doc(card_id)["id"] == card_id and entry["file"] in snapshot.source.cache
    assert any("record positions" in problem for problem in check(Store(db)).problems)
    compact(Store(db), before=None)                      # rewrites that plan's file with true spans
    assert check(Store(db)).problems == []
    assert Store(db).load().doc(card_id)["id"] == card_id


def test_a_damaged_record_read_alone_is_refused(tmp_path):
    db = tmp_path / "db.json"
    seeded(db)
    head = orjson.loads(db.read_bytes())
    entry = next(iter(head["shards"].values()))
    path = db.with_name("db.json.d") / entry["file"]
    data = path.read_bytes()
    card_id = entry["ids"][0]
    start = entry["at"][0]
    damaged = data[:start] + data[start:].replace(b'"status":"', b'"status":"x', 1)
    path.write_bytes(damaged)
    head_entry_at = [start] + [at + 1 for at in entry["at"][1:]]  # the head as if it had been written so
    entry["at"] = head_entry_at
    db.write_bytes(orjson.dumps(head))
    with pytest.raises(StoreCorrupt, match="damaged"):
        Store(db).load().doc(card_id)


def schema_two(db: Path) -> None:
    """Turn a schema-3 database whose overlay is folded into the schema-2 one it would have been."""
    head = orjson.loads(db.read_bytes())
    meta = head["_meta"]["1"]
    assert not meta["overlay"]
    os.remove(db.with_name(db.name + ".d") / meta.pop("index"))
    del meta["overlay"]
    meta["schema_version"] = 2
    for entry in head["shards"].values():
        del entry["state"], entry["at"]
    db.write_bytes(orjson.dumps(head))


def test_a_schema_two_database_migrates_on_first_change_and_selects_as_before(tmp_path):
    db = tmp_path / "db.json"
    seeded(db)
    expected = {doc["id"]: doc for doc in Store(db).load().docs(archived=None)}
    schema_two(db)
    files_before = {path.name: path.read_bytes() for path in (db.with_name("db.json.d") / "plans").iterdir()}
    filters = Filters(agency="nội vụ")
    old_selection = select_from_records(expected.values(), filters, TODAY)

    store = Store(db)
    snapshot = store.load()
    assert snapshot.meta["schema_version"] == SCHEMA_VERSION
    head = orjson.loads(db.read_bytes())
    assert all("state" in entry and "at" in entry for entry in head["shards"].values())
    # No card file was rewritten: a head kept from before still reads them.
    assert {path.name: path.read_bytes() for path in (db.with_name("db.json.d") / "plans").iterdir()} == files_before
    assert {doc["id"]: doc for doc in snapshot.docs(archived=None)} == expected
    assert snapshot.select_ids(filters, TODAY) == old_selection
    assert check(store).problems == []
    moved, _ = bulk_move(store, filters, Status.IN_PROGRESS, today=TODAY)
    assert sorted(moved) == sorted(card_id for card_id in old_selection
                                   if expected[card_id]["status"] != Status.IN_PROGRESS.value)
    after = Store(db).load()
    assert all(after.doc(card_id)["status"] == "in-progress" for card_id in old_selection)


def test_a_read_only_schema_two_database_is_read_without_the_index(tmp_path):
    db = tmp_path / "db.json"
    seeded(db)
    expected = {doc["id"]: doc for doc in Store(db).load().docs(archived=None)}
    schema_two(db)
    snapshot = Store(db, view_only=True).load()
    assert snapshot.meta["schema_version"] == 2 and snapshot.source.index() is None
    filters = Filters(agency="tư pháp", status=Status.DONE, include_archived=True)
    assert snapshot.select_ids(filters, TODAY) == select_from_records(expected.values(), filters, TODAY)
    assert snapshot.agency_names() is None
    assert snapshot.doc(next(iter(expected))) == next(iter(expected.values()))


def test_db_compact_folds_the_overlay_and_rebuilds_a_damaged_index(tmp_path):
    db = tmp_path / "db.json"
    store = seeded(db)
    with store.transaction("move") as tx:
        for card_id in list(tx.card_ids())[:9]:
            tx.set_status(card_id, Status.DONE, note="xong")
    patched = sum(len(patches) for patches in Store(db).load().source.overlay().values())
    assert patched >= 5
    before = {doc["id"]: doc for doc in Store(db).load().docs(archived=None)}
    meta = orjson.loads(db.read_bytes())["_meta"]["1"]
    (db.with_name("db.json.d") / meta["index"]).write_bytes(b'{"plans": {"p": [1]}}')
    problems = check(Store(db)).problems
    assert any("index" in problem for problem in problems)

    result = CliRunner().invoke(cli, ["--lang", "en", "--db", str(db), "db", "compact"])
    assert result.exit_code == 0, result.output
    assert f"Wrote {patched} recent status changes into their card files." in result.output
    meta = orjson.loads(db.read_bytes())["_meta"]["1"]
    assert meta["overlay"] == ""
    assert check(Store(db)).problems == []
    # The card files themselves now say what the cards are (what a TinyDB script reads).
    folder = db.with_name("db.json.d")
    on_disk = {doc["id"]: doc for entry in orjson.loads(db.read_bytes())["shards"].values()
               for doc in orjson.loads((folder / entry["file"]).read_bytes())["cards"].values()}
    assert on_disk == before
    assert Store(db).load().select_ids(Filters(agency="nội vụ"), TODAY) == \
        select_from_records(before.values(), Filters(agency="nội vụ"), TODAY)


def test_db_check_names_state_letters_that_disagree_with_the_records(tmp_path):
    db = tmp_path / "db.json"
    seeded(db)
    head = orjson.loads(db.read_bytes())
    entry = next(iter(head["shards"].values()))
    entry["state"] = "n" * len(entry["ids"]) if set(entry["state"]) != {"n"} else "d" * len(entry["ids"])
    db.write_bytes(orjson.dumps(head))
    problems = check(Store(db)).problems
    assert any(entry["plan"] in problem for problem in problems), problems
    compact(Store(db), before=None)
    assert check(Store(db)).problems == []
