"""SVG snapshots of the key board screens (8 at most; textual is pinned exactly in pyproject)."""

from __future__ import annotations

import pytest
from test_tui_support import TODAY, make_store, settle

from tracker.tui.app import TrackerApp

pytest.importorskip("pytest_textual_snapshot", reason="pytest-textual-snapshot is in the test extra")
SIZE = (120, 36)


def _app(tmp_path, lang="vi"):
    make_store(tmp_path / "db.json")
    return TrackerApp(tmp_path / "db.json", today=TODAY, lang=lang)


def _settled(*keys: str):
    async def run_before(pilot) -> None:
        await settle(pilot, pilot.app)
        if keys:
            await pilot.press(*keys)
        await settle(pilot, pilot.app)
    return run_before


def test_board(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path), terminal_size=SIZE, run_before=_settled())


def test_board_narrow_80x24(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path), terminal_size=(80, 24), run_before=_settled())


def test_statistics(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path), terminal_size=SIZE, run_before=_settled("s"))


def test_edit_form(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path), terminal_size=SIZE, run_before=_settled("j", "e"))


def test_agency_picker(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path), terminal_size=SIZE, run_before=_settled("a", *"noi vu"))


def test_filtered_by_agency_and_overdue(snap_compare, tmp_path):
    keys = ("a", *"so noi vu", "enter", "o")
    assert snap_compare(_app(tmp_path), terminal_size=SIZE, run_before=_settled(*keys))


def test_details(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path), terminal_size=SIZE, run_before=_settled("j", "enter"))


def test_help(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path), terminal_size=SIZE, run_before=_settled("question_mark"))
