"""The board model without Textual: filters agree with tracker.filters, cursors survive filtering and moves."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_tui_support import CARDS, PLAN, TODAY, make_store

from tracker.cli import cli
from tracker.filters import Filters, apply_filters
from tracker.model import Status
from tracker.store import Store
from tracker.tui.board import Board
from tracker.tui.column import due_label, fit, wrap_content


def board_of(path) -> Board:
    return Board.from_snapshot(Store(path).load(), TODAY)


@pytest.fixture(scope="module")
def real_board(tmp_path_factory):
    db = tmp_path_factory.mktemp("real") / "db.json"
    plans = Path(__file__).resolve().parent.parent / "plans"
    result = CliRunner().invoke(cli, ["--db", str(db), "import", str(plans)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return Store(db)


@pytest.mark.parametrize("filters", [
    Filters(agency="so noi vu"), Filters(agency="Sở Nội vụ", lead_only=True), Filters(agency="UBND"),
    Filters(search="cai cach hanh chinh"), Filters(search="thủ tục"), Filters(overdue=True),
    Filters(due_this_quarter=True), Filters(plan="nam-dinh"), Filters(agency="so tai chinh", overdue=True),
])
def test_board_filters_match_the_shared_filters_on_the_real_plans(real_board, filters):
    snapshot = real_board.load()
    today = date(2014, 1, 15)
    board = Board.from_snapshot(snapshot, today, filters)
    expected = [card.id for card in apply_filters(snapshot.active_cards(), filters, today)]
    assert sorted(row.id for row in board.visible_rows()) == sorted(expected)
    assert board.total == len(snapshot.active_cards())


def test_columns_follow_status_and_keep_import_order(tmp_path):
    make_store(tmp_path / "db.json")
    board = board_of(tmp_path / "db.json")
    assert [[row.number for row in column] for column in board.columns] == [["1", "2", "3"], ["4"], ["5"]]
    assert board.shown == board.total == len(CARDS)


def test_filter_keeps_the_focused_card_when_it_still_matches(tmp_path):
    make_store(tmp_path / "db.json")
    board = board_of(tmp_path / "db.json")
    board.set_cursor(0, 1)                                  # card 2 (Sở Nội vụ as support)
    board.set_filters(agency="so noi vu")
    assert board.focused().id == f"{PLAN}.2"
    board.set_filters(agency="so noi vu", lead_only=True)   # card 2 no longer matches
    assert board.focused().id == f"{PLAN}.1"
    board.set_filters(agency=None, lead_only=False)
    assert board.focused().id == f"{PLAN}.1"


def test_move_focused_follows_the_card_and_clamps_at_the_edges(tmp_path):
    make_store(tmp_path / "db.json")
    board = board_of(tmp_path / "db.json")
    assert board.move_focused(-1) is None
    row, old, new = board.move_focused(1)
    assert (row.id, old, new) == (f"{PLAN}.1", Status.NOT_STARTED, Status.IN_PROGRESS)
    assert board.focus == 1 and board.focused() is row
    assert [r.number for r in board.columns[1]] == ["1", "4"]   # import order inside the column
    board.move_focused(1)
    assert board.move_focused(1) is None and row.status == Status.DONE


def test_due_filter_cycle(tmp_path):
    make_store(tmp_path / "db.json")
    board = board_of(tmp_path / "db.json")
    assert board.cycle_due_filter() == "overdue" and [r.number for r in board.visible_rows()] == ["1"]
    assert board.cycle_due_filter() == "quarter" and [r.number for r in board.visible_rows()] == ["2"]
    assert board.cycle_due_filter() == "off" and board.shown == 5


def test_card_text_helpers():
    assert fit("Sở Văn hóa, Thể thao và Du lịch", 12) == "Sở Văn hóa,…"
    lines = wrap_content("một hai ba bốn năm sáu bảy tám chín mười " * 5, 12)
    assert len(lines) == 3 and lines[-1].endswith("…") and all(len(line) <= 12 for line in lines)
    assert wrap_content("ngắn", 20) == ["ngắn", "", ""]


def test_due_labels_mark_overdue_recurring_ongoing_conditional(tmp_path):
    make_store(tmp_path / "db.json")
    rows = board_of(tmp_path / "db.json").by_id
    labels = {number: due_label(rows[f"{PLAN}.{number}"], TODAY) for number in "12345"}
    assert labels == {"1": "! 31/12/2013", "2": "20/01/2014", "3": "↻ 31/12/2014", "4": "∞", "5": "?"}
    assert rows[f"{PLAN}.2"].urgency(TODAY) == "soon" and rows[f"{PLAN}.3"].urgency(TODAY) == ""


def test_typing_more_letters_narrows_the_same_way_as_a_fresh_search(tmp_path):
    make_store(tmp_path / "db.json")
    board = board_of(tmp_path / "db.json")
    for typed in ("h", "ha", "hanh", "hanh c", "hanh chinh", "hanh chinh t"):
        board.set_filters(search=typed)
        fresh = Board.from_snapshot(Store(tmp_path / "db.json").load(), TODAY, Filters(search=typed))
        assert [r.id for r in board.visible_rows()] == [r.id for r in fresh.visible_rows()], typed
    board.set_filters(search="thu tuc")                    # not an extension: searched afresh
    assert [r.number for r in board.visible_rows()] == ["2"]


def test_rows_and_cards_are_one_filterable_shape_read_by_one_matcher(real_board):
    """The board's rows carry every field tracker.filters reads, and the same Matcher decides for both."""
    from tracker.filters import Filterable, FilterKeys
    from tracker.tui.row import Row
    names = [name for name in vars(Filterable) if not name.startswith("_")]
    snapshot = real_board.load()
    today = date(2014, 1, 15)
    cards = snapshot.active_cards()[:300]
    rows = [Row(snapshot.find_doc(card.id), i, today) for i, card in enumerate(cards)]
    for card, row in zip(cards, rows):
        assert {name: getattr(row, name) for name in names} == {name: getattr(card, name) for name in names}
        row.filter_keys = FilterKeys(row, today)
    for filters in (Filters(agency="so noi vu", search="ke hoach"), Filters(overdue=True, plan="nam"),
                    Filters(quarter="2014Q2", lead_only=True, agency="UBND"), Filters(due_before=today)):
        matcher = filters.compile(today)
        assert [row.id for row in matcher.select(rows)] == [card.id for card in cards if matcher(card)]


def test_filters_after_moves_match_a_fresh_board_with_the_same_statuses(real_board):
    """Moves keep the status groups and their key columns in step instead of regrouping: every
    filter then shows what a board loaded with those statuses shows, in the same order."""
    import random
    from dataclasses import replace

    snapshot = real_board.load()
    today = date(2014, 1, 15)
    board = Board.from_snapshot(snapshot, today)
    board.ensure_keys()
    stale = board.search_columns()              # as the board's worker makes them, letters and all
    board.move_focused(1)                       # ...but a card moved before they were taken
    board.adopt_search_columns(stale)
    assert board._group_keys == [None, None, None]
    board.move_focused(-1)
    board.adopt_search_columns(board.search_columns())
    assert all(keys is not None and keys.letters for keys in board._group_keys)
    rng = random.Random(5)
    for step in range(60):
        column = rng.randrange(3)
        if not board.columns[column]:
            continue
        board.focus = column
        board.set_cursor(column, rng.randrange(len(board.columns[column])))
        if step % 10 == 9:                      # a few cards moved together
            for row in rng.sample(board.rows, 5):
                board.marked[row.id] = None
            board.move_marked(rng.choice((-1, 1)))
            board.marked.clear()
        else:
            board.move_focused(rng.choice((-1, 1)))
    statuses = {row.id: row.status for row in board.rows}
    cards = [replace(card, status=statuses[card.id]) for card in snapshot.active_cards()]
    assert {status for status in statuses.values()} == set(Status)
    assert all(keys is not None and keys.letters for keys in board._group_keys)   # kept through the moves
    for filters in (Filters(overdue=True), Filters(search="thu tuc"), Filters(search="n"), Filters(search="2"),
                    Filters(search="cai cach", overdue=True),
                    Filters(agency="so noi vu", overdue=True), Filters(due_this_quarter=True), Filters()):
        board.set_filters(**{name: getattr(filters, name) for name in ("overdue", "search", "agency",
                                                                        "due_this_quarter")})
        expected = apply_filters(cards, filters, today)
        for status, column in zip((Status.NOT_STARTED, Status.IN_PROGRESS, Status.DONE), board.columns):
            assert [row.id for row in column] == [card.id for card in expected if card.status is status], filters
