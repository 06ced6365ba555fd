"""Issue 16, the board for a newcomer: note focus and save toast, a footer that fits, plan names on
cards, per-column sort, marks moving many cards as one change set, the archive view, the quarter
picker, readable statistics at 80 columns and `tracker board --on DATE`.

Every test drives the real app (Pilot) over a real TinyDB file and checks the database and the screen.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from click.testing import CliRunner
from test_tui_support import CARDS, PLAN, SIZE, TODAY, _card, make_store, screen_text, settle

from tracker import clock
from tracker.cli import cli
from tracker.editing import archive_cards
from tracker.model import Card, Deadline, Plan, Status
from tracker.store import Store
from tracker.tui.app import TrackerApp
from tracker.tui.dialogs import DetailsScreen, HelpScreen, QuarterPicker
from tracker.tui.labels import labels
from tracker.tui.screen import BoardFooter, BoardScreen, fit_hints
from tracker.tui.stats import StatsScreen
from tracker.tui.compat import notifications

VI, EN = labels("vi"), labels("en")


def cid(number: str, plan: str = PLAN) -> str:
    return f"{plan}.{number}"


def footer_line(app) -> str:
    return screen_text(app).splitlines()[-1]


def status_events(db, card_id: str):
    return [e for e in Store(db).load().events_for(card_id) if e.kind == "status"]


def change_set_count(db) -> int:
    return len(Store(db).load().change_sets)


# -- 1. card details: the note has focus, ctrl+s says what happened -----------------------------

@pytest.mark.parametrize("lang, saved, unchanged", [("vi", "Đã lưu ghi chú", "Không có gì thay đổi"),
                                                     ("en", "Note saved", "Nothing changed")])
async def test_details_note_has_focus_and_ctrl_s_says_saved_or_unchanged(tmp_path, lang, saved, unchanged):
    db = tmp_path / "db.json"
    make_store(db)
    app = TrackerApp(db, today=TODAY, lang=lang)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")                         # card 1
        await settle(pilot, app)
        assert isinstance(app.screen, DetailsScreen)
        assert app.focused is app.screen.query_one("#note")  # typing goes straight into the note
        await pilot.press(*"Đã họp; q và u là chữ")         # q and u are board keys: here they are text
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, BoardScreen)
        assert Store(db).load().cards[cid("1")].note == "Đã họp; q và u là chữ"
        assert any(saved in n.message for n in notifications(app))
        before = change_set_count(db)

        notifications(app).clear()
        await pilot.press("enter")                         # the same card, note untouched
        await settle(pilot, app)
        note = app.screen.query_one("#note")
        assert app.focused is note and note.cursor_location == note.document.end   # after the text
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert change_set_count(db) == before              # nothing written
        messages = [n.message for n in notifications(app)]
        assert any(unchanged in m for m in messages) and not any(saved in m for m in messages)


# -- 2. the footer fits the width; the help dialog scrolls ----------------------------------------

def test_fit_hints_shortens_before_dropping_and_never_drops_help_or_quit():
    hints = [("a", "Agency", "Ag", 50), ("x", "Export", "Ex", 10), ("?", "Help", "?", 1000),
             ("q", "Quit", "Q", 1000)]
    full = sum(len(k) + 1 + len(label) + 1 for k, label, _, _ in hints)
    assert fit_hints(hints, full) == ["Agency", "Export", "Help", "Quit"]
    assert fit_hints(hints, full - 1) == ["Agency", "Ex", "Help", "Quit"]       # least important first
    all_short = sum(len(k) + 1 + len(short) + 1 for k, _, short, _ in hints)
    assert fit_hints(hints, all_short) == ["Ag", "Ex", "?", "Q"]                 # nothing dropped yet
    assert fit_hints(hints, all_short - 1) == ["Ag", None, "?", "Q"]
    assert fit_hints(hints, 3) == [None, None, "?", "Q"]                         # help and quit stay


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_footer_always_shows_help_and_quit_and_shortens_labels_first(tmp_path, size, lang):
    make_store(tmp_path / "db.json")
    t = labels(lang)
    app = TrackerApp(tmp_path / "db.json", today=TODAY, lang=lang)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        line = footer_line(app)
        assert len(line) <= size[0]
        assert f"? {t['k_help_s']}" in line and f"q {t['k_quit_s']}" in line
        footer = app.screen.query_one(BoardFooter)
        drawn = {key.action: key.description for key in footer.query("FooterKey")}
        assert "restore" not in drawn                # R belongs to the archive view only
        shown = {a: h for a, h in app.screen.hints.items() if a != "restore"}
        if len(drawn) < len(shown):                  # something had to go: every label was short first
            assert all(drawn[a] == shown[a][1] for a in drawn)
        assert f"< > {t['k_move_s']}" in line and f"enter {t['k_details_s']}" in line
        if size == (80, 24):
            assert f"a {t['k_agency_s']}" in line and f"a {t['k_agency']} " not in line


async def test_footer_follows_a_resize(tmp_path):
    make_store(tmp_path / "db.json")
    app = TrackerApp(tmp_path / "db.json", today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        narrow = footer_line(app)
        assert "x Xuất" not in narrow
        await pilot.resize_terminal(120, 40)
        await settle(pilot, app)
        await pilot.pause(0.05)
        wide = footer_line(app)
        assert "x Xuất" in wide and "? Giúp" in wide and "q Thoát" in wide


async def test_help_scrolls_to_every_line_at_80x24(tmp_path):
    make_store(tmp_path / "db.json")
    app = TrackerApp(tmp_path / "db.json", today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        rows = app.screen.help_rows()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        first = screen_text(app)
        last_keys, last_what = rows[-1]
        assert last_what[:20] not in first                  # 24 lines cannot hold every key at once
        seen = first
        for key in ["down"] * 3 + ["pagedown"] * 4:
            await pilot.press(key)
            await pilot.pause()
            seen += screen_text(app)
        for keys, what in rows:
            assert keys in seen and what[:20] in seen, (keys, what)
        assert last_what[:20] in screen_text(app)           # the end is on screen now
        await pilot.press("home")
        await pilot.pause()
        assert rows[0][1] in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)


# -- 3. plan names on the cards when several plans are shown -------------------------------------

OTHER, NAMELESS = "ha-nam-12-2014", "thai-binh-2014"


def two_plan_store(db):
    store = make_store(db)
    with store.transaction("import") as tx:
        tx.put_plan(Plan(key=OTHER, number="12/KH-UBND", province="Hà Nam", title="Kế hoạch CCHC tỉnh Hà Nam"))
        tx.put_plan(Plan(key=NAMELESS, number="", province="Thái Bình", title="Kế hoạch [bold]không số[/bold]"))
        tx.put_card(Card(id=cid("1", OTHER), plan=OTHER, number="1", content="Rà soát quy trình nội bộ",
                         lead=["Sở Nội vụ"], lead_text="Sở Nội vụ", time_text="Năm 2014",
                         deadline=Deadline(kind="year", due=date(2014, 12, 31)), source={"file": "hn.txt", "line": 1}))
        tx.put_card(Card(id=cid("7", NAMELESS), plan=NAMELESS, number="7", content="Công khai thủ tục",
                         lead=["Sở Tư pháp"], lead_text="Sở Tư pháp", time_text="Năm 2014",
                         deadline=Deadline(kind="year", due=date(2014, 12, 31)), source={"file": "tb.txt", "line": 1}))
    return store


async def test_cards_name_their_plan_only_when_several_plans_are_shown(tmp_path):
    db = tmp_path / "db.json"
    two_plan_store(db)
    app = TrackerApp(db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        lines = screen_text(app).splitlines()
        column0 = [line[:40] for line in lines]
        assert any(line.startswith("│▌1 55/KH-UBND") for line in column0)    # beside the number
        assert any(line.startswith("│ 1 12/KH-UBND") for line in column0)
        assert any(line.startswith("│ 7 thai-binh-2014") for line in column0)  # no number: the plan key
        await pilot.press("p", "enter")                                    # only the first plan
        await settle(pilot, app)
        assert app.board.filters.plan == PLAN and not app.board.multi_plan
        text = screen_text(app)
        assert "55/KH-UBND" not in text and "12/KH-UBND" not in text
        assert "│▌1 Quý IV/2013" in text                                   # the old face


async def test_one_plan_board_has_no_plan_names(tmp_path):
    make_store(tmp_path / "db.json")
    app = TrackerApp(tmp_path / "db.json", today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert "55/KH-UBND" not in screen_text(app)


# -- 4. S sorts the focused column -----------------------------------------------------------------

SORT_CARDS = CARDS + [
    _card("6", "Triển khai đề án xác định chỉ số cải cách hành chính", ["Sở Xây dựng"], [], "Quý II/2013",
          Deadline(kind="quarter", due=date(2013, 6, 30), quarter=2)),
    _card("7", "Tuyên truyền về cải cách hành chính", ["Ban Quản lý các khu công nghiệp"], [], "Khi có yêu cầu",
          Deadline(kind="unknown")),
]


def numbers(app, column: int = 0) -> list[str]:
    return [row.number for row in app.board.columns[column]]


async def test_sort_cycles_deadline_agency_number_and_says_so(tmp_path):
    db = tmp_path / "db.json"
    make_store(db, SORT_CARDS)
    app = TrackerApp(db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert numbers(app) == ["1", "2", "3", "6", "7"]
        await pilot.press("S")
        assert numbers(app) == ["6", "1", "2", "3", "7"]              # by deadline, none last
        assert app.board.focused().id == cid("1")                      # the cursor stays on its card
        text = screen_text(app)
        assert "Chưa bắt đầu xếp theo hạn" in text.splitlines()[0]   # the filter bar
        assert "Chưa bắt đầu (5) ↓hạn" in text                       # the column's title
        assert text.splitlines()[2].startswith("│ 6 Quý II/2013")      # drawn in that order
        await pilot.press("S")
        assert numbers(app) == ["7", "1", "3", "2", "6"]              # Ban…, Sở Nội vụ, Sở Thông tin, Sở Tư pháp, Sở Xây dựng
        assert "theo cơ quan" in screen_text(app).splitlines()[0]
        await pilot.press("S")
        assert numbers(app) == ["1", "2", "3", "6", "7"]              # back to the plan's numbers
        assert "xếp" not in screen_text(app).splitlines()[0]
        assert numbers(app, 1) == ["4"]                               # other columns untouched


async def test_a_card_moved_into_a_sorted_column_lands_in_order(tmp_path):
    db = tmp_path / "db.json"
    make_store(db, SORT_CARDS)
    app = TrackerApp(db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("S")                                         # column 0 by deadline
        await pilot.press("l", "less_than_sign")                       # card 4 (ongoing: no date) → column 0
        await settle(pilot, app)
        assert numbers(app) == ["6", "1", "2", "3", "4", "7"]
        assert app.board.focused().id == cid("4")
        assert Store(db).load().cards[cid("4")].status == Status.NOT_STARTED


# -- 5. marks: many cards, one move, one undo ---------------------------------------------------------

async def test_marked_cards_move_as_one_change_set_and_one_undo(tmp_path):
    db = tmp_path / "db.json"
    make_store(db)
    app = TrackerApp(db, today=TODAY)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("space", "j", "j", "space")                  # cards 1 and 3
        text = screen_text(app)
        assert "● 1 " in text and "● 3 " in text and "● 2 " not in text
        assert "● đã đánh dấu 2" in text.splitlines()[0]
        await pilot.press("space")                                     # unmark 3, mark it again
        assert list(app.board.marked) == [cid("1")] and "● 3 " not in screen_text(app)
        await pilot.press("space")
        before = change_set_count(db)
        await pilot.press("greater_than_sign")
        await settle(pilot, app)
        snapshot = Store(db).load()
        assert {snapshot.cards[cid(n)].status for n in "13"} == {Status.IN_PROGRESS}
        assert snapshot.cards[cid("2")].status == Status.NOT_STARTED
        assert change_set_count(db) == before + 1
        (one,) = {e.change_set for n in "13" for e in status_events(db, cid(n))}
        assert not app.board.marked and "●" not in screen_text(app)    # marks cleared
        assert "Đang thực hiện (3)" in screen_text(app)
        assert app.board.focus == 1 and app.board.focused().id == cid("3")
        await pilot.press("u")                                         # one undo reverts both
        await settle(pilot, app)
        snapshot = Store(db).load()
        assert {snapshot.cards[cid(n)].status for n in "13"} == {Status.NOT_STARTED}
        assert "Chưa bắt đầu (3)" in screen_text(app)


async def test_escape_clears_marks_after_the_search(tmp_path):
    make_store(tmp_path / "db.json")
    app = TrackerApp(tmp_path / "db.json", today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("space", "l", "space")                        # cards 1 and 4
        await pilot.press("slash", *"thu tuc", "enter")
        await pilot.pause()
        await pilot.press("escape")                                    # first the search …
        await pilot.pause()
        assert app.board.filters.search is None and len(app.board.marked) == 2
        await pilot.press("escape")                                    # … then the marks
        await pilot.pause()
        assert not app.board.marked and "●" not in screen_text(app)


# -- 6. the archive view -----------------------------------------------------------------------------------

async def test_archive_view_shows_archived_cards_and_restores_them(tmp_path):
    db = tmp_path / "db.json"
    make_store(db)
    archive_cards(Store(db), [cid("1"), cid("2"), cid("3")], via="cli")
    app = TrackerApp(db, today=TODAY)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        assert {row.id for row in app.board.rows} == {cid("4"), cid("5")}
        await pilot.press("R")                                         # not the archive view: nothing
        await settle(pilot, app)
        assert all(Store(db).load().cards[cid(n)].archived for n in "123")
        assert "R " not in footer_line(app)

        await pilot.press("A")
        await settle(pilot, app)
        text = screen_text(app)
        assert "THẺ ĐÃ LƯU TRỮ" in text.splitlines()[0]
        assert {row.id for row in app.board.rows} == {cid("1"), cid("2"), cid("3")}
        assert "Chưa bắt đầu (3)" in text and "R K.phục" in footer_line(app)
        await pilot.press("greater_than_sign")                         # archived cards are not moved
        await settle(pilot, app)
        assert Store(db).load().cards[cid("1")].status == Status.NOT_STARTED
        assert any("khôi phục" in n.message for n in notifications(app))

        await pilot.press("R")                                         # the focused card: 1
        await settle(pilot, app)
        assert Store(db).load().cards[cid("1")].archived is False
        assert {row.id for row in app.board.rows} == {cid("2"), cid("3")}
        before = change_set_count(db)
        await pilot.press("space", "j", "space", "R")                  # the marked cards: 2 and 3, one change set
        await settle(pilot, app)
        snapshot = Store(db).load()
        assert not any(snapshot.cards[cid(n)].archived for n in "23")
        assert change_set_count(db) == before + 1 and app.board.total == 0
        assert any("Đã khôi phục 2 thẻ" in n.message for n in notifications(app))
        assert "Chưa bắt đầu (0)" in screen_text(app)                # an empty archive, not "import plans"

        await pilot.press("A")                                         # back to the board
        await settle(pilot, app)
        assert "THẺ ĐÃ LƯU TRỮ" not in screen_text(app)
        assert app.board.total == 5 and "Chưa bắt đầu (3)" in screen_text(app)
        await pilot.press("u")                                         # undo the two-card restore
        await settle(pilot, app)
        assert {row.id for row in app.board.rows} == {cid("1"), cid("4"), cid("5")}


async def test_delete_archives_every_marked_card_in_one_change_set(tmp_path):
    db = tmp_path / "db.json"
    make_store(db)
    app = TrackerApp(db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        before = change_set_count(db)
        await pilot.press("space", "j", "space", "delete")
        await pilot.pause()
        assert "nam-dinh-55-2013.1, nam-dinh-55-2013.2" in screen_text(app)
        await pilot.press("y")
        await settle(pilot, app)
        snapshot = Store(db).load()
        assert snapshot.cards[cid("1")].archived and snapshot.cards[cid("2")].archived
        assert change_set_count(db) == before + 1 and app.board.total == 3 and not app.board.marked


# -- 7. o: overdue, then a quarter from a list -----------------------------------------------------------

QUARTER_CARDS = CARDS + [
    _card("6", "Tổng kết 6 tháng", ["Sở Nội vụ"], [], "Quý II/2014", Deadline(kind="quarter", due=date(2014, 6, 30), quarter=2)),
]


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_o_picks_a_quarter_this_one_first_then_newest(tmp_path, lang):
    make_store(tmp_path / "db.json", QUARTER_CARDS)
    t = labels(lang)
    app = TrackerApp(tmp_path / "db.json", today=TODAY, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("o")
        assert app.board.filters.overdue and [r.id for r in app.board.visible_rows()] == [cid("1")]
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, QuarterPicker)
        keys = [key for key, _ in app.screen.options()]
        assert keys == ["2014Q1", "2014Q2", "2013Q4", ""]              # this quarter, newest first, none
        q1, q4 = ("Quý I/2014", "Quý IV/2013") if lang == "vi" else ("Q1 2014", "Q4 2013")
        text = screen_text(app)
        assert t["quarter_this"].format(quarter=q1) in text and q4 in text and t["quarter_none"] in text
        await pilot.press("down", "down", "enter")                     # Q4 2013
        await pilot.pause()
        f = app.board.filters
        assert (f.quarter, f.due_this_quarter, f.overdue) == ("2013Q4", False, False)
        assert [r.id for r in app.board.visible_rows()] == [cid("1")]
        assert t["quarter_bit"].format(quarter=q4) in screen_text(app).splitlines()[0]
        await pilot.press("o")                                         # a quarter filter → off
        assert app.board.shown == 6 and app.board.filters.quarter is None
        await pilot.press("o", "o", "down", "enter")                   # Q2 2014
        await pilot.pause()
        assert [r.id for r in app.board.visible_rows()] == [cid("6")]
        await pilot.press("o", "o", "o", "end", "enter")               # off, overdue, picker: "no quarter filter"
        await pilot.pause()
        assert app.board.shown == 6 and not app.board.filters.overdue


async def test_quarter_picker_escape_keeps_overdue_and_o_turns_everything_off(tmp_path):
    make_store(tmp_path / "db.json")
    app = TrackerApp(tmp_path / "db.json", today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("o", "o", "escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen) and app.board.filters.overdue
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("o")                                         # o in the picker: the cycle goes on to off
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen) and not app.board.filters.overdue and app.board.shown == 5


# -- 8. statistics at 80 columns -------------------------------------------------------------------------

LONG_AGENCY = "Sở Lao động - Thương binh và Xã hội"


async def test_statistics_show_long_agency_names_whole_at_80_columns(tmp_path):
    cards = CARDS + [_card("6", "Rà soát chính sách người có công", [LONG_AGENCY], [], "Năm 2014",
                           Deadline(kind="year", due=date(2014, 12, 31)))]
    make_store(tmp_path / "db.json", cards)
    app = TrackerApp(tmp_path / "db.json", today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("s")
        await settle(pilot, app)
        assert isinstance(app.screen, StatsScreen)
        groups = [tally.group for tally in app.screen.tallies]
        assert LONG_AGENCY in groups
        seen = screen_text(app)
        for _ in range(6):
            await pilot.press("pagedown")
            await pilot.pause()
            seen += screen_text(app)
        assert f"{LONG_AGENCY} (1)" in seen                            # whole, not "Sở Lao…"
        assert "Tỷ lệ hoàn thành" in seen
        lines = app.screen.query_one("#stats-chart").lines(76)
        assert all(line.cell_len <= 76 for line in lines)
        assert any(line.plain.startswith("Sở Thông tin và Truyền thông (1)") for line in lines)


# -- 9. tracker board --on DATE --------------------------------------------------------------------------

async def test_moves_are_recorded_on_the_board_sessions_day(tmp_path):
    db = tmp_path / "db.json"
    make_store(db)
    day = date(2014, 1, 10)
    app = TrackerApp(db, today=TODAY, on=day)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert "ghi nhận ngày 10/01/2014" in screen_text(app).splitlines()[0]
        await pilot.press("greater_than_sign")                          # one card, one key
        await settle(pilot, app)
        await pilot.press("h", "space", "j", "space", "greater_than_sign")   # cards 2 and 3, marked
        await settle(pilot, app)
        for number in "123":
            (event,) = status_events(db, cid(number))[-1:]
            assert event.on == "2014-01-10" and event.via == "tui", number
        assert status_events(db, cid("1"))[0].change_set != status_events(db, cid("2"))[0].change_set
        assert status_events(db, cid("2"))[0].change_set == status_events(db, cid("3"))[0].change_set


@pytest.fixture
def board_calls(monkeypatch):
    calls = []
    monkeypatch.setattr("tracker.tui.app.run_board", lambda *args, **kwargs: calls.append(kwargs) or 0)
    return calls


def test_board_on_passes_the_day_to_the_board(tmp_path, board_calls):
    db = tmp_path / "db.json"
    make_store(db)
    result = CliRunner().invoke(cli, ["--db", str(db), "board", "--on", "2014-01-10"])
    assert result.exit_code == 0, result.output
    assert board_calls and board_calls[0]["on"] == date(2014, 1, 10)


@pytest.mark.parametrize("args", [["--on", "+1d"], ["--today", "2014-01-15", "--on", "2014-01-16"]])
def test_board_on_a_day_after_today_is_refused_before_the_board_opens(tmp_path, board_calls, args):
    db = tmp_path / "db.json"
    make_store(db)
    result = CliRunner().invoke(cli, ["--db", str(db), "board", *args])
    assert result.exit_code == 2
    assert not board_calls                                              # the board never opened
    day = (clock.today() + timedelta(days=1)) if args[1] == "+1d" else date(2014, 1, 16)
    assert f"--on {day.isoformat()} is after today" in result.output


def test_board_quarter_filter_agrees_with_the_shared_filters(tmp_path):
    """The board's own fast filter and tracker.filters mean the same by Filters.quarter."""
    from tracker.filters import Filters, apply_filters
    from tracker.tui.board import Board

    make_store(tmp_path / "db.json", QUARTER_CARDS)
    snapshot = Store(tmp_path / "db.json").load()
    for quarter in ("2013Q4", "2014Q1", "2014Q2", "2015Q1"):
        filters = Filters(quarter=quarter)
        board = Board.from_snapshot(snapshot, TODAY, filters)
        expected = [card.id for card in apply_filters(snapshot.active_cards(), filters, TODAY)]
        assert sorted(row.id for row in board.visible_rows()) == sorted(expected), quarter
    assert Board.from_snapshot(snapshot, TODAY).quarter_counts() == {"2013Q4": 1, "2014Q1": 1, "2014Q2": 1}
