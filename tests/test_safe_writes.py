"""Safe writes: one atomic writer for the database, reports and calendars; links, modes and read-only files."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from tracker import files
from tracker.cli import cli
from tracker.errors import StoreReadOnly
from tracker.model import Card, Plan, Status
from tracker.store import Store

PLANS = Path(__file__).resolve().parent.parent / "plans"


def run(*args: str):
    return CliRunner().invoke(cli, ["--lang", "en", *args], catch_exceptions=False)


def seed(path: Path) -> Store:
    store = Store(path)
    with store.transaction("import") as tx:
        tx.put_plan(Plan(key="p"))
        tx.put_card(Card(id="p.1", plan="p", number="1", content="Nội dung"))
    return store


def test_a_symlinked_database_is_written_where_it_points_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "data" / "tracker.json"
    real.parent.mkdir()
    seed(real)
    link = tmp_path / "tracker.json"
    link.symlink_to(real)
    assert run("--db", str(link), "move", "p.1", "--to", "done").exit_code == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert Store(real).load().cards["p.1"].status.value == "done"
    assert (real.parent / "tracker.json.lock").exists()


def test_the_database_keeps_its_mode_and_a_read_only_one_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "tracker.json"
    seed(db)
    os.chmod(db, 0o640)
    assert run("--db", str(db), "move", "p.1", "--to", "doing").exit_code == 0
    assert stat.S_IMODE(db.stat().st_mode) == 0o640
    os.chmod(db, 0o444)
    before = db.read_bytes()
    result = run("--db", str(db), "move", "p.1", "--to", "done")
    assert result.exit_code == 5
    assert "is read-only" in result.output and "chmod u+w" in result.output
    assert db.read_bytes() == before
    with pytest.raises(StoreReadOnly):
        with Store(db).transaction("edit") as tx:
            tx.set_status("p.1", Status.DONE)
    assert run("--db", str(db), "list", "--format", "json").exit_code == 0      # reads still work


def test_the_lock_file_of_a_shared_folder_is_writable_by_everyone(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o777)
    old = os.umask(0o022)
    try:
        seed(shared / "tracker.json")
    finally:
        os.umask(old)
    assert stat.S_IMODE((shared / "tracker.json.lock").stat().st_mode) == 0o666


def test_a_report_replaces_a_planted_symlink_instead_of_writing_through_it(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    assert run("--db", str(db), "import", str(PLANS)).exit_code == 0
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    report = tmp_path / "exports" / "report.md"
    report.parent.mkdir()
    report.symlink_to(victim)
    result = run("--db", str(db), "report", "--as-of", "2014-06-30", "--format", "md", "-o", str(report))
    assert result.exit_code == 0, result.output
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert not report.is_symlink() and report.read_text(encoding="utf-8").startswith("# ")


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp_file(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "report.xlsx"
    target.write_bytes(b"old report")

    def disk_full(*_args):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(files.os, "replace", disk_full)
    with pytest.raises(OSError):
        files.write_atomic(target, b"new report")
    assert target.read_bytes() == b"old report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.xlsx"]


def test_new_calendar_and_report_files_are_readable_by_others(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    assert run("--db", str(db), "import", str(PLANS)).exit_code == 0
    old = os.umask(0o022)
    try:
        assert run("--db", str(db), "export", "ics", "-o", str(tmp_path / "c.ics")).exit_code == 0
        assert run("--db", str(db), "report", "--as-of", "2014-06-30", "--format", "html",
                   "-o", str(tmp_path / "r.html")).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "c.ics").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "r.html").stat().st_mode) == 0o644


# --- a hand-damaged database: exit 5 with what is wrong, never "unexpected" -----------------------

import json as _json

# Damage to a card file (one plan's cards), to the head (_meta, plans, the card files' index) and
# to the history journal; each names what is wrong and which file.
CARD_DAMAGE = {
    "status unknown": lambda cards: _card(cards).update(status="finished-ish"),
    "status a number": lambda cards: _card(cards).update(status=5),
    "id missing": lambda cards: _card(cards).pop("id"),
    "id a number": lambda cards: _card(cards).update(id=5),
    "duplicate id": lambda cards: cards["cards"].update({"999": dict(_card(cards))}),
    "lead a string": lambda cards: _card(cards).update(lead="Sở Nội vụ"),
    "lead holds numbers": lambda cards: _card(cards).update(lead=[1, 2]),
    "support an object": lambda cards: _card(cards).update(support={"a": 1}),
    "content a number": lambda cards: _card(cards).update(content=5),
    "note a list": lambda cards: _card(cards).update(note=["x"]),
    "deadline a string": lambda cards: _card(cards).update(deadline="Quý IV"),
    "source a list": lambda cards: _card(cards).update(source=[1]),
    "extras a string": lambda cards: _card(cards).update(extras="x"),
    "sequence text": lambda cards: _card(cards).update(sequence="1"),
    "card not an object": lambda cards: cards["cards"].update({next(iter(cards["cards"])): 5}),
    "cards a list": lambda cards: cards.update(cards=[]),
}
HEAD_DAMAGE = {
    "meta counter text": lambda head: head["_meta"]["1"].update(counter="7"),
    "meta next_event null": lambda head: head["_meta"]["1"].update(next_event=None),
    "meta not an object": lambda head: head["_meta"].update({"1": []}),
    "plan without key": lambda head: next(iter(head["plans"].values())).pop("key"),
    "card file index without file": lambda head: next(iter(head["shards"].values())).pop("file"),
}
JOURNAL_DAMAGE = {
    "event line not JSON": lambda lines: lines.__setitem__(1, b'{"id": 1, "card": '),
    "journal cut short": lambda lines: lines.__setitem__(slice(1, None), []),
}


def _card(cards: dict) -> dict:
    return next(iter(cards["cards"].values()))


def _damaged_db(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A database after an import and a move: its head, the plan's card file, its journal."""
    db = tmp_path / "db.json"
    assert run("--db", str(db), "import", str(PLANS / "nam-dinh-55-kh-ubnd-2013.txt")).exit_code == 0
    assert run("--db", str(db), "move", "nam-dinh-55-2013.1", "--to", "doing").exit_code == 0
    head = _json.loads(db.read_text(encoding="utf-8"))
    folder = tmp_path / "db.json.d"
    (entry,) = head["shards"].values()
    return db, folder / entry["file"], folder / head["_meta"]["1"]["journal"]


def _refused(db: Path, damaged: Path, *words: str) -> None:
    before = damaged.read_bytes()
    for args in (("list",), ("move", "nam-dinh-55-2013.2", "--to", "done"), ("report", "--as-of", "2014-06-30"),
                 ("db", "check")):
        result = CliRunner().invoke(cli, ["--lang", "en", "--db", str(db), *args])
        assert result.exit_code == 5, (args, result.output)
        assert "damaged" in result.output and "unexpected" not in result.output
        for word in words:
            assert word in result.output, (args, word, result.output)
    assert damaged.read_bytes() == before


@pytest.mark.parametrize("kind", sorted(CARD_DAMAGE))
def test_a_damaged_card_file_gives_exit_5_naming_the_file(kind: str, tmp_path: Path) -> None:
    db, card_file, _ = _damaged_db(tmp_path)
    cards = _json.loads(card_file.read_text(encoding="utf-8"))
    CARD_DAMAGE[kind](cards)
    card_file.write_text(_json.dumps(cards, ensure_ascii=False), encoding="utf-8")
    _refused(db, card_file, card_file.name)


@pytest.mark.parametrize("kind", sorted(HEAD_DAMAGE))
def test_a_damaged_head_gives_exit_5_naming_the_backup(kind: str, tmp_path: Path) -> None:
    db, _, _ = _damaged_db(tmp_path)
    head = _json.loads(db.read_text(encoding="utf-8"))
    HEAD_DAMAGE[kind](head)
    db.write_text(_json.dumps(head, ensure_ascii=False), encoding="utf-8")
    _refused(db, db, "db.json.bak")      # where the last good copy is


@pytest.mark.parametrize("kind", sorted(JOURNAL_DAMAGE))
def test_a_damaged_journal_gives_exit_5_for_what_reads_history(kind: str, tmp_path: Path) -> None:
    db, _, journal = _damaged_db(tmp_path)
    lines = journal.read_bytes().splitlines()
    JOURNAL_DAMAGE[kind](lines)
    journal.write_bytes(b"\n".join(lines) + b"\n")
    before = journal.read_bytes()
    for args in (("history",), ("undo",), ("db", "check")):
        result = CliRunner().invoke(cli, ["--lang", "en", "--db", str(db), *args])
        assert result.exit_code == 5, (args, result.output)
        assert "damaged" in result.output and "journal" in result.output and "unexpected" not in result.output
    assert journal.read_bytes() == before
    # Cards are still there to read and change: the damage is in the history alone.
    assert run("--db", str(db), "list").exit_code == 0
