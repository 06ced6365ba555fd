"""`tracker report` and `tracker remind` end to end: JSON compared, files written, exit codes, messages."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

import tracker.store_data
from tracker.cli import cli
from tracker.model import Card, Deadline, Plan, Status
from tracker.services import move_cards
from tracker.store import Store

CARDS = [  # id, lead, due, status
    ("nd.1", "Sở Nội vụ", date(2014, 6, 30), "done"),
    ("nd.2", "Sở Nội vụ", date(2014, 6, 30), "in-progress"),
    ("nd.3", "Sở Tư pháp", date(2014, 7, 20), "not-started"),
    ("nd.4", "Sở Tư pháp", date(2014, 12, 31), "not-started"),
    ("st.1", "Sở Y tế", None, "in-progress"),
    ("st.2", "Sở Y tế", date(2014, 3, 31), "not-started"),
]


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "db.json"
    store = Store(path)
    with store.transaction("import", via="import") as tx:
        tx.put_plan(Plan("nd", number="55/KH-UBND", kind="Kế hoạch", province="Nam Định", date="2013-08-14",
                         period={"text": "giai đoạn 2013 - 2015"}))
        tx.put_plan(Plan("st", number="09/KH-UBND", kind="Kế hoạch", province="Sóc Trăng"))
        for card_id, lead, due, _ in CARDS:
            tx.put_card(Card(id=card_id, plan=card_id[:2], number=card_id[3:], content=f"Nhiệm vụ {card_id}",
                             lead=[lead], time_text=f"Hạn {due}" if due else "Thường xuyên",
                             deadline=Deadline("date" if due else "ongoing", due)))
    # history at a fixed day: moved at 10:00 Vietnam time on 2014-06-25
    monkeypatch.setattr(tracker.store_data, "utc_now", lambda: datetime(2014, 6, 25, 3, tzinfo=timezone.utc))
    for card_id, *_, status in CARDS:
        if status != "not-started":
            move_cards(store, [card_id], status)
    return path


def run(db, *args, lang=None):
    prefix = ["--db", str(db)] + (["--lang", lang] if lang else [])
    # a terminal as wide as a coordinator's: at 80 columns rich wraps the agency names
    return CliRunner().invoke(cli, [*prefix, *args], env={"COLUMNS": "160"})


def test_report_json_by_plan(db):
    result = run(db, "report", "--by", "plan", "--as-of", "2014-07-15", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [row["group"] for row in rows] == ["nd", "st"]
    nd, st = rows
    assert {k: nd[k] for k in ("total", "done", "in-progress", "not-started", "overdue", "done-on-time",
                               "due-soon", "not-due", "rate-due", "rate-all")} == {
        "total": 4, "done": 1, "in-progress": 1, "not-started": 2, "overdue": 1, "done-on-time": 1,
        "due-soon": 1, "not-due": 1, "rate-due": 50.0, "rate-all": 25.0}
    assert (st["no-deadline"], st["in-progress-overdue"], st["rate-due"]) == (1, 1, 0.0)
    assert sum(row["total"] for row in rows) == len(CARDS)


def test_filters_and_today_as_a_synonym_of_as_of(db):
    as_of = run(db, "report", "--agency", "so tu phap", "--as-of", "2014-07-15", "--format", "json")
    today = run(db, "report", "--agency", "so tu phap", "--today", "2014-07-15", "--format", "json")
    assert as_of.exit_code == today.exit_code == 0
    assert as_of.stdout == today.stdout
    (row,) = json.loads(as_of.stdout)
    assert (row["group"], row["total"], row["due-soon"], row["not-due"]) == ("Sở Tư pháp", 2, 1, 1)
    both = run(db, "report", "--as-of", "2014-07-15", "--today", "2014-07-16")
    assert both.exit_code == 2 and "disagree" in both.stderr


def test_as_of_before_the_moves_sees_the_old_statuses(db):
    rows = json.loads(run(db, "report", "--by", "plan", "--as-of", "2014-06-24", "--format", "json").stdout)
    assert rows[0]["done"] == 0 and rows[0]["not-started"] == 4


def test_since_lists_what_was_completed(db, monkeypatch):
    monkeypatch.delenv("TRACKER_LANG")          # the default language: Vietnamese
    after = run(db, "report", "--as-of", "2014-07-15", "--since", "2014-06-26", "--format", "md")
    before = run(db, "report", "--as-of", "2014-07-15", "--since", "2014-06-25", "--format", "md")
    assert after.exit_code == before.exit_code == 0
    assert "nd.1" not in after.stdout.split("## Nhiệm vụ đã hoàn thành")[1]
    assert "| nd.1 |" in before.stdout.split("## Nhiệm vụ đã hoàn thành")[1]


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_binary_formats_default_to_exports(db, tmp_path, monkeypatch, fmt):
    monkeypatch.chdir(tmp_path)
    result = run(db, "report", "--as-of", "2014-07-15", "--format", fmt)
    assert result.exit_code == 0, result.output
    written = tmp_path / "exports" / f"report-2014-07-15.{fmt}"
    assert written.stat().st_size > 1000
    assert str(written.relative_to(tmp_path)) in result.stderr and result.stdout == ""


def test_html_to_a_file_in_english(db, tmp_path):
    target = tmp_path / "out" / "report.html"
    result = run(db, "report", "--as-of", "2014-07-15", "--format", "html", "-o", str(target), lang="en")
    assert result.exit_code == 0, result.output
    page = target.read_text("utf-8")
    tags = []
    parser = HTMLParser()
    parser.handle_starttag = lambda tag, attrs: tags.append(tag)
    parser.feed(page)
    assert "svg" in tags and "Overdue tasks" in page and "Figures as of 2014-07-15" in page


def test_table_and_csv(db, monkeypatch):
    monkeypatch.delenv("TRACKER_LANG")          # the default language: Vietnamese
    table = run(db, "report", "--as-of", "2014-07-15")
    assert table.exit_code == 0 and "Sở Nội vụ" in table.stdout and "Tổng số 6 nhiệm vụ" in table.stderr
    csv = run(db, "report", "--as-of", "2014-07-15", "--format", "csv")
    header, *rows = csv.stdout.splitlines()
    assert header.startswith("group,label,total,not-started,in-progress,done,overdue,done-on-time")
    assert len(rows) == 3


@pytest.mark.parametrize("args, code, message", [
    (["--by", "province"], 2, "province"),
    (["--role", "boss"], 2, "boss"),
    (["--since", "2014-08-01", "--as-of", "2014-07-15"], 2, "after the cut-off"),
    (["--as-of", "31/9/2014"], 2, "not a date"),
    (["--soon", "-3"], 2, "--soon"),
    (["--format", "table", "-o", "x.txt"], 2, "table is for the terminal"),
])
def test_bad_input_is_a_message_and_an_exit_code(db, args, code, message):
    result = run(db, "report", *args)
    assert result.exit_code == code, result.output
    assert message in result.stderr and "Traceback" not in result.output


def test_unwritable_output_path(db, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    result = run(db, "report", "--format", "docx", "-o", str(blocker / "r.docx"), "--as-of", "2014-07-15")
    assert result.exit_code == 1 and "Cannot write the report" in result.stderr
    folder = run(db, "report", "--format", "xlsx", "-o", str(tmp_path), "--as-of", "2014-07-15")
    assert folder.exit_code == 2 and "is a folder" in folder.stderr
    assert "Traceback" not in result.output + folder.output


def test_empty_database_says_so(tmp_path):
    result = run(tmp_path / "empty.json", "report", "--format", "json", "--as-of", "2014-07-15")
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    assert "tracker import" in result.stderr


def test_remind_json_groups_by_lead_agency(db):
    result = run(db, "remind", "--as-of", "2014-07-15", "--format", "json")
    assert result.exit_code == 0, result.output
    groups = json.loads(result.stdout)
    assert [(g["agency"], g["overdue"], g["due-soon"], [t["id"] for t in g["tasks"]]) for g in groups] == [
        ("Sở Nội vụ", 1, 0, ["nd.2"]), ("Sở Y tế", 1, 0, ["st.2"]), ("Sở Tư pháp", 0, 1, ["nd.3"])]
    assert groups[0]["tasks"][0]["days"] == -15
    wider = json.loads(run(db, "remind", "--as-of", "2014-07-15", "--within", "200", "--format", "json").stdout)
    assert [t["id"] for g in wider if g["agency"] == "Sở Tư pháp" for t in g["tasks"]] == ["nd.3", "nd.4"]


def test_remind_md_and_table(db, monkeypatch):
    monkeypatch.delenv("TRACKER_LANG")          # the default language: Vietnamese
    md = run(db, "remind", "--as-of", "2014-07-15", "--format", "md", "--today", "2014-07-15")
    assert md.exit_code == 0
    assert "## Sở Nội vụ (1 quá hạn, 0 sắp đến hạn)" in md.stdout
    assert "- **QUÁ HẠN 15 ngày** — `nd.2` Nhiệm vụ nd.2" in md.stdout
    table = run(db, "remind", "--as-of", "2014-07-15", "--agency", "y te")
    assert table.exit_code == 0 and "st.2" in table.stdout and "nd.2" not in table.stdout
    bad = run(db, "remind", "--within", "-1")
    assert bad.exit_code == 2


def test_commands_have_help(db):
    for command in ("report", "remind"):
        result = run(db, command, "--help")
        assert result.exit_code == 0 and "Example" in result.stdout
