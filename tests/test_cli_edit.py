"""`tracker add/edit/archive/restore/progress` end to end: output, exit codes, nothing half-written, undo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tracker.cli import cli
from tracker.deadlines import parse_deadline
from tracker.model import Card, Plan
from tracker.store import Store

PLAN = "nam-dinh-55-2013"
C1 = f"{PLAN}.1"
NEW_COMMANDS = ("add", "edit", "archive", "restore", "progress")


@pytest.fixture
def db(isolated_db: Path) -> Path:
    store = Store(isolated_db)
    with store.transaction("import", via="import") as tx:
        tx.put_plan(Plan(key=PLAN, number="55/KH-UBND",
                         period={"text": "giai đoạn 2013 - 2015", "start": "2013-01-01", "end": "2015-12-31"}))
        tx.put_card(Card(id=C1, plan=PLAN, number="1", content="Rà soát thủ tục", lead=["Sở Nội vụ"],
                         lead_text="Sở Nội vụ", time_text="Quý IV năm 2013",
                         deadline=parse_deadline("Quý IV năm 2013"), source={"file": "55.txt", "line": 10}))
        tx.record(C1, "create", note="imported")
    return isolated_db


def run(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)


def card(db: Path, card_id: str = C1) -> Card:
    return Store(db).load().cards[card_id]


def state(db: Path, card_id: str = C1) -> dict:
    data = card(db, card_id).to_dict()
    return {k: v for k, v in data.items() if k not in ("updated_at", "sequence")}


ADD = ("add", "--plan", PLAN, "--content", "Thực hiện các công việc khác theo chỉ đạo", "--lead", "so noi vu",
       "--support", "Sở Tư pháp", "--support", "STC", "--time", "Quý IV/2014", "--by", "Chị Lan")


# -- add -----------------------------------------------------------------------------------------
def test_add_prints_the_id_and_the_parsed_deadline(db):
    result = run(db, *ADD)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{PLAN}.n1\n"
    assert "Deadline: quarter, due 2014-12-31 (Quý IV/2014)" in result.stderr
    new = card(db, f"{PLAN}.n1")
    assert (new.lead, new.support) == (["Sở Nội vụ"], ["Sở Tư pháp", "Sở Tài chính"])
    assert new.source["added_by"] == "Chị Lan"
    assert run(db, *ADD).stdout == f"{PLAN}.n2\n"
    shown = json.loads(run(db, "show", f"{PLAN}.n1", "--format", "json").stdout)
    assert shown["history"][0]["kind"] == "create"


def test_add_with_time_not_understood_warns_and_keeps_it(db):
    args = list(ADD)
    args[args.index("Quý IV/2014")] = "Khi hoàn tất đề án"
    result = run(db, *args)
    assert result.exit_code == 0
    assert "Warning: The time text 'Khi hoàn tất đề án' was not understood" in result.stderr
    assert "Deadline: unknown, no due date (Khi hoàn tất đề án)" in result.stderr
    assert card(db, f"{PLAN}.n1").time_text == "Khi hoàn tất đề án"


@pytest.mark.parametrize("change, code, message", [
    (("--content", "  "), 2, "The content is empty"),
    (("--plan", "ha-noi"), 3, f"There is no plan 'ha-noi'.\nKnown plans: {PLAN}"),
    (("--lead", "Sở Ngoại vụ"), 3, "Unknown lead agency: 'Sở Ngoại vụ' (closest: Sở Nội vụ"),
])
def test_add_bad_input_says_what_and_writes_nothing(db, change, code, message):
    args = list(ADD)
    args[args.index(change[0]) + 1] = change[1]
    before = db.read_bytes()
    result = run(db, *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert result.stdout == ""
    assert db.read_bytes() == before


def test_add_new_agency_flag_accepts_an_unknown_name(db):
    result = run(db, *ADD, "--lead", "Sở Ngoại vụ", "--new-agency")
    assert result.exit_code == 0
    assert "--new-agency" not in result.stderr and "New lead agency 'Sở Ngoại vụ'" in result.stderr
    assert card(db, f"{PLAN}.n1").lead == ["Sở Nội vụ", "Sở Ngoại vụ"]


def test_add_requires_lead_and_time(db):
    result = run(db, "add", "--plan", PLAN, "--content", "x", "--time", "Năm 2014")
    assert result.exit_code == 2 and "--lead" in result.stderr


def test_undo_add(db):
    run(db, *ADD)
    result = run(db, "undo")
    assert result.exit_code == 0 and "add" in result.stderr
    assert list(Store(db).load().cards) == [C1] and PLAN in Store(db).load().plans


# -- edit ----------------------------------------------------------------------------------------
def test_edit_changes_fields_and_undo_restores_them(db):
    before = state(db)
    result = run(db, "edit", C1, "--content", "Rà soát, đơn giản hóa", "--lead", "Sở Tư pháp", "--support",
                 "Sở Nội vụ", "--time", "Quý II/2015", "--note", "theo CV 12", "--section", "II", "--by", "Minh")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{C1}\n"
    assert "Deadline: quarter, due 2015-06-30 (Quý II/2015)" in result.stderr
    assert "Undo with `tracker undo`" in result.stderr
    edited = card(db)
    assert (edited.lead_text, edited.support_text, edited.note, edited.section) == (
        "Sở Tư pháp", "Sở Nội vụ", "theo CV 12", "II")
    assert "note" not in edited.edited and {"content", "lead", "time_text", "deadline"} <= set(edited.edited)
    history = json.loads(run(db, "history", C1, "--format", "json").stdout)
    assert history[0]["action"] == "edit" and history[0]["by"] == "Minh"
    assert run(db, "undo").exit_code == 0
    assert state(db) == before


def test_edit_by_prefix_and_clear_support(db):
    run(db, "edit", C1, "--support", "Sở Tư pháp")
    result = run(db, "edit", "nam-dinh-55-2013.1", "--clear-support")
    assert result.exit_code == 0 and card(db).support == [] and card(db).support_text == ""


def test_edit_same_values_says_nothing_changed(db):
    result = run(db, "edit", C1, "--content", "Rà soát thủ tục")
    assert result.exit_code == 0 and "Nothing changed" in result.stderr


@pytest.mark.parametrize("args, code, message", [
    ((C1,), 2, "Nothing to edit"),
    ((C1, "--content", ""), 2, "The content is empty"),
    ((C1, "--lead", "Sở Ngoại vụ"), 3, "accept it as a new agency with --new-agency"),
    ((C1, "--support", "Sở Tư pháp", "--clear-support"), 2, "contradict"),
    (("nam-dinh-55-2013.9", "--note", "x"), 3, "No card has the id"),
])
def test_edit_bad_input(db, args, code, message):
    before = db.read_bytes()
    result = run(db, "edit", *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert db.read_bytes() == before


# -- archive / restore ---------------------------------------------------------------------------
def test_archive_restore_and_undo_of_each(db):
    before = state(db)
    result = run(db, "archive", C1, "--by", "Lan")
    assert result.exit_code == 0 and "Archived 1 card" in result.stderr
    assert json.loads(run(db, "list", "--format", "json").stdout) == []
    assert [r["id"] for r in json.loads(run(db, "list", "--archived", "--format", "json").stdout)] == [C1]
    result = run(db, "edit", C1, "--note", "x")
    assert result.exit_code == 2 and f"tracker restore {C1}" in result.stderr
    assert "already archived" in run(db, "archive", C1).stderr
    assert run(db, "undo").exit_code == 0 and state(db) == before
    run(db, "archive", C1)
    archived = state(db)
    result = run(db, "restore", C1)
    assert result.exit_code == 0 and "Restored 1 card" in result.stderr and not card(db).archived
    assert run(db, "undo").exit_code == 0 and state(db) == archived
    shown = json.loads(run(db, "show", C1, "--format", "json").stdout)
    assert [e["kind"] for e in shown["history"]][-3:] == ["archive", "restore", "restore"]


def test_archive_unknown_id_changes_nothing(db):
    before = db.read_bytes()
    result = run(db, "archive", C1, "nope")
    assert result.exit_code == 3 and "nope" in result.stderr
    assert db.read_bytes() == before


# -- progress ------------------------------------------------------------------------------------
def test_progress_is_shown_and_undone(db):
    result = run(db, "progress", C1, "--note", "Đã trình dự thảo", "--by", "Sở Tư pháp", "--date", "2014-05-20")
    assert result.exit_code == 0
    assert f"Recorded progress on {C1} from Sở Tư pháp (2014-05-20)" in result.stderr
    shown = run(db, "show", C1)
    assert "progress" in shown.stdout and "Đã trình dự thảo" in shown.stdout and "by Sở Tư pháp" in shown.stdout
    event = json.loads(run(db, "show", C1, "--format", "json").stdout)["history"][-1]
    assert (event["kind"], event["to"], event["note"]) == ("progress", "2014-05-20", "Đã trình dự thảo")
    assert run(db, "undo").exit_code == 0
    from tracker.editing import latest_progress

    assert latest_progress(Store(db).load()) == {}


@pytest.mark.parametrize("args, code, message", [
    (("--note", " "), 2, "progress note is empty"),
    (("--note", "x", "--date", "2014-13-45"), 2, "is not a date"),
    ((), 2, "--note"),
])
def test_progress_bad_input(db, args, code, message):
    before = db.read_bytes()
    result = run(db, "progress", C1, *args)
    assert result.exit_code == code and message in result.stderr
    assert db.read_bytes() == before


# -- help ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("command", NEW_COMMANDS)
def test_every_new_command_has_help_with_an_example(db, command):
    result = run(db, command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout and f"tracker {command}" in result.stdout
