"""The command line: every status command end to end, JSON outputs, exit codes, help texts."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import click
import pytest
from click.testing import CliRunner

from tracker.cli import cli
from tracker.deadlines import parse_deadline
from tracker.model import Card, Plan, Status
from tracker.store import Store

CARDS = [
    ("nd.1", "Sở Nội vụ", ["Các sở, ban, ngành tỉnh"], "Quý IV năm 2013", "Rà soát, đánh giá chất lượng cán bộ"),
    ("nd.2", "Sở Nội vụ", ["UBND cấp huyện"], "Quý I năm 2014", "Xây dựng Đề án vị trí việc làm"),
    ("nd.3", "Sở Tư pháp", ["Sở Nội vụ"], "Thường xuyên", "Rà soát văn bản quy phạm pháp luật"),
    ("nd.4", "Sở Tư pháp", [], "Quý II năm 2014", "Kiểm soát thủ tục hành chính"),
    ("nd.5", "Sở Thông tin và Truyền thông", ["Sở Nội vụ"], "Năm 2015", "Công khai thủ tục hành chính"),
    ("nd.10", "Sở Y tế", [], "Quý II năm 2014", "Khảo sát sự hài lòng về y tế"),
]


@pytest.fixture
def db(isolated_db):
    store = Store(isolated_db)
    with store.transaction("import", via="import") as tx:
        tx.put_plan(Plan(key="nd", number="55/KH-UBND", province="Nam Định", date="2013-08-14", title="Kế hoạch"))
        for card_id, lead, support, time_text, content in CARDS:
            tx.put_card(Card(id=card_id, plan="nd", number=card_id.split(".")[1], content=content, lead=[lead],
                             support=support, lead_text=lead, support_text=", ".join(support),
                             time_text=time_text, deadline=parse_deadline(time_text)))
    return isolated_db


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def statuses(db) -> dict[str, str]:
    return {card_id: card.status.value for card_id, card in Store(db).load().cards.items()}


def test_list_json_is_utf8_sorted_and_complete(db):
    result = run("list", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [row["id"] for row in rows] == [c[0] for c in CARDS]
    assert "Sở Nội vụ" in result.stdout                       # not \u-escaped
    assert list(rows[0]) == sorted(rows[0])                   # stable key order
    assert rows[0]["deadline"] == {"kind": "quarter", "due": "2013-12-31", "quarter": 4}


@pytest.mark.parametrize("query", ["Sở Nội vụ", "so noi vu", "SỞ NỘI VỤ", "sở nội vụ"])
def test_agency_filter_ignores_case_and_diacritics(db, query):
    rows = json.loads(run("list", "--agency", query, "--format", "json").stdout)
    assert [row["id"] for row in rows] == ["nd.1", "nd.2", "nd.3", "nd.5"]
    lead = json.loads(run("list", "--agency", query, "--lead-only", "--format", "json").stdout)
    assert [row["id"] for row in lead] == ["nd.1", "nd.2"]


def test_filters_combine(db):
    def ids(*args):
        return [row["id"] for row in json.loads(run("list", *args, "--format", "json").stdout)]

    assert ids("--quarter", "2014Q2") == ["nd.4", "nd.10"]
    assert ids("--due-before", "2014-03-31") == ["nd.1", "nd.2"]
    assert ids("--due-after", "2014-04-01", "--agency", "tu phap") == ["nd.4"]
    assert ids("--overdue", "--today", "2014-04-01") == ["nd.1", "nd.2"]
    assert ids("--search", "thu tuc hanh chinh") == ["nd.4", "nd.5"]
    assert ids("--status", "chưa bắt đầu", "--plan", "nd") == [c[0] for c in CARDS]


def test_a_filter_matching_nothing_exits_0_with_a_message(db):
    result = CliRunner().invoke(cli, ["list", "--agency", "Sở Ngoại vụ", "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    assert "No card matches" in result.stderr


def test_jsonl_and_csv(db):
    lines = run("list", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [c[0] for c in CARDS]
    csv_lines = run("list", "--format", "csv").stdout.splitlines()
    assert csv_lines[0].startswith("id,plan,number,section,status,due")
    assert len(csv_lines) == len(CARDS) + 1


def test_move_by_prefix_records_note_and_author(db):
    result = CliRunner().invoke(cli, ["move", "nd.1", "nd.2", "--to", "doing", "--note", "Đang soạn", "--by", "Lan",
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [row["status"] for row in json.loads(result.stdout)] == ["in-progress", "in-progress"]
    assert "Moved 2 cards to in-progress" in result.stderr
    history = json.loads(run("history", "nd.1", "--format", "json").stdout)
    (event,) = history[0]["events"]
    assert (event["from"], event["to"], event["note"], event["by"], event["via"]) == \
        ("not-started", "in-progress", "Đang soạn", "Lan", "cli")


def test_unknown_and_ambiguous_ids_change_nothing(db):
    before = db.read_bytes()
    unknown = CliRunner().invoke(cli, ["move", "nd.2", "nd.99", "--to", "done"])
    assert unknown.exit_code == 3 and "nd.99" in unknown.stderr
    ambiguous = CliRunner().invoke(cli, ["move", "nd.1", "--to", "done"])   # nd.1 is exact: fine
    assert ambiguous.exit_code == 0
    before = db.read_bytes()
    ambiguous = CliRunner().invoke(cli, ["show", "nd"])
    assert ambiguous.exit_code == 3 and "ambiguous" in ambiguous.stderr and "nd.10" in ambiguous.stderr
    assert db.read_bytes() == before


def test_unknown_status_lists_the_accepted_words(db):
    result = CliRunner().invoke(cli, ["move", "nd.1", "--to", "finished-ish"])
    assert result.exit_code == 2
    assert "todo" in result.stderr and "in-progress" in result.stderr
    assert statuses(db)["nd.1"] == "not-started"


@pytest.mark.parametrize("word, expected", [("todo", "not-started"), ("doing", "in-progress"), ("done", "done"),
                                            ("dang-thuc-hien", "in-progress"), ("hoàn thành", "done"),
                                            ("Hoan-Thanh", "done"), ("chưa bắt đầu", "not-started")])
def test_status_aliases(db, word, expected):
    run("move", "nd.3", "--to", "doing")
    assert run("move", "nd.3", "--to", word).exit_code == 0
    assert statuses(db)["nd.3"] == expected


def test_bulk_dry_run_then_bulk_then_undo(db):
    dry = CliRunner().invoke(cli, ["bulk", "--agency", "so noi vu", "--to", "done", "--dry-run", "--format", "json"])
    assert dry.exit_code == 0 and len(json.loads(dry.stdout)) == 4 and "nothing changed" in dry.stderr
    assert set(statuses(db).values()) == {"not-started"}
    done = CliRunner().invoke(cli, ["bulk", "--agency", "so noi vu", "--to", "done"])
    assert done.exit_code == 0
    assert [k for k, v in statuses(db).items() if v == "done"] == ["nd.1", "nd.2", "nd.3", "nd.5"]
    undo = CliRunner().invoke(cli, ["undo"])
    assert undo.exit_code == 0 and "4 cards" in undo.stderr
    assert set(statuses(db).values()) == {"not-started"}
    nothing = CliRunner().invoke(cli, ["undo"])
    assert nothing.exit_code == 1 and "nothing to undo" in nothing.stderr


def test_bulk_without_filters_needs_yes(db):
    result = CliRunner().invoke(cli, ["bulk", "--to", "done"])
    assert result.exit_code == 2
    assert set(statuses(db).values()) == {"not-started"}


def test_apply_csv_all_rows_with_bom_and_windows_line_endings(db, tmp_path):
    path = tmp_path / "updates.csv"
    path.write_bytes("\ufeffid,status,note,by\r\nnd.1,done,Đã xong,Sở Nội vụ\r\nnd.4,doing,,\r\n".encode())
    result = CliRunner().invoke(cli, ["apply", str(path)])
    assert result.exit_code == 0, result.stderr
    assert statuses(db)["nd.1"] == "done" and statuses(db)["nd.4"] == "in-progress"
    events = Store(db).load().events
    assert [(e.card, e.by, e.note) for e in events] == [("nd.1", "Sở Nội vụ", "Đã xong"), ("nd.4", "", "")]


def test_apply_is_all_or_nothing_and_names_every_bad_row(db, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("id,status\nnd.1,done\nnd.77,done\nnd.2,sleeping\nnd.1,doing\n", encoding="utf-8")
    before = db.read_bytes()
    result = CliRunner().invoke(cli, ["apply", str(path)])
    assert result.exit_code == 2
    for needle in ("line 3", "nd.77", "line 4", "sleeping", "line 5", "already appears on line 2"):
        assert needle in result.stderr
    assert db.read_bytes() == before


@pytest.mark.parametrize("content, needle", [
    (b"card,state\nnd.1,done\n", "expected id,status"),
    ("id,status\nnd.1,done\n".encode("utf-16"), "UTF-16"),
    ("id,status,note\nnd.1,done,Hoàn thành\n".encode("cp1258"), "not UTF-8"),
    (b"", "is empty"),
])
def test_apply_rejects_bad_files(db, tmp_path, content, needle):
    path = tmp_path / "f.csv"
    path.write_bytes(content)
    result = CliRunner().invoke(cli, ["apply", str(path)])
    assert result.exit_code == 2 and needle in result.stderr
    assert set(statuses(db).values()) == {"not-started"}


def test_apply_json_lines_from_stdin_and_empty_line_notice(db):
    data = '{"id": "nd.2", "status": "done"}\n\n{"id": "nd.3", "status": "doing", "note": "50%"}\n'
    result = CliRunner().invoke(cli, ["apply", "-"], input=data)
    assert result.exit_code == 0 and "line 2 is empty" in result.stderr
    assert statuses(db)["nd.2"] == "done" and statuses(db)["nd.3"] == "in-progress"


def test_show_json_includes_history(db):
    run("move", "nd.5", "--to", "done")
    row = json.loads(run("show", "nd.5", "--format", "json").stdout)
    assert row["id"] == "nd.5" and row["status"] == "done"
    assert [e["to"] for e in row["history"]] == ["done"]
    table = run("show", "nd.5")
    assert "Sở Thông tin và Truyền thông" in table.stdout and "History:" in table.stdout


def test_agencies_and_plans(db):
    rows = json.loads(run("agencies", "--format", "json").stdout)
    noi_vu = next(row for row in rows if row["agency"] == "Sở Nội vụ")
    assert (noi_vu["cards"], noi_vu["lead"], noi_vu["support"]) == (4, 2, 2)
    plans = json.loads(run("plans", "--format", "json").stdout)
    assert plans[0]["key"] == "nd" and plans[0]["cards"] == 6 and plans[0]["not-started"] == 6


def test_bad_option_values_are_usage_errors(db):
    assert CliRunner().invoke(cli, ["list", "--quarter", "2014Q5"]).exit_code == 2
    assert CliRunner().invoke(cli, ["list", "--due-before", "31/13/2014"]).exit_code == 2


def test_corrupt_database_exits_5_without_traceback(isolated_db):
    isolated_db.write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(cli, ["list"])
    assert result.exit_code == 5
    assert "not valid JSON" in result.stderr and "Traceback" not in result.output
    assert isolated_db.read_text(encoding="utf-8") == "{not json"


def _commands(group: click.Group, prefix=()):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):      # the top group loads its commands on demand
        command = group.get_command(ctx, name)
        yield prefix + (name,), command
        if isinstance(command, click.Group):
            yield from _commands(command, prefix + (name,))


def test_every_command_has_help_with_an_example():
    for path, command in _commands(cli):
        result = CliRunner().invoke(cli, [*path, "--help"])
        assert result.exit_code == 0, path
        assert (command.help or "").strip(), f"{' '.join(path)} has no help text"
        if not isinstance(command, click.Group):
            assert "Example" in command.help, f"{' '.join(path)} has no example"


def test_stdin_pipeline_in_real_processes(db):
    env = {"TRACKER_DB": str(db), "PATH": ""}
    listed = subprocess.run([sys.executable, "-m", "tracker", "list", "--agency", "Sở Tư pháp", "--format", "jsonl"],
                            capture_output=True, env=env, timeout=60)
    ids = "\n".join(json.loads(line)["id"] for line in listed.stdout.decode().splitlines())
    moved = subprocess.run([sys.executable, "-m", "tracker", "move", "-", "--to", "done"], input=ids.encode(),
                           capture_output=True, env=env, timeout=60)
    assert moved.returncode == 0, moved.stderr.decode()
    assert [k for k, v in statuses(db).items() if v == "done"] == ["nd.3", "nd.4"]


HOLD_LOCK = """
import sys, time
from filelock import FileLock
lock = FileLock(sys.argv[1] + ".lock")   # kept in a name: a collected FileLock releases itself
lock.acquire()
print("locked", flush=True)
time.sleep(30)
"""


def test_a_database_locked_by_another_writer_exits_5_after_a_bounded_wait(db, monkeypatch):
    monkeypatch.setenv("TRACKER_LOCK_TIMEOUT", "0.5")
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        before = db.read_bytes()
        result = CliRunner().invoke(cli, ["move", "nd.1", "--to", "done"])
        assert result.exit_code == 5
        assert "locked by another tracker process" in result.stderr and "try again" in result.stderr
        assert db.read_bytes() == before
        assert CliRunner().invoke(cli, ["list", "--format", "json"]).exit_code == 0   # reading is never blocked
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.parametrize("separator, named", [(";", "semicolons"), ("\t", "tabs")])
def test_apply_reads_the_csv_excel_writes_in_a_vietnamese_locale(db, tmp_path, separator, named):
    path = tmp_path / "updates.csv"
    rows = [["id", "status", "note"], ["nd.1", "xong", "Đã ban hành; QĐ 12"], ["nd.4", "complete", ""]]
    path.write_bytes(("\ufeff" + "\r\n".join(separator.join(
        f'"{cell}"' if separator in cell else cell for cell in row) for row in rows) + "\r\n").encode())
    result = CliRunner().invoke(cli, ["apply", str(path)])
    assert result.exit_code == 0, result.stderr
    assert f"read as CSV separated by {named}" in result.stderr
    assert statuses(db)["nd.1"] == "done" and statuses(db)["nd.4"] == "done"
    assert Store(db).load().cards["nd.1"].note == "Đã ban hành; QĐ 12"
